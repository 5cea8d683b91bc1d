import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * The debtor self-service page (`/p/{token}`):
 *
 * - `self_service_keys`: the random key that signs the page links when REGUA_SECRET is not
 *   set (every process of the system shares it through the database).
 * - `self_service_attempts`: every identity check answered on a link (right or wrong). The
 *   lock-out is derived from the wrong ones (per link and per debtor), so it survives a
 *   restart and is shared by every process. `link_id` is a hash of the link, never the link.
 * - `self_service_sessions`: the short-lived session a right answer opens, scoped to one
 *   debtor and one link; only a hash of the cookie's token is stored.
 */
export function selfService(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("self_service_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("self_service_attempts")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("link_id", "text", (c) => c.notNull())
        .addColumn("at", t.instant, (c) => c.notNull())
        .addColumn("ok", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("self_service_attempts_link_ix").on("self_service_attempts").columns(["link_id", "at"]).execute();
      await db.schema.createIndex("self_service_attempts_debtor_ix").on("self_service_attempts").columns(["debtor_id", "at"]).execute();

      await db.schema
        .createTable("self_service_sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id"))
        .addColumn("link_id", "text", (c) => c.notNull())
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addColumn("expires_at", t.instant, (c) => c.notNull())
        .addColumn("ended_at", t.instant)
        .execute();
      await db.schema.createIndex("self_service_sessions_debtor_ix").on("self_service_sessions").columns(["debtor_id"]).execute();
    },
  };
}
