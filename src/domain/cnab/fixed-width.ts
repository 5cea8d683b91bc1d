import { invalid } from "../../shared/app-error.ts";
import { MAX_CNAB_ERRORS, type CnabError } from "./cnab-types.ts";

/**
 * Reading and writing fixed-width fields. Positions are 1-based and inclusive, as
 * in the bank manuals. Readers scan char codes in place: no regex and no slice per
 * field, so a 400,000-line file parses in well under a second.
 */

/** Errors of one parse, capped at MAX_CNAB_ERRORS. */
export class LineErrors {
  readonly list: CnabError[] = [];
  truncated = false;

  add(line: number, reason: string): void {
    if (this.list.length < MAX_CNAB_ERRORS) this.list.push({ line, reason });
    else this.truncated = true;
  }

  get count(): number {
    return this.list.length;
  }

  /** The errors, with a last note when some were left out. */
  result(lastLine: number): CnabError[] {
    return this.truncated
      ? [...this.list, { line: lastLine, reason: `outros erros omitidos (mostrando os primeiros ${MAX_CNAB_ERRORS})` }]
      : this.list;
  }
}

/**
 * A return file held as one string plus the offset of each line: fields are read
 * in place, so a 400,000-line file does not become 400,000 line strings.
 */
export type CnabText = { text: string; starts: number[] };

/** Non-negative integer at positions [start, end] of the line at offset `o`; -1 (and an error) when not all digits. */
export function readNumber(text: string, o: number, start: number, end: number, label: string, lineNo: number, errors: LineErrors): number {
  let value = 0;
  for (let i = o + start - 1; i < o + end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) {
      errors.add(lineNo, `campo "${label}" (posições ${start}–${end}) não numérico: "${text.slice(o + start - 1, o + end)}"`);
      return -1;
    }
    value = value * 10 + c;
  }
  return value;
}

/** Money in cents (the fields are 9(n)V99, i.e. already centavos); 0 on error. */
export function readCents(text: string, o: number, start: number, end: number, label: string, lineNo: number, errors: LineErrors): number {
  const value = readNumber(text, o, start, end, label, lineNo, errors);
  return value < 0 ? 0 : value;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeap(year) ? 29 : (DAYS[month - 1] as number);
  return day <= max;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

// Return files repeat a handful of dates hundreds of thousands of times: build each ISO string once.
const DATE8_CACHE = new Map<number, string>();
const DATE6_CACHE = new Map<number, string>();
const DATE_CACHE_MAX = 50_000;

/** Two-digit code strings "00".."99", shared instead of sliced per record. */
export const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => pad(i, 2));

/** Two characters at `start` (1-based): the shared "00".."99" string when digits, else a slice. */
export function readCode2(text: string, o: number, start: number): string {
  const a = text.charCodeAt(o + start - 1) - 48;
  const b = text.charCodeAt(o + start) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? (TWO_DIGITS[a * 10 + b] as string) : text.slice(o + start - 1, o + start + 1);
}

/** DDMMAAAA (CNAB 240) → YYYY-MM-DD; all zeros → null. */
export function readDate8(text: string, o: number, start: number, label: string, lineNo: number, errors: LineErrors): string | null {
  return readDate(text, o, start, 8, label, lineNo, errors);
}

/** DDMMAA (CNAB 400) → YYYY-MM-DD with years 00–69 in 2000–2069 and 70–99 in 1970–1999; zeros → null. */
export function readDate6(text: string, o: number, start: number, label: string, lineNo: number, errors: LineErrors): string | null {
  return readDate(text, o, start, 6, label, lineNo, errors);
}

function readDate(text: string, o: number, start: number, width: 6 | 8, label: string, lineNo: number, errors: LineErrors): string | null {
  const end = start + width - 1;
  let value = 0;
  for (let i = o + start - 1; i < o + end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) {
      errors.add(lineNo, `data "${label}" (posições ${start}–${end}) não numérica: "${text.slice(o + start - 1, o + end)}"`);
      return null;
    }
    value = value * 10 + c;
  }
  if (value === 0) return null;
  const cache = width === 8 ? DATE8_CACHE : DATE6_CACHE;
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  let day: number;
  let month: number;
  let year: number;
  if (width === 8) {
    day = Math.floor(value / 1_000_000);
    month = Math.floor(value / 10_000) % 100;
    year = value % 10_000;
  } else {
    day = Math.floor(value / 10_000);
    month = Math.floor(value / 100) % 100;
    const yy = value % 100;
    year = yy < 70 ? 2000 + yy : 1900 + yy;
  }
  if (!isValidDate(year, month, day)) {
    errors.add(lineNo, `data "${label}" (posições ${start}–${end}) inválida: "${text.slice(o + start - 1, o + end)}"`);
    return null;
  }
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (cache.size < DATE_CACHE_MAX) cache.set(value, iso);
  return iso;
}

