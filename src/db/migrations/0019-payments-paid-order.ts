import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * `payments_creditor_status_paid_ix` (0013) ended in `amount_cents`, so that the sums of a
 * period read the index alone; but within a day its entries were in amount order, and a
 * bank return's settlements — all paid on a day or two — went in all over the index, every
 * batch rewriting most of its pages (half of what a 200,000-line return wrote to disk).
 * The id before the amount keeps the sums covered and puts new payments, newest paid dates
 * first, at the end of their day's range.
 */
export function paymentsPaidOrder(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex("payments_creditor_status_paid_ix").execute();
      await db.schema.createIndex("payments_creditor_status_paid_ix").on("payments").columns(["creditor_id", "status", "paid_date", "id", "amount_cents"]).execute();
      if (t.dialect === "postgres") await sql`ANALYZE payments`.execute(db);
    },
  };
}
