import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Negotiation policies, agreements with their instalments, approvals beyond the policy,
 * and promises to pay.
 *
 * - `negotiation_policies`: every stored version of a creditor's policy document (JSON);
 *   the current one is the highest version (none = the defaults of domain/negotiation).
 * - `agreements`: an accepted option — its terms, the discount, the policy version and
 *   bucket it came from, and its status (active → settled | broken).
 *   `agreement_debts` lists the original debts with their charges on the day (the
 *   discount split over them); `agreement_instalments` the schedule. Each instalment is
 *   also a debt of its own (`debts.agreement_id` names the agreement), so boletos, PIX,
 *   payments and the ladder's reminders work on instalments as on any debt.
 * - `agreement_approvals`: a collector's proposal beyond the policy, decided by a manager
 *   before it can be accepted.
 * - `promises`: a debtor's promise to pay an amount by a date, its reminder action and
 *   whether the debtor's ladder was paused for it.
 */
export function negotiation(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("negotiation_policies")
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("negotiation_policies_pk", ["creditor_id", "version"])
        .execute();

      await db.schema
        .createTable("agreement_approvals")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("status", "text", (c) => c.notNull()) // pending | approved | rejected | used
        .addColumn("at_date", t.date, (c) => c.notNull())
        // JSON: the debts (ids), debtCents and the terms proposed.
        .addColumn("proposal", "text", (c) => c.notNull())
        // JSON array of {field, reason}: the policy limits the proposal exceeds.
        .addColumn("exceeds", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("requested_by", "text", (c) => c.notNull())
        .addColumn("requested_at", t.instant, (c) => c.notNull())
        .addColumn("decided_by", "text")
        .addColumn("decided_at", t.instant)
        .addColumn("decision_note", "text")
        .addColumn("agreement_id", t.ref)
        .execute();
      await db.schema.createIndex("agreement_approvals_creditor_ix").on("agreement_approvals").columns(["creditor_id", "status", "id"]).execute();

      await db.schema
        .createTable("agreements")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("status", "text", (c) => c.notNull()) // active | settled | broken
        .addColumn("at_date", t.date, (c) => c.notNull())
        .addColumn("debt_cents", t.money, (c) => c.notNull())
        .addColumn("principal_cents", t.money, (c) => c.notNull())
        .addColumn("charges_cents", t.money, (c) => c.notNull())
        .addColumn("discount_cents", t.money, (c) => c.notNull())
        .addColumn("charges_discount_cents", t.money, (c) => c.notNull())
        .addColumn("principal_discount_cents", t.money, (c) => c.notNull())
        .addColumn("total_cents", t.money, (c) => c.notNull())
        .addColumn("down_payment_cents", t.money, (c) => c.notNull())
        .addColumn("instalment_cents", t.money, (c) => c.notNull())
        .addColumn("instalments", "integer", (c) => c.notNull())
        .addColumn("interest_monthly_bp", "integer", (c) => c.notNull())
        .addColumn("first_due_date", t.date, (c) => c.notNull())
        .addColumn("break_after_days", "integer", (c) => c.notNull())
        .addColumn("bucket", "text", (c) => c.notNull())
        .addColumn("days_late", "integer", (c) => c.notNull())
        .addColumn("policy_version", "integer", (c) => c.notNull())
        .addColumn("beyond_policy", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("approval_id", t.ref, (c) => c.references("agreement_approvals.id"))
        .addColumn("income_cents", t.money)
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("closed_at", t.instant)
        .addColumn("close_reason", "text")
        // Paid beyond what the originals owed when the agreement broke.
        .addColumn("surplus_cents", t.money, (c) => c.notNull().defaultTo(0))
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("agreements_creditor_status_ix").on("agreements").columns(["creditor_id", "status", "id"]).execute();
      await db.schema.createIndex("agreements_debtor_ix").on("agreements").columns(["debtor_id", "id"]).execute();

      await db.schema
        .createTable("agreement_debts")
        .addColumn("agreement_id", t.ref, (c) => c.notNull().references("agreements.id"))
        .addColumn("debt_id", t.ref, (c) => c.notNull().references("debts.id"))
        .addColumn("principal_cents", t.money, (c) => c.notNull())
        .addColumn("fine_cents", t.money, (c) => c.notNull())
        .addColumn("interest_cents", t.money, (c) => c.notNull())
        .addColumn("correction_cents", t.money, (c) => c.notNull())
        .addColumn("total_cents", t.money, (c) => c.notNull())
        .addColumn("discount_cents", t.money, (c) => c.notNull())
        .addPrimaryKeyConstraint("agreement_debts_pk", ["agreement_id", "debt_id"])
        .execute();
      await db.schema.createIndex("agreement_debts_debt_ix").on("agreement_debts").columns(["debt_id"]).execute();

      await db.schema
        .createTable("agreement_instalments")
        .addColumn("agreement_id", t.ref, (c) => c.notNull().references("agreements.id"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("due_date", t.date, (c) => c.notNull())
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addColumn("debt_id", t.ref, (c) => c.notNull().unique().references("debts.id"))
        .addColumn("status", "text", (c) => c.notNull()) // open | paid | cancelled
        .addColumn("paid_date", t.date)
        .addPrimaryKeyConstraint("agreement_instalments_pk", ["agreement_id", "number"])
        .execute();

      // The agreement an instalment debt belongs to (null for every other debt).
      await db.schema.alterTable("debts").addColumn("agreement_id", t.ref).execute();

      await db.schema
        .createTable("promises")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addColumn("promised_date", t.date, (c) => c.notNull())
        .addColumn("made_date", t.date, (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("collector", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("status", "text", (c) => c.notNull()) // open | kept | broken
        .addColumn("paid_cents", t.money, (c) => c.notNull().defaultTo(0))
        .addColumn("pause_applied", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("reminder_action_id", t.ref, (c) => c.references("actions.id"))
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("resolved_at", t.instant)
        .execute();
      await db.schema.createIndex("promises_creditor_status_ix").on("promises").columns(["creditor_id", "status", "promised_date"]).execute();
      await db.schema.createIndex("promises_debtor_ix").on("promises").columns(["debtor_id", "id"]).execute();
    },
  };
}
