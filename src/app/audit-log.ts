import { AppError } from "../shared/app-error.ts";
import { hasCreditor, requirePermission, type Actor } from "./access.ts";
import type { AppDeps } from "./deps.ts";

/** The audit log as its readers see it: only entries of their creditors (global entries for admins). */
export async function listAudit(deps: AppDeps, actor: Actor, input: { creditorId?: string; action?: string; actor?: string; limit?: number; before?: string }) {
  requirePermission(actor, "audit.read");
  if (input.creditorId && !hasCreditor(actor, input.creditorId)) throw new AppError("not_found", "Credor não encontrado.");
  let query = deps.database.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(Math.min(Math.max(input.limit ?? 100, 1), 500));
  if (input.creditorId) query = query.where("creditor_id", "=", input.creditorId);
  else if (actor.creditorIds !== "all") {
    if (actor.creditorIds.length === 0) return { items: [] };
    query = query.where("creditor_id", "in", [...actor.creditorIds]);
  }
  if (input.action) query = query.where("action", "=", input.action);
  if (input.actor) query = query.where("actor", "=", input.actor);
  if (input.before) {
    if (!/^\d{1,15}$/.test(input.before)) throw new AppError("validation", "before inválido", [{ field: "before", reason: "use o id de uma entrada" }]);
    query = query.where("id", "<", Number(input.before));
  }
  const rows = await query.execute();
  return {
    items: rows.map((r) => ({
      id: String(r.id), at: r.at, actor: r.actor, creditorId: r.creditor_id, action: r.action, entity: r.entity, entityId: r.entity_id,
      before: r.before === null ? null : (JSON.parse(r.before) as unknown), after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    })),
  };
}
