import type { Generated } from "kysely";

/**
 * Tables of the negotiation area (see migrations/0010-negotiation.ts), and the column it
 * adds to `debts` (intersected with the foundation's in `Schema`).
 */
export type NegotiationSchema = {
  negotiation_policies: NegotiationPolicyTable;
  agreements: AgreementTable;
  agreement_debts: AgreementDebtTable;
  agreement_instalments: AgreementInstalmentTable;
  agreement_approvals: AgreementApprovalTable;
  promises: PromiseTable;
  debts: {
    /** The agreement this debt is an instalment of; null for every other debt. */
    agreement_id: Generated<number | null>;
  };
};

export type NegotiationPolicyTable = {
  creditor_id: string;
  version: number;
  /** The validated policy, JSON (domain/negotiation NegotiationPolicy). */
  document: string;
  created_at: string;
  actor: string;
};

export type AgreementStatus = "active" | "settled" | "broken";

export type AgreementTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  status: AgreementStatus;
  /** The negotiation day (the charges of the originals are those of this day). */
  at_date: string;
  debt_cents: number;
  principal_cents: number;
  charges_cents: number;
  discount_cents: number;
  charges_discount_cents: number;
  principal_discount_cents: number;
  total_cents: number;
  down_payment_cents: number;
  instalment_cents: number;
  instalments: number;
  interest_monthly_bp: number;
  first_due_date: string;
  break_after_days: number;
  /** The aging bucket, e.g. "31–90". */
  bucket: string;
  days_late: number;
  /** 0 = the default policy. */
  policy_version: number;
  beyond_policy: Generated<number>;
  approval_id: number | null;
  income_cents: number | null;
  created_by: string;
  created_at: string;
  /** When it was settled or broke. */
  closed_at: string | null;
  /** JSON: why it closed (the instalment that broke it). */
  close_reason: string | null;
  surplus_cents: Generated<number>;
  updated_at: string;
};

export type AgreementDebtTable = {
  agreement_id: number;
  debt_id: number;
  principal_cents: number;
  fine_cents: number;
  interest_cents: number;
  correction_cents: number;
  total_cents: number;
  /** This debt's share of the agreement's discount. */
  discount_cents: number;
};

export type AgreementInstalmentStatus = "open" | "paid" | "cancelled";

export type AgreementInstalmentTable = {
  agreement_id: number;
  /** 1 = the down payment (or the single payment). */
  number: number;
  due_date: string;
  amount_cents: number;
  /** The instalment's own debt. */
  debt_id: number;
  status: AgreementInstalmentStatus;
  paid_date: string | null;
};

export type AgreementApprovalStatus = "pending" | "approved" | "rejected" | "used";

export type AgreementApprovalTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  status: AgreementApprovalStatus;
  at_date: string;
  proposal: string;
  exceeds: string;
  reason: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  agreement_id: number | null;
};

export type PromiseStatus = "open" | "kept" | "broken";

export type PromiseTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  amount_cents: number;
  promised_date: string;
  /** The debtor's local day the promise was made: payments from this day count. */
  made_date: string;
  channel: string;
  collector: string;
  note: string | null;
  status: PromiseStatus;
  paid_cents: Generated<number>;
  pause_applied: Generated<number>;
  reminder_action_id: number | null;
  created_by: string;
  created_at: string;
  resolved_at: string | null;
};
