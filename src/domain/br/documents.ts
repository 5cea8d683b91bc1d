/**
 * CPF (individuals, 11 digits) and CNPJ (companies, 14 characters). Since IN RFB
 * 2.229/2024 a CNPJ may be alphanumeric: positions 1–12 are 0–9 or A–Z, each worth
 * its ASCII code − 48, and the two check digits stay numeric. Hot path of the
 * importer (one call per row): hand-written loops over char codes, no regex.
 */

import { AppError } from "../../shared/app-error.ts";

export type DocumentKind = "cpf" | "cnpj";

export type DocumentValidation =
  | { ok: true; kind: DocumentKind; document: string }
  | { ok: false; reason: string };

export const DOCUMENT_REASONS = {
  empty: "vazio",
  length: "documento deve ter 11 (CPF) ou 14 (CNPJ) caracteres",
  invalidChars: "documento contém caracteres inválidos",
  cpfNotNumeric: "CPF deve conter apenas números",
  cpfRepeated: "CPF inválido (todos os dígitos iguais)",
  cpfCheck: "CPF com dígito verificador inválido",
  cnpjZero: "CNPJ inválido (todos os caracteres zero)",
  cnpjRepeated: "CNPJ inválido (todos os caracteres iguais)",
  cnpjCheckNotNumeric: "CNPJ com dígitos verificadores não numéricos",
  cnpjCheck: "CNPJ com dígito verificador inválido",
} as const;

const CH_0 = 48;
const CH_9 = 57;
const CH_A = 65;
const CH_Z = 90;

function isSeparator(c: number): boolean {
  // space, tab, NBSP, '.', '/', '-' (also the typographic dashes a copy-paste brings)
  return c === 32 || c === 9 || c === 160 || c === 46 || c === 47 || c === 45 || c === 0x2013 || c === 0x2014;
}

/** Strips spaces, dots, slashes and dashes and uppercases: "12.abc.345/01de-35" → "12ABC34501DE35". */
export function normalizeDocument(raw: string): string {
  let clean = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isSeparator(c) || (c >= 97 && c <= 122)) {
      clean = false;
      break;
    }
  }
  if (clean) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isSeparator(c)) continue;
    out += c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : raw[i];
  }
  return out;
}

/** The two CPF check digits of the first 9 digits of `d` (char codes), as one number 0..99. */
function cpfCheckDigits(d: string): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < 9; i++) {
    const v = d.charCodeAt(i) - CH_0;
    s1 += v * (10 - i);
    s2 += v * (11 - i);
  }
  let r1 = s1 % 11;
  r1 = r1 < 2 ? 0 : 11 - r1;
  s2 += r1 * 2;
  let r2 = s2 % 11;
  r2 = r2 < 2 ? 0 : 11 - r2;
  return r1 * 10 + r2;
}

const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** The two CNPJ check digits of the first 12 characters (0–9, A–Z; value = code − 48). */
function cnpjCheckDigits(d: string): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < 12; i++) {
    const v = d.charCodeAt(i) - CH_0;
    s1 += v * CNPJ_W1[i]!;
    s2 += v * CNPJ_W2[i]!;
  }
  let r1 = s1 % 11;
  r1 = r1 < 2 ? 0 : 11 - r1;
  s2 += r1 * 2;
  let r2 = s2 % 11;
  r2 = r2 < 2 ? 0 : 11 - r2;
  return r1 * 10 + r2;
}

function allSame(d: string): boolean {
  const first = d.charCodeAt(0);
  for (let i = 1; i < d.length; i++) if (d.charCodeAt(i) !== first) return false;
  return true;
}

function validateCpfDigits(d: string): DocumentValidation {
  if (allSame(d)) return { ok: false, reason: DOCUMENT_REASONS.cpfRepeated };
  const dv = (d.charCodeAt(9) - CH_0) * 10 + (d.charCodeAt(10) - CH_0);
  if (cpfCheckDigits(d) !== dv) return { ok: false, reason: DOCUMENT_REASONS.cpfCheck };
  return { ok: true, kind: "cpf", document: d };
}

function validateCnpjChars(d: string): DocumentValidation {
  const c12 = d.charCodeAt(12);
  const c13 = d.charCodeAt(13);
  if (c12 < CH_0 || c12 > CH_9 || c13 < CH_0 || c13 > CH_9) {
    return { ok: false, reason: DOCUMENT_REASONS.cnpjCheckNotNumeric };
  }
  if (allSame(d)) {
    return { ok: false, reason: d.charCodeAt(0) === CH_0 ? DOCUMENT_REASONS.cnpjZero : DOCUMENT_REASONS.cnpjRepeated };
  }
  const dv = (c12 - CH_0) * 10 + (c13 - CH_0);
  if (cnpjCheckDigits(d) !== dv) return { ok: false, reason: DOCUMENT_REASONS.cnpjCheck };
  return { ok: true, kind: "cnpj", document: d };
}

