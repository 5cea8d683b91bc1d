import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { formatDateBr } from "../../domain/br/dates.ts";
import { formatCents } from "../../domain/br/money.ts";
import { splitProportionally } from "../../domain/negotiation/agreement-rules.ts";
import { bucketLabel, type NegotiationPolicy } from "../../domain/negotiation/negotiation-policy.ts";
import { planNegotiation, scheduleOf, type OptionTerms } from "../../domain/negotiation/negotiation-options.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { lockRows } from "../holds/hold-targets.ts";
import { cancelPendingActionsForDebts } from "../outbox/outbox.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { loadApproval, type StoredProposal } from "./agreement-approvals.ts";
import { loadAgreementView, type AgreementView } from "./agreement-views.ts";
import { debtorToday, findNegotiationDebtor, negotiableDebts, negotiationDay, type DebtorRef, type NegotiableDebt, type NegotiationDebtor } from "./negotiation-context.ts";
import { loadNegotiationPolicy } from "./negotiation-policies.ts";

/** Why pending ladder actions of the original debts were cancelled (actions.cancel_reason). */
export const IN_AGREEMENT_CANCEL_REASON = "título incluído em acordo";

export type AcceptInput = {
  /** The option with this many payments (1 = single payment), among today's options. */
  option?: number | null;
  /** Or an approved proposal (beyond the policy). */
  approvalId?: string | number | null;
  /** YYYY-MM-DD; default today in the debtor's zone (see negotiationDay). */
  at?: string | null;
  /** Declared monthly income: the option must fit it (Lei 14.181/2021). */
  incomeCents?: number | null;
};

/** The external id of an agreement's instalment debt: ACORDO-12-1 is the down payment of agreement 12. */
export function instalmentExternalId(agreementId: number, number: number): string {
  return `ACORDO-${agreementId}-${number}`;
}

/**
 * Accepts an option (or an approved proposal) for the debtor's overdue open debts, in one
 * transaction: the agreement with its terms, its original debts (their charges today and
 * their share of the discount) and its schedule; each instalment becomes a debt of its own
 * (`ACORDO-<id>-<n>`, no late charges of its own, following the policy's ladder when it
 * names one), so it gets its boleto, PIX and reminders like any debt; the originals
 * become `in_agreement` and their pending ladder actions are cancelled; timeline and audit.
 */
export async function acceptAgreement(deps: AppDeps, actor: Actor, creditorId: string, debtorRef: DebtorRef, input: AcceptInput): Promise<AgreementView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "agreement.write");
  const byOption = input.option !== undefined && input.option !== null;
  const byApproval = input.approvalId !== undefined && input.approvalId !== null && input.approvalId !== "";
  if (byOption === byApproval) {
    throw new AppError("validation", "Informe a opção (número de pagamentos) ou o pedido de aprovação, um dos dois.", [{ field: "option", reason: "informe option ou approvalId" }]);
  }
  if (byOption && (!Number.isInteger(input.option) || input.option! < 1)) {
    throw new AppError("validation", "option: use o número de pagamentos da opção (1 = à vista)", [{ field: "option", reason: "inteiro de 1 em diante" }]);
  }
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const debtor = await findNegotiationDebtor(trx, scope, debtorRef, lockRows(deps.database));
    const atDate = negotiationDay(input.at, debtorToday(now, debtor), actor, "commit");
    const { policy, version } = await loadNegotiationPolicy(trx, scope.creditorId);
    const debts = await negotiableDebts(trx, scope, debtor.id, atDate);
    const plan = planNegotiation({ debts, policy, today: atDate, uf: debtor.uf, monthlyIncomeCents: input.incomeCents ?? null });
    let terms: OptionTerms;
    let approval: { id: number; exceeds: boolean } | null = null;
    let bucket: string;
    let policyVersion = version;
    if (byOption) {
      const found = plan.terms.find((t) => t.instalments === input.option);
      if (!found) {
        const available = plan.terms.map((t) => t.instalments);
        let detail = available.length ? `Não há opção com ${input.option} pagamento(s) hoje: as opções são ${available.join(", ")}.` : "Não há opções de acordo para este devedor hoje.";
        if (plan.note) detail += ` ${plan.note}`;
        else if (plan.affordability && plan.affordability.omittedOptions > 0) detail += ` ${plan.affordability.note}`;
        throw new AppError("invalid_input", detail, [{ field: "option", reason: `opções: ${available.join(", ") || "nenhuma"}` }]);
      }
      terms = found;
      bucket = bucketLabel(plan.bucket!);
    } else {
      const id = typeof input.approvalId === "number" ? input.approvalId : parseId(String(input.approvalId), "Pedido de aprovação");
      const row = await loadApproval(trx, scope, id, lockRows(deps.database));
      if (Number(row.debtor_id) !== debtor.id) throw new AppError("not_found", "Pedido de aprovação não encontrado.");
      if (row.status !== "approved") {
        throw new AppError("conflict", row.status === "pending" ? `O pedido ${id} ainda aguarda a decisão do gestor.` : row.status === "rejected" ? `O pedido ${id} foi recusado pelo gestor.` : `O pedido ${id} já foi usado no acordo ${row.agreement_id}.`);
      }
      const proposal = JSON.parse(row.proposal) as StoredProposal;
      assertSameDebts(proposal, debts, plan.debtCents);
      if (proposal.terms.firstDueDate < atDate) throw new AppError("conflict", `O primeiro vencimento aprovado (${formatDateBr(proposal.terms.firstDueDate)}) já passou: peça nova aprovação.`);
      terms = proposal.terms;
      bucket = proposal.bucket;
      policyVersion = proposal.policyVersion;
      approval = { id, exceeds: (JSON.parse(row.exceeds) as unknown[]).length > 0 };
    }
    const agreementId = await writeAgreement(trx, scope, actor, now, { debtor, atDate, plan, debts, terms, bucket, policy, policyVersion, approval, incomeCents: input.incomeCents ?? null });
    if (approval) await trx.updateTable("agreement_approvals").set({ status: "used", agreement_id: agreementId }).where("id", "=", approval.id).execute();
    return loadAgreementView(trx, scope, agreementId);
  });
}

