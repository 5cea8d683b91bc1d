import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/** Tenants, people, portfolio, timeline, audit and imports. */
export function foundation(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("creditors")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("legal_name", "text", (c) => c.notNull())
        .addColumn("trade_name", "text")
        .addColumn("cnpj", "text", (c) => c.notNull().unique())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("city", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("zip", "text")
        .addColumn("sector", "text", (c) => c.notNull())
        .addColumn("time_zone", "text", (c) => c.notNull())
        .addColumn("fine_bp", "integer", (c) => c.notNull().defaultTo(200))
        .addColumn("interest_monthly_bp", "integer", (c) => c.notNull().defaultTo(100))
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("user_creditors")
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("user_creditors_pk", ["user_id", "creditor_id"])
        .execute();

      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("expires_at", t.instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("secret_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("created_by", "text")
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("revoked_at", t.instant)
        .addColumn("last_used_at", t.instant)
        .execute();

      await db.schema
        .createTable("api_key_creditors")
        .addColumn("api_key_id", "text", (c) => c.notNull().references("api_keys.id").onDelete("cascade"))
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("api_key_creditors_pk", ["api_key_id", "creditor_id"])
        .execute();

      await db.schema
        .createTable("debtors")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        // The name folded for search and ordering (lower case, no accents), written with the
        // name by every writer (see app/portfolio/name-key.ts): a plain column keeps the
        // indexes cheap to maintain and the schema readable by any SQLite tool.
        // Binary order on PostgreSQL ("C"), so a prefix is an index range whatever the database's locale.
        .addColumn("name_key", t.dialect === "postgres" ? sql`text COLLATE "C"` : "text", (c) => c.notNull().defaultTo(""))
        .addColumn("state", "text")
        .addColumn("city", "text")
        .addColumn("zip", "text")
        .addColumn("address", "text")
        .addColumn("segment", "text")
        .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addUniqueConstraint("debtors_creditor_document_uq", ["creditor_id", "document"])
        .execute();
      // The debtor list: sorted by name key (and prefix-searched on it), optionally within one UF or segment.
      await db.schema.createIndex("debtors_creditor_name_key_ix").on("debtors").columns(["creditor_id", "name_key", "id"]).execute();
      await db.schema.createIndex("debtors_creditor_state_name_key_ix").on("debtors").columns(["creditor_id", "state", "name_key", "id"]).execute();
      await db.schema.createIndex("debtors_creditor_segment_name_key_ix").on("debtors").columns(["creditor_id", "segment", "name_key", "id"]).execute();

      await db.schema
        .createTable("contacts")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("validity", "text", (c) => c.notNull())
        .addColumn("invalid_reason", "text")
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addUniqueConstraint("contacts_debtor_kind_value_uq", ["debtor_id", "kind", "value"])
        .execute();
      await db.schema.createIndex("contacts_creditor_value_ix").on("contacts").columns(["creditor_id", "value"]).execute();

      await db.schema
        .createTable("opt_outs")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("opted_out_at", t.instant, (c) => c.notNull())
        .addColumn("opted_in_at", t.instant)
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .execute();
      await db.schema.createIndex("opt_outs_debtor_ix").on("opt_outs").columns(["debtor_id", "channel"]).execute();

      await db.schema
        .createTable("debts")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("external_id", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("original_cents", t.money, (c) => c.notNull())
        .addColumn("open_cents", t.money, (c) => c.notNull())
        .addColumn("issue_date", t.date)
        .addColumn("due_date", t.date, (c) => c.notNull())
        .addColumn("contract", "text")
        .addColumn("instalment", "integer")
        .addColumn("our_number", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addUniqueConstraint("debts_creditor_external_uq", ["creditor_id", "external_id"])
        .addCheckConstraint("debts_amounts_ck", sql`original_cents > 0 and open_cents >= 0`)
        .execute();
      await db.schema.createIndex("debts_debtor_ix").on("debts").columns(["debtor_id"]).execute();
      await db.schema.createIndex("debts_creditor_our_number_ix").on("debts").columns(["creditor_id", "our_number"]).execute();
      // Open debts by due date; debtor_id lets the debtor list walk debtors by oldest due date from the index alone.
      await db.schema.createIndex("debts_creditor_status_due_ix").on("debts").columns(["creditor_id", "status", "due_date", "debtor_id"]).execute();
      // Per-debtor totals (balance, count, oldest due) of a status, read from the index alone.
      await db.schema.createIndex("debts_creditor_status_debtor_ix").on("debts").columns(["creditor_id", "status", "debtor_id", "due_date", "open_cents"]).execute();

      await db.schema
        .createTable("events")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("debt_id", t.ref)
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
        .execute();
      await db.schema.createIndex("events_debtor_ix").on("events").columns(["debtor_id", "id"]).execute();

      await db.schema
        .createTable("audit_log")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("creditor_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("entity", "text", (c) => c.notNull())
        .addColumn("entity_id", "text")
        .addColumn("before", "text")
        .addColumn("after", "text")
        .execute();
      await db.schema.createIndex("audit_log_creditor_ix").on("audit_log").columns(["creditor_id", "id"]).execute();

      await db.schema
        .createTable("imports")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("dry_run", "integer", (c) => c.notNull())
        .addColumn("summary", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("imports_creditor_at_ix").on("imports").columns(["creditor_id", "at"]).execute();
    },
  };
}
