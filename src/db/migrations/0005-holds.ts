import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Pauses, disputes and the creditor's contact policy. `holds` is the append-only history
 * (who, when, why); the current state is kept on the debtor (`paused_at`, `paused_until`)
 * and the debt (`paused_at`, `paused_until`, status `disputed`) so the daily run reads it
 * without a scan of the history. Opt-outs live in `opt_outs` (foundation).
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
        // A pause's last local day (inclusive); null = until resumed.
        .addColumn("until", t.date)
        // A dispute's start: the debt's status before it, restored when the dispute ends.
        .addColumn("prior_status", "text")
        .execute();
      await db.schema.createIndex("holds_debtor_ix").on("holds").columns(["debtor_id", "id"]).execute();
      await db.schema.createIndex("holds_debt_ix").on("holds").columns(["debt_id", "id"]).execute();
      await db.schema.alterTable("debtors").addColumn("paused_at", t.instant).execute();
      await db.schema.alterTable("debtors").addColumn("paused_until", t.date).execute();
      await db.schema.alterTable("debts").addColumn("paused_at", t.instant).execute();
      await db.schema.alterTable("debts").addColumn("paused_until", t.date).execute();
      // The creditor's contact policy, JSON text; null = the defaults (domain/guard).
      await db.schema.alterTable("creditors").addColumn("contact_windows", "text").execute();
      await db.schema.alterTable("creditors").addColumn("frequency_caps", "text").execute();
    },
  };
}
