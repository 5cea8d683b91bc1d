import type { Kysely, Selectable, Transaction } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { BoletoStatus, BoletoTable } from "../../db/schema/billing.ts";
import type { BoletoPdfParty } from "../../render/boleto-pdf.ts";
import type { ChargeBreakdown } from "../../domain/charges/charges.ts";
import { AppError } from "../../shared/app-error.ts";
import type { CreditorScope } from "../access.ts";
import type { DebtRef } from "../charges/get-debt-charges.ts";
import { parseId } from "../portfolio/debtors.ts";

/** What the PDF prints besides the codes, stored as issued so the slip renders the same later. */
export type StoredSlip = {
  beneficiary: BoletoPdfParty;
  payer: BoletoPdfParty;
  instructions: string[];
  agencyCode: string;
  wallet: string;
  documentNumber: string;
  paymentPlace: string;
};

export type BoletoView = {
  id: string;
  debtId: string;
  externalId: string;
  debtorId: string;
  accountId: string;
  bank: string;
  /** As `debts.our_number` stores it and the bank's return file reports it. */
  ourNumber: string;
  /** As printed on the slip (with the bank's check digit). */
  ourNumberFormatted: string;
  barcode: string;
  line: string;
  amountCents: number;
  dueDate: string;
  issueDate: string;
  /** `paid` when a bank return file (CNAB) settled this nosso número after the slip was issued. */
  status: BoletoStatus;
  issuedAt: string;
  issuedBy: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** What the debt owed on the due date: the amount is its total. */
  charges: ChargeBreakdown;
  instructions: string[];
};

export type BoletoRow = Selectable<BoletoTable> & { external_id: string };

export const BOLETO_COLUMNS = [
  "b.id", "b.creditor_id", "b.debtor_id", "b.debt_id", "b.account_id", "b.bank", "b.our_number", "b.our_number_formatted", "b.barcode", "b.line",
  "b.amount_cents", "b.due_date", "b.issue_date", "b.charges", "b.slip", "b.status", "b.issued_at", "b.issued_by", "b.cancelled_at", "b.cancel_reason", "d.external_id",
] as const;

/**
 * The views of stored boletos. A slip still `issued` whose nosso número a CNAB return
 * settled after it was issued shows as `paid` (the payment ledger, not this area, records
 * the settlement; re-issues cancel the older slips, so only the current one can match).
 */
export async function presentBoletos(db: Kysely<Schema> | Transaction<Schema>, creditorId: string, rows: readonly BoletoRow[]): Promise<BoletoView[]> {
  const open = rows.filter((r) => r.status === "issued");
  const paid = new Map<string, string>();
  if (open.length > 0) {
    const payments = await db
      .selectFrom("payments")
      .select(["our_number", "received_at"])
      .where("creditor_id", "=", creditorId)
      .where("source", "=", "cnab")
      .where("status", "=", "applied")
      .where("our_number", "in", [...new Set(open.map((r) => r.our_number))])
      .execute();
    for (const p of payments) {
      if (p.our_number === null) continue;
      const latest = paid.get(p.our_number);
      if (latest === undefined || p.received_at > latest) paid.set(p.our_number, p.received_at);
    }
  }
  return rows.map((r) => {
    const slip = JSON.parse(r.slip) as StoredSlip;
    const paidAt = paid.get(r.our_number);
    const status: BoletoStatus = r.status === "issued" && paidAt !== undefined && paidAt >= r.issued_at ? "paid" : r.status;
    return {
      id: String(r.id), debtId: String(r.debt_id), externalId: r.external_id, debtorId: String(r.debtor_id), accountId: String(r.account_id), bank: r.bank,
      ourNumber: r.our_number, ourNumberFormatted: r.our_number_formatted, barcode: r.barcode, line: r.line, amountCents: Number(r.amount_cents),
      dueDate: r.due_date, issueDate: r.issue_date, status, issuedAt: r.issued_at, issuedBy: r.issued_by, cancelledAt: r.cancelled_at, cancelReason: r.cancel_reason,
      charges: JSON.parse(r.charges) as ChargeBreakdown, instructions: slip.instructions,
    };
  });
}

/** The id of a debt of the scope's creditor, by id or external id; not_found "Título não encontrado." otherwise. */
export async function resolveDebtId(db: Kysely<Schema> | Transaction<Schema>, scope: CreditorScope, ref: DebtRef): Promise<number> {
  let query = db.selectFrom("debts").select("id").where("creditor_id", "=", scope.creditorId);
  if ("externalId" in ref) query = query.where("external_id", "=", ref.externalId.trim());
  else query = query.where("id", "=", typeof ref.id === "number" ? ref.id : parseId(ref.id, "Título"));
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError("not_found", "Título não encontrado.");
  return Number(row.id);
}

/** The boletos of one debt of the scope's creditor (`boletoId`: only that one), newest first. */
export async function selectBoletoRows(db: Kysely<Schema> | Transaction<Schema>, scope: CreditorScope, debtId: number, boletoId?: number): Promise<BoletoRow[]> {
  let query = db
    .selectFrom("boletos as b")
    .innerJoin("debts as d", "d.id", "b.debt_id")
    .select(BOLETO_COLUMNS)
    .where("b.creditor_id", "=", scope.creditorId)
    .where("d.creditor_id", "=", scope.creditorId)
    .where("b.debt_id", "=", debtId);
  if (boletoId !== undefined) query = query.where("b.id", "=", boletoId);
  const rows = await query.orderBy("b.id", "desc").execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), debtor_id: Number(r.debtor_id), debt_id: Number(r.debt_id), account_id: Number(r.account_id) }));
}
