import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Pauses and disputes. `holds` is the append-only history (who, when, why); the
 * current state is kept on the debtor (`paused_at`) and the debt (`paused_at`, status
 * `disputed`) so the daily run reads it without a scan of the history.
 */
export function holds(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("holds")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("debt_id", t.ref, (c) => c.references("debts.id"))
        .addColumn("kind", "text", (c) => c.notNull()) // pause | dispute
        .addColumn("action", "text", (c) => c.notNull()) // start | end
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .execute();
      await db.schema.createIndex("holds_debtor_ix").on("holds").columns(["debtor_id", "id"]).execute();
      await db.schema.alterTable("debtors").addColumn("paused_at", t.instant).execute();
      await db.schema.alterTable("debts").addColumn("paused_at", t.instant).execute();
    },
  };
}
