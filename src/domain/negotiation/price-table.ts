/**
 * The price table (Tabela Price, sistema francês de amortização): equal monthly payments
 * that pay interest on the balance and amortise it. For a balance F financed at rate i a
 * month over m months, the payment is
 *
 *     PMT = F × i × (1 + i)^m / ((1 + i)^m − 1)
 *
 * Rates come in basis points a month (199 = 1,99 % a.m.), so (1 + i)^m is the exact
 * fraction (10000 + bp)^m / 10000^m and everything is computed with BigInt: no float ever
 * touches money.
 */

import { AppError } from "../../shared/app-error.ts";

const B = 10_000n;

function checkArgs(cents: number, months: number, monthlyBp: number): void {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new AppError("invalid_input", `valor em centavos inválido: ${cents}`);
  if (!Number.isInteger(months) || months < 1) throw new AppError("invalid_input", `número de meses inválido: ${months}`);
  if (!Number.isInteger(monthlyBp) || monthlyBp < 0) throw new AppError("invalid_input", `taxa de juros inválida: ${monthlyBp}`);
}

const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;

/**
 * The monthly payment that repays `financedCents` in `months` payments at `monthlyBp`,
 * the first one month after financing, rounded UP to the centavo (so the payments always
 * repay the balance: the debtor pays at most `months − 1` centavos more than the exact
 * table). Rate 0: the balance divided by the months, rounded up.
 */
export function priceInstalmentCents(financedCents: number, months: number, monthlyBp: number): number {
  checkArgs(financedCents, months, monthlyBp);
  const f = BigInt(financedCents);
  const m = BigInt(months);
  if (monthlyBp === 0) return Number(ceilDiv(f, m));
  const x = B + BigInt(monthlyBp);
  const xm = x ** m;
  const bm = B ** m;
  // F × (bp/B) × (x/B)^m / ((x/B)^m − 1) = F × bp × x^m / (B × (x^m − B^m))
  return Number(ceilDiv(f * BigInt(monthlyBp) * xm, B * (xm - bm)));
}

/**
 * The equal payment of a series of `payments` payments whose first is due at once
 * (série antecipada: a down payment and `payments − 1` monthly ones of the same value)
 * with present value `totalCents` at `monthlyBp`, rounded DOWN to the centavo:
 * N × i × (1 + i)^m / ((1 + i)^(m+1) − 1), m = payments − 1. Rate 0: N / payments, down.
 */
export function anticipatedShareCents(totalCents: number, payments: number, monthlyBp: number): number {
  checkArgs(totalCents, payments, monthlyBp);
  const n = BigInt(totalCents);
  if (monthlyBp === 0) return Number(n / BigInt(payments));
  const m = BigInt(payments - 1);
  const x = B + BigInt(monthlyBp);
  // N × (bp/B) × (x/B)^m / ((x/B)^(m+1) − 1) = N × bp × x^m / (x^(m+1) − B^(m+1))
  return Number((n * BigInt(monthlyBp) * x ** m) / (x ** (m + 1n) - B ** (m + 1n)));
}

/** One month of an amortisation table. */
export type AmortizationRow = { month: number; paymentCents: number; interestCents: number; amortizationCents: number; balanceCents: number };

/**
 * The amortisation table of `financedCents` repaid with `paymentCents` a month at
 * `monthlyBp`: each month's interest on the balance (half-up to the centavo), the rest of
 * the payment amortising it. The last month pays exactly what is left (interest and
 * balance), so the table ends at zero; with `paymentCents` from `priceInstalmentCents`
 * that last payment differs from the others only by rounding centavos.
 */
export function amortizationTable(financedCents: number, months: number, monthlyBp: number, paymentCents: number): AmortizationRow[] {
  checkArgs(financedCents, months, monthlyBp);
  const rows: AmortizationRow[] = [];
  let balance = BigInt(financedCents);
  for (let k = 1; k <= months; k++) {
    const interest = (2n * balance * BigInt(monthlyBp) + B) / (2n * B);
    const payment = k === months ? balance + interest : BigInt(paymentCents);
    const amortization = payment - interest;
    balance -= amortization;
    rows.push({ month: k, paymentCents: Number(payment), interestCents: Number(interest), amortizationCents: Number(amortization), balanceCents: Number(balance) });
  }
  return rows;
}
