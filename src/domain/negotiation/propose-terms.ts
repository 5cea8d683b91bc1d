/**
 * A collector's own proposal (number of payments, discount, down payment, first due date)
 * turned into terms, with every limit of the policy it exceeds. Beyond the policy, a
 * manager must approve it before the debtor can accept it; within it, the approval is a
 * formality. Some things no approval can make right (a discount of everything, a first due
 * date in the past): those are errors.
 *
 * The discount is split charges first, within the policy's limits where possible: up to
 * the charges limit on the charges, then up to the principal limit on the principal, and
 * what is left beyond both on the charges, then the principal.
 */

import { addDays, formatDateBr, isValidIsoDate } from "../br/dates.ts";
import { formatCents } from "../br/money.ts";
import {
  affordableCapCents, bucketText, firstDueDateFor, isBusinessDayIn, maxDiscount, minDownPaymentCents, planNegotiation, planPayments, type OptionTerms, type PlanInput,
} from "./negotiation-options.ts";
import { graceDate } from "../charges/charges.ts";
import { MAX_POLICY_INSTALMENTS, percentToBp, type PolicyIssue } from "./negotiation-policy.ts";

export type Proposal = {
  /** Every payment, the down payment included (1 = single payment). */
  instalments: number;
  /** The whole discount, in centavos. */
  discountCents: number;
  /** Plans only; absent = the equal share, as the options generator would choose. */
  downPaymentCents?: number | null;
  /** Absent = the policy's latest; a weekend or holiday moves to the next business day. */
  firstDueDate?: string | null;
};

export type ProposalResult = { ok: true; terms: OptionTerms; breaches: PolicyIssue[] } | { ok: false; errors: PolicyIssue[] };

/** The farthest first due date any proposal may have, in days. */
export const MAX_PROPOSAL_FIRST_DUE_DAYS = 90;

