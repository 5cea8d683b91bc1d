/**
 * SMS text in the GSM-7 alphabet. Decision: every SMS is transliterated to plain GSM-7
 * with ALL diacritics stripped ("você" → "voce", "é" → "e"), not only the letters GSM-7
 * lacks. A single "ã" would otherwise switch the whole message to UCS-2 (70 characters
 * per segment instead of 160), and several Brazilian carriers garble even the accented
 * letters GSM-7 does have; stripping them all keeps the text uniform and the cost known.
 */

/** GSM 03.38 basic character set (without the escape character). */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Characters of the extension table: each costs two septets (escape + char). */
const GSM7_EXTENDED = "^{}\\[~]|€\f";

const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

/** Single-segment capacity, and the capacity of each part of a concatenated SMS (UDH takes 7 septets). */
export const SMS_SINGLE_LIMIT = 160;
export const SMS_PART_LIMIT = 153;

const REPLACEMENTS: Record<string, string> = {
  "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
  "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u00b4": "'", "`": "'",
  "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2022": "-", "\u00b7": "-",
  "\u2026": "...", "\u00ba": "o", "\u00aa": "a", "\u00b0": "o",
  "\u00a0": " ", "\u202f": " ", "\t": " ",
};

/**
 * Transliterates text to GSM-7: diacritics stripped, typographic quotes, dashes and
 * ellipses replaced by their ASCII forms, anything else outside the alphabet (emoji,
 * CJK…) dropped.
 */
export function toGsm7(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFD")) {
    if (/\p{M}/u.test(ch)) continue;
    const replaced = REPLACEMENTS[ch];
    if (replaced !== undefined) {
      out += replaced;
      continue;
    }
    if (BASIC.has(ch) || EXTENDED.has(ch)) out += ch;
  }
  return out;
}

/** Length in septets: extension characters count twice. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) n += EXTENDED.has(ch) ? 2 : 1;
  return n;
}

/** True when every character is in the GSM-7 alphabet. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return false;
  return true;
}

/** How many SMS segments a GSM-7 text of `length` septets takes (0 for an empty text). */
export function smsSegments(length: number): number {
  if (length === 0) return 0;
  return length <= SMS_SINGLE_LIMIT ? 1 : Math.ceil(length / SMS_PART_LIMIT);
}
