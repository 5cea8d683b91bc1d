import type { Kysely } from "kysely";
import { retryLostRace } from "../../db/retry.ts";
import type { Schema } from "../../db/schema.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { applyPaymentBatch, checkPaymentInput, loadCreditorCharges, type LedgerInput } from "./payment-ledger.ts";
import type { AllocationView, PaymentInput, RecordPaymentResult } from "./payment-types.ts";

export type { PaymentInput, RecordPaymentResult } from "./payment-types.ts";

/**
 * THE entry point for a payment, whatever its source (bank return, PIX, a person): in one
 * transaction, the idempotency check (the same key again → `already_applied`, nothing
 * changes), matching (named debts, else nosso número, else the debtor's open debts),
 * imputation interest → fine → correction → principal, named debt first then oldest
 * first; debts settled and their pending actions cancelled; surplus kept as credit on the
 * payment; one `payment.applied` timeline event per debt; audit. A payment that matches
 * nothing is stored `unmatched` in the reconciliation queue.
 */
export async function recordPayment(deps: AppDeps, actor: Actor, creditorId: string, input: PaymentInput): Promise<RecordPaymentResult> {
  const [result] = await recordPaymentBatch(deps, actor, creditorId, [input], { audit: "each" });
  const r = result!;
  if (r.status !== "already_applied") return r;
  // A retried call gets the answer of the first one.
  return { ...r, ...(await storedOutcome(deps.database.db, creditorId, r.paymentId)) };
}

export type RecordBatchOptions = {
  /** "each": a `payment.record` audit entry per payment (default); "none": the caller audits the batch. */
  audit?: "each" | "none";
};

/**
 * `recordPayment` for many payments in ONE transaction (a CNAB import sends a batch at a
 * time): the same rules, with batched reads and writes. Results in input order.
 */
export async function recordPaymentBatch(deps: AppDeps, actor: Actor, creditorId: string, inputs: readonly LedgerInput[], options: RecordBatchOptions = {}): Promise<RecordPaymentResult[]> {
  const scope = await authorizeExisting(deps, actor, creditorId, "payment.write");
  for (const input of inputs) checkPaymentInput(input);
  if (inputs.length === 0) return [];
  return inTransaction(deps, async (trx) => {
    const charges = await loadCreditorCharges(trx, scope.creditorId);
    const now = deps.clock.now().toISOString();
    return applyPaymentBatch({ deps, trx, actor, creditorId: scope.creditorId, now, charges, audit: options.audit ?? "each" }, inputs);
  });
}

/**
 * Runs `fn` in a transaction, again when it lost a race (`retryLostRace`): another
 * transaction stored the same idempotency key first (the retry then answers
 * `already_applied`), PostgreSQL broke a deadlock by aborting it, or SQLite refused to
 * upgrade a stale read to a write.
 */
export async function inTransaction<T>(deps: AppDeps, fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
  return retryLostRace(() => deps.database.db.transaction().execute(fn));
}

/** What a stored payment did: its allocations and credit (for an `already_applied` answer). */
export async function storedOutcome(db: Kysely<Schema>, creditorId: string, paymentId: number): Promise<{ allocations: AllocationView[]; creditCents: number; unmatchedReason: RecordPaymentResult["unmatchedReason"] }> {
  const payment = await db.selectFrom("payments").select(["credit_cents", "unmatched_reason"]).where("creditor_id", "=", creditorId).where("id", "=", paymentId).executeTakeFirst();
  if (!payment) throw new AppError("not_found", "Pagamento não encontrado.");
  const rows = await db
    .selectFrom("payment_allocations as a")
    .innerJoin("debts as d", "d.id", "a.debt_id")
    .select(["a.debt_id", "d.external_id", "a.interest_cents", "a.fine_cents", "a.correction_cents", "a.principal_cents", "a.settled"])
    .where("a.creditor_id", "=", creditorId)
    .where("a.payment_id", "=", paymentId)
    .orderBy("a.id")
    .execute();
  return {
    allocations: rows.map((r) => ({
      debtId: Number(r.debt_id), externalId: r.external_id, interestCents: r.interest_cents, fineCents: r.fine_cents,
      correctionCents: r.correction_cents, principalCents: r.principal_cents, settled: r.settled === 1,
    })),
    creditCents: payment.credit_cents,
    unmatchedReason: payment.unmatched_reason as RecordPaymentResult["unmatchedReason"],
  };
}
