import { AppError } from "../../shared/app-error.ts";
import { issueBoleto } from "../boleto/issue-boleto.ts";
import { debtorToday, findNegotiationDebtor } from "../negotiation/negotiation-context.ts";
import { issuePixCharge } from "../pix/issue-pix-charge.ts";
import type { PixAppDeps } from "../pix/pix-deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { findPaymentSlips, type PaymentSlips } from "./load-page.ts";
import { findOwnDebt } from "./own-debt.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import type { SelfServiceSession } from "./sessions.ts";

/** The slips, and in Portuguese what could not be issued (no PSP configured, no billing account…). */
export type IssuedPayment = PaymentSlips & { unavailable: string[]; errors: unknown[] };

/**
 * The PIX code and the boleto of one open debt of the session's debtor (an original debt,
 * or an instalment of its agreement), through the PIX and boleto areas' own use cases: a
 * PIX charge with the debt's due date (cobv) while it is not overdue, an immediate one
 * (cob, with today's charges) after; a boleto with the billing account's default due date.
 * Slips already issued and still payable are reused, not issued again. Either may fail on
 * its own (the creditor has no PSP or no billing account): the other is still given.
 */
export async function issueSelfServicePayment(deps: PixAppDeps, session: SelfServiceSession, debtIdRaw: string): Promise<IssuedPayment> {
  const scope = await authorizeExisting(deps, session.actor, session.creditorId, "portfolio.read");
  const debt = await findOwnDebt(deps, session, debtIdRaw);
  if (debt.status !== "open" || debt.openCents <= 0) throw new AppError("invalid_input", `O título ${debt.externalId} não está em aberto.`);
  const debtor = await findNegotiationDebtor(deps.database.db, scope, { id: String(session.debtorId) });
  const today = debtorToday(deps.clock.now(), debtor);
  const debtId = String(debt.id);
  const existing = (await findPaymentSlips(deps, session, [debtId], today)).get(debtId) ?? { debtId, pix: null, boleto: null };
  const unavailable: string[] = [];
  // A PSP or bank-account failure must not cost the debtor the other way to pay: kept for the caller's log.
  const errors: unknown[] = [];
  let pix = existing.pix;
  if (!pix) {
    try {
      const charge = await issuePixCharge(deps, session.actor, session.creditorId, { debtIds: [debt.id], ...(debt.dueDate >= today ? { dueDate: debt.dueDate } : {}) });
      pix = { chargeId: charge.id, copiaECola: charge.pixCopiaECola, amountCents: charge.amountCents, dueDate: charge.dueDate, expiresAt: charge.expiresAt };
    } catch (error) {
      errors.push(error);
      unavailable.push("Pix indisponível no momento");
    }
  }
  let boleto = existing.boleto;
  if (!boleto) {
    try {
      const issued = await issueBoleto(deps, session.actor, session.creditorId, { debt: { id: debtId } });
      boleto = { id: issued.id, line: issued.line, amountCents: issued.amountCents, dueDate: issued.dueDate };
    } catch (error) {
      errors.push(error);
      unavailable.push("boleto indisponível no momento");
    }
  }
  if ((pix && !existing.pix) || (boleto && !existing.boleto)) {
    await recordSelfServiceEvent(deps.database.db, {
      creditorId: session.creditorId, debtorId: session.debtorId, debtId: debt.id, kind: SELF_SERVICE_EVENTS.paymentIssued, at: deps.clock.now(),
      data: { externalId: debt.externalId, pixChargeId: pix?.chargeId ?? null, boletoId: boleto?.id ?? null, agreementId: debt.agreementId === null ? null : String(debt.agreementId) },
    });
  }
  return { debtId, pix, boleto, unavailable, errors };
}
