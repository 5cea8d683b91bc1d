import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { isValidIsoDate } from "../../domain/br/dates.ts";
import { imputeAfterBreak, reviewAgreement, type AgreementPayment, type InstalmentFacts, type OriginalDebt } from "../../domain/negotiation/agreement-rules.ts";
import { AppError } from "../../shared/app-error.ts";
import { authorize, type Actor, type CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import { chargeStateToRow, loadChargeContexts } from "../charges/charge-state.ts";
import type { AppDeps } from "../deps.ts";
import { lockRows } from "../holds/hold-targets.ts";
import { cancelPendingActionsForDebts } from "../outbox/outbox.ts";

/** Who the daily agreement and promise checks act as, on timelines and in the audit log. */
export const NEGOTIATION_JOB_ACTOR: Actor = { kind: "system", id: "negotiation", role: "admin", creditorIds: "all", label: "system:negociacao" };

/** Why pending actions of a broken agreement's unpaid instalments were cancelled. */
export const BROKEN_CANCEL_REASON = "acordo rompido";

export type AgreementCheckResult = { checked: number; settled: string[]; broken: string[] };

type InstalmentRow = { number: number; due_date: string; amount_cents: number; status: string; paid_date: string | null; debt_id: number; debt_status: string };

/**
 * The daily check of a creditor's active agreements on `atDate` (the job calls it once a
 * day; running it again the same day changes nothing): instalments whose debt was paid
 * are marked paid; an agreement with every instalment paid is settled (the originals are
 * settled, the discount recorded as such); one with an instalment unpaid more than
 * `breakAfterDays` after its due date breaks (see `breakAgreement`). One transaction per
 * agreement, so one failure does not undo the others.
 */
export async function checkAgreements(deps: AppDeps, creditorId: string, atDate: string, actor: Actor = NEGOTIATION_JOB_ACTOR): Promise<AgreementCheckResult> {
  const scope = authorize(actor, creditorId, "agreement.write");
  if (!isValidIsoDate(atDate)) throw new AppError("validation", `at: data inválida (use AAAA-MM-DD): ${atDate}`, [{ field: "at", reason: "use AAAA-MM-DD" }]);
  const { db } = deps.database;
  const exists = await db.selectFrom("creditors").select("id").where("id", "=", scope.creditorId).executeTakeFirst();
  if (!exists) throw new AppError("not_found", "Credor não encontrado.");
  const active = await db.selectFrom("agreements").select("id").where("creditor_id", "=", scope.creditorId).where("status", "=", "active").orderBy("id").execute();
  const result: AgreementCheckResult = { checked: active.length, settled: [], broken: [] };
  for (const { id } of active) {
    const outcome = await db.transaction().execute((trx) => reviewOne(trx, deps, scope, actor, Number(id), atDate));
    if (outcome === "settled") result.settled.push(String(id));
    if (outcome === "broken") result.broken.push(String(id));
  }
  return result;
}

/**
 * The hook for payments: inside the payment's transaction, after debts were updated,
 * settles at once every active agreement whose instalments the given debts complete (a
 * payment on the last instalment settles the originals without waiting for the daily
 * check). Never breaks an agreement. Returns the ids of the agreements settled.
 */
export async function settleAgreementsPaidBy(trx: Kysely<Schema>, deps: AppDeps, creditorId: string, debtIds: readonly number[], atDate: string, actor: Actor = NEGOTIATION_JOB_ACTOR): Promise<string[]> {
  if (debtIds.length === 0) return [];
  const scope = authorize(actor, creditorId, "agreement.write");
  // In lists of 500: a bank return settles thousands of debts per batch (SQLite takes at most 32,766 values per statement).
  const agreements = new Set<number>();
  for (let i = 0; i < debtIds.length; i += 500) {
    const rows = await trx
      .selectFrom("agreement_instalments as i")
      .innerJoin("agreements as a", "a.id", "i.agreement_id")
      .select("a.id")
      .distinct()
      .where("a.creditor_id", "=", scope.creditorId)
      .where("a.status", "=", "active")
      .where("i.debt_id", "in", debtIds.slice(i, i + 500))
      .execute();
    for (const r of rows) agreements.add(Number(r.id));
  }
  const settled: string[] = [];
  for (const id of [...agreements].sort((a, b) => a - b)) if ((await reviewOne(trx, deps, scope, actor, id, atDate, { settleOnly: true })) === "settled") settled.push(String(id));
  return settled;
}

async function reviewOne(trx: Kysely<Schema>, deps: AppDeps, scope: CreditorScope, actor: Actor, agreementId: number, atDate: string, options: { settleOnly?: boolean } = {}): Promise<"active" | "settled" | "broken"> {
  let q = trx.selectFrom("agreements").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", agreementId);
  if (lockRows(deps.database)) q = q.forUpdate();
  const agreement = await q.executeTakeFirst();
  if (!agreement || agreement.status !== "active") return "active";
  const now = deps.clock.now();
  const at = now.toISOString();
  const instalments: InstalmentRow[] = await trx
    .selectFrom("agreement_instalments as i")
    .innerJoin("debts as d", "d.id", "i.debt_id")
    .select(["i.number", "i.due_date", "i.amount_cents", "i.status", "i.paid_date", "i.debt_id", "d.status as debt_status"])
    .where("i.agreement_id", "=", agreementId)
    .orderBy("i.number")
    .execute();

  // Instalments whose debt the ledger settled are paid (on the date of the last payment that reached them).
  for (const i of instalments) {
    if (i.status !== "open" || i.debt_status !== "settled") continue;
    const last = await trx
      .selectFrom("payment_allocations as pa")
      .innerJoin("payments as p", "p.id", "pa.payment_id")
      .select((eb) => eb.fn.max("p.paid_date").as("paid_date"))
      .where("pa.debt_id", "=", i.debt_id)
      .where("pa.creditor_id", "=", scope.creditorId)
      .executeTakeFirst();
    i.status = "paid";
    i.paid_date = last?.paid_date ?? atDate;
    await trx.updateTable("agreement_instalments").set({ status: "paid", paid_date: i.paid_date }).where("agreement_id", "=", agreementId).where("number", "=", i.number).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: Number(agreement.debtor_id), debt_id: i.debt_id, kind: "agreement.instalment_paid", at, actor: actor.label,
      data: JSON.stringify({ agreementId: String(agreementId), number: i.number, amountCents: i.amount_cents, paidDate: i.paid_date }),
    }).execute();
  }

  const facts: InstalmentFacts[] = instalments.map((i) => ({ number: i.number, dueDate: i.due_date, status: i.status as InstalmentFacts["status"] }));
  const review = reviewAgreement(facts, atDate, agreement.break_after_days);
  if (review.kind === "settled") {
    await settleAgreement(trx, scope, actor, now, agreement);
    return "settled";
  }
  if (review.kind === "broken" && !options.settleOnly) {
    await breakAgreement(trx, scope, actor, now, agreement, instalments, review);
    return "broken";
  }
  return "active";
}

