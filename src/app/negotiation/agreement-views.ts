import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { findNegotiationDebtor, type DebtorRef } from "./negotiation-context.ts";

export const AGREEMENT_NOT_FOUND = "Acordo não encontrado.";

export type AgreementInstalmentView = {
  number: number;
  dueDate: string;
  amountCents: number;
  status: string;
  paidDate: string | null;
  /** The instalment's own debt: boletos, PIX charges and payments name it. */
  debtId: string;
  externalId: string;
  ourNumber: string | null;
  openCents: number;
};

export type AgreementView = {
  id: string;
  debtorId: string;
  document: string;
  status: string;
  atDate: string;
  debtCents: number;
  discountCents: number;
  chargesDiscountCents: number;
  principalDiscountCents: number;
  totalCents: number;
  downPaymentCents: number;
  instalmentCents: number;
  instalments: number;
  interestMonthlyBp: number;
  firstDueDate: string;
  breakAfterDays: number;
  bucket: string;
  daysLate: number;
  policyVersion: number;
  beyondPolicy: boolean;
  approvalId: string | null;
  incomeCents: number | null;
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
  closeReason: unknown;
  surplusCents: number;
  debts: { debtId: string; externalId: string; dueDate: string; totalCents: number; discountCents: number; status: string }[];
  schedule: AgreementInstalmentView[];
};

/** One agreement of the scope's creditor, with its original debts and its schedule. */
export async function loadAgreementView(db: Kysely<Schema>, scope: CreditorScope, agreementId: number): Promise<AgreementView> {
  const a = await db
    .selectFrom("agreements")
    .innerJoin("debtors", "debtors.id", "agreements.debtor_id")
    .selectAll("agreements")
    .select("debtors.document")
    .where("agreements.creditor_id", "=", scope.creditorId)
    .where("agreements.id", "=", agreementId)
    .executeTakeFirst();
  if (!a) throw new AppError("not_found", AGREEMENT_NOT_FOUND);
  const [debts, schedule] = await Promise.all([
    db
      .selectFrom("agreement_debts as ad")
      .innerJoin("debts as d", "d.id", "ad.debt_id")
      .select(["ad.debt_id", "d.external_id", "d.due_date", "ad.total_cents", "ad.discount_cents", "d.status"])
      .where("ad.agreement_id", "=", agreementId)
      .where("d.creditor_id", "=", scope.creditorId)
      .orderBy("d.due_date")
      .orderBy("d.id")
      .execute(),
    db
      .selectFrom("agreement_instalments as i")
      .innerJoin("debts as d", "d.id", "i.debt_id")
      .select(["i.number", "i.due_date", "i.amount_cents", "i.status", "i.paid_date", "i.debt_id", "d.external_id", "d.our_number", "d.open_cents"])
      .where("i.agreement_id", "=", agreementId)
      .where("d.creditor_id", "=", scope.creditorId)
      .orderBy("i.number")
      .execute(),
  ]);
  return {
    id: String(a.id), debtorId: String(a.debtor_id), document: a.document, status: a.status, atDate: a.at_date,
    debtCents: a.debt_cents, discountCents: a.discount_cents, chargesDiscountCents: a.charges_discount_cents, principalDiscountCents: a.principal_discount_cents,
    totalCents: a.total_cents, downPaymentCents: a.down_payment_cents, instalmentCents: a.instalment_cents, instalments: a.instalments,
    interestMonthlyBp: a.interest_monthly_bp, firstDueDate: a.first_due_date, breakAfterDays: a.break_after_days, bucket: a.bucket, daysLate: a.days_late,
    policyVersion: a.policy_version, beyondPolicy: a.beyond_policy === 1, approvalId: a.approval_id === null ? null : String(a.approval_id),
    incomeCents: a.income_cents, createdBy: a.created_by, createdAt: a.created_at, closedAt: a.closed_at,
    closeReason: a.close_reason === null ? null : (JSON.parse(a.close_reason) as unknown), surplusCents: a.surplus_cents,
    debts: debts.map((d) => ({ debtId: String(d.debt_id), externalId: d.external_id, dueDate: d.due_date, totalCents: d.total_cents, discountCents: d.discount_cents, status: d.status })),
    schedule: schedule.map((i) => ({
      number: i.number, dueDate: i.due_date, amountCents: i.amount_cents, status: i.status, paidDate: i.paid_date,
      debtId: String(i.debt_id), externalId: i.external_id, ourNumber: i.our_number, openCents: i.open_cents,
    })),
  };
}

export async function getAgreement(deps: AppDeps, actor: Actor, creditorId: string, agreementIdRaw: string): Promise<AgreementView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  return loadAgreementView(deps.database.db, scope, parseId(agreementIdRaw, "Acordo"));
}

/** A debtor's agreements, newest first. */
export async function listDebtorAgreements(deps: AppDeps, actor: Actor, creditorId: string, debtorRef: DebtorRef): Promise<{ items: AgreementView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtor = await findNegotiationDebtor(db, scope, debtorRef);
  const ids = await db.selectFrom("agreements").select("id").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtor.id).orderBy("id", "desc").limit(100).execute();
  const items: AgreementView[] = [];
  for (const r of ids) items.push(await loadAgreementView(db, scope, Number(r.id)));
  return { items };
}
