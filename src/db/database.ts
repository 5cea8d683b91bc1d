import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from "kysely";
import pg from "pg";
import type { Schema } from "./schema.ts";
import { buildMigrations, type Dialect } from "./migrations.ts";
import { SqliteCheckpointer } from "./sqlite-checkpointer.ts";

/**
 * An open database: the Kysely handle for ordinary queries, and the raw driver for the
 * few bulk paths (import) where a prepared statement or COPY is an order of magnitude faster.
 */
export type Database =
  | { dialect: "sqlite"; db: Kysely<Schema>; sqlite: BetterSqlite3.Database; checkpointer: SqliteCheckpointer | null; url: string; close(): Promise<void> }
  | { dialect: "postgres"; db: Kysely<Schema>; pool: pg.Pool; url: string; close(): Promise<void> };

export const DEFAULT_DATABASE_URL = "sqlite:./data/regua.db";

const require = createRequire(import.meta.url);

/**
 * better-sqlite3 12 (node::ObjectWrap) aborts at process exit on Node 24, and 13 (Node-API)
 * segfaults on Node 20: each Node gets the driver that works on it. 13 is an optional
 * dependency installed under the alias `better-sqlite3-napi` where its engines allow.
 */
export function loadSqliteDriver(): { Driver: typeof BetterSqlite3; name: string } {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) {
    try {
      return { Driver: require("better-sqlite3-napi") as typeof BetterSqlite3, name: "better-sqlite3-napi" };
    } catch {
      // Not installed (e.g. installed with --omit=optional): fall back to 12, which works until exit.
    }
  }
  return { Driver: require("better-sqlite3") as typeof BetterSqlite3, name: "better-sqlite3" };
}

let pgTypesSet = false;
function setPgTypes(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // int8 (counts, centavos, ids) fit in a double far beyond any portfolio.
  pg.types.setTypeParser(20, (v) => Number(v));
  // date stays a calendar date string; timestamptz becomes an ISO-8601 UTC string.
  pg.types.setTypeParser(1082, (v) => v);
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
}

/** `DATABASE_URL` → dialect and location. Absent: the embedded SQLite file. */
export function parseDatabaseUrl(url: string | undefined, cwd = process.cwd()): { dialect: Dialect; location: string } {
  const value = url && url.trim() !== "" ? url.trim() : DEFAULT_DATABASE_URL;
  if (value.startsWith("postgres://") || value.startsWith("postgresql://")) return { dialect: "postgres", location: value };
  if (value.startsWith("sqlite:")) {
    const path = value.slice("sqlite:".length);
    return { dialect: "sqlite", location: path === ":memory:" ? path : resolve(cwd, path) };
  }
  throw new Error(`DATABASE_URL não reconhecida: use sqlite:CAMINHO ou postgres://… (recebido "${value}")`);
}

/**
 * Opens (and migrates, unless `migrate: false`) the database at `url`. A SQLite file gets a
 * checkpointer thread (SqliteCheckpointer) unless `checkpointer: false`.
 */
export async function openDatabase(url: string | undefined, options: { cwd?: string; migrate?: boolean; checkpointer?: boolean } = {}): Promise<Database> {
  const { dialect, location } = parseDatabaseUrl(url, options.cwd);
  let database: Database;
  if (dialect === "sqlite") {
    if (location !== ":memory:") mkdirSync(dirname(location), { recursive: true });
    const { Driver, name } = loadSqliteDriver();
    const sqlite = new Driver(location);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 10000");
    // Big batches (a CNAB return, an import) spill statement journals and sorts to temporary
    // files by default: keep them in memory, and give the page cache 64 MiB instead of 2.
    sqlite.pragma("temp_store = MEMORY");
    sqlite.pragma("cache_size = -65536");
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const checkpointer = location !== ":memory:" && options.checkpointer !== false ? new SqliteCheckpointer(sqlite, { path: location, driver: name }) : null;
    database = {
      dialect,
      db,
      sqlite,
      checkpointer,
      url: `sqlite:${location}`,
      async close() {
        await checkpointer?.close();
        await db.destroy();
        // Kysely closes the connection only if it ever used it.
        if (sqlite.open) sqlite.close();
      },
    };
  } else {
    setPgTypes();
    // UTC in the startup packet: a `SET TIME ZONE` issued on connect would be a query nobody
    // awaits, and a pool closed just after connecting would reject it unhandled.
    const pool = new pg.Pool({ connectionString: location, max: 10, options: "-c TimeZone=UTC" });
    // An idle connection the server drops (restart, failover) must not crash the process.
    pool.on("error", (err) => console.warn(`conexão PostgreSQL ociosa perdida: ${err.message}`));
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    database = { dialect, db, pool, url: location, close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrateToLatest(database);
  return database;
}

/**
 * Kysely prepares every query anew, and on SQLite preparing costs as much as running a
 * small query: keep the last statements by their SQL text (a statement still iterating a
 * stream is busy and gets a fresh one).
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 1000): { close(): void; prepare(sql: string): BetterSqlite3.Statement } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrations = buildMigrations(database.dialect);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db: database.db, provider, migrationTableName: "regua_migrations", migrationLockTableName: "regua_migrations_lock" });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
