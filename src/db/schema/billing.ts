import type { Generated } from "kysely";

/** Tables of the billing area (see migrations/0009-billing.ts). */
export type BillingSchema = {
  billing_accounts: BillingAccountTable;
  boletos: BoletoTable;
};

export type BillingAccountTable = {
  id: Generated<number>;
  creditor_id: string;
  name: string;
  bank: string;
  agency: string;
  agency_digit: string | null;
  account: string | null;
  account_digit: string | null;
  wallet: string;
  convenio: string | null;
  beneficiary_code: string | null;
  modality: string | null;
  beneficiary_name: string | null;
  beneficiary_document: string | null;
  beneficiary_address: string | null;
  next_our_number: number;
  /** JSON array of strings. */
  instructions: string;
  days_to_pay: number;
  is_default: number;
  created_at: string;
  updated_at: string;
};

export type BoletoStatus = "issued" | "cancelled" | "paid";

export type BoletoTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  debt_id: number;
  account_id: number;
  bank: string;
  our_number: string;
  our_number_formatted: string;
  barcode: string;
  line: string;
  amount_cents: number;
  due_date: string;
  issue_date: string;
  /** JSON text: ChargeBreakdown at the due date. */
  charges: string;
  /** JSON text: the printed parties and texts (see app/boleto). */
  slip: string;
  status: BoletoStatus;
  issued_at: string;
  issued_by: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
};
