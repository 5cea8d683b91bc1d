/**
 * Late charges on an overdue debt — fine (multa), late interest (juros de mora) and
 * monetary correction (correção monetária) — and the imputation of partial payments.
 *
 * The rules, as Brazilian law and courts apply them:
 * - Due date on a weekend or bank holiday (national, the debtor's state, Carnival Monday
 *   and Tuesday, Corpus Christi, last weekday of the year): payment on the next business
 *   day is on time (Lei 7.089/83). Paid or computed on or before that day → nothing is
 *   charged and daysLate is 0; later → every charge and daysLate count from the ORIGINAL
 *   due date (STJ). With no UF, only national and bank holidays count.
 * - Fine: a percentage applied once, when the debt first turns late, on the corrected
 *   principal (principal + monetary correction). Capped at 2 % for consumers (CDC art. 52
 *   §1) and at 10 % for companies (Decreto 22.626/33 art. 9): see `resolveTerms`.
 * - Interest: simple (never compounding), pro rata die: monthly rate / 30 per calendar
 *   day, on the corrected principal, from the original due date (or from the last partial
 *   payment, `accrualFromDate`) to the date.
 * - Monetary correction (optional): by an index table of monthly variations (IPCA…).
 *   Each calendar day after the start date up to and including the end date takes
 *   1/daysInMonth of its month's variation (pro rata die); months compound with each
 *   other. A month missing from the table (not yet published) counts as 0. Negative
 *   months are allowed, but the total new correction is never below 0 (deflation never
 *   shrinks the principal).
 * - Rounding: each component half-up to the centavo, computed with exact integer
 *   (BigInt) arithmetic.
 * - Partial payments are imputed interest → fine → correction → principal (Código Civil
 *   art. 354). What stays unpaid of the charges is carried in the new state and accrual
 *   restarts at the payment date on what is left, so interest never bears interest.
 */

import { AppError } from "../../shared/app-error.ts";
import { addDays, daysInMonth, diffDays, isValidIsoDate, weekday } from "../br/dates.ts";
import { holidayOn, nextBusinessDay } from "../calendar/holidays.ts";

/** Fine and interest in basis points (200 = 2 %), and the correction index name (null = no correction). */
export type ChargeTerms = { fineBp: number; interestMonthlyBp: number; correctionIndex: string | null };

/** What is still owed on a debt beyond the open principal, carried from earlier partial payments. */
export type ChargeState = {
  principalCents: number;
  /** null = fine not assessed yet (the debt has not been paid late). */
  fineCents: number | null;
  /** Carried unpaid interest. */
  interestCents: number;
  /** Carried unpaid correction. */
  correctionCents: number;
  /** null = accrual from the due date. */
  accrualFromDate: string | null;
};

/** Monthly variations of an index: "YYYY-MM" → parts per million (5600 = 0,56 %), may be negative. */
export type IndexTable = ReadonlyMap<string, number>;

export type ChargeBreakdown = {
  principalCents: number;
  fineCents: number;
  interestCents: number;
  correctionCents: number;
  totalCents: number;
  daysLate: number;
};

export type Allocation = { interestCents: number; fineCents: number; correctionCents: number; principalCents: number };

/** CDC art. 52 §1: fine on consumer debts. */
export const MAX_CONSUMER_FINE_BP = 200;
/** Decreto 22.626/33 art. 9: fine on any other debt. */
export const MAX_BUSINESS_FINE_BP = 1000;
/** A technical bound on the monthly late interest (the creditor form refuses more). */
export const MAX_INTEREST_MONTHLY_BP = 1000;

const PPM = 1_000_000n;

// ---- validation -------------------------------------------------------------------

function fail(field: string, reason: string): never {
  throw new AppError("invalid_input", `${field}: ${reason}`, [{ field, reason }]);
}

function checkDate(field: string, value: string): void {
  if (!isValidIsoDate(value)) fail(field, `data inválida (esperado AAAA-MM-DD): ${value}`);
}

function checkCents(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) fail(field, `valor em centavos inválido: ${value}`);
}

function checkTerms(terms: ChargeTerms): void {
  if (!Number.isInteger(terms.fineBp) || terms.fineBp < 0 || terms.fineBp > MAX_BUSINESS_FINE_BP) fail("fineBp", `multa fora do intervalo 0–${MAX_BUSINESS_FINE_BP / 100} %: ${terms.fineBp}`);
  if (!Number.isInteger(terms.interestMonthlyBp) || terms.interestMonthlyBp < 0 || terms.interestMonthlyBp > MAX_INTEREST_MONTHLY_BP) {
    fail("interestMonthlyBp", `juros fora do intervalo 0–${MAX_INTEREST_MONTHLY_BP / 100} % ao mês: ${terms.interestMonthlyBp}`);
  }
}

