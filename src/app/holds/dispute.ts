import { localDateOf } from "../../domain/br/dates.ts";
import { cancelPendingActionsForDebts } from "../outbox/outbox.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkReason, findDebt, lockRows, type DebtRef } from "./hold-targets.ts";
import { assertCollectible, debtView, type DebtHoldResult } from "./pause.ts";

/**
 * Disputes ("contestação"): the debtor contests a debt, which is held (status `disputed`,
 * pending actions cancelled) until someone resolves it; undisputing restores the status it
 * had before. Like pauses, repeating a dispute or undisputing an undisputed debt answers
 * `changed: false` and writes nothing.
 */

/** Holds a debt the debtor contests. */
export async function disputeDebt(deps: AppDeps, actor: Actor, creditorId: string, debt: DebtRef, input: { reason: string }): Promise<DebtHoldResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "hold.dispute");
  const reason = checkReason(input.reason);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebt(trx, scope, debt, lockRows(deps.database));
    const today = localDateOf(now, d.timeZone);
    if (d.status === "disputed") return { changed: false, debt: debtView(d, today), cancelledActions: 0 };
    assertCollectible(d, "contestar");
    await trx.updateTable("debts").set({ status: "disputed", updated_at: at }).where("id", "=", d.id).execute();
    const cancelled = await cancelPendingActionsForDebts(trx, [d.id], "debt_disputed", at);
    await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "dispute", action: "start", at, actor: actor.label, reason, until: null, prior_status: d.status }).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "debt.disputed", at, actor: actor.label,
      data: JSON.stringify({ externalId: d.external_id, reason, priorStatus: d.status, cancelledActions: cancelled.length }),
    }).execute();
    await recordAudit(trx, actor, now, {
      action: "debt.dispute", entity: "debt", entityId: String(d.id), creditorId: scope.creditorId,
      before: { status: d.status }, after: { status: "disputed", reason, cancelledActions: cancelled.length },
    });
    return { changed: true, debt: debtView({ ...d, status: "disputed" }, today), cancelledActions: cancelled.length };
  });
}

/**
 * Ends a dispute: the debt goes back to the status it had when disputed (open when no
 * record says otherwise), or to settled when it was paid off meanwhile.
 */
export async function undisputeDebt(deps: AppDeps, actor: Actor, creditorId: string, debt: DebtRef, input: { reason: string }): Promise<DebtHoldResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "hold.resolve");
  const reason = checkReason(input.reason);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebt(trx, scope, debt, lockRows(deps.database));
    const today = localDateOf(now, d.timeZone);
    if (d.status !== "disputed") return { changed: false, debt: debtView(d, today), cancelledActions: 0 };
    const start = await trx
      .selectFrom("holds")
      .select("prior_status")
      .where("debt_id", "=", d.id)
      .where("kind", "=", "dispute")
      .where("action", "=", "start")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    let status = start?.prior_status ?? "open";
    if (status === "open" && d.open_cents === 0) status = "settled";
    await trx.updateTable("debts").set({ status, updated_at: at }).where("id", "=", d.id).execute();
    await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "dispute", action: "end", at, actor: actor.label, reason, until: null, prior_status: null }).execute();
    await trx.insertInto("events").values({
      creditor_id: scope.creditorId, debtor_id: d.debtor_id, debt_id: d.id, kind: "debt.undisputed", at, actor: actor.label,
      data: JSON.stringify({ externalId: d.external_id, reason, status }),
    }).execute();
    await recordAudit(trx, actor, now, { action: "debt.undispute", entity: "debt", entityId: String(d.id), creditorId: scope.creditorId, before: { status: "disputed" }, after: { status, reason } });
    return { changed: true, debt: debtView({ ...d, status }, today), cancelledActions: 0 };
  });
}