type AgreementRow = { id: number; debtor_id: number; discount_cents: number; total_cents: number };

/** Every instalment paid: the originals are settled by the agreement, each with its share of the discount recorded. */
async function settleAgreement(trx: Kysely<Schema>, scope: CreditorScope, actor: Actor, now: Date, agreement: AgreementRow): Promise<void> {
  const at = now.toISOString();
  const agreementId = Number(agreement.id);
  const originals = await trx
    .selectFrom("agreement_debts as ad")
    .innerJoin("debts as d", "d.id", "ad.debt_id")
    .select(["ad.debt_id", "d.external_id", "d.status", "d.open_cents", "d.fine_cents", "ad.total_cents", "ad.discount_cents"])
    .where("ad.agreement_id", "=", agreementId)
    .where("d.creditor_id", "=", scope.creditorId)
    .execute();
  const ids = originals.filter((o) => o.status === "in_agreement").map((o) => Number(o.debt_id));
  if (ids.length) {
    await trx
      .updateTable("debts")
      .set({ status: "settled", open_cents: 0, interest_cents: 0, correction_cents: 0, updated_at: at })
      .where("creditor_id", "=", scope.creditorId)
      .where("id", "in", ids)
      .execute();
    await trx.updateTable("debts").set({ fine_cents: 0 }).where("creditor_id", "=", scope.creditorId).where("id", "in", ids).where("fine_cents", "is not", null).execute();
  }
  await trx.updateTable("agreements").set({ status: "settled", closed_at: at, close_reason: JSON.stringify({ kind: "settled" }), updated_at: at }).where("id", "=", agreementId).execute();
  await trx.insertInto("events").values([
    {
      creditor_id: scope.creditorId, debtor_id: Number(agreement.debtor_id), debt_id: null, kind: "agreement.settled", at, actor: actor.label,
      data: JSON.stringify({ agreementId: String(agreementId), totalCents: agreement.total_cents, discountCents: agreement.discount_cents, debts: originals.map((o) => o.external_id) }),
    },
    ...originals.map((o) => ({
      creditor_id: scope.creditorId, debtor_id: Number(agreement.debtor_id), debt_id: Number(o.debt_id), kind: "debt.settled_by_agreement", at, actor: actor.label,
      data: JSON.stringify({ agreementId: String(agreementId), externalId: o.external_id, agreedCents: o.total_cents - o.discount_cents, discountCents: o.discount_cents, openCentsBefore: o.open_cents }),
    })),
  ]).execute();
  await recordAudit(trx, actor, now, {
    action: "agreement.settle", entity: "agreement", entityId: String(agreementId), creditorId: scope.creditorId,
    before: { status: "active" }, after: { status: "settled", discountCents: agreement.discount_cents, debts: originals.map((o) => ({ debtId: String(o.debt_id), discountCents: o.discount_cents })) },
  });
}

