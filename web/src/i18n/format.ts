import type { Locale } from "./locale.ts";

// Money is always Brazilian reais; only the number style follows the UI language.
const NUMBER_LOCALE: Record<Locale, string> = { "pt-BR": "pt-BR", en: "en-US" };

const currencyFormats = new Map<Locale, Intl.NumberFormat>();
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats integer centavos as reais: 123456 → "R$ 1.234,56" (pt-BR). */
export function formatCents(cents: number, locale: Locale = "pt-BR"): string {
  let format = currencyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALE[locale], { style: "currency", currency: "BRL" });
    currencyFormats.set(locale, format);
  }
  // Intl separates "R$" with a no-break space; keep it (it must not wrap) but
  // normalise the narrow variant some ICU versions emit.
  return format.format(cents / 100).replace(/\u202f/g, "\u00a0");
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a calendar date "YYYY-MM-DD" without any time-zone shift:
 * "2026-03-10" → "10/03/2026" (pt-BR), "Mar 10, 2026" (en). Anything else is
 * returned unchanged.
 */
export function formatDate(date: string, locale: Locale = "pt-BR"): string {
  const match = DATE_RE.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  if (locale === "pt-BR") return `${day}/${month}/${year}`;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(NUMBER_LOCALE[locale], { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
}

/**
 * Formats a UTC instant (ISO 8601) as a date-time in the viewer's zone, or in
 * `timeZone` when given: "2026-03-10T17:05:00Z" → "10/03/2026 14:05" in São Paulo.
 */
export function formatInstant(at: string, locale: Locale = "pt-BR", timeZone?: string): string {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) return at;
  const cacheKey = `${locale}|${timeZone ?? ""}`;
  let format = instantFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(NUMBER_LOCALE[locale], {
      year: "numeric",
      month: locale === "pt-BR" ? "2-digit" : "short",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: locale === "pt-BR" ? "h23" : "h12",
      ...(timeZone ? { timeZone } : {}),
    });
    instantFormats.set(cacheKey, format);
  }
  // pt-BR ICU data writes "10/03/2026, 14:05" or "10/03/2026 14:05" by version.
  return format.format(instant).replace(/\u202f/g, " ").replace(/^(\d{2}\/\d{2}\/\d{4}),/, "$1");
}

/** Formats a plain count with the locale's grouping: 12345 → "12.345". */
export function formatNumber(value: number, locale: Locale = "pt-BR"): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[locale]).format(value);
}
