/** Constants of the BR Code (EMV MPM) as the BCB manual fixes them for Pix. */
export const PIX_GUI = "br.gov.bcb.pix";
export const MERCHANT_NAME_MAX = 25;
export const MERCHANT_CITY_MAX = 15;
export const TXID_MAX = 25;
export const DEFAULT_TXID = "***";
/** Longest value of one EMV field (two-digit length). */
export const FIELD_MAX = 99;
/** Field 54 holds at most 13 characters ("9999999999.99"). */
export const AMOUNT_MAX_LENGTH = 13;

/** One EMV TLV: two-digit id, two-digit length, value. */
export function tlv(id: string, value: string): string {
  if (value.length > FIELD_MAX) throw new RangeError(`campo ${id} com ${value.length} caracteres (máximo ${FIELD_MAX})`);
  return `${id}${String(value.length).padStart(2, "0")}${value}`;
}

/** Cents as the decimal string of field 54: 1000 → "10.00". */
export function formatAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  return `${whole}.${String(fraction).padStart(2, "0")}`;
}
