import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { loadPaymentView, type PaymentView } from "./list-payments.ts";

/**
 * Takes a payment out of the reconciliation queue without imputing it (not this
 * creditor's money, a bank error, refunded to the payer…): the reason and who decided are
 * kept on the payment and in the audit log. Its idempotency key stays taken, so the same
 * settlement in a later file is not queued again.
 */
export async function rejectPayment(deps: AppDeps, actor: Actor, creditorId: string, paymentIdRaw: string, input: { reason: string }): Promise<PaymentView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "payment.reconcile");
  const paymentId = parseId(paymentIdRaw, "Pagamento");
  const reason = input.reason?.trim() ?? "";
  if (reason.length < 3) throw new AppError("validation", "Informe o motivo da recusa.", [{ field: "reason", reason: "obrigatório (pelo menos 3 caracteres)" }]);
  return deps.database.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const payment = await trx.selectFrom("payments").select(["status"]).where("creditor_id", "=", scope.creditorId).where("id", "=", paymentId).executeTakeFirst();
    if (!payment) throw new AppError("not_found", "Pagamento não encontrado.");
    const claimed = await trx
      .updateTable("payments")
      .set({ status: "rejected", resolved_by: actor.label, resolved_at: now.toISOString(), resolution_note: reason })
      .where("id", "=", paymentId)
      .where("creditor_id", "=", scope.creditorId)
      .where("status", "=", "unmatched")
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError("conflict", `O pagamento ${paymentId} não está na fila de conciliação (situação: ${payment.status}).`);
    await recordAudit(trx, actor, now, { action: "payment.reject", entity: "payment", entityId: String(paymentId), creditorId: scope.creditorId, before: { status: "unmatched" }, after: { status: "rejected", reason } });
    return loadPaymentView(trx, scope.creditorId, paymentId);
  });
}
