/**
 * The recovery rate of each aging bucket, learned from the creditor's own history.
 *
 * The estimator, for a bucket that starts `from` days after the due date:
 * - a debt enters the bucket on its entry day, `due date + from`;
 * - the cohort is the debts that entered it in the last 12 months and at least
 *   `windowDays` (N) ago, so that each one had its full N days to be paid:
 *   entry day in [asOf − 365, asOf − N];
 * - a debt counts only if Régua knew it on its entry day (created on or before it: a debt
 *   imported already late brings no history of that bucket) and it still owed something
 *   then; cancelled debts and agreement instalments (debts of their own) are left out;
 * - exposure = principal still open on the entry day (original − principal paid before);
 *   recovered = principal paid in the N days from the entry day (entry ≤ paid < entry + N);
 * - observed rate = Σ recovered / Σ exposure (weighted by money, not by debts).
 *
 * Thin history: the observed rate is blended with the bucket's default rate by a
 * credibility weight w = n / (n + K), n the debts of the cohort and K the creditor's
 * `credibilityDebts` (default 30): 30 debts of history count half; with none, the
 * default alone. The "current" bucket (steps before or on the due date) has no entry day
 * to learn from and always uses its default.
 *
 * Known limit: the originals of an agreement are paid through the agreement's own
 * instalment debts, so they show no payment of their own unless the agreement broke and
 * what was paid was imputed to them; a creditor that recovers mostly by agreements should
 * raise its default rates or K.
 */

import { addDays } from "../br/dates.ts";
import { BUCKETS, DEFAULT_RECOVERY_RATES, type AgingBucket, type BucketKey, type RecoveryRates } from "./exit-point.ts";

/** Days of history the estimator looks at. */
export const HISTORY_DAYS = 365;

export type CohortStats = { debts: number; exposureCents: number; recoveredCents: number };

/** The buckets learned from history (all but "current"). */
export const LEARNED_BUCKETS: readonly (AgingBucket & { fromDays: number })[] = BUCKETS.filter((b): b is AgingBucket & { fromDays: number } => b.fromDays !== null);

/** The due dates whose entry day into `bucket` falls in the cohort window of `asOf` (inclusive), or null when the window is empty. */
export function cohortDueRange(fromDays: number, asOf: string, windowDays: number): { firstDue: string; lastDue: string } | null {
  if (windowDays > HISTORY_DAYS) return null;
  return { firstDue: addDays(asOf, -HISTORY_DAYS - fromDays), lastDue: addDays(asOf, -windowDays - fromDays) };
}

/** One debt's history, as the reference measurement reads it. */
export type HistoryDebt = {
  dueDate: string;
  originalCents: number;
  /** The day Régua first knew the debt. */
  createdDate: string;
  status: string;
  /** An agreement's instalment (a debt of its own): left out. */
  isInstalment: boolean;
  /** Principal paid, by payment date. */
  payments: readonly { paidDate: string; principalCents: number }[];
};

/**
 * The cohorts of every learned bucket, measured from debt histories as the estimator
 * defines them (the database measures the same in SQL; this is the reference).
 */
export function measureCohorts(debts: readonly HistoryDebt[], asOf: string, windowDays: number): Record<BucketKey, CohortStats> {
  const out = emptyCohorts();
  for (const b of LEARNED_BUCKETS) {
    const range = cohortDueRange(b.fromDays, asOf, windowDays);
    if (!range) continue;
    const stats = out[b.key];
    for (const d of debts) {
      if (d.status === "cancelled" || d.isInstalment || d.dueDate < range.firstDue || d.dueDate > range.lastDue) continue;
      const entry = addDays(d.dueDate, b.fromDays);
      if (d.createdDate > entry) continue;
      const end = addDays(entry, windowDays);
      let before = 0;
      let within = 0;
      for (const p of d.payments) {
        if (p.paidDate < entry) before += p.principalCents;
        else if (p.paidDate < end) within += p.principalCents;
      }
      const exposure = d.originalCents - before;
      if (exposure <= 0) continue;
      stats.debts++;
      stats.exposureCents += exposure;
      stats.recoveredCents += within;
    }
  }
  return out;
}

export function emptyCohorts(): Record<BucketKey, CohortStats> {
  return Object.fromEntries(BUCKETS.map((b) => [b.key, { debts: 0, exposureCents: 0, recoveredCents: 0 }])) as Record<BucketKey, CohortStats>;
}

/** One bucket's rate and where it came from. */
export type RateEstimate = {
  bucket: BucketKey;
  fromDays: number | null;
  toDays: number | null;
  debts: number;
  exposureCents: number;
  recoveredCents: number;
  /** Σ recovered / Σ exposure in basis points; null without exposure. */
  observedBp: number | null;
  defaultBp: number;
  /** The credibility weight of the history, in basis points (0 = the default alone). */
  weightBp: number;
  /** The rate in force: weight × observed + (1 − weight) × default, rounded. */
  rateBp: number;
};

/** The rate of every bucket: history blended with the default by credibility (see the file's comment). */
export function estimateRecoveryRates(cohorts: Partial<Record<BucketKey, CohortStats>>, defaults: RecoveryRates = DEFAULT_RECOVERY_RATES, credibilityDebts = 30): RateEstimate[] {
  return BUCKETS.map((b) => {
    const c = b.fromDays === null ? undefined : cohorts[b.key];
    const stats = c ?? { debts: 0, exposureCents: 0, recoveredCents: 0 };
    const defaultBp = defaults[b.key];
    const observed = stats.exposureCents > 0 ? Math.min(1, stats.recoveredCents / stats.exposureCents) : null;
    const weight = observed === null || stats.debts === 0 ? 0 : stats.debts / (stats.debts + Math.max(0, credibilityDebts));
    const rateBp = observed === null ? defaultBp : Math.round(weight * observed * 10000 + (1 - weight) * defaultBp);
    return {
      bucket: b.key, fromDays: b.fromDays, toDays: b.toDays,
      debts: stats.debts, exposureCents: stats.exposureCents, recoveredCents: stats.recoveredCents,
      observedBp: observed === null ? null : Math.round(observed * 10000),
      defaultBp, weightBp: Math.round(weight * 10000), rateBp,
    };
  });
}

/** The rates in force, by bucket. */
export function ratesOf(estimates: readonly RateEstimate[]): RecoveryRates {
  const out = { ...DEFAULT_RECOVERY_RATES };
  for (const e of estimates) out[e.bucket] = e.rateBp;
  return out;
}
