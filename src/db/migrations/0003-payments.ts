import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Payments, their imputation and the reconciliation queue. `payments` is the ledger: every
 * payment received, from any source, once (the idempotency key is unique per creditor);
 * `payment_allocations` splits an applied payment over debts (interest, fine, correction,
 * principal); `cnab_files` records each bank return file imported.
 */
export function payments(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("cnab_files")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("bank", "text", (c) => c.notNull())
        .addColumn("format", "text", (c) => c.notNull()) // cnab240 | cnab400
        .addColumn("status", "text", (c) => c.notNull()) // processing | completed
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("received_at", t.instant, (c) => c.notNull())
        .addColumn("completed_at", t.instant)
        .addColumn("summary", "text", (c) => c.notNull().defaultTo("{}"))
        .execute();
      await db.schema.createIndex("cnab_files_creditor_sha_ix").on("cnab_files").columns(["creditor_id", "sha256"]).execute();

      await db.schema
        .createTable("payments")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.references("debtors.id"))
        .addColumn("source", "text", (c) => c.notNull()) // cnab | pix | manual
        .addColumn("method", "text", (c) => c.notNull()) // cash | cheque | card | transfer | pix | boleto
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addColumn("paid_date", t.date, (c) => c.notNull())
        .addColumn("credited_date", t.date)
        .addColumn("fee_cents", t.money, (c) => c.notNull().defaultTo(0))
        // What was left after everything the debtor owed was paid: held as the debtor's credit.
        .addColumn("credit_cents", t.money, (c) => c.notNull().defaultTo(0))
        .addColumn("our_number", "text")
        .addColumn("txid", "text")
        .addColumn("end_to_end_id", "text")
        .addColumn("idempotency_key", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull()) // applied | unmatched | rejected
        .addColumn("unmatched_reason", "text")
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("received_at", t.instant, (c) => c.notNull())
        // Who took it out of the reconciliation queue (matched or rejected), when and why.
        .addColumn("resolved_by", "text")
        .addColumn("resolved_at", t.instant)
        .addColumn("resolution_note", "text")
        .addColumn("cnab_file_id", t.ref, (c) => c.references("cnab_files.id"))
        // Source details kept as they came (CNAB: bank, movement, line, face value, interest, discount, credited).
        .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
        .addUniqueConstraint("payments_creditor_key_uq", ["creditor_id", "idempotency_key"])
        .addCheckConstraint("payments_amounts_ck", sql`amount_cents > 0 and fee_cents >= 0 and credit_cents >= 0 and credit_cents <= amount_cents`)
        .execute();
      await db.schema.createIndex("payments_creditor_status_ix").on("payments").columns(["creditor_id", "status", "id"]).execute();
      await db.schema.createIndex("payments_debtor_ix").on("payments").columns(["debtor_id"]).execute();

      await db.schema
        .createTable("payment_allocations")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("payment_id", t.ref, (c) => c.notNull().references("payments.id"))
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debt_id", t.ref, (c) => c.notNull().references("debts.id"))
        .addColumn("interest_cents", t.money, (c) => c.notNull())
        .addColumn("fine_cents", t.money, (c) => c.notNull())
        .addColumn("correction_cents", t.money, (c) => c.notNull())
        .addColumn("principal_cents", t.money, (c) => c.notNull())
        // 1 when this allocation left nothing owed on the debt.
        .addColumn("settled", "integer", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addCheckConstraint("payment_allocations_amounts_ck", sql`interest_cents >= 0 and fine_cents >= 0 and correction_cents >= 0 and principal_cents >= 0`)
        .execute();
      await db.schema.createIndex("payment_allocations_payment_ix").on("payment_allocations").columns(["payment_id"]).execute();
      await db.schema.createIndex("payment_allocations_debt_ix").on("payment_allocations").columns(["debt_id"]).execute();
    },
  };
}
