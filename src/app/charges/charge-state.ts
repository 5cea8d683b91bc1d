/**
 * The bridge between stored debts and the pure charge rules: a debt row ↔ ChargeState,
 * and everything `computeCharges`/`imputePayment` need for a debt (terms, UF, index).
 */

import { sql, type Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { isUf } from "../../domain/br/uf.ts";
import { computeCharges, resolveTerms, type ChargeBreakdown, type ChargeState, type ChargeTerms, type IndexTable } from "../../domain/charges/charges.ts";
import type { CreditorScope } from "../access.ts";

/** The debt columns that hold a ChargeState (`open_cents` is the open principal). */
export type DebtChargeStateRow = {
  open_cents: number;
  fine_cents: number | null;
  interest_cents: number;
  correction_cents: number;
  accrual_from_date: string | null;
};

/** The ChargeState stored on a debt row. */
export function chargeStateOfRow(row: DebtChargeStateRow): ChargeState {
  return {
    principalCents: Number(row.open_cents),
    fineCents: row.fine_cents === null ? null : Number(row.fine_cents),
    interestCents: Number(row.interest_cents),
    correctionCents: Number(row.correction_cents),
    accrualFromDate: row.accrual_from_date,
  };
}

/** The columns to `set` on a debt row to store `state` (after `imputePayment`, say). */
export function chargeStateToRow(state: ChargeState): DebtChargeStateRow {
  return {
    open_cents: state.principalCents,
    fine_cents: state.fineCents,
    interest_cents: state.interestCents,
    correction_cents: state.correctionCents,
    accrual_from_date: state.accrualFromDate,
  };
}

/** Everything the charge rules need about one debt. */
export type DebtChargeContext = {
  debtId: number;
  debtorId: number;
  dueDate: string;
  /** The debtor's UF (its holidays move due dates); null when unknown. */
  uf: string | null;
  terms: ChargeTerms;
  state: ChargeState;
  /** The creditor's correction index values, when it uses one. */
  index?: IndexTable;
};

/** The monthly variations of an index, "YYYY-MM" → ppm (empty when never imported). */
export async function loadIndexTable(db: Kysely<Schema>, indexName: string): Promise<IndexTable> {
  const rows = await db.selectFrom("index_values").select(["month", "variation_ppm"]).where("index_name", "=", indexName).execute();
  return new Map(rows.map((r) => [r.month, Number(r.variation_ppm)]));
}

const CHUNK = 500;

/** The creditor's charge terms, as stored. */
export type CreditorChargeRow = { fine_bp: number; business_fine_bp: number | null; interest_monthly_bp: number; correction_index: string | null };
/** A debt's columns the charge rules read. */
export type DebtChargeRow = DebtChargeStateRow & { id: number; debtor_id: number; due_date: string; fine_bp: number | null; interest_monthly_bp: number | null };

/** The charge context of one debt from rows already loaded (its creditor, its debtor, itself). */
export function chargeContextOf(creditor: CreditorChargeRow, debtor: { kind: string; state: string | null }, debt: DebtChargeRow, index: IndexTable | undefined): DebtChargeContext {
  const creditorTerms = { fineBp: creditor.fine_bp, businessFineBp: creditor.business_fine_bp, interestMonthlyBp: creditor.interest_monthly_bp, correctionIndex: creditor.correction_index };
  return {
    debtId: Number(debt.id),
    debtorId: Number(debt.debtor_id),
    dueDate: debt.due_date,
    uf: debtor.state && isUf(debtor.state) ? debtor.state : null,
    terms: resolveTerms({ creditor: creditorTerms, debt: { fineBp: debt.fine_bp, interestMonthlyBp: debt.interest_monthly_bp }, debtorKind: debtor.kind }),
    state: chargeStateOfRow(debt),
    index,
  };
}

/** The charges of a debt on `atDate` (the debtor's local date). */
export function chargesAt(context: DebtChargeContext, atDate: string): ChargeBreakdown {
  return computeCharges({ dueDate: context.dueDate, uf: context.uf, atDate, terms: context.terms, state: context.state, index: context.index });
}

/**
 * Loads the charge context of the given debts of the scope's creditor: creditor terms,
 * per-debt overrides, debtor kind (consumer fine cap) and UF, the carried state and the
 * index table. Ids of other creditors or unknown ids are simply absent from the result.
 * Works inside a transaction too (pass the `trx`).
 */
export async function loadChargeContexts(db: Kysely<Schema>, scope: CreditorScope, debtIds: readonly number[]): Promise<Map<number, DebtChargeContext>> {
  const out = new Map<number, DebtChargeContext>();
  if (debtIds.length === 0) return out;
  const creditor = await db
    .selectFrom("creditors")
    .select(["fine_bp", "business_fine_bp", "interest_monthly_bp", "correction_index"])
    .where("id", "=", scope.creditorId)
    .executeTakeFirst();
  if (!creditor) return out;
  const index = creditor.correction_index ? await loadIndexTable(db, creditor.correction_index) : undefined;
  const unique = [...new Set(debtIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom("debts")
      .innerJoin("debtors", "debtors.id", "debts.debtor_id")
      .select([
        "debts.id as id", "debts.debtor_id as debtor_id", "debts.due_date as due_date", "debts.open_cents as open_cents",
        "debts.fine_bp as fine_bp", "debts.interest_monthly_bp as interest_monthly_bp", "debts.fine_cents as fine_cents",
        "debts.interest_cents as interest_cents", "debts.correction_cents as correction_cents", "debts.accrual_from_date as accrual_from_date",
        "debtors.kind as kind", "debtors.state as state",
      ])
      // SQLite keeps no statistics and would walk the creditor's whole portfolio through a
      // creditor_id index: `|| ''` makes those terms plain filters (on both databases), so the
      // ids' primary key is used.
      .where(sql<string>`debts.creditor_id || ''`, "=", scope.creditorId)
      .where(sql<string>`debtors.creditor_id || ''`, "=", scope.creditorId)
      .where("debts.id", "in", unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(Number(r.id), chargeContextOf(creditor, r, r, index));
  }
  return out;
}

/** The charge context of one debt of the scope's creditor, or undefined. */
export async function loadChargeContext(db: Kysely<Schema>, scope: CreditorScope, debtId: number): Promise<DebtChargeContext | undefined> {
  return (await loadChargeContexts(db, scope, [debtId])).get(debtId);
}
