import type { Generated } from "kysely";

export type LadderSchema = {
  actions: ActionTable;
  action_debts: { action_id: number; debt_id: number };
};

export type ActionStatus = "planned" | "awaiting_approval" | "sending" | "sent" | "failed" | "cancelled" | "uncertain";

export type ActionTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  ladder_id: string;
  step_id: string;
  stage: string;
  channel: string;
  local_day: string;
  idempotency_key: string;
  status: ActionStatus;
  send_at: string;
  contact_id: number | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  cancel_reason: string | null;
  provider_message_id: string | null;
  approved_by: string | null;
  approved_at: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
};
