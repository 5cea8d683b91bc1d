import type { Generated } from "kysely";

/** Tables of the payments area (see migrations/0003-payments.ts). */
export type PaymentsSchema = {
  payments: PaymentTable;
  payment_allocations: PaymentAllocationTable;
  cnab_files: CnabFileTable;
};

export type PaymentSource = "cnab" | "pix" | "manual";
export type PaymentMethod = "cash" | "cheque" | "card" | "transfer" | "pix" | "boleto";
export type PaymentStatus = "applied" | "unmatched" | "rejected";

export type PaymentTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number | null;
  source: PaymentSource;
  method: PaymentMethod;
  amount_cents: number;
  paid_date: string;
  credited_date: string | null;
  fee_cents: number;
  /** The part of the amount beyond everything the debtor owed: held as credit. */
  credit_cents: number;
  our_number: string | null;
  txid: string | null;
  end_to_end_id: string | null;
  idempotency_key: string;
  status: PaymentStatus;
  unmatched_reason: string | null;
  /** Who recorded it (actor label). */
  actor: string;
  /** Why / what a person said about it. */
  note: string | null;
  received_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  cnab_file_id: number | null;
  /** JSON text. */
  details: string;
};

export type PaymentAllocationTable = {
  id: Generated<number>;
  payment_id: number;
  creditor_id: string;
  debt_id: number;
  interest_cents: number;
  fine_cents: number;
  correction_cents: number;
  principal_cents: number;
  settled: number;
  created_at: string;
};

export type CnabFileTable = {
  id: Generated<number>;
  creditor_id: string;
  sha256: string;
  file_name: string;
  bank: string;
  format: string;
  status: "processing" | "completed";
  actor: string;
  received_at: string;
  completed_at: string | null;
  /** JSON text. */
  summary: string;
};
