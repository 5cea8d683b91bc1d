import { AppError } from "../../shared/app-error.ts";
import { parseAmountToCents } from "../../domain/br/money.ts";
import type { AppDeps } from "../deps.ts";
import { recordPromise, type PromiseView } from "../negotiation/promises.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import type { SelfServiceSession } from "./sessions.ts";

/**
 * "Vou pagar até…": the debtor promises to pay an amount by a date, through the
 * negotiation area's `recordPromise` (channel `self_service`; it pauses the ladder until
 * the date and plans the reminder), plus one `selfservice.promised` event.
 * `amount` is as people type it ("1.234,56").
 */
export async function promiseFromPage(deps: AppDeps, session: SelfServiceSession, input: { date: string | undefined; amount: string | undefined }): Promise<PromiseView> {
  const parsed = parseAmountToCents((input.amount ?? "").trim());
  if (!parsed.ok || parsed.cents <= 0) throw new AppError("validation", "Informe o valor que vai pagar, por exemplo 150,00.", [{ field: "valor", reason: "valor inválido" }]);
  const date = (input.date ?? "").trim();
  const promise = await recordPromise(deps, session.actor, session.creditorId, { id: String(session.debtorId) }, { amountCents: parsed.cents, date, channel: "self_service" });
  await recordSelfServiceEvent(deps.database.db, {
    creditorId: session.creditorId, debtorId: session.debtorId, kind: SELF_SERVICE_EVENTS.promised, at: deps.clock.now(),
    data: { promiseId: promise.id, amountCents: promise.amountCents, promisedDate: promise.promisedDate, linkId: session.linkId },
  });
  return promise;
}
