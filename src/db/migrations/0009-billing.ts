import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Creditor billing accounts ("carteiras de cobrança": bank, agency, account, wallet and the
 * nosso número sequence) and every boleto issued for a debt through one of them.
 */
export function billing(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("billing_accounts")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("bank", "text", (c) => c.notNull())
        .addColumn("agency", "text", (c) => c.notNull())
        .addColumn("agency_digit", "text")
        .addColumn("account", "text")
        .addColumn("account_digit", "text")
        .addColumn("wallet", "text", (c) => c.notNull())
        // Banco do Brasil's convênio; Caixa/Santander/Sicoob's código do beneficiário; Sicoob's modalidade.
        .addColumn("convenio", "text")
        .addColumn("beneficiary_code", "text")
        .addColumn("modality", "text")
        // Null: the creditor's legal name, CNPJ and address.
        .addColumn("beneficiary_name", "text")
        .addColumn("beneficiary_document", "text")
        .addColumn("beneficiary_address", "text")
        // The next nosso número sequence to hand out; taken with UPDATE … RETURNING in the issuing transaction.
        .addColumn("next_our_number", "bigint", (c) => c.notNull().defaultTo(1))
        // JSON array of instruction lines printed on every slip of the account.
        .addColumn("instructions", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("days_to_pay", "integer", (c) => c.notNull())
        .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addCheckConstraint("billing_accounts_ck", sql`next_our_number >= 1 and days_to_pay >= 0 and is_default in (0, 1)`)
        .execute();
      await db.schema.createIndex("billing_accounts_creditor_ix").on("billing_accounts").columns(["creditor_id", "id"]).execute();
      // At most one default account per creditor.
      await db.schema
        .createIndex("billing_accounts_default_uq")
        .unique()
        .on("billing_accounts")
        .column("creditor_id")
        .where(sql.ref("is_default"), "=", sql.lit(1))
        .execute();

      await db.schema
        .createTable("boletos")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("debt_id", t.ref, (c) => c.notNull().references("debts.id"))
        .addColumn("account_id", t.ref, (c) => c.notNull().references("billing_accounts.id"))
        .addColumn("bank", "text", (c) => c.notNull())
        // As stored on the debt and reported by the bank's return file (no check digit, no leading zeros).
        .addColumn("our_number", "text", (c) => c.notNull())
        // As printed on the slip, with the bank's check digit and punctuation.
        .addColumn("our_number_formatted", "text", (c) => c.notNull())
        .addColumn("barcode", "text", (c) => c.notNull())
        .addColumn("line", "text", (c) => c.notNull())
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addColumn("due_date", t.date, (c) => c.notNull())
        .addColumn("issue_date", t.date, (c) => c.notNull())
        // JSON: the charges breakdown at the due date.
        .addColumn("charges", "text", (c) => c.notNull())
        // JSON: what the PDF prints besides the codes (parties, instructions, agency/code), as issued.
        .addColumn("slip", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull()) // issued | cancelled | paid
        .addColumn("issued_at", t.instant, (c) => c.notNull())
        .addColumn("issued_by", "text", (c) => c.notNull())
        .addColumn("cancelled_at", t.instant)
        .addColumn("cancel_reason", "text")
        .addCheckConstraint("boletos_amount_ck", sql`amount_cents > 0`)
        .execute();
      await db.schema.createIndex("boletos_debt_ix").on("boletos").columns(["creditor_id", "debt_id", "id"]).execute();
      await db.schema.createIndex("boletos_our_number_ix").on("boletos").columns(["creditor_id", "our_number"]).execute();
    },
  };
}
