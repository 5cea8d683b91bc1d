import { openDatabase, type Database } from "../db/database.ts";
import { readConfig } from "../config.ts";
import type { AppDeps } from "../app/deps.ts";
import type { CliContext } from "./context.ts";

/** Opens (creating and migrating when needed) the database the environment points at. */
export async function openDeps(ctx: CliContext): Promise<AppDeps & { close(): Promise<void> }> {
  const config = readConfig(ctx.env);
  const database: Database = await openDatabase(config.databaseUrl, { cwd: ctx.cwd });
  return { database, clock: ctx.clock, close: () => database.close() };
}

/** Runs `fn` with an open database and always closes it. */
export async function withDeps<T>(ctx: CliContext, fn: (deps: AppDeps) => Promise<T>): Promise<T> {
  const deps = await openDeps(ctx);
  try {
    return await fn(deps);
  } finally {
    await deps.close();
  }
}
