/**
 * Monthly variations of a correction index (IPCA, INPC, IGP-M…) as the statistics
 * offices publish them: a CSV `mes;variacao` with months `MM/AAAA` or `AAAA-MM` and the
 * variation in percent with a decimal comma ("0,56" = 0,56 % = 5600 ppm).
 */

import { CsvParser } from "../import/csv-parser.ts";

export type IndexValue = { month: string; variationPpm: number };
export type IndexRowIssue = { line: number; field: string; reason: string };
export type IndexCsvParse = { ok: true; values: IndexValue[] } | { ok: false; errors: IndexRowIssue[] };

const MONTH_BR = /^(\d{1,2})\/(\d{4})$/;
const MONTH_ISO = /^(\d{4})-(\d{2})$/;
const VARIATION = /^([+-]?)(\d{1,4})(?:[.,](\d{1,4}))?\s*%?$/;
const HEADER_WORDS = new Set(["mes", "mês", "month", "competencia", "competência", "data", "periodo", "período"]);

/** "03/2025", "3/2025" or "2025-03" → "2025-03"; null when not a month of 1900–2199. */
export function parseIndexMonth(raw: string): string | null {
  const s = raw.trim();
  let y: number;
  let m: number;
  const br = MONTH_BR.exec(s);
  const iso = br ? null : MONTH_ISO.exec(s);
  if (br) {
    m = Number(br[1]);
    y = Number(br[2]);
  } else if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
  } else {
    return null;
  }
  if (m < 1 || m > 12 || y < 1900 || y > 2199) return null;
  return `${y}-${m < 10 ? `0${m}` : m}`;
}

/** "0,56" → 5600 ppm, "-0,1" → −1000, "1.2345" → 12345; null when not a percentage above −100 % with up to 4 decimals. */
export function parseVariationPercent(raw: string): number | null {
  const match = VARIATION.exec(raw.trim());
  if (!match) return null;
  const frac = (match[3] ?? "").padEnd(4, "0");
  const ppm = Number(match[2]) * 10_000 + Number(frac);
  if (match[1] === "-") return ppm >= 1_000_000 ? null : ppm === 0 ? 0 : -ppm;
  return ppm;
}

/** Formats ppm as a Brazilian percentage without trailing zeros beyond 2 decimals: 5600 → "0,56", −1000 → "-0,10", 12345 → "1,2345". */
export function formatVariationPercent(ppm: number): string {
  const sign = ppm < 0 ? "-" : "";
  const abs = Math.abs(ppm);
  const int = Math.floor(abs / 10_000);
  let frac = String(abs % 10_000).padStart(4, "0");
  while (frac.length > 2 && frac.endsWith("0")) frac = frac.slice(0, -1);
  return `${sign}${int},${frac}`;
}

/**
 * Parses the whole file; any bad row makes it fail with every issue (line, field, why),
 * so the caller stores all or nothing. An optional header line ("mes;variacao") and
 * blank lines are skipped; a month may appear only once.
 */
export function parseIndexCsv(text: string): IndexCsvParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.indexOf("\n") >= 0 ? body.indexOf("\n") : body.length);
  const delimiter = firstLine.includes(";") || !firstLine.includes("\t") ? ";" : "\t";
  const parser = new CsvParser(delimiter);
  const records = [...parser.push(body), ...parser.end()];
  const errors: IndexRowIssue[] = [];
  const values: IndexValue[] = [];
  const seen = new Map<string, number>();
  let first = true;
  for (const { line, cells } of records) {
    if (cells.every((c) => c.trim() === "")) continue;
    if (first) {
      first = false;
      if (HEADER_WORDS.has(cells[0]!.trim().toLowerCase())) continue;
    }
    if (cells.length !== 2) {
      errors.push({ line, field: "linha", reason: `esperadas 2 colunas (mes;variacao), encontradas ${cells.length}` });
      continue;
    }
    const month = parseIndexMonth(cells[0]!);
    const ppm = parseVariationPercent(cells[1]!);
    if (month === null) errors.push({ line, field: "mes", reason: `mês inválido (use MM/AAAA ou AAAA-MM): "${cells[0]!.trim()}"` });
    if (ppm === null) errors.push({ line, field: "variacao", reason: `variação inválida (percentual como 0,56, até 4 casas, acima de -100): "${cells[1]!.trim()}"` });
    if (month === null || ppm === null) continue;
    const earlier = seen.get(month);
    if (earlier !== undefined) {
      errors.push({ line, field: "mes", reason: `mês ${month} repetido (já na linha ${earlier})` });
      continue;
    }
    seen.set(month, line);
    values.push({ month, variationPpm: ppm });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (values.length === 0) return { ok: false, errors: [{ line: 1, field: "arquivo", reason: "nenhuma linha de dados" }] };
  values.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return { ok: true, values };
}
