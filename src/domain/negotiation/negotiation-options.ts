/**
 * The options a negotiation policy allows for a debtor's overdue debts on one day: a
 * single payment (à vista) and instalment plans ("entrada + parcelas"), every one within
 * every limit of the policy.
 *
 * Decisions (where the issue was silent):
 * - The aging bucket is the one of the MOST overdue debt (the debtor's "maior atraso", as
 *   collection desks and credit bureaus classify a CPF): the agreement replaces all the
 *   debts at once, and the oldest default is what it settles.
 * - The discount applied is the policy's maximum, separately on the charges (fine +
 *   interest + correction) and on the principal, each rounded down to the centavo; single
 *   payments use the `single` limits, plans the `instalments` ones.
 * - `instalments` counts every payment, the down payment included. A plan is "equal
 *   payments" where the policy allows: the down payment is the larger of the equal share
 *   (série antecipada at the policy's rate), the minimum down payment (percent and
 *   centavos) and the minimum instalment; the other `instalments − 1` payments repay the
 *   rest by the price table (Tabela Price) at the policy's monthly rate, one a month.
 * - Rounding, so that `totalCents = downPaymentCents + (instalments − 1) × instalmentCents`
 *   holds EXACTLY and every instalment after the down payment is the same: with interest,
 *   the instalment is the price-table payment rounded up to the centavo (the debtor pays at
 *   most a centavo per instalment more than the exact table, never less than it); without
 *   interest, the instalment is rounded down and the down payment absorbs the remaining
 *   centavos (fewer than `instalments − 1`). The last instalment never differs.
 * - A single payment has `downPaymentCents = totalCents` and `instalmentCents = 0` (there
 *   is no instalment after it).
 * - The first due date is the latest business day (debtor's UF; national calendar when
 *   unknown) on or before `today + firstDueDays`; when there is none in that span, the
 *   limit date itself (a payment on the next business day is still on time).
 * - Affordability (Lei 14.181/2021): with a declared monthly income, no payment of a plan
 *   (down payment included) may exceed `affordabilityPercent` of the income, nor leave
 *   less than `minimumExistentialCents`; plans above it are left out and the result says
 *   so. The single payment stays: it is a one-off amount (savings, FGTS, family), not a
 *   monthly commitment of the income.
 * - Debts not yet overdue are not negotiated (they keep their own schedule); the caller
 *   passes overdue debts only, and with none (or no bucket) there are no options.
 */

import { addDays, addMonths } from "../br/dates.ts";
import { formatCents } from "../br/money.ts";
import { graceDate, type ChargeBreakdown } from "../charges/charges.ts";
import { bucketFor, bucketLabel, percentToBp, type DiscountLimits, type NegotiationPolicy, type PolicyBucket } from "./negotiation-policy.ts";
import { anticipatedShareCents, priceInstalmentCents } from "./price-table.ts";

/** One overdue debt with its charge breakdown on the negotiation day. */
export type NegotiationDebt = { debtId: number; dueDate: string; breakdown: ChargeBreakdown };

/** One option, exactly as `regua negotiate options --json` and the API print it. */
export type NegotiationOption = {
  instalments: number;
  downPaymentCents: number;
  instalmentCents: number;
  totalCents: number;
  discountCents: number;
  firstDueDate: string;
};

/** An option with what an agreement records besides: the discount split and the plan's rate. */
export type OptionTerms = NegotiationOption & { chargesDiscountCents: number; principalDiscountCents: number; interestMonthlyBp: number };

export type Affordability = {
  monthlyIncomeCents: number;
  sharePercent: number;
  /** The largest payment of a plan the income allows. */
  maxInstalmentCents: number;
  /** Plans the policy allows that were left out because a payment exceeds the limit. */
  omittedOptions: number;
  note: string;
};

/** The options document: `debtCents` and `options` always; `affordability` when an income was given; `note` when there are no options. */
export type NegotiationOptions = { debtCents: number; options: NegotiationOption[]; affordability?: Affordability; note?: string };

/** Everything the options were computed from, for the agreement and the people reading them. */
export type NegotiationPlan = {
  debtCents: number;
  principalCents: number;
  chargesCents: number;
  /** Days late of the most overdue debt (0 when none is late). */
  daysLate: number;
  bucket: PolicyBucket | null;
  /** The options, single payment first, then by number of payments. */
  terms: OptionTerms[];
  affordability: Affordability | null;
  note: string | null;
};

