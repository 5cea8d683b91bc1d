import { normalizeDocument } from "../../domain/br/documents.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { loadPaymentView, type PaymentView } from "./list-payments.ts";
import { applyStoredPayment, loadCreditorCharges } from "./payment-ledger.ts";
import { inTransaction } from "./record-payment.ts";

/** Where a person says a queued payment belongs: a debt (imputed first) or a debtor (oldest open debts first). */
export type MatchPaymentInput = { debtExternalId?: string; debtorDocument?: string; note?: string };

/**
 * Takes a payment out of the reconciliation queue: a person names the debt or the debtor
 * it belongs to, and it is imputed as if it had arrived so (same ledger, same rules), with
 * who and when recorded on the payment and in the audit log.
 */
export async function matchPayment(deps: AppDeps, actor: Actor, creditorId: string, paymentIdRaw: string, input: MatchPaymentInput): Promise<PaymentView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "payment.reconcile");
  const paymentId = parseId(paymentIdRaw, "Pagamento");
  const debtExternalId = input.debtExternalId?.trim() || undefined;
  const document = input.debtorDocument ? normalizeDocument(input.debtorDocument) : undefined;
  if (!debtExternalId === !document) {
    throw new AppError("validation", "Informe o título (debtExternalId) ou o devedor (debtorDocument), um dos dois.", [{ field: "debtExternalId", reason: "informe o título ou o devedor" }]);
  }
  const note = input.note?.trim() || null;
  return inTransaction(deps, async (trx) => {
    const now = deps.clock.now();
    const payment = await trx.selectFrom("payments").select(["id", "status", "amount_cents", "paid_date", "source", "method"]).where("creditor_id", "=", scope.creditorId).where("id", "=", paymentId).executeTakeFirst();
    if (!payment) throw new AppError("not_found", "Pagamento não encontrado.");
    let target: { debtIds: number[] } | { debtorId: number };
    if (debtExternalId) {
      const debt = await trx.selectFrom("debts").select("id").where("creditor_id", "=", scope.creditorId).where("external_id", "=", debtExternalId).executeTakeFirst();
      if (!debt) throw new AppError("not_found", "Título não encontrado.");
      target = { debtIds: [Number(debt.id)] };
    } else {
      const debtor = await trx.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("document", "=", document!).executeTakeFirst();
      if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
      target = { debtorId: Number(debtor.id) };
    }
    // Claim it: of two people matching the same payment at once, one wins and the other gets a conflict.
    const claimed = await trx
      .updateTable("payments")
      .set({ status: "applied", resolved_by: actor.label, resolved_at: now.toISOString(), resolution_note: note })
      .where("id", "=", paymentId)
      .where("creditor_id", "=", scope.creditorId)
      .where("status", "=", "unmatched")
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError("conflict", `O pagamento ${paymentId} não está na fila de conciliação (situação: ${payment.status}).`);
    const charges = await loadCreditorCharges(trx, scope.creditorId);
    const ctx = { deps, trx, actor, creditorId: scope.creditorId, now: now.toISOString(), charges, audit: "each" as const };
    const applied = await applyStoredPayment(ctx, { id: paymentId, amountCents: payment.amount_cents, paidDate: payment.paid_date, source: payment.source, method: payment.method }, target);
    await trx.updateTable("payments").set({ debtor_id: applied.debtorId, credit_cents: applied.creditCents, unmatched_reason: null }).where("id", "=", paymentId).execute();
    const view = await loadPaymentView(trx, scope.creditorId, paymentId);
    await recordAudit(trx, actor, now, {
      action: "payment.match", entity: "payment", entityId: String(paymentId), creditorId: scope.creditorId,
      before: { status: "unmatched", debtorId: null },
      after: { status: "applied", debtorId: view.debtorId, debtExternalId: debtExternalId ?? null, allocations: view.allocations, creditCents: view.creditCents, note },
    });
    return view;
  });
}
