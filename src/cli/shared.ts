import { openDatabase, type Database } from "../db/database.ts";
import { readConfig } from "../config.ts";
import type { AppDeps } from "../app/deps.ts";
import type { CliContext } from "./context.ts";
import { parseAmountToCents } from "../domain/br/money.ts";
import { invalid } from "../shared/app-error.ts";

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

/**
 * A money option typed by a person — "150", "150,00", "1.234,56", "1,234.56", "R$ 10" —
 * to exact centavos. Zero only where it means something (`allowZero`: "no discount").
 */
export function amountOption(raw: string, flag: string, options: { allowZero?: boolean } = {}): number {
  const parsed = parseAmountToCents(raw);
  if (!parsed.ok) throw invalid(flag, `valor inválido "${raw}": ${parsed.reason} (use por exemplo 150,00 ou 1.234,56)`);
  if (parsed.cents === 0 && !options.allowZero) throw invalid(flag, "o valor deve ser maior que zero");
  return parsed.cents;
}

/** A count and its noun for people: 1 → "1 aviso", 0 or 2 → "2 avisos" (thousands grouped as in pt-BR). */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString("pt-BR")} ${n === 1 ? one : many}`;
}