/** Terms of a proposal over the same debts the options are computed from, and the policy limits it exceeds. */
export function proposeTerms(input: PlanInput & { proposal: Proposal }): ProposalResult {
  const { proposal: p, today, uf } = input;
  const plan = planNegotiation({ ...input, monthlyIncomeCents: null });
  const errors: PolicyIssue[] = [];
  const bucket = plan.bucket;
  if (!bucket) return { ok: false, errors: [{ field: "debtor", reason: plan.note ?? "nenhum título em atraso para negociar" }] };
  const n = p.instalments;
  if (!Number.isInteger(n) || n < 1 || n > MAX_POLICY_INSTALMENTS) errors.push({ field: "instalments", reason: `use um número inteiro de pagamentos de 1 a ${MAX_POLICY_INSTALMENTS}` });
  const discount = p.discountCents;
  if (!Number.isSafeInteger(discount) || discount < 0 || discount >= plan.debtCents) {
    errors.push({ field: "discountCents", reason: `use um desconto em centavos de 0 a ${plan.debtCents - 1}: o devedor paga alguma coisa da dívida de ${formatCents(plan.debtCents)}` });
  }
  let firstDueDate: string;
  const limitDate = addDays(today, bucket.firstDueDays);
  if (p.firstDueDate === undefined || p.firstDueDate === null) {
    firstDueDate = firstDueDateFor(today, bucket.firstDueDays, uf);
  } else if (!isValidIsoDate(p.firstDueDate)) {
    errors.push({ field: "firstDueDate", reason: `data inválida (use AAAA-MM-DD): ${p.firstDueDate}` });
    firstDueDate = today;
  } else {
    firstDueDate = isBusinessDayIn(p.firstDueDate, uf) ? p.firstDueDate : graceDate(p.firstDueDate, uf);
    if (p.firstDueDate < today) errors.push({ field: "firstDueDate", reason: `o primeiro vencimento (${formatDateBr(p.firstDueDate)}) já passou` });
    if (firstDueDate > addDays(today, MAX_PROPOSAL_FIRST_DUE_DAYS)) errors.push({ field: "firstDueDate", reason: `no máximo ${MAX_PROPOSAL_FIRST_DUE_DAYS} dias a partir de hoje` });
  }
  if (errors.length) return { ok: false, errors };

  const limits = n === 1 ? bucket.single : bucket.instalments;
  const allowed = maxDiscount(limits, plan.chargesCents, plan.principalCents);
  const split = splitDiscount(discount, plan.chargesCents, plan.principalCents, allowed);
  const net = plan.debtCents - discount;
  const rateBp = n === 1 ? 0 : percentToBp(bucket.interestMonthlyPercent);
  let down: number;
  let instalment = 0;
  let total = net;
  if (n === 1) {
    down = net;
  } else {
    const minDown = Math.max(minDownPaymentCents(bucket, net), bucket.minInstalmentCents);
    const given = p.downPaymentCents;
    if (given !== undefined && given !== null && (!Number.isSafeInteger(given) || given < 1 || given >= net)) {
      return { ok: false, errors: [{ field: "downPaymentCents", reason: `use uma entrada em centavos de 1 a ${net - 1} (o que se deve após o desconto é ${formatCents(net)})` }] };
    }
    const planned = planPayments(net, n, rateBp, given === undefined || given === null ? { atLeast: minDown } : { exactly: given });
    if (!planned) return { ok: false, errors: [{ field: "instalments", reason: `${n} pagamentos não cabem em ${formatCents(net)}: não sobra valor para as parcelas` }] };
    ({ downPaymentCents: down, instalmentCents: instalment, totalCents: total } = planned);
  }
  const terms: OptionTerms = {
    instalments: n, downPaymentCents: down, instalmentCents: instalment, totalCents: total, discountCents: discount, firstDueDate,
    chargesDiscountCents: split.chargesDiscountCents, principalDiscountCents: split.principalDiscountCents, interestMonthlyBp: rateBp,
  };

  const breaches: PolicyIssue[] = [];
  const range = bucketText(bucket);
  if (n > bucket.maxInstalments) breaches.push({ field: "instalments", reason: `${n} pagamentos: a política permite até ${bucket.maxInstalments} na faixa de ${range}` });
  const maxTotal = allowed.chargesDiscountCents + allowed.principalDiscountCents;
  if (discount > maxTotal) {
    breaches.push({
      field: "discountCents",
      reason: `desconto de ${formatCents(discount)}: a política permite até ${formatCents(maxTotal)} ${n === 1 ? "à vista" : "no parcelamento"} na faixa de ${range} (${pct(limits.chargesPercent)} dos encargos e ${pct(limits.principalPercent)} do principal)`,
    });
  }
  if (n > 1) {
    if (instalment < bucket.minInstalmentCents) breaches.push({ field: "instalmentCents", reason: `parcela de ${formatCents(instalment)}: a mínima da política é ${formatCents(bucket.minInstalmentCents)}` });
    const minDown = Math.max(minDownPaymentCents(bucket, net), bucket.minInstalmentCents);
    if (down < minDown) breaches.push({ field: "downPaymentCents", reason: `entrada de ${formatCents(down)}: a mínima da política é ${formatCents(minDown)}` });
  }
  if (firstDueDate > limitDate) breaches.push({ field: "firstDueDate", reason: `primeiro vencimento em ${formatDateBr(firstDueDate)}: a política permite até ${formatDateBr(limitDate)}` });
  const income = input.monthlyIncomeCents;
  if (n > 1 && income !== undefined && income !== null) {
    const cap = affordableCapCents(input.policy, income);
    if (down > cap || instalment > cap) breaches.push({ field: "monthlyIncomeCents", reason: `pagamento acima de ${formatCents(cap)}, o limite para a renda de ${formatCents(income)} (Lei 14.181/2021)` });
  }
  return { ok: true, terms, breaches };
}

const pct = (p: number) => `${String(p).replace(".", ",")} %`;

/** Splits a discount: within the limits charges then principal, then beyond them charges then principal. */
export function splitDiscount(
  discountCents: number, chargesCents: number, principalCents: number, allowed: { chargesDiscountCents: number; principalDiscountCents: number },
): { chargesDiscountCents: number; principalDiscountCents: number } {
  let rest = discountCents;
  let charges = Math.min(rest, allowed.chargesDiscountCents);
  rest -= charges;
  let principal = Math.min(rest, allowed.principalDiscountCents);
  rest -= principal;
  const moreCharges = Math.min(rest, chargesCents - charges);
  charges += moreCharges;
  rest -= moreCharges;
  principal += Math.min(rest, principalCents - principal);
  return { chargesDiscountCents: charges, principalDiscountCents: principal };
}