const ZEROS = "00000";

/**
 * Validates a CPF or CNPJ (any punctuation, any case) and returns it normalised.
 * Spreadsheets drop leading zeros of numbers: a purely numeric input of 9–10 digits is
 * read as a CPF left-padded with zeros, and 12–13 digits as a CNPJ left-padded, but ONLY
 * when the padded value passes the check digits; otherwise the length error stands.
 */
export function validateDocument(raw: string): DocumentValidation {
  const d = normalizeDocument(raw);
  const n = d.length;
  if (n === 0) return { ok: false, reason: DOCUMENT_REASONS.empty };
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = d.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) digits++;
    else if (c < CH_A || c > CH_Z) return { ok: false, reason: DOCUMENT_REASONS.invalidChars };
  }
  const numeric = digits === n;
  if (n === 11) return numeric ? validateCpfDigits(d) : { ok: false, reason: DOCUMENT_REASONS.cpfNotNumeric };
  if (n === 14) return validateCnpjChars(d);
  if (numeric && (n === 9 || n === 10)) {
    const padded = ZEROS.slice(0, 11 - n) + d;
    const v = validateCpfDigits(padded);
    if (v.ok) return v;
  }
  if (numeric && (n === 12 || n === 13)) {
    const padded = ZEROS.slice(0, 14 - n) + d;
    const v = validateCnpjChars(padded);
    if (v.ok) return v;
  }
  return { ok: false, reason: DOCUMENT_REASONS.length };
}

/** True when `raw` is a valid CPF or CNPJ (see validateDocument). */
export function isValidDocument(raw: string): boolean {
  return validateDocument(raw).ok;
}

/** Masks a document: 529.982.247-25, 11.222.333/0001-81, 12.ABC.345/01DE-35; other lengths come back normalised. */
export function formatDocument(doc: string): string {
  const d = normalizeDocument(doc);
  if (d.length === 11) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
  if (d.length === 14) return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
  return d;
}

/** Appends the two check digits to a 9-digit CPF base: "529982247" → "52998224725". */
export function completeCpf(base9: string): string {
  if (base9.length !== 9) throw new AppError("invalid_input", `base de CPF deve ter 9 dígitos: ${base9}`);
  const dv = cpfCheckDigits(base9);
  return base9 + (dv < 10 ? "0" : "") + String(dv);
}

/** Appends the two check digits to a 12-character CNPJ base (0–9, A–Z): "12ABC34501DE" → "12ABC34501DE35". */
export function completeCnpj(base12: string): string {
  if (base12.length !== 12) throw new AppError("invalid_input", `base de CNPJ deve ter 12 caracteres: ${base12}`);
  const dv = cnpjCheckDigits(base12);
  return base12 + (dv < 10 ? "0" : "") + String(dv);
}

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function pick(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** A valid random CPF (11 digits, unformatted) drawn from `random` (uniform in [0, 1)). */
export function generateCpf(random: () => number): string {
  let base = "";
  for (let i = 0; i < 9; i++) base += String.fromCharCode(CH_0 + pick(random, 10));
  // all-same bases are invalid: change the last digit instead of drawing again, so a
  // degenerate generator cannot loop forever
  if (allSame(base)) base = base.slice(0, 8) + String((base.charCodeAt(8) - CH_0 + 1) % 10);
  return completeCpf(base);
}

/**
 * A valid random CNPJ (14 characters, unformatted). Branch (filial) is 0001 most of the
 * time, as in real portfolios; with `alphanumeric` the root and branch mix digits and letters.
 */
export function generateCnpj(random: () => number, options: { alphanumeric?: boolean } = {}): string {
  const alphabet = options.alphanumeric ? 36 : 10;
  let base = "";
  for (let i = 0; i < 8; i++) base += ALNUM[pick(random, alphabet)];
  if (random() < 0.8) base += "0001";
  else for (let i = 0; i < 4; i++) base += ALNUM[pick(random, alphabet)];
  if (allSame(base)) base = base.slice(0, 11) + (base[11] === "1" ? "2" : "1");
  return completeCnpj(base);
}
