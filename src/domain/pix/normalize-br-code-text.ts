/**
 * Makes free text fit a BR Code field: accents removed (NFD, combining marks
 * dropped), only printable ASCII kept (the EMV "ans" set), runs of white space
 * collapsed, then cut to `maxLength` characters and trimmed.
 */
export function normalizeBrCodeText(text: string, maxLength: number): string {
  const decomposed = text.normalize("NFD");
  let out = "";
  let pendingSpace = false;
  for (let i = 0; i < decomposed.length; i++) {
    const code = decomposed.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (code < 0x20 || code > 0x7e) continue; // combining marks and anything outside ASCII
    if (pendingSpace) out += " ";
    pendingSpace = false;
    out += decomposed[i];
  }
  return out.slice(0, maxLength).trimEnd();
}
