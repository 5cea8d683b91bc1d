import { localDateOf } from "../../domain/br/dates.ts";
import { isValidIsoDate } from "../../domain/br/dates.ts";
import { isPausedOn } from "../../domain/guard/rules.ts";
import { AppError } from "../../shared/app-error.ts";
import { cancelPendingActionsForDebtor, cancelPendingActionsForDebts } from "../outbox/outbox.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkReason, DEBT_STATUS_LABEL, findDebt, findDebtor, lockRows, type DebtorRef, type DebtRef, type HeldDebt, type HeldDebtor } from "./hold-targets.ts";

/**
 * Pauses and resumes, per debtor and per debt. Each change appends a `holds` row (who,
 * when, why), updates the current state on the debtor or debt, writes a timeline event and
 * an audit entry, and — for a pause — cancels the pending actions it covers, all in one
 * transaction, so the dispatcher can never send what a pause stopped.
 *
 * Repeating a change is not an error: pausing a paused debtor (with the same last day) or
 * resuming one that is not paused answers `changed: false` and writes nothing, so a retried
 * API call or script is harmless. An expired `until` counts as not paused.
 */

export type DebtorHoldView = { debtorId: string; document: string; paused: boolean; pausedAt: string | null; pausedUntil: string | null };
export type DebtorHoldResult = { changed: boolean; debtor: DebtorHoldView; cancelledActions: number };

export type DebtHoldView = {
  debtId: string;
  externalId: string;
  debtorId: string;
  document: string;
  status: string;
  paused: boolean;
  pausedAt: string | null;
  pausedUntil: string | null;
};
export type DebtHoldResult = { changed: boolean; debt: DebtHoldView; cancelledActions: number };

export type PauseInput = { reason: string; until?: string | null };

function debtorView(d: HeldDebtor, today: string): DebtorHoldView {
  const state = { pausedAt: d.paused_at, pausedUntil: d.paused_until };
  return { debtorId: String(d.id), document: d.document, paused: isPausedOn(state, today), pausedAt: d.paused_at, pausedUntil: d.paused_until };
}

export function debtView(d: HeldDebt, today: string): DebtHoldView {
  const state = { pausedAt: d.paused_at, pausedUntil: d.paused_until };
  return {
    debtId: String(d.id), externalId: d.external_id, debtorId: String(d.debtor_id), document: d.document, status: d.status,
    paused: isPausedOn(state, today), pausedAt: d.paused_at, pausedUntil: d.paused_until,
  };
}

/** `until` is the last paused local day: a valid date, today or later. */
function checkUntil(until: string | null | undefined, today: string): string | null {
  if (until === undefined || until === null || until === "") return null;
  if (!isValidIsoDate(until)) throw new AppError("validation", `until: data inválida (use AAAA-MM-DD): ${until}`, [{ field: "until", reason: "use AAAA-MM-DD" }]);
  if (until < today) throw new AppError("validation", `until: o último dia da pausa (${until}) já passou (hoje é ${today} no fuso do devedor)`, [{ field: "until", reason: "data no passado" }]);
  return until;
}

/** Stops the ladder for every debt of a debtor, until resumed or through `until` (inclusive). */
export async function pauseDebtor(deps: AppDeps, actor: Actor, creditorId: string, debtor: DebtorRef, input: PauseInput): Promise<DebtorHoldResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "hold.pause");
  const reason = checkReason(input.reason);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebtor(trx, scope, debtor, lockRows(deps.database));
    const today = localDateOf(now, d.timeZone);
    const until = checkUntil(input.until, today);
    const active = isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, today);
    if (active && d.paused_until === until) return { changed: false, debtor: debtorView(d, today), cancelledActions: 0 };
    const after: HeldDebtor = { ...d, paused_at: active ? d.paused_at : at, paused_until: until };
    await trx.updateTable("debtors").set({ paused_at: after.paused_at, paused_until: until, updated_at: at }).where("id", "=", d.id).execute();
    const cancelled = await cancelPendingActionsForDebtor(trx, d.id, "debtor_paused", at);
    await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: d.id, debt_id: null, kind: "pause", action: "start", at, actor: actor.label, reason, until, prior_status: null }).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: d.id, debt_id: null, kind: "debtor.paused", at, actor: actor.label,
      data: JSON.stringify({ reason, until, cancelledActions: cancelled.length }),
    }).execute();
    await recordAudit(trx, actor, now, {
      action: "debtor.pause", entity: "debtor", entityId: String(d.id), creditorId: scope.creditorId,
      before: { pausedAt: d.paused_at, pausedUntil: d.paused_until }, after: { pausedAt: after.paused_at, pausedUntil: until, reason, cancelledActions: cancelled.length },
    });
    return { changed: true, debtor: debtorView(after, today), cancelledActions: cancelled.length };
  });
}

