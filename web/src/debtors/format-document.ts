/**
 * Formats a CPF or CNPJ for display: 11 digits → "000.000.000-00"; 14 characters
 * (digits, or the alphanumeric CNPJ from July 2026) → "00.000.000/0000-00".
 * Punctuation in the input is ignored; any other length is returned as given.
 */
export function formatDocument(document: string): string {
  const raw = document.toUpperCase().replace(/[^0-9A-Z]/g, "");
  if (/^\d{11}$/.test(raw)) {
    return `${raw.slice(0, 3)}.${raw.slice(3, 6)}.${raw.slice(6, 9)}-${raw.slice(9)}`;
  }
  if (/^[0-9A-Z]{12}\d{2}$/.test(raw)) {
    return `${raw.slice(0, 2)}.${raw.slice(2, 5)}.${raw.slice(5, 8)}/${raw.slice(8, 12)}-${raw.slice(12)}`;
  }
  return document;
}
