import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_HEADERS, generateDemoRows } from "../../domain/demo/generate-portfolio.ts";
import type { Actor } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { importDebts, type ImportResult } from "./import-debts.ts";
import { writeCsv } from "./write-csv.ts";

export const DEMO_CREDITOR = {
  legalName: "Magazine Horizonte Comércio Varejista S.A.",
  tradeName: "Magazine Horizonte",
  cnpj: "11222333000181",
  address: "Avenida Paulista, 1000, 12º andar, Bela Vista",
  city: "São Paulo",
  state: "SP",
  zip: "01310100",
  sector: "retail",
};

/**
 * Loads a generated demo portfolio through the real importer (the same path a user's
 * file takes), creating the demo creditor when no creditor is given.
 */
export async function loadDemo(deps: AppDeps, actor: Actor, options: { debtors: number; seed: number; creditorId?: string }): Promise<{ creditorId: string; result: ImportResult }> {
  let creditorId = options.creditorId;
  if (!creditorId) {
    const existing = await deps.database.db.selectFrom("creditors").select("id").where("cnpj", "=", DEMO_CREDITOR.cnpj).executeTakeFirst();
    creditorId = existing?.id ?? (await addCreditor(deps, actor, DEMO_CREDITOR)).id;
  }
  const today = deps.clock.now().toISOString().slice(0, 10);
  const dir = mkdtempSync(join(tmpdir(), "regua-demo-"));
  try {
    const path = join(dir, "demo.csv");
    await writeCsv(path, DEMO_HEADERS, generateDemoRows({ debtors: options.debtors, seed: options.seed, today }));
    const result = await importDebts(deps, actor, { creditorId, path, fileName: `demo-seed-${options.seed}.csv` });
    return { creditorId, result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
