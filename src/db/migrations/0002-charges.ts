import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Late charges: the monthly variations of correction indexes (IPCA…, public data shared
 * by every creditor), the creditor's company fine and index, per-debt overrides of fine
 * and interest, and on each debt the charges carried over from partial payments
 * (`fine_cents` null = fine not assessed yet; `accrual_from_date` null = from the due date).
 */
export function charges(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("index_values")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("index_name", "text", (c) => c.notNull())
        .addColumn("month", "text", (c) => c.notNull()) // YYYY-MM
        .addColumn("variation_ppm", "integer", (c) => c.notNull())
        .addColumn("imported_at", t.instant, (c) => c.notNull())
        .addUniqueConstraint("index_values_name_month_uq", ["index_name", "month"])
        .execute();
      // SQLite adds one column per ALTER TABLE.
      await db.schema.alterTable("creditors").addColumn("business_fine_bp", "integer").execute();
      await db.schema.alterTable("creditors").addColumn("correction_index", "text").execute();
      await db.schema.alterTable("debts").addColumn("fine_bp", "integer").execute();
      await db.schema.alterTable("debts").addColumn("interest_monthly_bp", "integer").execute();
      await db.schema.alterTable("debts").addColumn("fine_cents", t.money).execute();
      await db.schema.alterTable("debts").addColumn("interest_cents", t.money, (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable("debts").addColumn("correction_cents", t.money, (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable("debts").addColumn("accrual_from_date", t.date).execute();
    },
  };
}
