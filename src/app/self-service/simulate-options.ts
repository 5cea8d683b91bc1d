import type { AppDeps } from "../deps.ts";
import { loadSelfServicePage, type SelfServicePage } from "./load-page.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import type { SelfServiceSession } from "./sessions.ts";

/**
 * The debtor asks for the options, optionally declaring a monthly income (Lei 14.181/2021:
 * no payment of a plan beyond the policy's share of it). The page with those options, and
 * one `selfservice.simulated` event. The income itself is not put on the timeline (the
 * agreement records it if the debtor accepts).
 */
export async function simulateSelfServiceOptions(deps: AppDeps, session: SelfServiceSession, input: { incomeCents: number | null }): Promise<SelfServicePage> {
  const page = await loadSelfServicePage(deps, session, { incomeCents: input.incomeCents });
  await recordSelfServiceEvent(deps.database.db, {
    creditorId: session.creditorId, debtorId: session.debtorId, kind: SELF_SERVICE_EVENTS.simulated, at: deps.clock.now(),
    data: { withIncome: input.incomeCents !== null, options: page.negotiation.options.map((o) => o.instalments), debtCents: page.negotiation.debtCents, linkId: session.linkId },
  });
  return page;
}
