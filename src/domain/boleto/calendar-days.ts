import { isValidIsoDate } from "../br/dates.ts";

/**
 * A real `YYYY-MM-DD` date that boleto code accepts as a reference or due date. Years
 * below 100 are refused, as they always have been here (they are typing slips, not dates).
 */
export function isIsoDate(value: string): boolean {
  return isValidIsoDate(value) && Number(value.slice(0, 4)) >= 100;
}
