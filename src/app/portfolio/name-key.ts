/** Letters the name key folds (accented → plain), both cases; with ASCII lower-casing "JOÃO" and "joao" meet. */
const NAME_KEY_FOLDS: readonly (readonly [string, string])[] = [
  ..."áàâãäå".split("").map((c) => [c, "a"] as const), ..."ÁÀÂÃÄÅ".split("").map((c) => [c, "a"] as const),
  ..."éèêë".split("").map((c) => [c, "e"] as const), ..."ÉÈÊË".split("").map((c) => [c, "e"] as const),
  ..."íìîï".split("").map((c) => [c, "i"] as const), ..."ÍÌÎÏ".split("").map((c) => [c, "i"] as const),
  ..."óòôõö".split("").map((c) => [c, "o"] as const), ..."ÓÒÔÕÖ".split("").map((c) => [c, "o"] as const),
  ..."úùûü".split("").map((c) => [c, "u"] as const), ..."ÚÙÛÜ".split("").map((c) => [c, "u"] as const),
  ["ç", "c"], ["Ç", "c"], ["ñ", "n"], ["Ñ", "n"],
];

const FOLDS = new Map<string, string>(NAME_KEY_FOLDS);

/**
 * The debtor name key of `text` (stored in `debtors.name_key` by every writer of names,
 * and applied to search text): ASCII letters lower-cased, Portuguese accents folded,
 * everything else kept. "JOÃO da Silva"
 * → "joao da silva".
 */
export function nameKey(text: string): string {
  let out = "";
  for (const ch of text) {
    const folded = FOLDS.get(ch);
    if (folded !== undefined) out += folded;
    else {
      const code = ch.charCodeAt(0);
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
    }
  }
  return out;
}

/**
 * The smallest string above every string that starts with `prefix`, in binary (code
 * point) order: "maria" → "marib". `key >= prefix AND key < bound` is then a prefix
 * search an index can answer as a range. Null when no such bound exists.
 */
export function prefixUpperBound(prefix: string): string | null {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return null;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}
