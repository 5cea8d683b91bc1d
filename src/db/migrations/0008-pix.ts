import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Dynamic PIX charges issued through a PSP (API Pix cob/cobv), the debts each one
 * covers, the Pix received for them (one row per endToEndId, so a webhook delivered
 * twice is applied once) and each creditor's webhook secret (only its hash).
 */
export function pix(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pix_charges")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("txid", "text", (c) => c.notNull().unique())
        .addColumn("kind", "text", (c) => c.notNull()) // cob | cobv
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addColumn("due_date", t.date) // cobv only
        .addColumn("expires_at", t.instant) // cob only: criacao + expiracao
        // API Pix status: ATIVA | CONCLUIDA | REMOVIDA_PELO_USUARIO_RECEBEDOR | REMOVIDA_PELO_PSP
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("pix_key", "text", (c) => c.notNull())
        .addColumn("pix_copia_e_cola", "text", (c) => c.notNull())
        .addColumn("location", "text", (c) => c.notNull())
        .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("paid_cents", t.money)
        .addColumn("end_to_end_id", "text")
        .addColumn("paid_at", t.instant)
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("pix_charges_creditor_ix").on("pix_charges").columns(["creditor_id", "id"]).execute();
      await db.schema.createIndex("pix_charges_debtor_ix").on("pix_charges").columns(["debtor_id"]).execute();

      await db.schema
        .createTable("pix_charge_debts")
        .addColumn("charge_id", t.ref, (c) => c.notNull().references("pix_charges.id").onDelete("cascade"))
        .addColumn("debt_id", t.ref, (c) => c.notNull().references("debts.id"))
        /** What the debt owed when the charge was issued. */
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addPrimaryKeyConstraint("pix_charge_debts_pk", ["charge_id", "debt_id"])
        .execute();
      await db.schema.createIndex("pix_charge_debts_debt_ix").on("pix_charge_debts").columns(["debt_id"]).execute();

      await db.schema
        .createTable("pix_received")
        .addColumn("end_to_end_id", "text", (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("txid", "text")
        .addColumn("charge_id", t.ref, (c) => c.references("pix_charges.id"))
        .addColumn("amount_cents", t.money, (c) => c.notNull())
        .addColumn("paid_at", t.instant, (c) => c.notNull())
        .addColumn("paid_date", t.date, (c) => c.notNull())
        .addColumn("payer_info", "text")
        // applied | already_applied | unmatched, as recordPayment answered
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("payment_id", "text")
        .addColumn("received_at", t.instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("pix_received_creditor_ix").on("pix_received").columns(["creditor_id", "received_at"]).execute();

      await db.schema
        .createTable("pix_webhooks")
        .addColumn("creditor_id", "text", (c) => c.primaryKey().references("creditors.id"))
        .addColumn("token_hash", "text", (c) => c.notNull())
        .addColumn("pix_key", "text")
        /** The URL registered at the PSP, without its token. */
        .addColumn("url", "text")
        .addColumn("registered_at", t.instant)
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();
    },
  };
}
