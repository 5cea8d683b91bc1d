import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TimelineEvent } from "../api/types.ts";
import { formatCents, formatDate } from "../i18n/format.ts";
import { translate } from "../i18n/locale.ts";
import type { MessageKey } from "../i18n/messages.ts";
import { describeEvent } from "./timeline-text.ts";

const pt = { t: (key: MessageKey, params?: Record<string, string | number>) => translate("pt-BR", key, params), money: (c: number) => formatCents(c), date: (d: string) => formatDate(d) };
const en = { t: (key: MessageKey, params?: Record<string, string | number>) => translate("en", key, params), money: (c: number) => formatCents(c, "en"), date: (d: string) => formatDate(d, "en") };
const event = (kind: string, data: Record<string, unknown>): TimelineEvent => ({ id: "1", kind, at: "2026-11-23T12:00:00.000Z", actor: "system:cli", data });
const NBSP = "\u00a0";

describe("describeEvent", () => {
  it("says each kind in plain Portuguese, with its details", () => {
    const cases: [TimelineEvent, string, string[]][] = [
      [event("debt.imported", { debtorCreated: true, created: ["T-1", "T-2"], updated: [] }), "Título importado", ["Devedor cadastrado nesta importação.", "Títulos novos (2): T-1, T-2"]],
      [event("debt.imported", { debtorCreated: false, created: [], updated: ["A", "B", "C", "D", "E", "F", "G"] }), "Título importado", ["Títulos atualizados (7): A, B, C, D, E e mais 2"]],
      [event("debtor.updated", { changes: { city: ["Santos", "Niterói"], tags: ["[]", '["vip"]'], segment: [null, "varejo"] } }), "Dados do devedor atualizados", ["cidade: Santos → Niterói", "etiquetas: — → vip", "segmento: — → varejo"]],
      [event("debtor.updated", { changes: { representativeEmail: ["marta@credor.com.br", null] } }), "Dados do devedor atualizados", ["representante da conta: marta@credor.com.br → —"]],
      [event("debtor.updated", { changes: { representativeEmail: [null, "marta@credor.com.br"], riskBand: ["A", "C+"] } }), "Dados do devedor atualizados", ["representante da conta: — → marta@credor.com.br", "faixa de risco: A → C+"]],
      [event("debt.amount_changed", { externalId: "T-9", beforeCents: 10000, afterCents: 12550, openBeforeCents: 10000, openAfterCents: 12550 }), "Valor do título alterado", [`Título T-9: de R$${NBSP}100,00 para R$${NBSP}125,50`, `Saldo em aberto agora: R$${NBSP}125,50`]],
      [event("contact.added", { kind: "phone", value: "+5511987654321" }), "Contato adicionado", ["Telefone: +55 11 98765-4321"]],
      [event("contact.invalidated", { kind: "email", value: "a@b.com.br", reason: "não é do devedor" }), "Contato invalidado", ["E-mail: a@b.com.br", "Motivo: não é do devedor"]],
      [event("contact.opted_out", { channel: "sms", reason: "respondeu SAIR" }), "Pediu para não ser contatado", ["Canal: SMS", "Motivo: respondeu SAIR"]],
      [event("debt.disputed", { externalId: "T-3", reason: "não reconhece a compra" }), "Título contestado", ["Título T-3", "Motivo: não reconhece a compra"]],
      [event("debtor.paused", { reason: "acordo em andamento", until: "2026-12-31" }), "Cobrança do devedor pausada", ["Motivo: acordo em andamento", "Até 31/12/2026"]],
      [event("payment.applied", { amountCents: 15230, interestCents: 130, fineCents: 100, correctionCents: 0, paidDate: "2026-11-20", settled: true }), "Pagamento recebido", [`R$${NBSP}152,30 pagos em 20/11/2026`, `dos quais R$${NBSP}2,30 de encargos`, "Título quitado."]],
      [event("payment.applied", { amountCents: 5000, paidDate: "2026-11-20", settled: false, openCents: 2500 }), "Pagamento recebido", [`R$${NBSP}50,00 pagos em 20/11/2026`, `Saldo em aberto agora: R$${NBSP}25,00`]],
      [event("pix.charge_issued", { amountCents: 9990, externalIds: ["T-1"], dueDate: null }), "Cobrança PIX emitida", [`Valor: R$${NBSP}99,90`, "Títulos: T-1"]],
      [event("ladder.assigned", { ladderId: null }), "Régua definida", ["Régua pelas regras de atribuição"]],
      [event("algo.novo", { externalId: "T-5", reason: "x y z" }), "algo.novo", ["Título T-5", "Motivo: x y z"]],
      [event("contact.added", {}), "Contato adicionado", []],
      [event("contact.added", { value: "Rua A, 1" }), "Contato adicionado", ["Rua A, 1"]],
    ];
    for (const [input, title, details] of cases) assert.deepEqual(describeEvent(input, pt), { title, details }, input.kind);
  });
  it("says the kinds of payments, boletos, messages, agreements, promises and self-service", () => {
    const cases: [TimelineEvent, string, string[]][] = [
      [event("boleto.issued", { externalId: "T-1", amountCents: 15410, dueDate: "2025-06-09", ourNumber: "300", replaced: ["4"] }), "Boleto emitido", ["Título T-1", `R$${NBSP}154,10, vence em 09/06/2025`, "Nosso número: 300", "Substitui o boleto anterior do título."]],
      [event("message.sent", { channel: "email", stepId: "amigavel-email", to: "ana@x.com.br" }), "Mensagem enviada", ["E-mail, etapa “amigavel-email”", "Para: ana@x.com.br"]],
      [event("message.cancelled", { channel: "sms", stepId: "firme-sms", reason: "opted_out" }), "Mensagem cancelada antes do envio", ["SMS, etapa “firme-sms”", "Motivo: o devedor se descadastrou do canal"]],
      [event("message.failed", { channel: "email", stepId: "x", error: "550 caixa inexistente" }), "Envio de mensagem falhou", ["E-mail, etapa “x”", "Erro: 550 caixa inexistente"]],
      [event("agreement.created", { instalments: 3, totalCents: 120000, discountCents: 5000, firstDueDate: "2025-06-09", debts: ["T-1", "T-2"] }), "Acordo fechado", [`3 pagamento(s), total R$${NBSP}1.200,00`, `Desconto: R$${NBSP}50,00`, "1º vencimento em 09/06/2025", "Títulos: T-1, T-2"]],
      [event("agreement.instalment_paid", { number: 1, amountCents: 40000, paidDate: "2025-06-05" }), "Parcela do acordo paga", [`Parcela 1: R$${NBSP}400,00 paga em 05/06/2025`]],
      [event("agreement.broken", { instalment: 2, dueDate: "2025-07-09", daysLate: 11, paidCents: 40000 }), "Acordo rompido", ["Parcela 2 vencida em 09/07/2025 sem pagamento (11 dias)", `Pago no acordo: R$${NBSP}400,00`]],
      [event("debt.agreement_broken", { externalId: "T-1", openCents: 8000, settled: false }), "Título voltou à cobrança (acordo rompido)", ["Título T-1", `Saldo em aberto agora: R$${NBSP}80,00`]],
      [event("promise.created", { amountCents: 5000, promisedDate: "2025-06-10", channel: "phone", pauseApplied: true }), "Promessa de pagamento", [`R$${NBSP}50,00 até 10/06/2025`, "Canal: telefone", "A régua fica pausada até a data."]],
      [event("promise.broken", { amountCents: 5000, promisedDate: "2025-06-10", paidCents: 1000 }), "Promessa não cumprida", [`R$${NBSP}50,00 até 10/06/2025`, `Pago: R$${NBSP}10,00`]],
      [event("selfservice.verify_failed", { remaining: 4 }), "Errou a confirmação de identidade", ["Tentativas restantes: 4"]],
      [event("selfservice.simulated", { options: [1, 2, 3], withIncome: true }), "Simulou opções de acordo", ["Opções vistas (pagamentos): 1, 2, 3", "Com renda declarada."]],
      [event("selfservice.payment_issued", { externalId: "ACORDO-1-1" }), "Pediu PIX e boleto pelo autoatendimento", ["Título ACORDO-1-1"]],
    ];
    for (const [input, title, details] of cases) assert.deepEqual(describeEvent(input, pt), { title, details }, input.kind);
  });
  it("and in English", () => {
    assert.deepEqual(describeEvent(event("debt.imported", { debtorCreated: true, created: ["T-1"], updated: [] }), en), { title: "Debt imported", details: ["Debtor created by this import.", "New debts (1): T-1"] });
  });
});
