import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { PaymentMethod, PaymentSource, PaymentStatus } from "../../db/schema/payments.ts";
import type { AuditAction, AuditEntity } from "../audit.ts";

/** A debt as the ledger reads it: the row, its carried charges, and the debtor's kind and UF. */
export type LedgerDebtRow = {
  id: number;
  debtor_id: number;
  external_id: string;
  due_date: string;
  status: string;
  our_number: string | null;
  open_cents: number;
  fine_cents: number | null;
  interest_cents: number;
  correction_cents: number;
  accrual_from_date: string | null;
  fine_bp: number | null;
  interest_monthly_bp: number | null;
  debtor_kind: string;
  debtor_state: string | null;
};

export const LEDGER_DEBT_COLUMNS =
  "d.id, d.debtor_id, d.external_id, d.due_date, d.status, d.our_number, d.open_cents, d.fine_cents, d.interest_cents, d.correction_cents, " +
  "d.accrual_from_date, d.fine_bp, d.interest_monthly_bp, r.kind AS debtor_kind, r.state AS debtor_state";

export type NewPaymentRow = {
  debtorId: number | null;
  source: PaymentSource;
  method: PaymentMethod;
  amountCents: number;
  paidDate: string;
  creditedDate: string | null;
  feeCents: number;
  creditCents: number;
  ourNumber: string | null;
  txid: string | null;
  endToEndId: string | null;
  idempotencyKey: string;
  status: PaymentStatus;
  unmatchedReason: string | null;
  note: string | null;
  cnabFileId: number | null;
  details: string;
};

export type NewAllocationRow = {
  paymentId: number;
  debtId: number;
  interestCents: number;
  fineCents: number;
  correctionCents: number;
  principalCents: number;
  settled: boolean;
};

/** The columns a payment changes on a debt. */
export type DebtUpdateRow = {
  id: number;
  debtorId: number;
  openCents: number;
  fineCents: number | null;
  interestCents: number;
  correctionCents: number;
  accrualFromDate: string | null;
  status: string;
};

export type NewLedgerEvent = { debtorId: number; debtId: number | null; kind: string; data: string };

export type NewLedgerAudit = { action: AuditAction; entity: AuditEntity; entityId: string; after: string };

/**
 * The ledger's reads and writes, batch by batch, inside the caller's transaction. One
 * implementation per dialect: prepared statements on SQLite (the connection Kysely's
 * transaction holds), array parameters and `unnest` on PostgreSQL (rows read FOR UPDATE).
 */
export type LedgerStore = {
  /** Stored payments with these idempotency keys: key → id and status. */
  findPayments(keys: readonly string[]): Promise<Map<string, { id: number; status: PaymentStatus }>>;
  findDebtsByIds(ids: readonly number[]): Promise<LedgerDebtRow[]>;
  findDebtsByOurNumbers(ourNumbers: readonly string[]): Promise<LedgerDebtRow[]>;
  debtorExists(debtorId: number): Promise<boolean>;
  /** Debts with status `open` of these debtors. */
  findOpenDebtsOfDebtors(debtorIds: readonly number[]): Promise<LedgerDebtRow[]>;
  /** Returns the new ids, in order. */
  insertPayments(rows: readonly NewPaymentRow[]): Promise<number[]>;
  insertAllocations(rows: readonly NewAllocationRow[]): Promise<void>;
  updateDebts(rows: readonly DebtUpdateRow[]): Promise<void>;
  insertEvents(rows: readonly NewLedgerEvent[]): Promise<void>;
  /** Audit rows of the same shape `recordAudit` writes. */
  insertAudits(rows: readonly NewLedgerAudit[]): Promise<void>;
};

export type LedgerStoreContext = { trx: Kysely<Schema>; creditorId: string; now: string; actor: string };
