import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * The collection ladder and its outbox. An action is one message or task for one debtor
 * on one channel on one local day, covering one or more debts (`action_debts`); it is
 * persisted before anything is sent, and its idempotency key is unique.
 */
export function ladder(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("actions")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("ladder_id", "text", (c) => c.notNull())
        .addColumn("step_id", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("local_day", t.date, (c) => c.notNull())
        .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
        // planned | awaiting_approval | sending | sent | failed | cancelled | uncertain
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
        .addPrimaryKeyConstraint("action_debts_pk", ["action_id", "debt_id"])
        .execute();
      await db.schema.createIndex("action_debts_debt_ix").on("action_debts").columns(["debt_id"]).execute();
    },
  };
}
