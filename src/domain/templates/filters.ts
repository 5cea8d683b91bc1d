/**
 * The pt-BR filters of message templates. Every filter is total: whatever value a
 * variable holds (null, an object, a malformed date), it returns a string or number and
 * never throws, so a message renders even when the data is odd.
 */

import { addDays, formatDateBr, isValidIsoDate } from "../br/dates.ts";
import { formatCents, formatCentsPlain } from "../br/money.ts";
import { formatDocument, normalizeDocument } from "../br/documents.ts";

const MONTHS = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"];

/** `String(v)` that never throws (objects without a prototype, throwing toString). */
export function safeString(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  try {
    return String(v);
  } catch {
    return "";
  }
}

/** An integer number of centavos from a number or a digit string, or null. */
function centsOf(v: unknown): number | null {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && /^\s*-?\d{1,16}\s*$/.test(v)) n = Number(v);
  else return null;
  if (!Number.isFinite(n)) return null;
  n = Math.round(n);
  return Number.isSafeInteger(n) ? n : null;
}

/** A `YYYY-MM-DD` date from a date string or the date part of an ISO instant, or null. */
function isoDateOf(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const d = v.length > 10 && v[10] === "T" ? v.slice(0, 10) : v;
  return isValidIsoDate(d) ? d : null;
}

/** Centavos → "R$ 1.234,56"; anything that is not an integer amount → "". */
export function money(v: unknown): string {
  const cents = centsOf(v);
  return cents === null ? "" : formatCents(cents);
}

/** Centavos → "1.234,56" (without the currency sign). */
export function moneyPlain(v: unknown): string {
  const cents = centsOf(v);
  return cents === null ? "" : formatCentsPlain(cents);
}

/** "2025-05-10" → "10/05/2025"; anything else comes back as text, unchanged. */
export function dateBr(v: unknown): string {
  const d = isoDateOf(v);
  return d === null ? safeString(v) : formatDateBr(d);
}

/** "2025-05-10" → "10 de maio de 2025" (letters). */
export function dateLong(v: unknown): string {
  const d = isoDateOf(v);
  if (d === null) return safeString(v);
  const day = Number(d.slice(8, 10));
  return `${day === 1 ? "1º" : day} de ${MONTHS[Number(d.slice(5, 7)) - 1]} de ${d.slice(0, 4)}`;
}

/** "2025-05-10" | 10 → "2025-05-20", for deadlines: `{{ today | add_days: 10 | date }}`. */
export function plusDays(v: unknown, n: unknown): string {
  const d = isoDateOf(v);
  const days = typeof n === "number" ? n : typeof n === "string" ? Number(n) : NaN;
  if (d === null || !Number.isInteger(days) || Math.abs(days) > 36_600) return safeString(v);
  return addDays(d, days);
}

/** 1 → "1 dia", 12 → "12 dias", 0 → "0 dias" (singular only for ±1). */
export function days(v: unknown): string {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n)) return "";
  return `${n} ${Math.abs(n) === 1 ? "dia" : "dias"}`;
}

/** `count | plural: "título", "títulos"` → the word for that count (singular only for ±1). */
export function plural(v: unknown, singular: unknown, pluralForm: unknown): string {
  const n = typeof v === "number" ? v : Array.isArray(v) ? v.length : Number(safeString(v));
  return Math.abs(n) === 1 ? safeString(singular) : safeString(pluralForm);
}

/**
 * Masks a CPF as the Brazilian government publishes it: 123.456.789-09 → "***.456.789-**".
 * A CNPJ keeps its root (the company, public anyway) and hides the branch and check
 * digits: 11.222.333/0001-81 → "11.222.333/****-**". Other values → "".
 */
export function maskDocument(v: unknown): string {
  const raw = safeString(v);
  if (raw.includes("*")) return raw; // already masked (the context gives debtor.document masked)
  const d = normalizeDocument(raw);
  if (d.length === 11) return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
  if (d.length === 14) return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/****-**`;
  return "";
}

/** 11222333000181 → "11.222.333/0001-81"; 52998224725 → "529.982.247-25". */
export function formatDocumentFilter(v: unknown): string {
  const raw = safeString(v);
  return raw === "" ? "" : formatDocument(raw);
}

const LOWER_PARTICLES = new Set(["da", "das", "de", "do", "dos", "e", "di", "du", "del", "van", "von"]);
const KEEP_UPPER = new Set(["ltda", "me", "epp", "eireli", "s/a", "s.a.", "sa", "ss"]);

/**
 * "MARIA DA SILVA" → "Maria da Silva"; names already in mixed case are kept as written.
 * Company suffixes stay as Brazilians write them: "PADARIA BOM PÃO LTDA" → "Padaria Bom Pão Ltda".
 */
export function properName(v: unknown): string {
  const name = safeString(v).trim().replace(/\s+/g, " ");
  if (name === "" || name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(" ")
    .map((w, i) => {
      if (i > 0 && LOWER_PARTICLES.has(w)) return w;
      if (KEEP_UPPER.has(w)) return w === "ltda" || w === "eireli" ? w[0]!.toUpperCase() + w.slice(1) : w.toUpperCase();
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join(" ");
}

/** "MARIA DA SILVA" → "Maria". */
export function firstName(v: unknown): string {
  return properName(v).split(" ")[0] ?? "";
}

/** The pt-BR filters, by the name templates use. */
export const PT_BR_FILTERS: Record<string, (value: unknown, ...args: unknown[]) => string> = {
  money,
  money_plain: moneyPlain,
  date: dateBr,
  date_long: dateLong,
  add_days: (v, n) => plusDays(v, n),
  days,
  plural: (v, s, p) => plural(v, s, p),
  mask_document: maskDocument,
  format_document: formatDocumentFilter,
  proper_name: properName,
  first_name: firstName,
};

/** One-line documentation of each filter, in Portuguese, for the help and the UI. */
export const FILTER_DOCS: Record<string, string> = {
  money: "centavos → valor em reais: {{ totals.totalCents | money }} → R$ 1.234,56",
  money_plain: "centavos → valor sem o símbolo: 1.234,56",
  date: "data AAAA-MM-DD → dd/mm/aaaa: {{ debt.dueDate | date }} → 10/05/2025",
  date_long: "data por extenso: {{ today | date_long }} → 2 de junho de 2025",
  add_days: "soma dias a uma data: {{ today | add_days: 10 | date }}",
  days: "número de dias com plural: {{ debt.daysLate | days }} → 1 dia, 12 dias",
  plural: 'escolhe singular ou plural: {{ totals.count | plural: "título", "títulos" }}',
  mask_document: "mascara CPF/CNPJ: ***.456.789-**",
  format_document: "formata CPF/CNPJ: 11.222.333/0001-81",
  proper_name: "nome em maiúsculas → Maria da Silva",
  first_name: "primeiro nome: Maria",
};
