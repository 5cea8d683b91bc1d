import type { Generated } from "kysely";

/**
 * Tables and columns of the charges area (see migrations/0002-charges.ts). `creditors`
 * and `debts` here hold only the columns this area adds; `Schema` intersects them with
 * the foundation's.
 */
export type ChargesSchema = {
  index_values: IndexValueTable;
  creditors: CreditorChargeColumns;
  debts: DebtChargeColumns;
};

export type IndexValueTable = {
  id: Generated<number>;
  index_name: string;
  /** YYYY-MM */
  month: string;
  /** Monthly variation in parts per million (0,56 % = 5600), may be negative. */
  variation_ppm: number;
  imported_at: string;
};

export type CreditorChargeColumns = {
  /** Fine for company debtors, in basis points; null = same as `fine_bp`. */
  business_fine_bp: number | null;
  /** Name of the monetary correction index (e.g. IPCA); null = no correction. */
  correction_index: string | null;
};

export type DebtChargeColumns = {
  /** Per-debt overrides of the creditor's fine and interest (null = the creditor's). */
  fine_bp: number | null;
  interest_monthly_bp: number | null;
  /** Carried charges (ChargeState): fine null = not assessed yet. */
  fine_cents: number | null;
  interest_cents: Generated<number>;
  correction_cents: Generated<number>;
  /** null = accrual from the due date. */
  accrual_from_date: string | null;
};