/**
 * An instalment unpaid past the limit: the agreement breaks. What was paid on its
 * instalments is imputed to the originals by the payment rules (on each payment's date),
 * the originals come back `open` with what is left (or `settled` if nothing is), the
 * unpaid instalment debts are cancelled with their pending actions, and the ladder
 * resumes on the originals where their history left them.
 */
async function breakAgreement(
  trx: Kysely<Schema>, scope: CreditorScope, actor: Actor, now: Date, agreement: AgreementRow, instalments: InstalmentRow[], review: { number: number; dueDate: string; daysLate: number },
): Promise<void> {
  const at = now.toISOString();
  const agreementId = Number(agreement.id);
  const instalmentDebtIds = instalments.map((i) => i.debt_id);
  const paid = await trx
    .selectFrom("payment_allocations as pa")
    .innerJoin("payments as p", "p.id", "pa.payment_id")
    .select(["pa.payment_id", "p.paid_date", "pa.interest_cents", "pa.fine_cents", "pa.correction_cents", "pa.principal_cents"])
    .where("pa.creditor_id", "=", scope.creditorId)
    .where("pa.debt_id", "in", instalmentDebtIds)
    .execute();
  const byPayment = new Map<number, AgreementPayment>();
  for (const r of paid) {
    const id = Number(r.payment_id);
    const amount = r.interest_cents + r.fine_cents + r.correction_cents + r.principal_cents;
    const p = byPayment.get(id);
    if (p) p.amountCents += amount;
    else byPayment.set(id, { paymentId: id, paidDate: r.paid_date, amountCents: amount });
  }
  const payments = [...byPayment.values()];

  const links = await trx.selectFrom("agreement_debts as ad").innerJoin("debts as d", "d.id", "ad.debt_id").select(["ad.debt_id", "d.status", "d.external_id"]).where("ad.agreement_id", "=", agreementId).execute();
  const contexts = await loadChargeContexts(trx, scope, links.map((l) => Number(l.debt_id)));
  const originals: OriginalDebt[] = [...contexts.values()].map((c) => ({ id: c.debtId, dueDate: c.dueDate, uf: c.uf, terms: c.terms, state: c.state, index: c.index }));
  const imputed = imputeAfterBreak(originals, payments);
  for (const l of links) {
    const id = Number(l.debt_id);
    const state = imputed.states.get(id);
    if (!state) continue;
    const status = l.status === "in_agreement" ? (imputed.settled.has(id) ? "settled" : "open") : l.status;
    await trx.updateTable("debts").set({ ...chargeStateToRow(state), status, updated_at: at }).where("creditor_id", "=", scope.creditorId).where("id", "=", id).execute();
  }

  const unpaid = instalments.filter((i) => i.status === "open");
  const unpaidDebtIds = unpaid.filter((i) => i.debt_status === "open").map((i) => i.debt_id);
  if (unpaidDebtIds.length) await trx.updateTable("debts").set({ status: "cancelled", updated_at: at }).where("creditor_id", "=", scope.creditorId).where("id", "in", unpaidDebtIds).execute();
  if (unpaid.length) await trx.updateTable("agreement_instalments").set({ status: "cancelled" }).where("agreement_id", "=", agreementId).where("status", "=", "open").execute();
  const cancelled = await cancelPendingActionsForDebts(trx, unpaidDebtIds, BROKEN_CANCEL_REASON, at);

  const reason = { kind: "broken", instalment: review.number, dueDate: review.dueDate, daysLate: review.daysLate };
  await trx.updateTable("agreements").set({ status: "broken", closed_at: at, close_reason: JSON.stringify(reason), surplus_cents: imputed.surplusCents, updated_at: at }).where("id", "=", agreementId).execute();
  const paidCents = payments.reduce((s, p) => s + p.amountCents, 0);
  const debtorId = Number(agreement.debtor_id);
  await trx.insertInto("events").values([
    {
      creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: null, kind: "agreement.broken", at, actor: actor.label,
      data: JSON.stringify({ agreementId: String(agreementId), ...reason, paidCents, surplusCents: imputed.surplusCents, cancelledInstalments: unpaid.map((i) => i.number), cancelledActions: cancelled.length }),
    },
    ...links.map((l) => {
      const id = Number(l.debt_id);
      const mine = imputed.allocations.filter((a) => a.debtId === id);
      return {
        creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: id, kind: "debt.agreement_broken", at, actor: actor.label,
        data: JSON.stringify({
          agreementId: String(agreementId), externalId: l.external_id, openCents: imputed.states.get(id)?.principalCents ?? null, settled: imputed.settled.has(id),
          imputed: mine.map((a) => ({ paymentId: String(a.paymentId), ...a.allocation })),
        }),
      };
    }),
  ]).execute();
  await recordAudit(trx, actor, now, {
    action: "agreement.break", entity: "agreement", entityId: String(agreementId), creditorId: scope.creditorId,
    before: { status: "active" }, after: { status: "broken", ...reason, paidCents, surplusCents: imputed.surplusCents, imputed: imputed.allocations.map((a) => ({ ...a, paymentId: String(a.paymentId), debtId: String(a.debtId) })) },
  });
}
