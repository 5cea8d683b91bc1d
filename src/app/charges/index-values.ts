import { AppError } from "../../shared/app-error.ts";
import { formatVariationPercent, parseIndexCsv } from "../../domain/charges/parse-index-csv.ts";
import { requirePermission, type Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";

const INDEX_NAME = /^[A-Z][A-Z0-9_-]{1,19}$/;

/** "ipca" → "IPCA"; refuses names that are not 2–20 letters, digits, "-" or "_" (and "NONE"). */
export function normalizeIndexName(raw: string): string {
  const name = raw.trim().toUpperCase();
  if (!INDEX_NAME.test(name) || name === "NONE") {
    throw new AppError("validation", `índice: nome inválido "${raw}" (use letras, dígitos, - ou _, como IPCA ou IGP-M)`, [{ field: "index", reason: "nome inválido" }]);
  }
  return name;
}

function decode(content: Buffer | string): string {
  if (typeof content === "string") return content;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    // Spreadsheets saved on Windows: Windows-1252 (a superset of Latin-1).
    return new TextDecoder("windows-1252").decode(content);
  }
}

export type IndexImportResult = { index: string; imported: number; updated: number; unchanged: number; firstMonth: string; lastMonth: string };

/**
 * Imports an index's monthly variations from CSV `mes;variacao` (admin only). All or
 * nothing: any bad row refuses the file naming line, field and reason. Months already
 * stored with the same value are left alone, so re-importing is idempotent; a revised
 * value replaces the old one.
 */
export async function importIndexValues(deps: AppDeps, actor: Actor, input: { indexName: string; content: Buffer | string; fileName?: string }): Promise<IndexImportResult> {
  requirePermission(actor, "index.manage");
  const index = normalizeIndexName(input.indexName);
  const parsed = parseIndexCsv(decode(input.content));
  if (!parsed.ok) {
    const n = parsed.errors.length;
    throw new AppError("import_rejected", `arquivo do índice ${index} recusado (${n} ${n === 1 ? "erro" : "erros"}); nada foi gravado`, parsed.errors);
  }
  const now = deps.clock.now();
  const result: IndexImportResult = { index, imported: 0, updated: 0, unchanged: 0, firstMonth: parsed.values[0]!.month, lastMonth: parsed.values[parsed.values.length - 1]!.month };
  await deps.database.db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom("index_values").select(["month", "variation_ppm"]).where("index_name", "=", index).execute()).map((r) => [r.month, Number(r.variation_ppm)]),
    );
    for (const v of parsed.values) {
      const old = existing.get(v.month);
      if (old === v.variationPpm) {
        result.unchanged++;
      } else if (old === undefined) {
        await trx.insertInto("index_values").values({ index_name: index, month: v.month, variation_ppm: v.variationPpm, imported_at: now.toISOString() }).execute();
        result.imported++;
      } else {
        await trx.updateTable("index_values").set({ variation_ppm: v.variationPpm, imported_at: now.toISOString() }).where("index_name", "=", index).where("month", "=", v.month).execute();
        result.updated++;
      }
    }
    if (result.imported + result.updated > 0) {
      await recordAudit(trx, actor, now, { action: "index.import", entity: "index", entityId: index, after: { fileName: input.fileName ?? null, ...result } });
    }
  });
  return result;
}

export type IndexValueView = { month: string; variationPpm: number; variationPercent: string };

/** The stored monthly variations of an index, oldest first (any signed-in user: index values are public data). */
export async function listIndexValues(deps: AppDeps, actor: Actor, indexName: string): Promise<{ index: string; items: IndexValueView[] }> {
  requirePermission(actor, "portfolio.read");
  const index = normalizeIndexName(indexName);
  const rows = await deps.database.db.selectFrom("index_values").select(["month", "variation_ppm"]).where("index_name", "=", index).orderBy("month").execute();
  return { index, items: rows.map((r) => ({ month: r.month, variationPpm: Number(r.variation_ppm), variationPercent: formatVariationPercent(Number(r.variation_ppm)) })) };
}

/** True when at least one month of the index is stored. */
export async function hasIndexValues(deps: AppDeps, indexName: string): Promise<boolean> {
  const row = await deps.database.db.selectFrom("index_values").select("id").where("index_name", "=", indexName).limit(1).executeTakeFirst();
  return row !== undefined;
}