export type PlanInput = {
  debts: readonly NegotiationDebt[];
  policy: NegotiationPolicy;
  /** The negotiation day, YYYY-MM-DD, in the debtor's time zone. */
  today: string;
  /** The debtor's UF for business days; null = national and bank holidays only. */
  uf: string | null;
  /** Declared monthly income, in centavos. */
  monthlyIncomeCents?: number | null;
};

const floorBp = (cents: number, bp: number): number => Number((BigInt(cents) * BigInt(bp)) / 10_000n);
const ceilBp = (cents: number, bp: number): number => Number((BigInt(cents) * BigInt(bp) + 9_999n) / 10_000n);

/** A day banks open in the UF (the national calendar when null). */
export function isBusinessDayIn(date: string, uf: string | null): boolean {
  return graceDate(date, uf) === date;
}

/** The latest business day on or before `today + days` (not before today); the limit itself when there is none. */
export function firstDueDateFor(today: string, days: number, uf: string | null): string {
  const limit = addDays(today, days);
  for (let d = limit; d >= today; d = addDays(d, -1)) if (isBusinessDayIn(d, uf)) return d;
  return limit;
}

/** Due date of payment `number` (1 = the first) of a plan whose first payment is due `firstDueDate`: a month apart, moved to the next business day. */
export function instalmentDueDate(firstDueDate: string, number: number, uf: string | null): string {
  if (number === 1) return firstDueDate;
  const d = addMonths(firstDueDate, number - 1);
  return graceDate(d, uf);
}

/** The largest payment a monthly income allows: the policy's share, never leaving less than the mínimo existencial. */
export function affordableCapCents(policy: NegotiationPolicy, monthlyIncomeCents: number): number {
  const share = floorBp(monthlyIncomeCents, percentToBp(policy.affordabilityPercent));
  return Math.max(0, Math.min(share, monthlyIncomeCents - policy.minimumExistentialCents));
}

/** The largest discount a bucket allows on these amounts, split between charges and principal. */
export function maxDiscount(limits: DiscountLimits, chargesCents: number, principalCents: number): { chargesDiscountCents: number; principalDiscountCents: number } {
  return { chargesDiscountCents: floorBp(chargesCents, percentToBp(limits.chargesPercent)), principalDiscountCents: floorBp(principalCents, percentToBp(limits.principalPercent)) };
}

/** The smallest down payment a bucket allows for `netCents` owed after the discount. */
export function minDownPaymentCents(bucket: PolicyBucket, netCents: number): number {
  return Math.max(ceilBp(netCents, percentToBp(bucket.minDownPaymentPercent)), bucket.minDownPaymentCents);
}

/**
 * A plan of `payments` payments (≥ 2) for `netCents` at `monthlyBp`: the down payment is
 * max(`down.atLeast`, the equal share), or `down.exactly` (a proposal that names it), and
 * the rest is repaid by the price table (see the file comment for the rounding; without
 * interest the down payment may grow by the remaining centavos). Null when nothing is left
 * to finance or the instalment would be zero.
 */
export function planPayments(
  netCents: number, payments: number, monthlyBp: number, down: { atLeast: number } | { exactly: number },
): { downPaymentCents: number; instalmentCents: number; totalCents: number } | null {
  const months = payments - 1;
  const down0 = "exactly" in down ? down.exactly : Math.max(down.atLeast, anticipatedShareCents(netCents, payments, monthlyBp));
  const financed = netCents - down0;
  if (financed <= 0) return null;
  if (monthlyBp === 0) {
    const instalment = Math.floor(financed / months);
    if (instalment <= 0) return null;
    const down = netCents - months * instalment;
    return { downPaymentCents: down, instalmentCents: instalment, totalCents: netCents };
  }
  const instalment = priceInstalmentCents(financed, months, monthlyBp);
  return { downPaymentCents: down0, instalmentCents: instalment, totalCents: down0 + months * instalment };
}

