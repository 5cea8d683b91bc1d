import { AppError } from "../../shared/app-error.ts";
import { isIsoDate } from "./calendar-days.ts";
import { dateOfDayNumber, dayNumber, formatDateBr } from "../br/dates.ts";

/**
 * The due-date factor ("fator de vencimento") is the number of days since a base date.
 * First cycle: base 1997-10-07, so factor 1000 = 2000-07-03 and 9999 = 2025-02-21.
 * On 2025-02-22 the factor restarted at 1000, so the second cycle has 1000 = 2025-02-22.
 * Factor 0000 means the slip carries no due date.
 */
const FIRST_CYCLE_BASE = dayNumber("1997-10-07");
const CYCLE_DAYS = 9000;
const SECOND_CYCLE_START = dayNumber("2025-02-22");

/** The earliest due date a factor can represent (factor 1000 of the first cycle). */
export const MIN_FACTOR_DATE = dateOfDayNumber(FIRST_CYCLE_BASE + 1000);
/** The latest due date a factor can represent (factor 9999 of the second cycle). */
export const MAX_FACTOR_DATE = dateOfDayNumber(FIRST_CYCLE_BASE + 9999 + CYCLE_DAYS);

function checkDate(field: string, value: string): void {
  if (!isIsoDate(value)) {
    throw new AppError("validation", `${field}: data inválida '${value}' (use AAAA-MM-DD)`, [
      { field, reason: "data inválida (use AAAA-MM-DD)" },
    ]);
  }
}

/**
 * The due date of a factor: of the dates the factor stands for in the two cycles, the one
 * nearest `referenceDate` (ties go to the later cycle). Factor 0 → null.
 */
export function dueDateFromFactor(factor: number, referenceDate: string): string | null {
  checkDate("referenceDate", referenceDate);
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) {
    throw new AppError("validation", `fator de vencimento inválido: ${factor} (esperado 0000 a 9999)`);
  }
  if (factor === 0) return null;
  const reference = dayNumber(referenceDate);
  const first = FIRST_CYCLE_BASE + factor;
  const second = first + CYCLE_DAYS;
  return dateOfDayNumber(Math.abs(second - reference) <= Math.abs(first - reference) ? second : first);
}

/**
 * The factor of a due date for making a slip: dates from 2025-02-22 on use the new cycle.
 * Dates outside 2000-07-03 … 2049-… cannot be represented and are refused.
 */
export function factorFromDueDate(dueDate: string): number {
  checkDate("dueDate", dueDate);
  const day = dayNumber(dueDate);
  if (dueDate < MIN_FACTOR_DATE || dueDate > MAX_FACTOR_DATE) {
    const reason = `vencimento ${formatDateBr(dueDate)} fora do intervalo representável pelo fator de vencimento (${formatDateBr(MIN_FACTOR_DATE)} a ${formatDateBr(MAX_FACTOR_DATE)})`;
    throw new AppError("validation", `dueDate: ${reason}`, [{ field: "dueDate", reason }]);
  }
  return day >= SECOND_CYCLE_START ? day - SECOND_CYCLE_START + 1000 : day - FIRST_CYCLE_BASE;
}
