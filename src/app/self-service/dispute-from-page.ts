import { AppError } from "../../shared/app-error.ts";
import type { AppDeps } from "../deps.ts";
import { disputeDebt } from "../holds/dispute.ts";
import type { DebtHoldResult } from "../holds/pause.ts";
import { findOwnDebt } from "./own-debt.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import type { SelfServiceSession } from "./sessions.ts";

/**
 * "Esta dívida não é minha": the debtor contests one open debt of theirs through the holds
 * area's `disputeDebt` (the debt is held, its pending actions cancelled, until someone
 * resolves it), with the debtor's own words as the reason.
 */
export async function disputeFromPage(deps: AppDeps, session: SelfServiceSession, input: { debtId: string | undefined; reason: string | undefined }): Promise<DebtHoldResult> {
  const debt = await findOwnDebt(deps, session, input.debtId);
  // The debtor made the agreement on this page: contesting one of its payments is a conversation with the creditor.
  if (debt.agreementId !== null) throw new AppError("invalid_input", "Os pagamentos de um acordo não podem ser contestados por aqui: fale com o credor.");
  const words = (input.reason ?? "").trim().replace(/\s+/g, " ");
  if (words.length > 400) throw new AppError("validation", "Escreva no máximo 400 caracteres.", [{ field: "motivo", reason: "no máximo 400 caracteres" }]);
  const reason = `Contestado pelo devedor na página de autoatendimento${words ? `: ${words}` : "."}`;
  const result = await disputeDebt(deps, session.actor, session.creditorId, { id: String(debt.id) }, { reason });
  if (result.changed) {
    await recordSelfServiceEvent(deps.database.db, { creditorId: session.creditorId, debtorId: session.debtorId, debtId: debt.id, kind: SELF_SERVICE_EVENTS.disputed, at: deps.clock.now(), data: { externalId: debt.externalId, linkId: session.linkId } });
  }
  return result;
}
