import type { Kysely, Selectable } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { AgreementApprovalStatus, AgreementApprovalTable } from "../../db/schema/negotiation.ts";
import type { OptionTerms } from "../../domain/negotiation/negotiation-options.ts";
import { bucketFor, bucketLabel, type PolicyIssue } from "../../domain/negotiation/negotiation-policy.ts";
import { proposeTerms, type Proposal } from "../../domain/negotiation/propose-terms.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { lockRows } from "../holds/hold-targets.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { debtorToday, findNegotiationDebtor, negotiableDebts, negotiationDay, type DebtorRef } from "./negotiation-context.ts";
import { loadNegotiationPolicy } from "./negotiation-policies.ts";

/**
 * Offers beyond the policy: a collector proposes terms (number of payments, discount,
 * down payment, first due date) for the debtor's overdue debts, with the reason; the
 * proposal is stored with every policy limit it exceeds; a manager approves or rejects
 * it; an approved proposal can then be accepted as an agreement (once). An approval holds
 * for the debts and the amounts of the day it was requested: if a payment or another day
 * of interest changes what is owed, accepting it is refused and a new request is needed.
 */

export const APPROVAL_NOT_FOUND = "Pedido de aprovação não encontrado.";

/** What an approval stores of the proposal: the debts it covers, what they owed, and the terms. */
export type StoredProposal = { debtIds: number[]; debtCents: number; principalCents: number; chargesCents: number; daysLate: number; bucket: string; policyVersion: number; incomeCents: number | null; terms: OptionTerms };

export type ApprovalView = {
  id: string;
  debtorId: string;
  status: AgreementApprovalStatus;
  atDate: string;
  debtCents: number;
  terms: { instalments: number; downPaymentCents: number; instalmentCents: number; totalCents: number; discountCents: number; firstDueDate: string; interestMonthlyBp: number };
  exceeds: PolicyIssue[];
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  agreementId: string | null;
};

export type ApprovalRequestInput = Proposal & { reason: string; at?: string | null; incomeCents?: number | null };

type ApprovalRow = Selectable<AgreementApprovalTable>;

function viewOf(r: Pick<ApprovalRow, "id" | "debtor_id" | "status" | "at_date" | "proposal" | "exceeds" | "reason" | "requested_by" | "requested_at" | "decided_by" | "decided_at" | "decision_note" | "agreement_id">): ApprovalView {
  const p = JSON.parse(r.proposal) as StoredProposal;
  const t = p.terms;
  return {
    id: String(r.id), debtorId: String(r.debtor_id), status: r.status, atDate: r.at_date, debtCents: p.debtCents,
    terms: { instalments: t.instalments, downPaymentCents: t.downPaymentCents, instalmentCents: t.instalmentCents, totalCents: t.totalCents, discountCents: t.discountCents, firstDueDate: t.firstDueDate, interestMonthlyBp: t.interestMonthlyBp },
    exceeds: JSON.parse(r.exceeds) as PolicyIssue[], reason: r.reason, requestedBy: r.requested_by, requestedAt: r.requested_at,
    decidedBy: r.decided_by, decidedAt: r.decided_at, decisionNote: r.decision_note, agreementId: r.agreement_id === null ? null : String(r.agreement_id),
  };
}

function checkText(raw: string | undefined | null, field: string, required: boolean): string | null {
  const t = (raw ?? "").trim();
  if (t === "") {
    if (!required) return null;
    throw new AppError("validation", `${field}: informe o motivo`, [{ field, reason: "obrigatório" }]);
  }
  if (t.length > 1000) throw new AppError("validation", `${field}: no máximo 1000 caracteres`, [{ field, reason: "no máximo 1000 caracteres" }]);
  return t;
}

/** One approval of the scope's creditor (locked when `lock`). */
export async function loadApproval(db: Kysely<Schema>, scope: CreditorScope, id: number, lock = false) {
  let q = db.selectFrom("agreement_approvals").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError("not_found", APPROVAL_NOT_FOUND);
  return row;
}

