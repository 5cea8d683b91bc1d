import { AppError } from "../../shared/app-error.ts";
import { ROLES, requirePermission, type Actor, type Role } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { generatePassword, hashPassword, validatePasswordStrength, verifyPassword } from "./password.ts";
import { newId } from "../../shared/ids.ts";

export type UserView = { id: string; email: string; name: string; role: Role; creditorIds: string[] };

export type AddUserInput = { email: string; name: string; role: string; creditorIds: string[]; password?: string };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates a user; returns it with the password (generated when not given), shown once. */
export async function addUser(deps: AppDeps, actor: Actor, input: AddUserInput): Promise<{ user: UserView; password: string }> {
  requirePermission(actor, "user.manage");
  const email = input.email.trim().toLowerCase();
  if (!EMAIL_RE.test(email)) throw new AppError("validation", `e-mail inválido: ${input.email}`, [{ field: "email", reason: "e-mail inválido" }]);
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AppError("validation", `perfil inválido: ${input.role} (use ${ROLES.join(", ")})`, [{ field: "role", reason: "perfil inválido" }]);
  }
  const role = input.role as Role;
  if (role !== "admin" && input.creditorIds.length === 0) {
    throw new AppError("validation", "informe ao menos um credor para este usuário", [{ field: "creditorIds", reason: "obrigatório" }]);
  }
  const password = input.password ?? generatePassword();
  const weak = validatePasswordStrength(password);
  if (weak) throw new AppError("validation", weak, [{ field: "password", reason: weak }]);
  const { db } = deps.database;
  const now = deps.clock.now();
  const id = newId();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) throw new AppError("conflict", `já existe um usuário com o e-mail ${email}`);
    for (const creditorId of input.creditorIds) {
      const exists = await trx.selectFrom("creditors").select("id").where("id", "=", creditorId).executeTakeFirst();
      if (!exists) throw new AppError("not_found", `credor não encontrado: ${creditorId}`);
    }
    await trx.insertInto("users").values({ id, email, name: input.name.trim() || email, password_hash: passwordHash, role, active: 1, created_at: now.toISOString(), updated_at: now.toISOString() }).execute();
    for (const creditorId of input.creditorIds) await trx.insertInto("user_creditors").values({ user_id: id, creditor_id: creditorId }).execute();
    await recordAudit(trx, actor, now, { action: "user.create", entity: "user", entityId: id, after: { email, name: input.name, role, creditorIds: input.creditorIds } });
  });
  return { user: { id, email, name: input.name.trim() || email, role, creditorIds: input.creditorIds }, password };
}

export async function loadUserView(deps: AppDeps, userId: string): Promise<UserView | null> {
  const { db } = deps.database;
  const user = await db.selectFrom("users").select(["id", "email", "name", "role", "active"]).where("id", "=", userId).executeTakeFirst();
  if (!user || !user.active) return null;
  const links = await db.selectFrom("user_creditors").select("creditor_id").where("user_id", "=", userId).execute();
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role, creditorIds: links.map((l) => l.creditor_id) };
}

export async function changePassword(deps: AppDeps, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  if (actor.kind !== "user") throw new AppError("forbidden", "apenas usuários trocam senha");
  const { db } = deps.database;
  const user = await db.selectFrom("users").select(["id", "password_hash"]).where("id", "=", actor.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError("validation", "senha atual incorreta", [{ field: "currentPassword", reason: "senha atual incorreta" }]);
  }
  const weak = validatePasswordStrength(input.newPassword);
  if (weak) throw new AppError("validation", weak, [{ field: "newPassword", reason: weak }]);
  const now = deps.clock.now();
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: hash, updated_at: now.toISOString() }).where("id", "=", actor.id).execute();
    // Other sessions of this user end: a changed password must lock out whoever knew the old one.
    await trx.deleteFrom("sessions").where("user_id", "=", actor.id).execute();
    await recordAudit(trx, actor, now, { action: "user.password_change", entity: "user", entityId: actor.id });
  });
}

export const ADMIN_EMAIL = "admin@regua.local";

/**
 * First start: with no user at all, creates the administrator. Returns the password to
 * print once (REGUA_ADMIN_PASSWORD sets it, e.g. for automated setups), or null.
 */
export async function ensureAdmin(deps: AppDeps, presetPassword?: string): Promise<{ email: string; password: string } | null> {
  const any = await deps.database.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (any) return null;
  const system: Actor = { kind: "system", id: "bootstrap", role: "admin", creditorIds: "all", label: "system:bootstrap" };
  const { password } = await addUser(deps, system, { email: ADMIN_EMAIL, name: "Administrador", role: "admin", creditorIds: [], password: presetPassword || undefined });
  return { email: ADMIN_EMAIL, password };
}
