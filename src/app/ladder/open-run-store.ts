import type { Database } from "../../db/database.ts";
import { postgresRunStore } from "./postgres-run-store.ts";
import type { RunStore } from "./run-store.ts";
import { sqliteRunStore } from "./sqlite-run-store.ts";

/** The run store of the database's dialect, scoped to one creditor. */
export async function openRunStore(database: Database, creditorId: string): Promise<RunStore> {
  return database.dialect === "sqlite" ? sqliteRunStore(database, creditorId) : postgresRunStore(database.pool, creditorId);
}