/** Stores a proposal for a manager to decide on, with the limits it exceeds. */
export async function requestAgreementApproval(deps: AppDeps, actor: Actor, creditorId: string, debtorRef: DebtorRef, input: ApprovalRequestInput): Promise<ApprovalView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "agreement.write");
  const reason = checkText(input.reason, "reason", true)!;
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const debtor = await findNegotiationDebtor(trx, scope, debtorRef, lockRows(deps.database));
    const atDate = negotiationDay(input.at, debtorToday(now, debtor), actor, "commit");
    const { policy, version } = await loadNegotiationPolicy(trx, scope.creditorId);
    const debts = await negotiableDebts(trx, scope, debtor.id, atDate);
    const result = proposeTerms({ debts, policy, today: atDate, uf: debtor.uf, monthlyIncomeCents: input.incomeCents ?? null, proposal: input });
    if (!result.ok) throw fieldErrors(result.errors, "Proposta inválida");
    const principalCents = debts.reduce((s, d) => s + d.breakdown.principalCents, 0);
    const debtCents = debts.reduce((s, d) => s + d.breakdown.totalCents, 0);
    const daysLate = Math.max(...debts.map((d) => d.breakdown.daysLate));
    const proposal: StoredProposal = {
      debtIds: debts.map((d) => d.debtId), debtCents, principalCents, chargesCents: debtCents - principalCents, daysLate,
      bucket: bucketLabel(bucketFor(policy, daysLate)!), policyVersion: version, incomeCents: input.incomeCents ?? null, terms: result.terms,
    };
    const at = now.toISOString();
    const row = {
      creditor_id: scope.creditorId, debtor_id: debtor.id, status: "pending" as const, at_date: atDate, proposal: JSON.stringify(proposal), exceeds: JSON.stringify(result.breaches),
      reason, requested_by: actor.label, requested_at: at, decided_by: null, decided_at: null, decision_note: null, agreement_id: null,
    };
    const { id } = await trx.insertInto("agreement_approvals").values(row).returning("id").executeTakeFirstOrThrow();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: debtor.id, debt_id: null, kind: "agreement.approval_requested", at, actor: actor.label,
      data: JSON.stringify({ approvalId: String(id), instalments: result.terms.instalments, totalCents: result.terms.totalCents, discountCents: result.terms.discountCents, exceeds: result.breaches.map((b) => b.field), reason }),
    }).execute();
    await recordAudit(trx, actor, now, { action: "agreement_approval.request", entity: "agreement_approval", entityId: String(id), creditorId: scope.creditorId, after: { ...proposal, exceeds: result.breaches, reason } });
    return viewOf({ ...row, id: Number(id) });
  });
}

/** A manager's decision on a pending proposal. */
export async function decideAgreementApproval(deps: AppDeps, actor: Actor, creditorId: string, approvalIdRaw: string, input: { approve: boolean; note?: string | null }): Promise<ApprovalView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "agreement.approve");
  const id = parseId(approvalIdRaw, "Pedido de aprovação");
  const note = checkText(input.note, "note", !input.approve);
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const row = await loadApproval(trx, scope, id, lockRows(deps.database));
    if (row.status !== "pending") throw new AppError("conflict", `O pedido ${id} já foi decidido (${STATUS_LABEL[row.status]}).`);
    const at = now.toISOString();
    const status: AgreementApprovalStatus = input.approve ? "approved" : "rejected";
    await trx.updateTable("agreement_approvals").set({ status, decided_by: actor.label, decided_at: at, decision_note: note }).where("id", "=", id).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: Number(row.debtor_id), debt_id: null, kind: input.approve ? "agreement.approval_approved" : "agreement.approval_rejected", at, actor: actor.label,
      data: JSON.stringify({ approvalId: String(id), note }),
    }).execute();
    await recordAudit(trx, actor, now, { action: input.approve ? "agreement_approval.approve" : "agreement_approval.reject", entity: "agreement_approval", entityId: String(id), creditorId: scope.creditorId, before: { status: row.status }, after: { status, note } });
    return viewOf({ ...row, status, decided_by: actor.label, decided_at: at, decision_note: note });
  });
}

export const STATUS_LABEL: Record<AgreementApprovalStatus, string> = { pending: "pendente", approved: "aprovado", rejected: "recusado", used: "já usado num acordo" };

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "used"] as const;

/** The creditor's approval requests, newest first (optionally of one status). */
export async function listAgreementApprovals(deps: AppDeps, actor: Actor, creditorId: string, input: { status?: string | null } = {}): Promise<{ items: ApprovalView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  let q = deps.database.db.selectFrom("agreement_approvals").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("id", "desc").limit(200);
  if (input.status) {
    if (!(APPROVAL_STATUSES as readonly string[]).includes(input.status)) throw new AppError("validation", `status: use ${APPROVAL_STATUSES.join(", ")}`, [{ field: "status", reason: `use ${APPROVAL_STATUSES.join(", ")}` }]);
    q = q.where("status", "=", input.status as AgreementApprovalStatus);
  }
  return { items: (await q.execute()).map(viewOf) };
}
