import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * The collector workspace and the manager's dashboard.
 *
 * - `call_attempts`: every call a collector made through the queue, as it happened: who,
 *   when, which debtor and phone contact (its number as dialled), the outcome code, a
 *   note, the callback asked for, and what the call produced (the promise it recorded,
 *   the ladder's phone action it performed). `local_day` is the debtor's calendar day of
 *   the call, so "called today" and "attempts this week" are index range reads.
 * - `call_claims`: who is working a debtor right now. The queue hands each debtor to one
 *   collector for a few minutes, so two collectors never ring the same person; a claim
 *   ends when the outcome is recorded or when it expires.
 *
 * Indexes on tables of other areas, for the dashboard and the queue at 500,000 debtors:
 * payments by paid date (amount recovered per month), and actions by status, channel and local
 * day (the month's actions per channel and status; approvals waiting; the ladder's planned
 * phone actions).
 */
export function calls(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("call_attempts")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("contact_id", t.ref, (c) => c.notNull().references("contacts.id"))
        .addColumn("phone", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("local_day", t.date, (c) => c.notNull())
        // right_party_contact | third_party | wrong_number | no_answer | promise | refusal | callback
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("callback_at", t.instant)
        .addColumn("promise_id", t.ref, (c) => c.references("promises.id"))
        .addColumn("action_id", t.ref, (c) => c.references("actions.id"))
        .execute();
      await db.schema.createIndex("call_attempts_debtor_ix").on("call_attempts").columns(["debtor_id", "id"]).execute();
      await db.schema.createIndex("call_attempts_creditor_day_ix").on("call_attempts").columns(["creditor_id", "local_day", "debtor_id"]).execute();
      await db.schema.createIndex("call_attempts_creditor_callback_ix").on("call_attempts").columns(["creditor_id", "callback_at"]).execute();
      await db.schema.createIndex("call_attempts_creditor_id_ix").on("call_attempts").columns(["creditor_id", "id"]).execute();

      await db.schema
        .createTable("call_claims")
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("claimed_at", t.instant, (c) => c.notNull())
        .addColumn("expires_at", t.instant, (c) => c.notNull())
        .addPrimaryKeyConstraint("call_claims_pk", ["creditor_id", "debtor_id"])
        .execute();
      await db.schema.createIndex("call_claims_actor_ix").on("call_claims").columns(["creditor_id", "actor"]).execute();

      await db.schema.createIndex("payments_creditor_status_paid_ix").on("payments").columns(["creditor_id", "status", "paid_date", "amount_cents"]).execute();
      // Counts of one status and channel over a range of days, approvals waiting by channel, the planned phone actions of the week.
      await db.schema.createIndex("actions_creditor_status_channel_ix").on("actions").columns(["creditor_id", "status", "channel", "local_day", "send_at"]).execute();
    },
  };
}
