import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { SELF_SERVICE_ACTOR_LABEL } from "./self-service-context.ts";

/**
 * The events the page writes on the debtor's timeline, for the indicators' funnel
 * (visited → verified → simulated → accepted) and for the people reading the timeline.
 * The use cases the page calls (agreements, PIX, boletos, disputes, opt-outs, promises)
 * write their own events too, under the same actor label.
 */
export const SELF_SERVICE_EVENTS = {
  /** The link was opened without a live session (an arrival from a message). */
  visited: "selfservice.visited",
  /** The identity check was answered right: a session started. */
  verified: "selfservice.verified",
  /** A wrong answer. */
  verifyFailed: "selfservice.verify_failed",
  /** The wrong answer that locked the link (or every link of the debtor). */
  locked: "selfservice.locked",
  /** The debtor asked for the options (with or without a declared income). */
  simulated: "selfservice.simulated",
  /** The debtor accepted an option: an agreement was made. */
  accepted: "selfservice.accepted",
  /** The debtor asked for the PIX code and boleto of a debt or instalment. */
  paymentIssued: "selfservice.payment_issued",
  promised: "selfservice.promised",
  optedOut: "selfservice.opted_out",
  disputed: "selfservice.disputed",
} as const;

export type SelfServiceEventKind = (typeof SELF_SERVICE_EVENTS)[keyof typeof SELF_SERVICE_EVENTS];

export async function recordSelfServiceEvent(
  db: Kysely<Schema>,
  input: { creditorId: string; debtorId: number; debtId?: number | null; kind: SelfServiceEventKind; at: Date; data: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("events")
    .values({
      creditor_id: input.creditorId, debtor_id: input.debtorId, debt_id: input.debtId ?? null, kind: input.kind, at: input.at.toISOString(),
      actor: SELF_SERVICE_ACTOR_LABEL, data: JSON.stringify(input.data),
    })
    .execute();
}
