import type { Locale } from "../i18n/locale.ts";

const PT = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;
const EN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Reads an amount typed by a person as integer centavos: "1.234,56", "1234,5", "R$ 10",
 * and the English "1,234.56" or "10.5". Null when it is not an amount (empty, negative,
 * letters, three decimals).
 */
export function parseMoneyInput(text: string): number | null {
  const plain = text.replace(/R\$|\s|\u00a0/g, "");
  const match = PT.exec(plain) ?? EN.exec(plain);
  if (!match) return null;
  const whole = match[1]!.replace(/[.,]/g, "");
  const cents = Number(whole) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Centavos as an input's text: 123456 → "1234,56" (pt-BR) or "1234.56" (en), without grouping so it reads back. */
export function formatMoneyInput(cents: number, locale: Locale = "pt-BR"): string {
  const text = (cents / 100).toFixed(2);
  return locale === "pt-BR" ? text.replace(".", ",") : text;
}

/** A decimal typed by a person ("2,5", "2.5", "0,33"): null when it is not one. */
export function parseDecimalInput(text: string): number | null {
  const plain = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(plain)) return null;
  return Number(plain);
}

/** A number as an input's text in the locale's decimal mark: 2.5 → "2,5" (pt-BR). */
export function formatDecimalInput(value: number, locale: Locale = "pt-BR"): string {
  const text = String(value);
  return locale === "pt-BR" ? text.replace(".", ",") : text;
}
