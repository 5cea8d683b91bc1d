import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, decodeCursor, encodeCursor, parseId } from "../portfolio/debtors.ts";

export type ActionView = {
  id: string;
  debtorId: string;
  debtorDocument: string;
  debtExternalIds: string[];
  ladderId: string;
  stepId: string;
  stage: string;
  channel: string;
  localDay: string;
  status: string;
  sendAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  cancelReason: string | null;
};

export const ACTION_STATUSES = ["planned", "awaiting_approval", "sending", "sent", "failed", "cancelled", "rejected", "uncertain"] as const;

async function viewsOf(deps: AppDeps, creditorId: string, ids: number[]): Promise<ActionView[]> {
  if (ids.length === 0) return [];
  const { db } = deps.database;
  const rows = await db
    .selectFrom("actions as a")
    .innerJoin("debtors as d", "d.id", "a.debtor_id")
    .select(["a.id", "a.debtor_id", "d.document", "a.ladder_id", "a.step_id", "a.stage", "a.channel", "a.local_day", "a.status", "a.send_at", "a.approved_by", "a.approved_at", "a.cancel_reason"])
    .where("a.creditor_id", "=", creditorId)
    .where("a.id", "in", ids)
    .orderBy("a.id")
    .execute();
  const links = await db
    .selectFrom("action_debts as ad")
    .innerJoin("debts as t", "t.id", "ad.debt_id")
    .select(["ad.action_id", "t.external_id"])
    .where("ad.action_id", "in", ids)
    .orderBy("t.due_date")
    .orderBy("t.external_id")
    .execute();
  return rows.map((r) => ({
    id: String(r.id), debtorId: String(r.debtor_id), debtorDocument: r.document,
    debtExternalIds: links.filter((l) => Number(l.action_id) === Number(r.id)).map((l) => l.external_id),
    ladderId: r.ladder_id, stepId: r.step_id, stage: r.stage, channel: r.channel, localDay: r.local_day, status: r.status, sendAt: r.send_at,
    approvedBy: r.approved_by, approvedAt: r.approved_at, cancelReason: r.cancel_reason,
  }));
}

/** A creditor's actions, newest first, by status and/or debtor, paginated by cursor. */
export async function listActions(
  deps: AppDeps, actor: Actor, creditorId: string, input: { status?: string; debtorId?: string; limit?: number; cursor?: string } = {},
): Promise<{ items: ActionView[]; nextCursor: string | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  if (input.status !== undefined && !(ACTION_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError("validation", `status inválido: ${input.status}`, [{ field: "status", reason: `use ${ACTION_STATUSES.join(", ")}` }]);
  }
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  let q = deps.database.db.selectFrom("actions").select("id").where("creditor_id", "=", scope.creditorId).orderBy("id", "desc").limit(limit + 1);
  if (input.status) q = q.where("status", "=", input.status as (typeof ACTION_STATUSES)[number]);
  if (input.debtorId !== undefined) q = q.where("debtor_id", "=", parseId(input.debtorId, "Devedor"));
  if (input.cursor) q = q.where("id", "<", decodeCursor(input.cursor));
  const rows = await q.execute();
  const page = rows.slice(0, limit).map((r) => Number(r.id));
  const items = await viewsOf(deps, scope.creditorId, page);
  items.reverse();
  return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

/**
 * A manager's decision on formal steps (credit-bureau listing, protest, lawsuit), which the
 * run persists as `awaiting_approval`: approved ones become `planned` for the dispatcher,
 * rejected ones are closed for good (the run does not plan that step again for those debts).
 */
export async function decideApproval(
  deps: AppDeps, actor: Actor, creditorId: string, input: { actionIds: string[]; approve: boolean; reason?: string },
): Promise<{ items: ActionView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "action.approve");
  const ids = [...new Set(input.actionIds.map((id) => parseId(id, "Acionamento")))];
  if (ids.length === 0) throw new AppError("validation", "informe pelo menos um acionamento", [{ field: "actionIds", reason: "vazio" }]);
  if (!input.approve && (!input.reason || input.reason.trim().length < 3)) throw new AppError("validation", "reason: informe o motivo da recusa", [{ field: "reason", reason: "obrigatório" }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  await deps.database.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("actions").select(["id", "debtor_id", "status", "channel", "step_id"]).where("creditor_id", "=", scope.creditorId).where("id", "in", ids).execute();
    const missing = ids.filter((id) => !rows.some((r) => Number(r.id) === id));
    if (missing.length) throw new AppError("not_found", `Acionamento não encontrado: ${missing.join(", ")}`);
    const wrong = rows.filter((r) => r.status !== "awaiting_approval");
    if (wrong.length) throw new AppError("conflict", `Acionamento sem aprovação pendente: ${wrong.map((r) => `#${r.id} (${r.status})`).join(", ")}`);
    const status = input.approve ? "planned" : "rejected";
    await trx
      .updateTable("actions")
      .set(input.approve ? { status, approved_by: actor.label, approved_at: at, updated_at: at } : { status, cancel_reason: input.reason!.trim(), approved_by: actor.label, approved_at: at, updated_at: at })
      .where("id", "in", ids)
      .where("status", "=", "awaiting_approval")
      .execute();
    for (const r of rows) {
      const data = { actionId: String(r.id), channel: r.channel, stepId: r.step_id, ...(input.approve ? {} : { reason: input.reason!.trim() }) };
      await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: r.debtor_id, debt_id: null, kind: input.approve ? "action.approved" : "action.rejected", at, actor: actor.label, data: JSON.stringify(data) }).execute();
      await recordAudit(trx, actor, now, { action: input.approve ? "action.approve" : "action.reject", entity: "action", entityId: String(r.id), creditorId: scope.creditorId, before: { status: "awaiting_approval" }, after: { status, ...(input.approve ? {} : { reason: input.reason!.trim() }) } });
    }
  });
  return { items: await viewsOf(deps, scope.creditorId, ids) };
}
