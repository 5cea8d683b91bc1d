import { randomUUID } from "node:crypto";
import { localDateOf } from "../../domain/br/dates.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { MANUAL_METHODS, type RecordPaymentResult } from "./payment-types.ts";
import { recordPayment } from "./record-payment.ts";

export type ManualPaymentInput = {
  /** CPF/CNPJ of the debtor, formatted or not. */
  debtorDocument: string;
  /** The debt the payer named (imputed first); without it, the debtor's open debts oldest first. */
  debtExternalId?: string;
  amountCents: number;
  method: (typeof MANUAL_METHODS)[number];
  paidDate: string;
  /** Required: who received the money and why it is recorded by hand. */
  note: string;
  /** A retried request with the same key records nothing new; default: a new random key. */
  idempotencyKey?: string;
};

/**
 * A payment a person received (cash at the counter, a cheque, a card machine, a transfer
 * seen on the statement) or was told about during a call: found by the debtor's document
 * and optionally the debt, then recorded through `recordPayment`.
 */
export async function recordManualPayment(deps: AppDeps, actor: Actor, creditorId: string, input: ManualPaymentInput): Promise<RecordPaymentResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "payment.write");
  const errors: { field: string; reason: string }[] = [];
  const note = input.note?.trim() ?? "";
  if (note.length < 3) errors.push({ field: "note", reason: "obrigatória: quem recebeu e por quê" });
  if (!(MANUAL_METHODS as readonly string[]).includes(input.method)) errors.push({ field: "method", reason: `use ${MANUAL_METHODS.join(", ")}` });
  const { db } = deps.database;
  const creditor = await db.selectFrom("creditors").select("time_zone").where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const today = localDateOf(deps.clock.now(), creditor.time_zone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(input.paidDate) && input.paidDate > today) errors.push({ field: "paidDate", reason: `data futura: hoje é ${today}` });
  if (errors.length) throw fieldErrors(errors);

  const debtor = await db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("document", "=", normalizeDocument(input.debtorDocument)).executeTakeFirst();
  if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
  let debtIds: number[] | undefined;
  if (input.debtExternalId) {
    const debt = await db.selectFrom("debts").select(["id", "debtor_id"]).where("creditor_id", "=", scope.creditorId).where("external_id", "=", input.debtExternalId.trim()).executeTakeFirst();
    if (!debt) throw new AppError("not_found", "Título não encontrado.");
    if (Number(debt.debtor_id) !== Number(debtor.id)) {
      throw new AppError("validation", `O título ${input.debtExternalId} não é deste devedor.`, [{ field: "debtExternalId", reason: "título de outro devedor" }]);
    }
    debtIds = [Number(debt.id)];
  }
  return recordPayment(deps, actor, scope.creditorId, {
    source: "manual",
    method: input.method,
    idempotencyKey: `manual:${input.idempotencyKey?.trim() || randomUUID()}`,
    amountCents: input.amountCents,
    paidDate: input.paidDate,
    debtorId: Number(debtor.id),
    debtIds,
    note,
  });
}
