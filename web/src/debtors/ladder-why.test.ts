import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Explanation, LadderAction } from "../api/types.ts";
import { formatDate } from "../i18n/format.ts";
import { translate } from "../i18n/locale.ts";
import type { MessageKey } from "../i18n/messages.ts";
import { orderActions, whyOfAction } from "./ladder-why.ts";

const pt = (key: MessageKey, params?: Record<string, string | number>) => translate("pt-BR", key, params);
const en = (key: MessageKey, params?: Record<string, string | number>) => translate("en", key, params);

const action = (over: Partial<LadderAction>): LadderAction => ({
  id: "7", debtorId: "1", debtorDocument: "52998224725", debtExternalIds: ["T-1"], ladderId: "varejo", stepId: "amigavel-email", stage: "friendly", channel: "email",
  localDay: "2025-06-02", status: "planned", sendAt: "2025-06-02T13:00:00.000Z", approvedBy: null, approvedAt: null, cancelReason: null, ...over,
});

const explanation: Explanation = {
  at: "2025-06-02T13:00:00.000Z",
  debtor: { id: "1", document: "52998224725", name: "Ana", uf: "SP", timeZone: "America/Sao_Paulo", localDay: "2025-06-02", paused: false },
  debts: [{
    externalId: "T-1", dueDate: "2025-05-10", openCents: 15000, status: "open", ladder: { id: "varejo", name: "Varejo padrão", version: 1, via: "default" }, note: null,
    steps: [
      { stepId: "lembrete-email", offsetDays: -3, day: "2025-05-07", channel: "email", stage: "friendly", template: null, outcome: "superseded", rule: "Substituída…" },
      { stepId: "amigavel-email", offsetDays: 5, day: "2025-05-15", channel: "email", stage: "friendly", template: null, outcome: "performed", actionId: 7, actionStatus: "planned", rule: "Realizada…" },
    ],
  }],
  planned: [],
  skipped: [],
};

describe("whyOfAction", () => {
  it("names the step, the ladder and its day, then what happens next", () => {
    assert.equal(
      whyOfAction(action({}), explanation, pt, formatDate),
      "Etapa “amigavel-email” da régua “Varejo padrão”: 5 dias após o vencimento (15/05/2025). É a etapa mais recente já alcançada e ainda não feita; sai no primeiro horário permitido da janela de contato.",
    );
    assert.equal(
      whyOfAction(action({ status: "cancelled", cancelReason: "pagamento quitou o título" }), explanation, pt, formatDate),
      "Etapa “amigavel-email” da régua “Varejo padrão”: 5 dias após o vencimento (15/05/2025). Cancelada antes do envio: pagamento quitou o título.",
    );
    assert.equal(
      whyOfAction(action({ status: "cancelled", cancelReason: "debtor_paused" }), explanation, en, (d) => formatDate(d, "en")),
      "Step “amigavel-email” of ladder “Varejo padrão”: 5 days after the due date (May 15, 2025). Cancelled before it was sent: collection paused for the debtor.",
    );
  });
  it("finds a grouped message's step by the debt, and says little when the explanation lacks it", () => {
    assert.match(whyOfAction(action({ id: "99" }), explanation, pt, formatDate), /^Etapa “amigavel-email” da régua “Varejo padrão”: 5 dias após/);
    assert.equal(whyOfAction(action({ id: "99", stepId: "outra", status: "sent" }), explanation, pt, formatDate), "Etapa “outra” da régua “varejo”.");
    assert.equal(whyOfAction(action({ status: "awaiting_approval" }), undefined, pt, formatDate), "Etapa “amigavel-email” da régua “varejo”. Medida formal: aguarda a aprovação do gestor antes de qualquer envio.");
  });
});

describe("orderActions", () => {
  it("puts what is pending first (soonest first), then the rest newest first", () => {
    const list = [
      action({ id: "1", status: "sent", sendAt: "2025-05-01T12:00:00Z" }),
      action({ id: "5", status: "planned", sendAt: "2025-06-03T12:00:00Z" }),
      action({ id: "3", status: "cancelled", sendAt: "2025-05-20T12:00:00Z" }),
      action({ id: "4", status: "awaiting_approval", sendAt: "2025-06-02T12:00:00Z" }),
    ];
    assert.deepEqual(orderActions(list).map((a) => a.id), ["4", "5", "3", "1"]);
  });
});
