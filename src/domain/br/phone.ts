/**
 * Brazilian phone numbers to E.164 (+55 DDD number). Hand-written fast path for every
 * domestic form; libphonenumber-js is consulted only to name a foreign number, which is
 * rejected (the channels we drive only reach Brazilian numbers).
 */

import { parsePhoneNumberFromString } from "libphonenumber-js/min";

export type PhoneNormalization = { ok: true; e164: string; mobile: boolean } | { ok: false; reason: string };

/** The 67 Brazilian area codes (DDD). */
export const DDDS: readonly string[] = [
  "11", "12", "13", "14", "15", "16", "17", "18", "19",
  "21", "22", "24", "27", "28",
  "31", "32", "33", "34", "35", "37", "38",
  "41", "42", "43", "44", "45", "46", "47", "48", "49",
  "51", "53", "54", "55",
  "61", "62", "63", "64", "65", "66", "67", "68", "69",
  "71", "73", "74", "75", "77", "79",
  "81", "82", "83", "84", "85", "86", "87", "88", "89",
  "91", "92", "93", "94", "95", "96", "97", "98", "99",
];

const DDD_SET = new Set(DDDS);

export const PHONE_REASONS = {
  empty: "vazio",
  invalidChars: "telefone contém caracteres inválidos",
  foreign: "apenas números brasileiros",
  nonGeographic: "número não geográfico (0800, 0300, 4004…) não é aceito",
  missingDdd: "falta o DDD",
  tooShort: "número incompleto",
  tooLong: "número com dígitos demais",
  mobile: "celular deve ter 9 dígitos começando com 9",
  landline: "telefone fixo deve ter 8 dígitos começando com 2 a 5",
  fake: "número fictício (dígitos repetidos)",
} as const;

const CH_0 = 48;
const CH_9 = 57;

function isFiller(c: number): boolean {
  // space, tab, NBSP, ( ) - . /
  return c === 32 || c === 9 || c === 160 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47;
}

function fail(reason: string): PhoneNormalization {
  return { ok: false, reason };
}

function foreignReason(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw.trim());
  if (parsed && parsed.countryCallingCode !== "55") {
    return `${PHONE_REASONS.foreign} (+${parsed.countryCallingCode}${parsed.country ? `, ${parsed.country}` : ""})`;
  }
  return PHONE_REASONS.foreign;
}

/** Drops the trunk prefix "0" and, when present, the 2-digit carrier code (0 XX DDD number). */
function stripTrunk(d: string): string {
  if (d.charCodeAt(0) !== CH_0) return d;
  const rest = d.slice(1);
  return rest.length === 12 || rest.length === 13 ? rest.slice(2) : rest;
}

function isNonGeographic(d: string): boolean {
  // 0800/0300/0500/0900 xxx xxxx (11 digits) and 3003/4003/4004/4020… xxxx (8 digits)
  if (d.length === 11 && d.charCodeAt(0) === CH_0 && d.charCodeAt(2) === CH_0 && d.charCodeAt(3) === CH_0) {
    const c = d.charCodeAt(1);
    return c === 51 || c === 53 || c === 56 || c === 57;
  }
  if (d.length === 8 && d.charCodeAt(1) === CH_0 && d.charCodeAt(2) === CH_0) {
    const c = d.charCodeAt(0);
    return c === 51 || c === 52;
  }
  return false;
}

/**
 * Normalises a Brazilian phone: "(11) 98765-4321", "11987654321", "+55 11 98765-4321",
 * "5511987654321", "0xx11 98765-4321", "011 98765-4321", "0 21 11 98765-4321" (carrier
 * code) → "+5511987654321". Landlines have 8 digits starting 2–5, mobiles 9 digits
 * starting with 9. Reasons in Portuguese name what is wrong.
 */
export function normalizePhone(raw: string): PhoneNormalization {
  let d = "";
  let plus = false;
  let xx = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) {
      if (xx === 1) return fail(PHONE_REASONS.invalidChars);
      d += raw[i];
    } else if (isFiller(c)) {
      continue;
    } else if (c === 43 && d.length === 0 && !plus) {
      plus = true;
    } else if ((c === 120 || c === 88) && d === "0" && xx < 2 && !plus) {
      xx++; // "0xx11…": the carrier placeholder
    } else {
      return fail(PHONE_REASONS.invalidChars);
    }
  }
  if (xx === 1) return fail(PHONE_REASONS.invalidChars);
  if (d.length === 0) return fail(plus ? PHONE_REASONS.invalidChars : PHONE_REASONS.empty);

  if (plus) {
    if (!d.startsWith("55")) return fail(foreignReason(raw));
    d = stripTrunk(d.slice(2));
  } else if (isNonGeographic(d)) {
    return fail(PHONE_REASONS.nonGeographic);
  } else if (d.startsWith("00")) {
    // international prefix written out: 00 55 …
    const intl = d.slice(2);
    if (!intl.startsWith("55")) return fail(PHONE_REASONS.foreign);
    d = stripTrunk(intl.slice(2));
  } else if (d.charCodeAt(0) === CH_0) {
    d = stripTrunk(d);
  } else if ((d.length === 12 || d.length === 13) && d.startsWith("55")) {
    d = stripTrunk(d.slice(2));
  }

  const n = d.length;
  if (n === 8 || n === 9) return fail(PHONE_REASONS.missingDdd);
  if (n < 10) return fail(`${PHONE_REASONS.tooShort} (${n} dígitos)`);
  if (n > 11) return fail(`${PHONE_REASONS.tooLong} (${n})`);
  if (d.charCodeAt(0) === CH_0) return fail(`DDD ${d.slice(0, 2)} não existe`);
  const ddd = d.slice(0, 2);
  if (!DDD_SET.has(ddd)) return fail(`DDD ${ddd} não existe`);

  const first = d.charCodeAt(2);
  let mobile: boolean;
  if (n === 11) {
    if (first !== 57) return fail(PHONE_REASONS.mobile);
    mobile = true;
  } else if (first >= 50 && first <= 53) {
    mobile = false;
  } else if (first >= 54) {
    return fail(PHONE_REASONS.mobile); // an old 8-digit mobile without the leading 9
  } else {
    return fail(PHONE_REASONS.landline);
  }
  let same = true;
  const from = mobile ? 4 : 3;
  const ref = d.charCodeAt(from - 1);
  for (let i = from; i < n; i++) {
    if (d.charCodeAt(i) !== ref) {
      same = false;
      break;
    }
  }
  if (same) return fail(PHONE_REASONS.fake);
  return { ok: true, e164: `+55${d}`, mobile };
}

/** "+5511987654321" → "(11) 98765-4321"; "+551132654321" → "(11) 3265-4321"; other input comes back unchanged. */
export function formatPhoneBr(e164: string): string {
  if (!e164.startsWith("+55")) return e164;
  const d = e164.slice(3);
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return e164;
}
