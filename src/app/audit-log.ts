import { AppError } from "../shared/app-error.ts";
import { hasCreditor, requirePermission, type Actor } from "./access.ts";
import type { AppDeps } from "./deps.ts";

export type ListAuditInput = {
  creditorId?: string;
  action?: string;
  /** An actor label (`user:ana@x.com`, `apikey:…`, `system:cli`), or a bare e-mail or key id. */
  actor?: string;
  entity?: string;
  entityId?: string;
  /** Instants (ISO 8601): entries at or after `from`, and before `to`. */
  from?: string;
  to?: string;
  limit?: number;
  before?: string;
};

function instant(field: "from" | "to", raw: string): string {
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new AppError("validation", `${field}: use um instante ISO 8601 (ex.: 2025-06-01T03:00:00Z)`, [{ field, reason: "instante inválido" }]);
  return new Date(ms).toISOString();
}

/** The audit log as its readers see it: only entries of their creditors (global entries for admins). */
export async function listAudit(deps: AppDeps, actor: Actor, input: ListAuditInput) {
  requirePermission(actor, "audit.read");
  if (input.creditorId && !hasCreditor(actor, input.creditorId)) throw new AppError("not_found", "Credor não encontrado.");
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  let query = deps.database.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit + 1);
  if (input.creditorId) query = query.where("creditor_id", "=", input.creditorId);
  else if (actor.creditorIds !== "all") {
    if (actor.creditorIds.length === 0) return { items: [], nextBefore: null };
    query = query.where("creditor_id", "in", [...actor.creditorIds]);
  }
  if (input.action) query = query.where("action", "=", input.action);
  const who = input.actor?.trim();
  if (who) {
    const labels = /^(user|apikey|system):/.test(who) ? [who] : [`user:${who.toLowerCase()}`, `apikey:${who}`];
    query = query.where("actor", "in", labels);
  }
  if (input.entity) query = query.where("entity", "=", input.entity);
  if (input.entityId) query = query.where("entity_id", "=", input.entityId);
  if (input.from) query = query.where("at", ">=", instant("from", input.from));
  if (input.to) query = query.where("at", "<", instant("to", input.to));
  if (input.before) {
    if (!/^\d{1,15}$/.test(input.before)) throw new AppError("validation", "before inválido", [{ field: "before", reason: "use o id de uma entrada" }]);
    query = query.where("id", "<", Number(input.before));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: String(r.id), at: r.at, actor: r.actor, creditorId: r.creditor_id, action: r.action, entity: r.entity, entityId: r.entity_id,
      before: r.before === null ? null : (JSON.parse(r.before) as unknown), after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    })),
    /** Pass as `before` for the next (older) page; null on the last page. */
    nextBefore: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}
