import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * E-mail: each creditor's sender settings (From, Reply-To, DKIM key, CC), the messages
 * the embedded SMTP sink received (the "caixa de saída" of a system without SMTP_URL),
 * tracking events (opened, clicked, bounced, complained, unsubscribed) and the key that
 * signs tracking and unsubscribe links when REGUA_SECRET is not set.
 */
export function email(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("email_settings")
        .addColumn("creditor_id", "text", (c) => c.primaryKey().references("creditors.id"))
        .addColumn("from_name", "text")
        .addColumn("from_address", "text")
        .addColumn("reply_to", "text")
        .addColumn("dkim_domain", "text")
        .addColumn("dkim_selector", "text")
        .addColumn("dkim_private_key", "text")
        .addColumn("cc", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("allow_shared_mailbox_details", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("updated_at", t.instant, (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .execute();

      // What the sink received, as received: creditor and action come from the X-Regua-*
      // headers of the message itself (no foreign keys: a header is only a claim).
      await db.schema
        .createTable("sink_messages")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text")
        .addColumn("action_id", t.ref)
        .addColumn("kind", "text", (c) => c.notNull()) // message | dsn
        .addColumn("outcome", "text", (c) => c.notNull()) // accepted | dropped
        .addColumn("received_at", t.instant, (c) => c.notNull())
        .addColumn("envelope_from", "text", (c) => c.notNull())
        .addColumn("envelope_to", "text", (c) => c.notNull())
        .addColumn("message_id", "text")
        .addColumn("from_header", "text")
        .addColumn("to_header", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("cc_header", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("reply_to", "text")
        .addColumn("subject", "text")
        .addColumn("text_body", "text")
        .addColumn("html_body", "text")
        .addColumn("headers", "text", (c) => c.notNull())
        .addColumn("list_unsubscribe", "text")
        .addColumn("list_unsubscribe_post", "text")
        .addColumn("dkim", "text", (c) => c.notNull()) // none | pass | fail | unverified
        .addColumn("dkim_domain", "text")
        .addColumn("regua_headers", "text", (c) => c.notNull().defaultTo("{}"))
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("raw", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("sink_messages_creditor_ix").on("sink_messages").columns(["creditor_id", "id"]).execute();

      await db.schema
        .createTable("tracking_events")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("action_id", t.ref, (c) => c.references("actions.id"))
        .addColumn("debtor_id", t.ref, (c) => c.references("debtors.id"))
        .addColumn("contact_id", t.ref, (c) => c.references("contacts.id"))
        .addColumn("kind", "text", (c) => c.notNull()) // opened | clicked | bounced | complained | unsubscribed
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
        .execute();
      await db.schema.createIndex("tracking_events_action_ix").on("tracking_events").columns(["action_id", "kind"]).execute();
      await db.schema.createIndex("tracking_events_creditor_ix").on("tracking_events").columns(["creditor_id", "at"]).execute();

      await db.schema
        .createTable("email_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();
    },
  };
}
