import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * The exit point (domain/exit-point).
 *
 * - `exit_point_settings`: what a creditor changed from the defaults (costs per kind of
 *   action, default recovery rates, the estimator's window and credibility, on/off), one
 *   JSON document per creditor; no row = the defaults.
 * - `exit_point_cohorts`: the recovery history measured for one day (`as_of_date`, the
 *   creditor's local day) and window, one row per aging bucket. Measuring reads a year of
 *   debts and payments; the run, `explain` and the listing of one day share one measurement.
 *   Rows of earlier days are deleted when a new day is measured.
 */
export function exitPoint(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("exit_point_settings")
        .addColumn("creditor_id", "text", (c) => c.primaryKey().references("creditors.id"))
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("exit_point_cohorts")
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("as_of_date", t.date, (c) => c.notNull())
        .addColumn("window_days", "integer", (c) => c.notNull())
        .addColumn("bucket", "text", (c) => c.notNull())
        .addColumn("debts", "integer", (c) => c.notNull())
        .addColumn("exposure_cents", t.money, (c) => c.notNull())
        .addColumn("recovered_cents", t.money, (c) => c.notNull())
        .addColumn("computed_at", t.instant, (c) => c.notNull())
        .addPrimaryKeyConstraint("exit_point_cohorts_pk", ["creditor_id", "as_of_date", "window_days", "bucket"])
        .execute();
    },
  };
}
