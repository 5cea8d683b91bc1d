import type { Generated } from "kysely";

/**
 * Tables and columns of the ladder area (see migrations/0004-ladder.ts). `debtors` and
 * `debts` here hold only the columns this area adds; `Schema` intersects them with the
 * foundation's.
 */
export type LadderSchema = {
  ladders: LadderTable;
  ladder_versions: LadderVersionTable;
  actions: ActionTable;
  action_debts: ActionDebtTable;
  debtors: DebtorLadderColumns;
  debts: DebtLadderColumns;
};

export type LadderTable = {
  creditor_id: string;
  /** The document's id (e.g. "varejo"), unique per creditor. */
  id: string;
  name: string;
  /** Order of the creditor's ladders; the lowest is the default. */
  position: number;
  current_version: number;
  created_at: string;
  updated_at: string;
};

export type LadderVersionTable = {
  creditor_id: string;
  ladder_id: string;
  version: number;
  /** The validated ladder document, JSON. */
  document: string;
  created_at: string;
  actor: string;
};

export type DebtorLadderColumns = {
  /** The ladder this debtor's debts follow, whatever the assignment rules say (null = by the rules). */
  ladder_id: Generated<string | null>;
  /** A free label from the creditor's risk model ("A", "baixo"…), matched by step conditions. */
  risk_band: Generated<string | null>;
};

export type DebtLadderColumns = {
  /** The ladder this debt follows, over the debtor's (null = the debtor's, then the rules). */
  ladder_id: Generated<string | null>;
};

export type ActionStatus = "planned" | "awaiting_approval" | "sending" | "sent" | "failed" | "cancelled" | "rejected" | "uncertain";

export type ActionTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  ladder_id: string;
  ladder_version: Generated<number | null>;
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

export type ActionDebtTable = {
  action_id: number;
  debt_id: number;
  /** The ladder and step this debt was at (the action's own step is the most advanced of its debts). */
  ladder_id: Generated<string | null>;
  step_id: Generated<string | null>;
  /** 1 when this debt's step counts as the written prior notice. */
  prior_notice: Generated<number>;
  /** JSON array of the older step ids this run skipped over for the debt (catch-up), or null. */
  superseded: Generated<string | null>;
};
