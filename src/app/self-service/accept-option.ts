import { AppError } from "../../shared/app-error.ts";
import { acceptAgreement } from "../negotiation/accept-agreement.ts";
import { getNegotiationOptions } from "../negotiation/get-negotiation-options.ts";
import type { PixAppDeps } from "../pix/pix-deps.ts";
import { issueSelfServicePayment, type IssuedPayment } from "./issue-payment.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import type { SelfServiceSession } from "./sessions.ts";

export type AcceptOptionInput = {
  /** Number of payments of the chosen option (1 = à vista). */
  option: number;
  /** The total the page showed: when today's options no longer have it, nothing is accepted. */
  expectedTotalCents: number | null;
  /** The income the options were simulated with, if any. */
  incomeCents: number | null;
};

export type AcceptOutcome =
  | { kind: "accepted"; agreementId: string; payment: IssuedPayment | null }
  /** The option shown is not among today's options any more (a payment arrived, the day turned): show the new ones. */
  | { kind: "changed" };

/**
 * The debtor accepts one of today's options on the page: the negotiation area's
 * `acceptAgreement` makes the agreement (as the debtor, `debtor:self-service`), the
 * `selfservice.accepted` event counts it, and the first payment's PIX code and boleto are
 * issued at once for the agreement's first instalment.
 */
export async function acceptSelfServiceOption(deps: PixAppDeps, session: SelfServiceSession, input: AcceptOptionInput): Promise<AcceptOutcome> {
  if (!Number.isInteger(input.option) || input.option < 1) throw new AppError("validation", "Escolha uma das opções.", [{ field: "opcao", reason: "obrigatório" }]);
  const debtorRef = { id: String(session.debtorId) };
  const shown = await getNegotiationOptions(deps, session.actor, session.creditorId, debtorRef, { incomeCents: input.incomeCents });
  const option = shown.plan.terms.find((t) => t.instalments === input.option);
  if (!option || (input.expectedTotalCents !== null && option.totalCents !== input.expectedTotalCents)) return { kind: "changed" };
  let agreement;
  try {
    agreement = await acceptAgreement(deps, session.actor, session.creditorId, debtorRef, { option: input.option, incomeCents: input.incomeCents });
  } catch (error) {
    // Between the check and the acceptance the options changed (another payment, another tab).
    if (error instanceof AppError && error.code === "invalid_input") return { kind: "changed" };
    throw error;
  }
  await recordSelfServiceEvent(deps.database.db, {
    creditorId: session.creditorId, debtorId: session.debtorId, kind: SELF_SERVICE_EVENTS.accepted, at: deps.clock.now(),
    data: {
      agreementId: agreement.id, instalments: agreement.instalments, totalCents: agreement.totalCents, discountCents: agreement.discountCents,
      debtCents: agreement.debtCents, withIncome: input.incomeCents !== null, linkId: session.linkId,
    },
  });
  const first = agreement.schedule[0];
  const payment = first ? await issueSelfServicePayment(deps, session, first.debtId) : null;
  return { kind: "accepted", agreementId: agreement.id, payment };
}
