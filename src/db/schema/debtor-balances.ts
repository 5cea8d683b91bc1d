import type { Generated } from "kysely";

/** Tables and columns of the debtor-balances area (see migrations/0015-debtor-balances.ts). */
export type DebtorBalancesSchema = {
  debtors: DebtorBalanceColumns;
  debtor_tags: DebtorTagTable;
};

/**
 * Totals of the debtor's debts in status `open`, kept by triggers on `debts`: never written
 * by the application.
 */
export type DebtorBalanceColumns = {
  open_cents: Generated<number>;
  open_debts: Generated<number>;
  /** Null when the debtor has no open debt. */
  oldest_open_due_date: Generated<string | null>;
};

/** One row per tag of `debtors.tags`, kept by triggers on `debtors`. */
export type DebtorTagTable = {
  creditor_id: string;
  tag: string;
  debtor_id: number;
};
