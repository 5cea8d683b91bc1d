import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * The collection ladder and its outbox.
 *
 * `ladders` lists a creditor's ladders in order (position 0 is the default); every stored
 * document is kept in `ladder_versions`, the current one named by `current_version`.
 * A debtor or a debt may name its own ladder (`ladder_id` overrides assignment), and a
 * debtor carries an optional risk band for step conditions.
 *
 * An action is one message or task for one debtor on one channel on one local day,
 * covering one or more debts (`action_debts`); it is persisted before anything is sent,
 * and its idempotency key is unique. `action_debts` is also the per-debt step history:
 * which ladder step each debt was at, whether that step is a written prior notice, and the
 * older steps the run skipped over for that debt (superseded, JSON array of step ids).
 */
export function ladder(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ladders")
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("current_version", "integer", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addPrimaryKeyConstraint("ladders_pk", ["creditor_id", "id"])
        .execute();

      await db.schema
        .createTable("ladder_versions")
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("ladder_id", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("ladder_versions_pk", ["creditor_id", "ladder_id", "version"])
        .execute();

      // SQLite adds one column per ALTER TABLE.
      await db.schema.alterTable("debtors").addColumn("ladder_id", "text").execute();
      await db.schema.alterTable("debtors").addColumn("risk_band", "text").execute();
      await db.schema.alterTable("debts").addColumn("ladder_id", "text").execute();
      // Frequency caps count a person's contacts across the creditors of the installation.
      await db.schema.createIndex("debtors_document_ix").on("debtors").columns(["document"]).execute();
      // The daily run walks a creditor's debtors in id order, in keyset batches.
      await db.schema.createIndex("debtors_creditor_id_ix").on("debtors").columns(["creditor_id", "id"]).execute();

      await db.schema
        .createTable("actions")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("ladder_id", "text", (c) => c.notNull())
        .addColumn("ladder_version", "integer")
        .addColumn("step_id", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("local_day", t.date, (c) => c.notNull())
        .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
        // planned | awaiting_approval | sending | sent | failed | cancelled | rejected | uncertain
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("send_at", t.instant, (c) => c.notNull())
        .addColumn("contact_id", t.ref)
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", t.instant)
        .addColumn("last_error", "text")
        .addColumn("cancel_reason", "text")
        .addColumn("provider_message_id", "text")
        .addColumn("approved_by", "text")
        .addColumn("approved_at", t.instant)
        .addColumn("sent_at", t.instant)
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("actions_status_send_ix").on("actions").columns(["status", "send_at"]).execute();
      await db.schema.createIndex("actions_debtor_day_ix").on("actions").columns(["debtor_id", "local_day"]).execute();

      await db.schema
        .createTable("action_debts")
        .addColumn("action_id", t.ref, (c) => c.notNull().references("actions.id").onDelete("cascade"))
        .addColumn("debt_id", t.ref, (c) => c.notNull().references("debts.id"))
        .addColumn("ladder_id", "text")
        .addColumn("step_id", "text")
        .addColumn("prior_notice", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("superseded", "text")
        .addPrimaryKeyConstraint("action_debts_pk", ["action_id", "debt_id"])
        .execute();
      await db.schema.createIndex("action_debts_debt_ix").on("action_debts").columns(["debt_id"]).execute();
    },
  };
}
