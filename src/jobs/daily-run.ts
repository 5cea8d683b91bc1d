import { localDateOf } from "../domain/br/dates.ts";
import type { Actor } from "../app/access.ts";
import type { AppDeps } from "../app/deps.ts";
import { runLadder, type RunSummary } from "../app/ladder/run-ladder.ts";
import { checkAgreements } from "../app/negotiation/check-agreements.ts";
import { checkPromises } from "../app/negotiation/promises.ts";

/** Who the scheduled runs act as, on timelines and in the audit log. */
export const SCHEDULER_ACTOR: Actor = { kind: "system", id: "scheduler", role: "admin", creditorIds: "all", label: "system:scheduler" };

export type DailyRunReport = { creditorId: string; summary: RunSummary | null; error: string | null };

/**
 * The daily run of every creditor, one after the other, persisted. First the agreements
 * and promises are reviewed (a broken agreement gives its debts back to the ladder, a kept
 * promise lifts its pause), then the ladder runs for the creditors that have one. A
 * creditor's failure is reported and does not stop the others; everything here is
 * idempotent, so running it again the same day (a restart, a second worker) writes nothing twice.
 */
export async function runAllCreditors(deps: AppDeps, at: string, actor: Actor = SCHEDULER_ACTOR): Promise<DailyRunReport[]> {
  // The scheduler's day is Brasília's.
  const day = localDateOf(new Date(at), "America/Sao_Paulo");
  const withLadder = new Set((await deps.database.db.selectFrom("ladders").select("creditor_id").distinct().execute()).map((r) => r.creditor_id));
  const creditors = await deps.database.db.selectFrom("creditors").select("id").orderBy("id").execute();
  const out: DailyRunReport[] = [];
  for (const { id: creditorId } of creditors) {
    try {
      await checkAgreements(deps, creditorId, day);
      await checkPromises(deps, creditorId, day);
      if (!withLadder.has(creditorId)) continue;
      const { summary } = await runLadder(deps, actor, creditorId, { at, collect: false });
      out.push({ creditorId, summary, error: null });
    } catch (error) {
      out.push({ creditorId, summary: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