function checkState(state: ChargeState): void {
  checkCents("principalCents", state.principalCents);
  if (state.fineCents !== null) checkCents("fineCents", state.fineCents);
  checkCents("interestCents", state.interestCents);
  checkCents("correctionCents", state.correctionCents);
  if (state.accrualFromDate !== null) checkDate("accrualFromDate", state.accrualFromDate);
}

// ---- arithmetic -------------------------------------------------------------------

/** n / d rounded half-up, for n ≥ 0, d > 0. */
function divHalfUp(n: bigint, d: bigint): number {
  return Number((2n * n + d) / (2n * d));
}

/** A business day for charges: weekday and no bank holiday of the UF (national and bank-only ones when the UF is unknown). */
function isChargeBusinessDay(date: string, uf: string | null): boolean {
  const wd = weekday(date);
  if (wd === 0 || wd === 6) return false;
  if (uf !== null) return holidayOn(date, uf) === undefined;
  // SP's calendar holds every national and bank closure; its state-scope entries are SP's own.
  const h = holidayOn(date, "SP");
  return h === undefined || h.scope === "state";
}

/** The day up to which a debt due on `dueDate` may be paid without charges (next business day when it falls on a weekend or bank holiday). */
export function graceDate(dueDate: string, uf: string | null): string {
  checkDate("dueDate", dueDate);
  if (uf !== null) return nextBusinessDay(dueDate, uf);
  let d = dueDate;
  while (!isChargeBusinessDay(d, null)) d = addDays(d, 1);
  return d;
}

function monthKey(date: string): string {
  return date.slice(0, 7);
}

/**
 * Correction of `baseCents` over the calendar days after `fromDate` up to and including
 * `toDate`, by `index` (see the file comment); 0 when there are no days or it would be negative.
 */
export function correctionFor(baseCents: number, fromDate: string, toDate: string, index: IndexTable): number {
  checkCents("baseCents", baseCents);
  checkDate("fromDate", fromDate);
  checkDate("toDate", toDate);
  if (baseCents === 0 || diffDays(toDate, fromDate) <= 0 || index.size === 0) return 0;
  let num = 1n;
  let den = 1n;
  let cursor = addDays(fromDate, 1);
  while (cursor <= toDate) {
    const y = Number(cursor.slice(0, 4));
    const m = Number(cursor.slice(5, 7));
    const dim = daysInMonth(y, m);
    const monthEnd = `${cursor.slice(0, 8)}${String(dim).padStart(2, "0")}`;
    const last = monthEnd < toDate ? monthEnd : toDate;
    const days = diffDays(last, cursor) + 1;
    const ppm = index.get(monthKey(cursor)) ?? 0;
    if (!Number.isInteger(ppm) || ppm <= -1_000_000) fail("index", `variação inválida em ${monthKey(cursor)}: ${ppm}`);
    if (ppm !== 0) {
      if (days === dim) {
        num *= PPM + BigInt(ppm);
        den *= PPM;
      } else {
        const full = PPM * BigInt(dim);
        num *= full + BigInt(ppm) * BigInt(days);
        den *= full;
      }
    }
    cursor = addDays(last, 1);
  }
  if (num <= den) return 0;
  return divHalfUp(BigInt(baseCents) * (num - den), den);
}

// ---- charges ----------------------------------------------------------------------

type Accrued = { late: boolean; daysLate: number; fineCents: number; interestCents: number; correctionCents: number; fineAssessed: boolean };

function accrue(dueDate: string, uf: string | null, atDate: string, terms: ChargeTerms, state: ChargeState, index: IndexTable | undefined): Accrued {
  checkDate("dueDate", dueDate);
  checkDate("atDate", atDate);
  checkTerms(terms);
  checkState(state);
  const late = atDate > graceDate(dueDate, uf);
  if (!late) {
    return { late, daysLate: 0, fineCents: state.fineCents ?? 0, interestCents: state.interestCents, correctionCents: state.correctionCents, fineAssessed: state.fineCents !== null };
  }
  const from = state.accrualFromDate !== null && state.accrualFromDate > dueDate ? state.accrualFromDate : dueDate;
  const days = Math.max(0, diffDays(atDate, from));
  // The corrected principal: what is left of the principal plus its carried correction.
  const correctedCents = state.principalCents + state.correctionCents;
  const newCorrection = terms.correctionIndex !== null && index ? correctionFor(correctedCents, from, atDate, index) : 0;
  const base = BigInt(correctedCents + newCorrection);
  const newInterest = days === 0 ? 0 : divHalfUp(base * BigInt(terms.interestMonthlyBp) * BigInt(days), 10_000n * 30n);
  const fineCents = state.fineCents ?? divHalfUp(base * BigInt(terms.fineBp), 10_000n);
  return {
    late,
    daysLate: diffDays(atDate, dueDate),
    fineCents,
    interestCents: state.interestCents + newInterest,
    correctionCents: state.correctionCents + newCorrection,
    fineAssessed: true,
  };
}