/** Nosso número at [start, end]: spaces trimmed, leading zeros removed ("0" when it was only zeros). */
export function readOurNumber(text: string, o: number, start: number, end: number): string {
  let i = o + start - 1;
  let j = o + end;
  while (i < j && text.charCodeAt(i) === 32) i++;
  while (j > i && text.charCodeAt(j - 1) === 32) j--;
  const hadDigits = i < j;
  while (i < j && text.charCodeAt(i) === 48) i++;
  return i < j ? text.slice(i, j) : hadDigits ? "0" : "";
}

/** Zero-padded number of exactly `width` digits; throws when it does not fit. */
export function numField(value: number, width: number, label: string): string {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(label, `valor inválido ${value} (inteiro não negativo esperado)`);
  const s = String(value);
  if (s.length > width) throw invalid(label, `${value} não cabe em ${width} dígitos`);
  return s.length === width ? s : (ZEROS[width - s.length] as string) + s;
}

const ZEROS: readonly string[] = Array.from({ length: 41 }, (_, i) => "0".repeat(i));

/** Digits-only text right-aligned with zeros; throws when it does not fit or is not digits. */
export function digitsField(value: string, width: number, label: string): string {
  let ok = value.length > 0 && value.length <= width;
  for (let i = 0; ok && i < value.length; i++) {
    const c = value.charCodeAt(i);
    ok = c >= 48 && c <= 57;
  }
  if (!ok) throw invalid(label, `"${value}" deve ter de 1 a ${width} dígitos`);
  return value.length === width ? value : (ZEROS[width - value.length] as string) + value;
}

/** Two-digit movement code; throws otherwise. */
export function movementField(movement: string): string {
  if (!/^\d\d$/.test(movement)) throw invalid("movement", `código de movimento "${movement}" deve ter 2 dígitos`);
  return movement;
}

/** Text left-aligned with spaces, cut to `width`. */
export function textField(value: string, width: number): string {
  return value.length >= width ? value.slice(0, width) : value + " ".repeat(width - value.length);
}

/** YYYY-MM-DD → DDMMAAAA; null → zeros. */
export function date8Field(date: string | null, label: string): string {
  if (date === null) return "00000000";
  let out = DATE8_OUT.get(date);
  if (out === undefined) {
    const [y, m, d] = splitDate(date, label);
    out = `${pad(d, 2)}${pad(m, 2)}${pad(y, 4)}`;
    if (DATE8_OUT.size < DATE_CACHE_MAX) DATE8_OUT.set(date, out);
  }
  return out;
}

/** YYYY-MM-DD → DDMMAA (years 1970–2069 only); null → zeros. */
export function date6Field(date: string | null, label: string): string {
  if (date === null) return "000000";
  let out = DATE6_OUT.get(date);
  if (out === undefined) {
    const [y, m, d] = splitDate(date, label);
    if (y < 1970 || y > 2069) throw invalid(label, `ano ${y} fora do intervalo 1970–2069 do CNAB 400`);
    out = `${pad(d, 2)}${pad(m, 2)}${pad(y % 100, 2)}`;
    if (DATE6_OUT.size < DATE_CACHE_MAX) DATE6_OUT.set(date, out);
  }
  return out;
}

const DATE8_OUT = new Map<string, string>();
const DATE6_OUT = new Map<string, string>();

function splitDate(date: string, label: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const y = Number(match?.[1]);
  const m = Number(match?.[2]);
  const d = Number(match?.[3]);
  if (!match || !isValidDate(y, m, d)) throw invalid(label, `data inválida "${date}" (esperado AAAA-MM-DD)`);
  return [y, m, d];
}

/**
 * Builds a fixed-width line from [start, text] parts given in increasing order;
 * gaps are spaces. Throws if the parts overlap or the line is not `length` long.
 */
export function composeLine(length: number, parts: [number, string][]): string {
  let out = "";
  for (const [start, text] of parts) {
    if (out.length > start - 1) throw new RangeError(`campo na posição ${start} sobrepõe o anterior`);
    if (out.length < start - 1) out += " ".repeat(start - 1 - out.length);
    out += text;
  }
  if (out.length < length) out += " ".repeat(length - out.length);
  if (out.length !== length) throw new RangeError(`linha com ${out.length} posições, esperado ${length}`);
  return out;
}