/** Lets the ladder act on the debtor again from its next run. */
export async function resumeDebtor(deps: AppDeps, actor: Actor, creditorId: string, debtor: DebtorRef, input: { reason: string }): Promise<DebtorHoldResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "hold.pause");
  const reason = checkReason(input.reason);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebtor(trx, scope, debtor, lockRows(deps.database));
    const today = localDateOf(now, d.timeZone);
    if (!isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, today)) return { changed: false, debtor: debtorView(d, today), cancelledActions: 0 };
    await trx.updateTable("debtors").set({ paused_at: null, paused_until: null, updated_at: at }).where("id", "=", d.id).execute();
    await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: d.id, debt_id: null, kind: "pause", action: "end", at, actor: actor.label, reason, until: null, prior_status: null }).execute();
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: d.id, debt_id: null, kind: "debtor.resumed", at, actor: actor.label, data: JSON.stringify({ reason, pausedAt: d.paused_at }) }).execute();
    await recordAudit(trx, actor, now, {
      action: "debtor.resume", entity: "debtor", entityId: String(d.id), creditorId: scope.creditorId,
      before: { pausedAt: d.paused_at, pausedUntil: d.paused_until }, after: { pausedAt: null, pausedUntil: null, reason },
    });
    return { changed: true, debtor: debtorView({ ...d, paused_at: null, paused_until: null }, today), cancelledActions: 0 };
  });
}

/** A debt that is settled or written off has nothing left to hold. */
export function assertCollectible(d: HeldDebt, what: string): void {
  if (d.status === "settled" || d.status === "written_off") {
    throw new AppError("conflict", `O título ${d.external_id} está ${DEBT_STATUS_LABEL[d.status]}: não há cobrança a ${what}.`);
  }
}

/** Stops the ladder for one debt (the debtor's other debts go on). */
export async function pauseDebt(deps: AppDeps, actor: Actor, creditorId: string, debt: DebtRef, input: PauseInput): Promise<DebtHoldResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "hold.pause");
  const reason = checkReason(input.reason);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebt(trx, scope, debt, lockRows(deps.database));
    const today = localDateOf(now, d.timeZone);
    const until = checkUntil(input.until, today);
    const active = isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, today);
    if (active && d.paused_until === until) return { changed: false, debt: debtView(d, today), cancelledActions: 0 };
    assertCollectible(d, "pausar");
    const after: HeldDebt = { ...d, paused_at: active ? d.paused_at : at, paused_until: until };
    await trx.updateTable("debts").set({ paused_at: after.paused_at, paused_until: until, updated_at: at }).where("id", "=", d.id).execute();
    const cancelled = await cancelPendingActionsForDebts(trx, [d.id], "debt_paused", at);
    await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "pause", action: "start", at, actor: actor.label, reason, until, prior_status: null }).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "debt.paused", at, actor: actor.label,
      data: JSON.stringify({ externalId: d.external_id, reason, until, cancelledActions: cancelled.length }),
    }).execute();
    await recordAudit(trx, actor, now, {
      action: "debt.pause", entity: "debt", entityId: String(d.id), creditorId: scope.creditorId,
      before: { pausedAt: d.paused_at, pausedUntil: d.paused_until }, after: { pausedAt: after.paused_at, pausedUntil: until, reason, cancelledActions: cancelled.length },
    });
    return { changed: true, debt: debtView(after, today), cancelledActions: cancelled.length };
  });
}

/** Lets the ladder act on the debt again from its next run. */
export async function resumeDebt(deps: AppDeps, actor: Actor, creditorId: string, debt: DebtRef, input: { reason: string }): Promise<DebtHoldResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "hold.pause");
  const reason = checkReason(input.reason);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebt(trx, scope, debt, lockRows(deps.database));
    const today = localDateOf(now, d.timeZone);
    if (!isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, today)) return { changed: false, debt: debtView(d, today), cancelledActions: 0 };
    await trx.updateTable("debts").set({ paused_at: null, paused_until: null, updated_at: at }).where("id", "=", d.id).execute();
    await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "pause", action: "end", at, actor: actor.label, reason, until: null, prior_status: null }).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "debt.resumed", at, actor: actor.label,
      data: JSON.stringify({ externalId: d.external_id, reason, pausedAt: d.paused_at }),
    }).execute();
    await recordAudit(trx, actor, now, {
      action: "debt.resume", entity: "debt", entityId: String(d.id), creditorId: scope.creditorId,
      before: { pausedAt: d.paused_at, pausedUntil: d.paused_until }, after: { pausedAt: null, pausedUntil: null, reason },
    });
    return { changed: true, debt: debtView({ ...d, paused_at: null, paused_until: null }, today), cancelledActions: 0 };
  });
}