/**
 * What a debt owes on `atDate`: open principal, fine, interest and correction (carried
 * from `state` plus accrued since), their total and the calendar days late.
 */
export function computeCharges(input: { dueDate: string; uf: string | null; atDate: string; terms: ChargeTerms; state: ChargeState; index?: IndexTable }): ChargeBreakdown {
  const a = accrue(input.dueDate, input.uf, input.atDate, input.terms, input.state, input.index);
  const principalCents = input.state.principalCents;
  return {
    principalCents,
    fineCents: a.fineCents,
    interestCents: a.interestCents,
    correctionCents: a.correctionCents,
    totalCents: principalCents + a.fineCents + a.interestCents + a.correctionCents,
    daysLate: a.daysLate,
  };
}

/**
 * Imputes a payment made on `paidDate` to one debt: interest → fine → correction →
 * principal (CC art. 354). Returns what each part received, what is left of the amount
 * (`leftoverCents`, for the next debt), the state to store, and whether nothing is owed any more.
 */
export function imputePayment(input: {
  dueDate: string;
  uf: string | null;
  paidDate: string;
  terms: ChargeTerms;
  state: ChargeState;
  index?: IndexTable;
  amountCents: number;
}): { allocation: Allocation; leftoverCents: number; newState: ChargeState; settled: boolean } {
  checkCents("amountCents", input.amountCents);
  const a = accrue(input.dueDate, input.uf, input.paidDate, input.terms, input.state, input.index);
  let rest = input.amountCents;
  const take = (owed: number): number => {
    const paid = Math.min(owed, rest);
    rest -= paid;
    return paid;
  };
  const allocation: Allocation = { interestCents: take(a.interestCents), fineCents: take(a.fineCents), correctionCents: take(a.correctionCents), principalCents: take(input.state.principalCents) };
  const newState: ChargeState = {
    principalCents: input.state.principalCents - allocation.principalCents,
    fineCents: a.fineAssessed ? a.fineCents - allocation.fineCents : null,
    interestCents: a.interestCents - allocation.interestCents,
    correctionCents: a.correctionCents - allocation.correctionCents,
    accrualFromDate: a.late ? input.paidDate : input.state.accrualFromDate,
  };
  const settled = newState.principalCents === 0 && (newState.fineCents ?? 0) === 0 && newState.interestCents === 0 && newState.correctionCents === 0;
  return { allocation, leftoverCents: rest, newState, settled };
}

/** The order in which a payment is imputed to several debts: the named debt first, then the oldest due date (ties by id). */
export function allocateAcrossDebts<T extends { id: number; dueDate: string }>(debts: readonly T[], namedDebtId: number | null): T[] {
  return [...debts].sort((x, y) => {
    const xn = x.id === namedDebtId ? 0 : 1;
    const yn = y.id === namedDebtId ? 0 : 1;
    if (xn !== yn) return xn - yn;
    if (x.dueDate !== y.dueDate) return x.dueDate < y.dueDate ? -1 : 1;
    return x.id - y.id;
  });
}

// ---- terms ------------------------------------------------------------------------

/** A creditor's charge settings: consumer fine, optional company fine (null = same), interest, correction index. */
export type CreditorChargeTerms = { fineBp: number; businessFineBp: number | null; interestMonthlyBp: number; correctionIndex: string | null };

/** Per-debt overrides (null = the creditor's). */
export type DebtChargeOverrides = { fineBp: number | null; interestMonthlyBp: number | null };

/**
 * The terms that apply to one debt: the debt's overrides over the creditor's settings,
 * the company fine for company debtors, and the consumer fine never above 2 % (CDC art.
 * 52 §1) whatever was configured.
 */
export function resolveTerms(input: { creditor: CreditorChargeTerms; debt?: DebtChargeOverrides; debtorKind: string }): ChargeTerms {
  const isCompany = input.debtorKind === "company";
  const creditorFine = isCompany ? (input.creditor.businessFineBp ?? input.creditor.fineBp) : input.creditor.fineBp;
  const fine = input.debt?.fineBp ?? creditorFine;
  const terms: ChargeTerms = {
    fineBp: Math.min(fine, isCompany ? MAX_BUSINESS_FINE_BP : MAX_CONSUMER_FINE_BP),
    interestMonthlyBp: input.debt?.interestMonthlyBp ?? input.creditor.interestMonthlyBp,
    correctionIndex: input.creditor.correctionIndex,
  };
  checkTerms(terms);
  return terms;
}

/** The state of a debt nothing has been paid on yet. */
export function initialChargeState(principalCents: number): ChargeState {
  return { principalCents, fineCents: null, interestCents: 0, correctionCents: 0, accrualFromDate: null };
}
