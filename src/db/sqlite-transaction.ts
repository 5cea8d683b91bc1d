import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Schema } from "./schema.ts";

/**
 * Runs `fn` in a transaction opened on the better-sqlite3 driver itself (the bulk paths'
 * prepared statements: import, ladder run), holding Kysely's only connection meanwhile.
 *
 * SQLite has one connection per process here. Without the hold, a query another request
 * sends through Kysely while `fn` awaits (the import reads its file between batches) would
 * run inside this transaction: rolled back with it (a dry run always rolls back, losing that
 * request's write) or failing with "cannot start a transaction within a transaction". With
 * it, such queries wait their turn and run after the COMMIT or ROLLBACK. `fn` must therefore
 * not query through Kysely itself: it would wait for its own transaction forever.
 */
export function sqliteTransaction<T>(
  handle: { db: Kysely<Schema>; sqlite: BetterSqlite3.Database },
  mode: "DEFERRED" | "IMMEDIATE",
  fn: () => Promise<T>,
): Promise<T> {
  const { db, sqlite } = handle;
  return db.connection().execute(async () => {
    sqlite.exec(`BEGIN ${mode}`);
    try {
      const result = await fn();
      sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw error;
    }
  });
}
