import { addDays, diffDays } from "../../domain/br/dates.ts";
import { checkExitPoint, type BucketKey, type CostKey } from "../../domain/exit-point/exit-point.ts";
import { decideActions, resolveLadder, type DecideContext } from "../../domain/ladder/decide-actions.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { loadContactPolicy } from "../holds/contact-policy.ts";
import { debtorFactsOf } from "../ladder/debtor-facts.ts";
import { loadCurrentLadders } from "../ladder/ladders.ts";
import { openRunStore } from "../ladder/open-run-store.ts";
import { parseAt } from "../ladder/run-ladder.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { loadExitPointPolicy } from "./exit-point-config.ts";

/** A debt whose ladder step of the day costs more than it can recover: a candidate for write-off or sale. */
export type ExitPointDebt = {
  debtorId: string;
  debtorDocument: string;
  debtorName: string;
  debtId: string;
  externalId: string;
  dueDate: string;
  daysLate: number;
  bucket: BucketKey;
  openCents: number;
  rateBp: number;
  expectedRecoveryCents: number;
  stepId: string;
  channel: string;
  costKey: CostKey;
  costCents: number;
};

export type ExitPointList = {
  at: string;
  /** False when the creditor turned the exit point off (the list is then empty). */
  enabled: boolean;
  totals: { debts: number; debtors: number; openCents: number; expectedRecoveryCents: number };
  items: ExitPointDebt[];
  /** More debts than `limit`: the totals count them all. */
  truncated: boolean;
};

export const EXIT_POINT_LIST_LIMIT = { default: 500, max: 5000 };

/**
 * The debts below the exit point at `at`: those whose current ladder step the run skips
 * with `below_exit_point` (by the run's own decision, read-only, in the run's batches),
 * in debtor order, with the figures that decided it.
 */
export async function listExitPointDebts(deps: AppDeps, actor: Actor, creditorId: string, input: { at?: string; limit?: number } = {}): Promise<ExitPointList> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const limit = input.limit ?? EXIT_POINT_LIST_LIMIT.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > EXIT_POINT_LIST_LIMIT.max) {
    throw new AppError("validation", `limit: use um inteiro de 1 a ${EXIT_POINT_LIST_LIMIT.max}`, [{ field: "limit", reason: `de 1 a ${EXIT_POINT_LIST_LIMIT.max}` }]);
  }
  const { db } = deps.database;
  const at = parseAt(input.at, deps.clock.now());
  const out: ExitPointList = { at, enabled: true, totals: { debts: 0, debtors: 0, openCents: 0, expectedRecoveryCents: 0 }, items: [], truncated: false };
  const exitPoint = await loadExitPointPolicy(deps.database, scope.creditorId, at, deps.clock.now());
  if (!exitPoint) return { ...out, enabled: false };
  const ladders = await loadCurrentLadders(db, scope.creditorId);
  if (ladders.length === 0) return out;
  const creditor = await db.selectFrom("creditors").select(["state"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const policy = await loadContactPolicy(db, scope.creditorId);
  const ctx: DecideContext = { at, ladders, windows: policy.windows, caps: policy.caps, sendAtCache: new Map(), exitPoint };
  // As the run: debts due after this day cannot have reached any step.
  const earliestOffset = Math.min(0, ...ladders.flatMap((l) => l.ladder.steps.map((s) => s.offsetDays)));
  const dueUntil = addDays(at.slice(0, 10), 1 - earliestOffset);

  const store = await openRunStore(deps.database, scope.creditorId);
  try {
    let after = 0;
    for (;;) {
      const raw = await store.loadBatch(after, 1000, dueUntil);
      if (raw.debtors.length === 0) break;
      after = raw.debtors[raw.debtors.length - 1]!.id;
      for (const { row, facts } of debtorFactsOf(raw, creditor.state)) {
        if (facts.debts.length === 0) continue;
        const decision = decideActions(facts, ctx);
        let counted = false;
        for (const s of decision.skipped) {
          if (s.reason !== "below_exit_point") continue;
          for (const d of s.debts) {
            const debt = facts.debts.find((x) => x.id === d.debtId)!;
            // The group's step (its most advanced one) in the debt's own ladder; grouped debts may follow another ladder.
            const step =
              resolveLadder(ladders, facts, debt)?.stored.ladder.steps.find((x) => x.id === s.stepId) ??
              ladders.flatMap((l) => l.ladder.steps).find((x) => x.id === s.stepId && x.channel === s.channel);
            if (!step) continue;
            const daysLate = diffDays(decision.localDay, debt.dueDate);
            const check = checkExitPoint(exitPoint, step, debt.openCents, daysLate);
            if (!counted) out.totals.debtors++;
            counted = true;
            out.totals.debts++;
            out.totals.openCents += debt.openCents;
            out.totals.expectedRecoveryCents += check.expectedCents;
            if (out.items.length >= limit) {
              out.truncated = true;
              continue;
            }
            out.items.push({
              debtorId: String(row.id), debtorDocument: row.document, debtorName: row.name, debtId: String(debt.id), externalId: debt.externalId, dueDate: debt.dueDate,
              daysLate, bucket: check.bucket, openCents: debt.openCents, rateBp: check.rateBp, expectedRecoveryCents: check.expectedCents,
              stepId: step.id, channel: step.channel, costKey: check.costKey, costCents: check.costCents,
            });
          }
        }
      }
    }
  } finally {
    await store.close();
  }
  return out;
}