/** An approval is for the debts and amounts of its day: anything different needs a new one. */
function assertSameDebts(proposal: StoredProposal, debts: readonly NegotiableDebt[], debtCents: number): void {
  const now = debts.map((d) => d.debtId).sort((a, b) => a - b);
  const then = [...proposal.debtIds].sort((a, b) => a - b);
  if (now.length !== then.length || now.some((id, i) => id !== then[i])) {
    throw new AppError("conflict", "Os títulos em atraso do devedor mudaram desde o pedido de aprovação: peça nova aprovação.");
  }
  if (debtCents !== proposal.debtCents) {
    throw new AppError("conflict", `A dívida mudou desde o pedido de aprovação (${formatCents(proposal.debtCents)} → ${formatCents(debtCents)}): peça nova aprovação.`);
  }
}

type AgreementDraft = {
  debtor: NegotiationDebtor;
  atDate: string;
  plan: { debtCents: number; principalCents: number; chargesCents: number; daysLate: number };
  debts: readonly NegotiableDebt[];
  terms: OptionTerms;
  bucket: string;
  policy: NegotiationPolicy;
  policyVersion: number;
  approval: { id: number; exceeds: boolean } | null;
  incomeCents: number | null;
};

async function writeAgreement(trx: Kysely<Schema>, scope: CreditorScope, actor: Actor, now: Date, d: AgreementDraft): Promise<number> {
  const at = now.toISOString();
  const t = d.terms;
  const { id } = await trx
    .insertInto("agreements")
    .values({
      creditor_id: scope.creditorId, debtor_id: d.debtor.id, status: "active", at_date: d.atDate, debt_cents: d.plan.debtCents, principal_cents: d.plan.principalCents,
      charges_cents: d.plan.chargesCents, discount_cents: t.discountCents, charges_discount_cents: t.chargesDiscountCents, principal_discount_cents: t.principalDiscountCents,
      total_cents: t.totalCents, down_payment_cents: t.downPaymentCents, instalment_cents: t.instalmentCents, instalments: t.instalments, interest_monthly_bp: t.interestMonthlyBp,
      first_due_date: t.firstDueDate, break_after_days: d.policy.breakAfterDays, bucket: d.bucket, days_late: d.plan.daysLate, policy_version: d.policyVersion,
      beyond_policy: d.approval?.exceeds ? 1 : 0, approval_id: d.approval?.id ?? null, income_cents: d.incomeCents, created_by: actor.label, created_at: at,
      closed_at: null, close_reason: null, updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const agreementId = Number(id);

  // The discount, split over the originals: the charges part by their charges, the principal part by their principal.
  const chargesOf = (x: NegotiableDebt) => x.breakdown.fineCents + x.breakdown.interestCents + x.breakdown.correctionCents;
  const chargeShares = splitProportionally(t.chargesDiscountCents, d.debts.map(chargesOf));
  const principalShares = splitProportionally(t.principalDiscountCents, d.debts.map((x) => x.breakdown.principalCents));
  await trx.insertInto("agreement_debts").values(d.debts.map((x, i) => ({
    agreement_id: agreementId, debt_id: x.debtId, principal_cents: x.breakdown.principalCents, fine_cents: x.breakdown.fineCents, interest_cents: x.breakdown.interestCents,
    correction_cents: x.breakdown.correctionCents, total_cents: x.breakdown.totalCents, discount_cents: chargeShares[i]! + principalShares[i]!,
  }))).execute();

  const schedule = scheduleOf(t, d.debtor.uf);
  const externalIds = schedule.map((s) => instalmentExternalId(agreementId, s.number));
  const taken = await trx.selectFrom("debts").select("external_id").where("creditor_id", "=", scope.creditorId).where("external_id", "in", externalIds).execute();
  if (taken.length) throw new AppError("conflict", `Já existe título com o código ${taken[0]!.external_id}: renomeie-o antes de fechar o acordo.`);
  const single = t.instalments === 1;
  for (const s of schedule) {
    const label = single ? "pagamento à vista" : s.number === 1 ? `entrada (parcela 1 de ${t.instalments})` : `parcela ${s.number} de ${t.instalments}`;
    const { id: debtId } = await trx
      .insertInto("debts")
      .values({
        creditor_id: scope.creditorId, debtor_id: d.debtor.id, external_id: instalmentExternalId(agreementId, s.number), description: `Acordo nº ${agreementId} — ${label}`,
        original_cents: s.amountCents, open_cents: s.amountCents, issue_date: d.atDate, due_date: s.dueDate, contract: `ACORDO-${agreementId}`, instalment: s.number,
        our_number: null, status: "open", created_at: at, updated_at: at,
        // The agreement's terms replace late charges: a late instalment owes its amount, and breaks the agreement after breakAfterDays.
        fine_bp: 0, interest_monthly_bp: 0, fine_cents: null, accrual_from_date: null, ladder_id: d.policy.ladderId, agreement_id: agreementId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("agreement_instalments").values({ agreement_id: agreementId, number: s.number, due_date: s.dueDate, amount_cents: s.amountCents, debt_id: Number(debtId), status: "open", paid_date: null }).execute();
  }

  const originalIds = d.debts.map((x) => x.debtId);
  await trx.updateTable("debts").set({ status: "in_agreement", updated_at: at }).where("creditor_id", "=", scope.creditorId).where("id", "in", originalIds).execute();
  const cancelled = await cancelPendingActionsForDebts(trx, originalIds, IN_AGREEMENT_CANCEL_REASON, at);

  const summary = {
    agreementId: String(agreementId), instalments: t.instalments, downPaymentCents: t.downPaymentCents, instalmentCents: t.instalmentCents, totalCents: t.totalCents,
    discountCents: t.discountCents, firstDueDate: t.firstDueDate, debtCents: d.plan.debtCents, bucket: d.bucket, approvalId: d.approval ? String(d.approval.id) : null,
    beyondPolicy: Boolean(d.approval?.exceeds), cancelledActions: cancelled.length,
  };
  await trx.insertInto("events").values([
    { creditor_id: scope.creditorId, debtor_id: d.debtor.id, debt_id: null, kind: "agreement.created", at, actor: actor.label, data: JSON.stringify({ ...summary, debts: d.debts.map((x) => x.externalId) }) },
    ...d.debts.map((x, i) => ({
      creditor_id: scope.creditorId, debtor_id: d.debtor.id, debt_id: x.debtId, kind: "debt.in_agreement", at, actor: actor.label,
      data: JSON.stringify({ agreementId: String(agreementId), externalId: x.externalId, totalCents: x.breakdown.totalCents, discountCents: chargeShares[i]! + principalShares[i]! }),
    })),
  ]).execute();
  await recordAudit(trx, actor, now, {
    action: "agreement.create", entity: "agreement", entityId: String(agreementId), creditorId: scope.creditorId,
    after: { ...summary, debtorId: String(d.debtor.id), atDate: d.atDate, policyVersion: d.policyVersion, debts: originalIds.map(String), schedule, incomeCents: d.incomeCents },
  });
  return agreementId;
}
