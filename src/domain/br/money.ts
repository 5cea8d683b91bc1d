/**
 * Amounts as Brazilian spreadsheets write them, parsed to integer centavos with exact
 * integer arithmetic (never parseFloat), and formatted back.
 */

import { AppError } from "../../shared/app-error.ts";

export type AmountParse = { ok: true; cents: number } | { ok: false; reason: string };

export const AMOUNT_REASONS = {
  empty: "vazio",
  negative: "valor negativo",
  invalidChars: "valor contém caracteres inválidos",
  format: "formato de valor inválido",
  decimals: "mais de 2 casas decimais",
  grouping: "separador de milhar mal posicionado",
  tooLarge: "valor grande demais",
} as const;

const CH_0 = 48;
const CH_9 = 57;
const DOT = 46;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 160 || c === 0x202f;
}

/** Checks that digits in [from, to) split by `sep` form groups 1–3,3,3…; returns digit value or -1. */
function groupedValue(s: string, from: number, to: number, sep: number): number {
  let value = 0;
  let groupLen = 0;
  let groups = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === sep) {
      if (groupLen === 0 || groupLen > 3 || (groups > 0 && groupLen !== 3)) return -1;
      groups++;
      groupLen = 0;
    } else {
      value = value * 10 + (c - CH_0);
      groupLen++;
    }
  }
  if (groupLen === 0 || (groups > 0 && groupLen !== 3)) return -1;
  return value;
}

function plainValue(s: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (s.charCodeAt(i) - CH_0);
  return value;
}

function withDecimals(intValue: number, s: string, from: number, to: number): AmountParse {
  const n = to - from;
  if (n === 0) return { ok: false, reason: AMOUNT_REASONS.format };
  if (n > 2) return { ok: false, reason: AMOUNT_REASONS.decimals };
  const frac = n === 1 ? (s.charCodeAt(from) - CH_0) * 10 : (s.charCodeAt(from) - CH_0) * 10 + (s.charCodeAt(from + 1) - CH_0);
  return finish(intValue, frac);
}

function finish(intValue: number, frac: number): AmountParse {
  // intValue may have lost precision if huge, but then it is far above the bound anyway.
  if (intValue > (Number.MAX_SAFE_INTEGER - frac) / 100) return { ok: false, reason: AMOUNT_REASONS.tooLarge };
  return { ok: true, cents: intValue * 100 + frac };
}

/**
 * Parses "1.234,56", "1234,56", "1234.56", "R$ 1.234,56", "1234", "1,5" (= 150),
 * "1,234.56" (English thousands) to centavos. When both separators occur, the last one is
 * the decimal separator. A lone "." followed by exactly 3 digits with at most 3 digits
 * before it ("1.234") is a Brazilian thousands separator: 123400. A lone "," is always
 * decimal. Several equal separators are thousands ("1.234.567"). Zero is returned as
 * cents 0 (the caller decides); negatives, letters and > 2 decimals are rejected.
 */
export function parseAmountToCents(raw: string): AmountParse {
  let start = 0;
  let end = raw.length;
  while (start < end && isSpace(raw.charCodeAt(start))) start++;
  while (end > start && isSpace(raw.charCodeAt(end - 1))) end--;
  if (start === end) return { ok: false, reason: AMOUNT_REASONS.empty };

  let c = raw.charCodeAt(start);
  if (c === 45 || c === 40 || c === 0x2212) return { ok: false, reason: AMOUNT_REASONS.negative };
  if (c === 82 || c === 114) {
    // "R$" / "r$", then optional spaces (Intl puts a NBSP there)
    if (raw.charCodeAt(start + 1) !== 36) return { ok: false, reason: AMOUNT_REASONS.invalidChars };
    start += 2;
    while (start < end && isSpace(raw.charCodeAt(start))) start++;
    if (start === end) return { ok: false, reason: AMOUNT_REASONS.empty };
    c = raw.charCodeAt(start);
    if (c === 45 || c === 0x2212) return { ok: false, reason: AMOUNT_REASONS.negative };
  }
  if (raw.charCodeAt(end - 1) === 45 || raw.charCodeAt(end - 1) === 41) return { ok: false, reason: AMOUNT_REASONS.negative };

  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = start; i < end; i++) {
    c = raw.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) continue;
    if (c === DOT) {
      dots++;
      lastDot = i;
    } else if (c === COMMA) {
      commas++;
      lastComma = i;
    } else {
      return { ok: false, reason: AMOUNT_REASONS.invalidChars };
    }
  }
  const first = raw.charCodeAt(start);
  if (first === DOT || first === COMMA) return { ok: false, reason: AMOUNT_REASONS.format };

  if (dots === 0 && commas === 0) return finish(plainValue(raw, start, end), 0);

  if (dots > 0 && commas > 0) {
    const decimalAt = lastDot > lastComma ? lastDot : lastComma;
    const decimalSep = raw.charCodeAt(decimalAt);
    if ((decimalSep === DOT ? dots : commas) > 1) return { ok: false, reason: AMOUNT_REASONS.grouping };
    const thousandsSep = decimalSep === DOT ? COMMA : DOT;
    const intValue = groupedValue(raw, start, decimalAt, thousandsSep);
    if (intValue < 0) return { ok: false, reason: AMOUNT_REASONS.grouping };
    return withDecimals(intValue, raw, decimalAt + 1, end);
  }

  const sep = dots > 0 ? DOT : COMMA;
  const count = dots + commas;
  const at = dots > 0 ? lastDot : lastComma;
  if (count > 1) {
    const intValue = groupedValue(raw, start, end, sep);
    if (intValue < 0) return { ok: false, reason: AMOUNT_REASONS.grouping };
    return finish(intValue, 0);
  }
  const after = end - at - 1;
  if (sep === DOT && after === 3) {
    if (at - start > 3) return { ok: false, reason: AMOUNT_REASONS.decimals };
    return finish(plainValue(raw, start, at) * 1000 + plainValue(raw, at + 1, end), 0);
  }
  return withDecimals(plainValue(raw, start, at), raw, at + 1, end);
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new AppError("invalid_input", `valor em centavos não é um inteiro seguro: ${cents}`);
}

function groupThousands(intPart: number): string {
  const s = String(intPart);
  if (s.length <= 3) return s;
  let out = "";
  const head = s.length % 3;
  if (head > 0) out = s.slice(0, head);
  for (let i = head; i < s.length; i += 3) out += (out ? "." : "") + s.slice(i, i + 3);
  return out;
}

function splitCents(cents: number): { sign: string; reais: number; frac: string } {
  assertCents(cents);
  const abs = Math.abs(cents);
  const rest = abs % 100;
  return { sign: cents < 0 ? "-" : "", reais: (abs - rest) / 100, frac: rest < 10 ? `0${rest}` : String(rest) };
}

/** 123456 → "R$ 1.234,56" (regular space); −100 → "-R$ 1,00". */
export function formatCents(cents: number): string {
  const { sign, reais, frac } = splitCents(cents);
  return `${sign}R$ ${groupThousands(reais)},${frac}`;
}

/** 123456 → "1.234,56"; −100 → "-1,00". */
export function formatCentsPlain(cents: number): string {
  const { sign, reais, frac } = splitCents(cents);
  return `${sign}${groupThousands(reais)},${frac}`;
}

/** 123456 → "1234.56" (machine format: CSV exports, APIs, CNAB). */
export function centsToDecimalString(cents: number): string {
  const { sign, reais, frac } = splitCents(cents);
  return `${sign}${reais}.${frac}`;
}
