import type { ImportCnabResult } from "./import-cnab.ts";
import type { RecordPaymentResult } from "./payment-types.ts";

/** A recorded payment as the CLI (--json) and the API answer it: ids as strings. */
export function recordResultJson(r: RecordPaymentResult) {
  return {
    status: r.status,
    paymentId: String(r.paymentId),
    allocations: r.allocations.map((a) => ({
      debtId: String(a.debtId), externalId: a.externalId, interestCents: a.interestCents, fineCents: a.fineCents,
      correctionCents: a.correctionCents, principalCents: a.principalCents, settled: a.settled,
    })),
    creditCents: r.creditCents,
    unmatchedReason: r.unmatchedReason,
  };
}

/**
 * The contract of `regua cnab import --json` and of the import API: exactly
 * `{applied, unmatched, alreadyApplied}`, each unmatched settlement as
 * `{paymentId, ourNumber, paidCents, paidDate, line, reason}` — `paymentId` is its entry in
 * the reconciliation queue, `line` the line of its segment T (CNAB 240) or detail (CNAB 400),
 * `reason` one of the UNMATCHED_REASONS codes.
 */
export function cnabImportJson(result: ImportCnabResult) {
  return {
    applied: result.applied,
    unmatched: result.unmatched.map((u) => ({ paymentId: u.paymentId, ourNumber: u.ourNumber, paidCents: u.paidCents, paidDate: u.paidDate, line: u.line, reason: u.reason })),
    alreadyApplied: result.alreadyApplied,
  };
}
