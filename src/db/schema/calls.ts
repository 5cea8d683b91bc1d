import type { Generated } from "kysely";

/** Tables of the calls area (see migrations/0013-calls.ts). */
export type CallsSchema = {
  call_attempts: CallAttemptTable;
  call_claims: CallClaimTable;
};

export type CallAttemptTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  contact_id: number;
  /** The number dialled, as the contact held it then (E.164). */
  phone: string;
  /** Who called: the actor's label (`user:…`). */
  actor: string;
  at: string;
  /** The debtor's calendar day of the call (YYYY-MM-DD). */
  local_day: string;
  outcome: string;
  note: string | null;
  /** When the debtor asked to be called back (outcome `callback`). */
  callback_at: string | null;
  /** The promise the call recorded (outcome `promise`). */
  promise_id: number | null;
  /** The ladder's planned phone action the call performed. */
  action_id: number | null;
};

export type CallClaimTable = {
  creditor_id: string;
  debtor_id: number;
  actor: string;
  claimed_at: string;
  expires_at: string;
};
