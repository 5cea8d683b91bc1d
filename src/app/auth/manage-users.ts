import { AppError } from "../../shared/app-error.ts";
import { requirePermission, type Actor, type Role } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";

export type UserAdminView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  creditorIds: string[];
  active: boolean;
  createdAt: string;
};

/** Every user of the installation, active first, then by name (admin). */
export async function listUsers(deps: AppDeps, actor: Actor): Promise<UserAdminView[]> {
  requirePermission(actor, "user.manage");
  const { db } = deps.database;
  const [users, links] = await Promise.all([
    db.selectFrom("users").select(["id", "email", "name", "role", "active", "created_at"]).orderBy("active", "desc").orderBy("name").orderBy("email").execute(),
    db.selectFrom("user_creditors").select(["user_id", "creditor_id"]).orderBy("creditor_id").execute(),
  ]);
  const creditorsOf = new Map<string, string[]>();
  for (const l of links) creditorsOf.set(l.user_id, [...(creditorsOf.get(l.user_id) ?? []), l.creditor_id]);
  return users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role as Role, creditorIds: creditorsOf.get(u.id) ?? [], active: Boolean(u.active), createdAt: u.created_at }));
}

/**
 * Turns a user's access off (`active: false`, sessions ended) or back on. Nobody turns
 * off their own user, so an installation always keeps the admin who acts.
 */
export async function setUserActive(deps: AppDeps, actor: Actor, userId: string, active: boolean): Promise<UserAdminView> {
  requirePermission(actor, "user.manage");
  if (!active && actor.kind === "user" && actor.id === userId) throw new AppError("conflict", "Você não pode desativar o próprio usuário.");
  const now = deps.clock.now();
  await deps.database.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "active"]).where("id", "=", userId).executeTakeFirst();
    if (!user) throw new AppError("not_found", "Usuário não encontrado.");
    if (Boolean(user.active) === active) return;
    await trx.updateTable("users").set({ active: active ? 1 : 0, updated_at: now.toISOString() }).where("id", "=", userId).execute();
    if (!active) await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await recordAudit(trx, actor, now, { action: active ? "user.activate" : "user.deactivate", entity: "user", entityId: userId, before: { active: !active }, after: { active } });
  });
  const view = (await listUsers(deps, actor)).find((u) => u.id === userId);
  if (!view) throw new AppError("not_found", "Usuário não encontrado.");
  return view;
}
