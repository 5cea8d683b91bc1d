import type { PaymentMethod, PaymentSource } from "../../db/schema/payments.ts";

export type { PaymentMethod, PaymentSource, PaymentStatus } from "../../db/schema/payments.ts";

export const PAYMENT_SOURCES = ["cnab", "pix", "manual"] as const satisfies readonly PaymentSource[];
export const PAYMENT_METHODS = ["cash", "cheque", "card", "transfer", "pix", "boleto"] as const satisfies readonly PaymentMethod[];
/** What a person may record by hand (boleto and PIX arrive from the bank and the PSP). */
export const MANUAL_METHODS = ["cash", "cheque", "card", "transfer"] as const satisfies readonly PaymentMethod[];

/**
 * One payment received, from any source: the input of `recordPayment`.
 *
 * Matching: `debtIds` (debts the payer named) first; else `ourNumber` (the boleto's nosso
 * número, looked up among the creditor's debts); else `debtorId` (the debtor's open debts,
 * oldest first). With none of them, or when the reference finds nothing, the payment goes
 * to the reconciliation queue (`unmatched`).
 */
export type PaymentInput = {
  source: PaymentSource;
  /**
   * Unique per creditor: a second payment with the same key is `already_applied` and
   * changes nothing. CNAB: `cnab:<bank>:<nosso número>:<movement>:<paid date>:<paid cents>`;
   * PIX: the end-to-end id is the natural key; manual: given by the caller or random.
   */
  idempotencyKey: string;
  /** What the payer paid, in centavos (> 0). */
  amountCents: number;
  /** YYYY-MM-DD: the date charges are computed at. */
  paidDate: string;
  /** YYYY-MM-DD: when the money reached the creditor's account (CNAB "data do crédito"). */
  creditedDate?: string | null;
  /** Bank or PSP fee, in centavos (the creditor's cost: it does not reduce what the debtor paid). */
  feeCents?: number;
  method: PaymentMethod;
  /** Debts the payer named (ids): imputed first, in this order. All of one debtor. */
  debtIds?: number[];
  debtorId?: number;
  /** Nosso número of a boleto, leading zeros ignored. */
  ourNumber?: string | null;
  txid?: string | null;
  endToEndId?: string | null;
  /** Who received it and why (required for manual payments). */
  note?: string | null;
  /** Source data kept as it came (CNAB: bank, movement, line, amounts); stored as JSON. */
  details?: Record<string, unknown>;
};

/** What one debt received from a payment. */
export type AllocationView = {
  debtId: number;
  externalId: string;
  interestCents: number;
  fineCents: number;
  correctionCents: number;
  principalCents: number;
  /** True when nothing is owed on the debt any more. */
  settled: boolean;
};

/** Why a payment waits in the reconciliation queue. */
export const UNMATCHED_REASONS = {
  our_number_not_found: "nosso número não corresponde a nenhum título do credor",
  ambiguous_our_number: "nosso número corresponde a mais de um título em aberto",
  debt_in_agreement: "o título está em acordo: a baixa deve ser feita nas parcelas do acordo",
  no_reference: "pagamento sem título, devedor ou nosso número",
} as const;

export type UnmatchedReason = keyof typeof UNMATCHED_REASONS;

export type RecordPaymentResult = {
  status: "applied" | "already_applied" | "unmatched";
  paymentId: number;
  /** Empty unless `applied` (an `already_applied` answer from `recordPayment` repeats the stored ones). */
  allocations: AllocationView[];
  /** What was left after everything the debtor owed: kept on the payment as credit. */
  creditCents: number;
  unmatchedReason: UnmatchedReason | null;
};
