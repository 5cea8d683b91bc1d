import { randomUUID } from "node:crypto";
import { isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { MANUAL_METHODS, type RecordPaymentResult } from "../payments/payment-types.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { AGREEMENT_NOT_FOUND, loadAgreementView, type AgreementView } from "./agreement-views.ts";
import { settleAgreementsPaidBy } from "./check-agreements.ts";

export type InstalmentPaymentInput = {
  agreementId: string;
  /** The instalment's number (1 = the down payment); a string from a URL is parsed here. */
  number: number | string;
  amountCents: number;
  paidDate: string;
  method: (typeof MANUAL_METHODS)[number];
  /** Who received it and why it is recorded by hand (required). */
  note: string;
  /** A retried request with the same key records nothing new; default a new random key. */
  idempotencyKey?: string;
};

/**
 * A payment a person received for one instalment of an agreement (cash, cheque, card,
 * transfer). Each instalment is a debt of its own, so this is `recordPayment` naming that
 * debt (what exceeds it goes on to the debtor's next open debts, by the payment rules);
 * then, if the agreement is now fully paid, it is settled at once. Boletos and PIX of an
 * instalment reach it through the ordinary payment flows (nosso número, txid).
 */
export async function applyInstalmentPayment(deps: AppDeps, actor: Actor, creditorId: string, input: InstalmentPaymentInput): Promise<{ payment: RecordPaymentResult; agreement: AgreementView }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "payment.write");
  const agreementId = parseId(input.agreementId, "Acordo");
  const number = typeof input.number === "number" ? input.number : /^\d{1,6}$/.test(input.number) ? Number(input.number) : 0;
  const errors: { field: string; reason: string }[] = [];
  const note = (input.note ?? "").trim();
  if (note.length < 3) errors.push({ field: "note", reason: "obrigatória: quem recebeu e por quê" });
  if (!(MANUAL_METHODS as readonly string[]).includes(input.method)) errors.push({ field: "method", reason: `use ${MANUAL_METHODS.join(", ")}` });
  if (!isValidIsoDate(input.paidDate)) errors.push({ field: "paidDate", reason: `data inválida (AAAA-MM-DD): ${input.paidDate}` });
  if (errors.length) throw fieldErrors(errors);
  const { db } = deps.database;
  const found = await db
    .selectFrom("agreement_instalments as i")
    .innerJoin("agreements as a", "a.id", "i.agreement_id")
    .innerJoin("creditors as c", "c.id", "a.creditor_id")
    .select(["i.debt_id", "i.status", "a.status as agreement_status", "a.debtor_id", "c.time_zone"])
    .where("a.creditor_id", "=", scope.creditorId)
    .where("a.id", "=", agreementId)
    .where("i.number", "=", number)
    .executeTakeFirst();
  if (!found) {
    const exists = await db.selectFrom("agreements").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", agreementId).executeTakeFirst();
    if (!exists) throw new AppError("not_found", AGREEMENT_NOT_FOUND);
    throw new AppError("not_found", `O acordo ${agreementId} não tem a parcela ${String(input.number)}.`);
  }
  if (found.agreement_status !== "active") throw new AppError("conflict", `O acordo ${agreementId} não está vigente (${found.agreement_status === "settled" ? "quitado" : "rompido"}): registre o pagamento nos títulos do devedor.`);
  const today = localDateOf(deps.clock.now(), found.time_zone);
  if (isValidIsoDate(input.paidDate) && input.paidDate > today) throw new AppError("validation", `paidDate: data futura: hoje é ${today}`, [{ field: "paidDate", reason: `data futura: hoje é ${today}` }]);
  const payment = await recordPayment(deps, actor, scope.creditorId, {
    source: "manual", method: input.method, idempotencyKey: `manual:${input.idempotencyKey?.trim() || randomUUID()}`, amountCents: input.amountCents,
    paidDate: input.paidDate, debtIds: [Number(found.debt_id)], debtorId: Number(found.debtor_id), note,
  });
  const agreement = await db.transaction().execute(async (trx) => {
    await settleAgreementsPaidBy(trx, deps, scope.creditorId, payment.allocations.filter((a) => a.settled).map((a) => a.debtId), input.paidDate, actor);
    return loadAgreementView(trx, scope, agreementId);
  });
  return { payment, agreement };
}
