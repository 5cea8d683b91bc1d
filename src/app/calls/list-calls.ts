import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";

/** One call attempt as the API shows it. */
export type CallAttemptView = {
  id: string;
  debtorId: string;
  debtorName: string;
  contactId: string;
  phone: string;
  actor: string;
  at: string;
  localDay: string;
  outcome: string;
  note: string | null;
  callbackAt: string | null;
  promiseId: string | null;
  actionId: string | null;
};

const str = (v: number | null) => (v === null ? null : String(v));

/** The views of these attempts of the scope's creditor, newest first. */
export async function callViews(db: Kysely<Schema>, scope: CreditorScope, ids: readonly number[]): Promise<CallAttemptView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("call_attempts as c")
    .innerJoin("debtors as d", "d.id", "c.debtor_id")
    .selectAll("c")
    .select("d.name as debtor_name")
    .where("c.creditor_id", "=", scope.creditorId)
    .where("c.id", "in", [...ids])
    .orderBy("c.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: String(r.id), debtorId: String(r.debtor_id), debtorName: r.debtor_name, contactId: String(r.contact_id), phone: r.phone, actor: r.actor, at: r.at,
    localDay: r.local_day, outcome: r.outcome, note: r.note, callbackAt: r.callback_at, promiseId: str(r.promise_id), actionId: str(r.action_id),
  }));
}

export type ListCallsInput = { debtorId?: string; limit?: number; before?: string };

/** A creditor's call attempts, newest first, optionally of one debtor, a page at a time (`before` = the last id seen). */
export async function listCalls(deps: AppDeps, actor: Actor, creditorId: string, input: ListCallsInput = {}): Promise<{ items: CallAttemptView[]; nextBefore: string | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  let q = db.selectFrom("call_attempts").select("id").where("creditor_id", "=", scope.creditorId).orderBy("id", "desc").limit(limit + 1);
  if (input.debtorId !== undefined && input.debtorId !== "") {
    const debtorId = parseId(input.debtorId, "Devedor");
    const exists = await db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirst();
    if (!exists) throw new AppError("not_found", "Devedor não encontrado.");
    q = q.where("debtor_id", "=", debtorId);
  }
  if (input.before !== undefined && input.before !== "") {
    if (!/^\d{1,15}$/.test(input.before)) throw new AppError("validation", "before: use o id de uma ligação", [{ field: "before", reason: "use o id de uma ligação" }]);
    q = q.where("id", "<", Number(input.before));
  }
  const rows = await q.execute();
  const page = rows.slice(0, limit).map((r) => Number(r.id));
  return { items: await callViews(db, scope, page), nextBefore: rows.length > limit ? String(page[page.length - 1]) : null };
}