/** The options the policy allows for these debts today (see the file comment). */
export function planNegotiation(input: PlanInput): NegotiationPlan {
  const { policy, today, uf } = input;
  let principalCents = 0;
  let chargesCents = 0;
  let daysLate = 0;
  for (const d of input.debts) {
    const b = d.breakdown;
    principalCents += b.principalCents;
    chargesCents += b.fineCents + b.interestCents + b.correctionCents;
    daysLate = Math.max(daysLate, b.daysLate);
  }
  const debtCents = principalCents + chargesCents;
  const bucket = bucketFor(policy, daysLate);
  const plan: NegotiationPlan = { debtCents, principalCents, chargesCents, daysLate, bucket, terms: [], affordability: null, note: null };
  if (input.debts.length === 0 || debtCents === 0) {
    plan.note = "Nenhum título vencido em aberto: não há o que negociar.";
    return plan;
  }
  if (!bucket) {
    plan.note = "Nenhum título em atraso: a negociação vale para títulos vencidos.";
    return plan;
  }
  const firstDueDate = firstDueDateFor(today, bucket.firstDueDays, uf);
  const rateBp = percentToBp(bucket.interestMonthlyPercent);

  const single = maxDiscount(bucket.single, chargesCents, principalCents);
  const singleDiscount = single.chargesDiscountCents + single.principalDiscountCents;
  const singleNet = debtCents - singleDiscount;
  if (singleNet <= 0) {
    plan.note = "O desconto máximo da política cobre toda a dívida: revise a política.";
    return plan;
  }
  const all: OptionTerms[] = [{
    instalments: 1, downPaymentCents: singleNet, instalmentCents: 0, totalCents: singleNet, discountCents: singleDiscount, firstDueDate,
    ...single, interestMonthlyBp: 0,
  }];

  const inst = maxDiscount(bucket.instalments, chargesCents, principalCents);
  const instDiscount = inst.chargesDiscountCents + inst.principalDiscountCents;
  const instNet = debtCents - instDiscount;
  const downAtLeast = Math.max(minDownPaymentCents(bucket, instNet), bucket.minInstalmentCents);
  for (let n = 2; n <= bucket.maxInstalments; n++) {
    const p = planPayments(instNet, n, rateBp, { atLeast: downAtLeast });
    if (!p || p.instalmentCents < bucket.minInstalmentCents) continue;
    all.push({ instalments: n, ...p, discountCents: instDiscount, firstDueDate, ...inst, interestMonthlyBp: rateBp });
  }

  const income = input.monthlyIncomeCents;
  if (income === undefined || income === null) {
    plan.terms = all;
    return plan;
  }
  const cap = affordableCapCents(policy, income);
  plan.terms = all.filter((t) => t.instalments === 1 || (t.downPaymentCents <= cap && t.instalmentCents <= cap));
  const omitted = all.length - plan.terms.length;
  const share = `${String(policy.affordabilityPercent).replace(".", ",")} %`;
  const base = `Renda mensal informada de ${formatCents(income)}: nenhuma parcela acima de ${formatCents(cap)} (${share} da renda, preservado o mínimo existencial de ${formatCents(policy.minimumExistentialCents)} — Lei 14.181/2021).`;
  const tail = omitted === 0 ? " Todas as opções da política cabem na renda." : omitted === 1 ? " 1 opção de parcelamento foi omitida por exceder esse valor." : ` ${omitted} opções de parcelamento foram omitidas por exceder esse valor.`;
  plan.affordability = { monthlyIncomeCents: income, sharePercent: policy.affordabilityPercent, maxInstalmentCents: cap, omittedOptions: omitted, note: base + tail };
  return plan;
}

/** The public option: exactly the six fields. */
export function publicOption(t: NegotiationOption): NegotiationOption {
  return { instalments: t.instalments, downPaymentCents: t.downPaymentCents, instalmentCents: t.instalmentCents, totalCents: t.totalCents, discountCents: t.discountCents, firstDueDate: t.firstDueDate };
}

/** The options document of a plan (`debtCents`, `options`, then `affordability` / `note` when they apply). */
export function presentOptions(plan: NegotiationPlan): NegotiationOptions {
  const out: NegotiationOptions = { debtCents: plan.debtCents, options: plan.terms.map(publicOption) };
  if (plan.affordability) out.affordability = plan.affordability;
  if (plan.terms.length === 0 && plan.note) out.note = plan.note;
  return out;
}

/** The payments of an option: number, due date (business days, a month apart) and amount; they add up to `totalCents`. */
export function scheduleOf(option: NegotiationOption, uf: string | null): { number: number; dueDate: string; amountCents: number }[] {
  const out = [{ number: 1, dueDate: option.firstDueDate, amountCents: option.downPaymentCents }];
  for (let k = 2; k <= option.instalments; k++) out.push({ number: k, dueDate: instalmentDueDate(option.firstDueDate, k, uf), amountCents: option.instalmentCents });
  return out;
}

/** A bucket's label for people ("31–90 dias"). */
export function bucketText(bucket: PolicyBucket): string {
  return `${bucketLabel(bucket)} dias`;
}
