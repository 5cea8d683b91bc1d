/**
 * What happens to an agreement and a promise as days pass, as pure decisions:
 * - an agreement is settled when every instalment is paid, and broken when an instalment
 *   is still unpaid more than `breakAfterDays` days after its due date (the debtor has
 *   through day due + N to pay; on day due + N + 1 the agreement breaks);
 * - when it breaks, what was paid on its instalments is imputed to the original debts by
 *   the payment rules (interest → fine → correction → principal, oldest debt first, each
 *   payment on its own date, charges accruing from the original due dates: the discount is
 *   lost), and the originals come back with what is left;
 * - a promise is kept as soon as the debtor's payments since it was made reach the amount
 *   (by the promised date), and broken the day after the date otherwise.
 */

import { addDays, diffDays } from "../br/dates.ts";
import { allocateAcrossDebts, imputePayment, type Allocation, type ChargeState, type ChargeTerms, type IndexTable } from "../charges/charges.ts";

export type InstalmentStatus = "open" | "paid" | "cancelled";

export type InstalmentFacts = { number: number; dueDate: string; status: InstalmentStatus };

export type AgreementReview =
  | { kind: "active" }
  | { kind: "settled" }
  | { kind: "broken"; number: number; dueDate: string; daysLate: number };

/** The first day on which an instalment due `dueDate` and still unpaid breaks the agreement. */
export function breakDateOf(dueDate: string, breakAfterDays: number): string {
  return addDays(dueDate, breakAfterDays + 1);
}

/** Settled, broken (by its earliest overdue instalment) or still active on `atDate`. */
export function reviewAgreement(instalments: readonly InstalmentFacts[], atDate: string, breakAfterDays: number): AgreementReview {
  if (instalments.length > 0 && instalments.every((i) => i.status === "paid")) return { kind: "settled" };
  const overdue = [...instalments]
    .filter((i) => i.status === "open" && atDate >= breakDateOf(i.dueDate, breakAfterDays))
    .sort((a, b) => a.number - b.number)[0];
  if (overdue) return { kind: "broken", number: overdue.number, dueDate: overdue.dueDate, daysLate: diffDays(atDate, overdue.dueDate) };
  return { kind: "active" };
}

/** An original debt of an agreement, with the charge state it had when the agreement was made. */
export type OriginalDebt = { id: number; dueDate: string; uf: string | null; terms: ChargeTerms; state: ChargeState; index?: IndexTable };

/** Money paid on the agreement's instalments: one entry per payment. */
export type AgreementPayment = { paymentId: number; paidDate: string; amountCents: number };

export type BreakImputation = {
  /** The state of each original after the payments (every original is present). */
  states: Map<number, ChargeState>;
  settled: Set<number>;
  allocations: { paymentId: number; debtId: number; allocation: Allocation; settled: boolean }[];
  /** Paid beyond everything the originals owed. */
  surplusCents: number;
};

/** Imputes the agreement's payments to its original debts, in date order (see the file comment). */
export function imputeAfterBreak(originals: readonly OriginalDebt[], payments: readonly AgreementPayment[]): BreakImputation {
  const states = new Map(originals.map((d) => [d.id, d.state]));
  const settled = new Set<number>();
  const allocations: BreakImputation["allocations"] = [];
  let surplusCents = 0;
  const order = allocateAcrossDebts(originals, null);
  const sorted = [...payments].sort((a, b) => (a.paidDate !== b.paidDate ? (a.paidDate < b.paidDate ? -1 : 1) : a.paymentId - b.paymentId));
  for (const p of sorted) {
    let rest = p.amountCents;
    for (const d of order) {
      if (rest === 0) break;
      if (settled.has(d.id)) continue;
      const r = imputePayment({ dueDate: d.dueDate, uf: d.uf, paidDate: p.paidDate, terms: d.terms, state: states.get(d.id)!, index: d.index, amountCents: rest });
      const a = r.allocation;
      if (a.interestCents + a.fineCents + a.correctionCents + a.principalCents === 0) continue;
      states.set(d.id, r.newState);
      if (r.settled) settled.add(d.id);
      rest = r.leftoverCents;
      allocations.push({ paymentId: p.paymentId, debtId: d.id, allocation: a, settled: r.settled });
    }
    surplusCents += rest;
  }
  return { states, settled, allocations, surplusCents };
}

export type PromiseReview = "open" | "kept" | "broken";

/** Kept when the payments reach the amount; broken from the day after the promised date; else open. */
export function reviewPromise(promise: { amountCents: number; promisedDate: string; paidCents: number }, atDate: string): PromiseReview {
  if (promise.paidCents >= promise.amountCents) return "kept";
  return atDate > promise.promisedDate ? "broken" : "open";
}

/** The day a promise's reminder goes out: the day before the promised date, when that is still ahead of today. */
export function promiseReminderDay(promisedDate: string, today: string): string | null {
  const day = addDays(promisedDate, -1);
  return day > today ? day : null;
}

/**
 * Splits `totalCents` over `weights` in proportion, to the centavo (largest remainder:
 * the centavos left by rounding down go to the largest remainders, ties to the first).
 * All weights 0: everything on the first. The parts always add up to the total.
 */
export function splitProportionally(totalCents: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? totalCents : 0));
  const t = BigInt(totalCents);
  const s = BigInt(sum);
  const parts = weights.map((w) => Number((t * BigInt(w)) / s));
  const rems = weights.map((w, i) => ({ i, r: (t * BigInt(w)) % s }));
  let left = totalCents - parts.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left === 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}
