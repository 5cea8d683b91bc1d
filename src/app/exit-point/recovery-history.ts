import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.ts";
import { isBucketKey, type BucketKey } from "../../domain/exit-point/exit-point.ts";
import { LEARNED_BUCKETS, cohortDueRange, emptyCohorts, type CohortStats } from "../../domain/exit-point/recovery-rates.ts";

/** Debt statuses measured: every one but `cancelled` (listed so the status/due-date index serves the range). */
const MEASURED_STATUSES = ["open", "disputed", "in_agreement", "settled", "written_off"] as const;

/**
 * The creditor's cohorts for `asOf` and `windowDays`, as domain/exit-point/recovery-rates.ts
 * defines them (`measureCohorts` is the reference), measured in SQL: one aggregate per
 * bucket over the debts whose entry day falls in the window, with their allocations.
 */
export async function measureCohortsInDb(database: Database, creditorId: string, asOf: string, windowDays: number): Promise<Record<BucketKey, CohortStats>> {
  const pg = database.dialect === "postgres";
  const out = emptyCohorts();
  const statuses = sql.join(MEASURED_STATUSES.map((s) => sql.lit(s)));
  for (const b of LEARNED_BUCKETS) {
    const range = cohortDueRange(b.fromDays, asOf, windowDays);
    if (!range) continue;
    const dayPlus = (days: number): RawBuilder<unknown> => (pg ? sql`(d.due_date + ${sql.lit(days)})` : sql`date(d.due_date, ${sql.lit(`+${days} days`)})`);
    const entry = dayPlus(b.fromDays);
    const end = dayPlus(b.fromDays + windowDays);
    const createdDay = pg ? sql`(d.created_at AT TIME ZONE 'UTC')::date` : sql`substr(d.created_at, 1, 10)`;
    const { rows } = await sql<{ debts: number | string; exposure: number | string | null; recovered: number | string | null }>`
      SELECT count(*) AS debts, sum(x.exposure) AS exposure, sum(x.recovered) AS recovered FROM (
        SELECT d.id,
          d.original_cents - coalesce(sum(CASE WHEN p.paid_date < ${entry} THEN pa.principal_cents ELSE 0 END), 0) AS exposure,
          coalesce(sum(CASE WHEN p.paid_date >= ${entry} AND p.paid_date < ${end} THEN pa.principal_cents ELSE 0 END), 0) AS recovered
        FROM debts d
        LEFT JOIN payment_allocations pa ON pa.debt_id = d.id AND pa.creditor_id = d.creditor_id
        LEFT JOIN payments p ON p.id = pa.payment_id AND p.status = 'applied'
        WHERE d.creditor_id = ${creditorId} AND d.status IN (${statuses})
          AND d.due_date >= ${range.firstDue} AND d.due_date <= ${range.lastDue}
          AND d.agreement_id IS NULL AND ${createdDay} <= ${entry}
        GROUP BY d.id, d.original_cents, d.due_date
      ) x WHERE x.exposure > 0`.execute(database.db);
    const r = rows[0];
    out[b.key] = { debts: Number(r?.debts ?? 0), exposureCents: Number(r?.exposure ?? 0), recoveredCents: Number(r?.recovered ?? 0) };
  }
  return out;
}

/**
 * The cohorts of one day, measured once: read from `exit_point_cohorts` when this day and
 * window were measured already, else measured and stored (rows of other days dropped).
 * Payments that arrive later the same day change tomorrow's measurement, not today's.
 */
export async function loadCohorts(database: Database, creditorId: string, asOf: string, windowDays: number, now: Date): Promise<Record<BucketKey, CohortStats>> {
  const { db } = database;
  const cached = await db
    .selectFrom("exit_point_cohorts")
    .select(["bucket", "debts", "exposure_cents", "recovered_cents"])
    .where("creditor_id", "=", creditorId)
    .where("as_of_date", "=", asOf)
    .where("window_days", "=", windowDays)
    .execute();
  if (cached.length === LEARNED_BUCKETS.length) {
    const out = emptyCohorts();
    for (const r of cached) if (isBucketKey(r.bucket)) out[r.bucket] = { debts: Number(r.debts), exposureCents: Number(r.exposure_cents), recoveredCents: Number(r.recovered_cents) };
    return out;
  }
  const measured = await measureCohortsInDb(database, creditorId, asOf, windowDays);
  const computedAt = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("exit_point_cohorts").where("creditor_id", "=", creditorId).where("as_of_date", "<>", asOf).execute();
    await trx
      .insertInto("exit_point_cohorts")
      .values(LEARNED_BUCKETS.map((b) => ({
        creditor_id: creditorId, as_of_date: asOf, window_days: windowDays, bucket: b.key,
        debts: measured[b.key].debts, exposure_cents: measured[b.key].exposureCents, recovered_cents: measured[b.key].recoveredCents, computed_at: computedAt,
      })))
      // Two processes measuring the same day write the same figures: the first one stays.
      .onConflict((oc) => oc.columns(["creditor_id", "as_of_date", "window_days", "bucket"]).doNothing())
      .execute();
  });
  return measured;
}
