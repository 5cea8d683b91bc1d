import { optOut, type OptOutResult } from "../holds/opt-out.ts";
import type { AppDeps } from "../deps.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import type { SelfServiceSession } from "./sessions.ts";

/**
 * The debtor stops one channel from the page: the holds area's `optOut` (honoured at once,
 * the channel's pending actions cancelled), with source `self_service`; and one
 * `selfservice.opted_out` event when something changed.
 */
export async function optOutFromPage(deps: AppDeps, session: SelfServiceSession, channel: string): Promise<OptOutResult> {
  const result = await optOut(deps, session.actor, session.creditorId, { id: String(session.debtorId) }, { channel, source: "self_service", reason: "pedido do devedor na página de autoatendimento" });
  if (result.changed) {
    await recordSelfServiceEvent(deps.database.db, { creditorId: session.creditorId, debtorId: session.debtorId, kind: SELF_SERVICE_EVENTS.optedOut, at: deps.clock.now(), data: { channel, linkId: session.linkId } });
  }
  return result;
}
