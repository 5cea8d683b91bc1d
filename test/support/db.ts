import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database.ts";
import type { Dialect } from "../../src/db/migrations.ts";

/**
 * The dialects a database test runs on: SQLite always; PostgreSQL when the test
 * command started one (REGUA_TEST_PG_URL). `npm test` always sets it and requires it.
 */
export function testDialects(): Dialect[] {
  if (process.env.REGUA_TEST_PG_URL) return ["sqlite", "postgres"];
  if (process.env.REGUA_TEST_REQUIRE_PG) throw new Error("REGUA_TEST_PG_URL ausente: rode os testes com `npm test`.");
  return ["sqlite"];
}

/** A new, empty, migrated database URL of the given dialect, and a function to drop it. */
export async function freshDatabaseUrl(dialect: Dialect): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "regua-test-"));
    return { url: `sqlite:${join(dir, "regua.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.REGUA_TEST_PG_URL!;
  const name = `regua_t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a fresh migrated database; `close()` also drops it. */
export async function freshDatabase(dialect: Dialect): Promise<Database & { cleanup(): Promise<void> }> {
  const { url, drop } = await freshDatabaseUrl(dialect);
  const database = await openDatabase(url);
  return Object.assign(database, {
    cleanup: async () => {
      await database.close();
      await drop();
    },
  });
}
