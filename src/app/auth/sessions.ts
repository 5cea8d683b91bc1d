import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { AppError } from "../../shared/app-error.ts";
import { requirePermission, ROLES, type Actor, type Role } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { verifyPassword } from "./password.ts";
import { loadUserView, type UserView } from "./users.ts";

export const SESSION_HOURS = 12;

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

// A fixed hash to compare against when the e-mail is unknown, so timing does not reveal which e-mails exist.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function login(deps: AppDeps, email: string, password: string): Promise<{ token: string; user: UserView; expiresAt: Date }> {
  const { db } = deps.database;
  const row = await db.selectFrom("users").select(["id", "password_hash", "active"]).where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) throw new AppError("unauthenticated", "E-mail ou senha incorretos.");
  const token = randomBytes(32).toString("base64url");
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.insertInto("sessions").values({ id: sha256(token), user_id: row.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString() }).execute();
  const user = (await loadUserView(deps, row.id))!;
  return { token, user, expiresAt };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  await deps.database.db.deleteFrom("sessions").where("id", "=", sha256(token)).execute();
}

export function actorOfUser(user: UserView): Actor {
  return { kind: "user", id: user.id, role: user.role, creditorIds: user.role === "admin" ? "all" : user.creditorIds, label: `user:${user.email}` };
}

export async function actorFromSession(deps: AppDeps, token: string): Promise<{ actor: Actor; user: UserView } | null> {
  const session = await deps.database.db.selectFrom("sessions").select(["user_id", "expires_at"]).where("id", "=", sha256(token)).executeTakeFirst();
  if (!session || session.expires_at <= deps.clock.now().toISOString()) return null;
  const user = await loadUserView(deps, session.user_id);
  return user ? { actor: actorOfUser(user), user } : null;
}

/** API keys look like `rk_<id>_<secret>`; only a hash of the secret is stored. */
export async function createApiKey(deps: AppDeps, actor: Actor, input: { name: string; role: string; creditorIds: string[] }): Promise<{ id: string; key: string }> {
  requirePermission(actor, "apikey.manage");
  if (!(ROLES as readonly string[]).includes(input.role) || input.role === "admin") {
    throw new AppError("validation", `perfil inválido para chave de API: ${input.role} (use manager, collector ou auditor)`, [{ field: "role", reason: "perfil inválido" }]);
  }
  if (input.creditorIds.length === 0) throw new AppError("validation", "informe ao menos um credor para a chave", [{ field: "creditorIds", reason: "obrigatório" }]);
  const { db } = deps.database;
  const id = randomUUID().replace(/-/g, "").slice(0, 16);
  const secret = randomBytes(24).toString("base64url");
  const now = deps.clock.now();
  await db.transaction().execute(async (trx) => {
    for (const creditorId of input.creditorIds) {
      const exists = await trx.selectFrom("creditors").select("id").where("id", "=", creditorId).executeTakeFirst();
      if (!exists) throw new AppError("not_found", `credor não encontrado: ${creditorId}`);
    }
    await trx.insertInto("api_keys").values({ id, name: input.name, secret_hash: sha256(secret), role: input.role, created_by: actor.label, created_at: now.toISOString(), revoked_at: null, last_used_at: null }).execute();
    for (const creditorId of input.creditorIds) await trx.insertInto("api_key_creditors").values({ api_key_id: id, creditor_id: creditorId }).execute();
    await recordAudit(trx, actor, now, { action: "apikey.create", entity: "api_key", entityId: id, after: { name: input.name, role: input.role, creditorIds: input.creditorIds } });
  });
  return { id, key: `rk_${id}_${secret}` };
}

export async function actorFromApiKey(deps: AppDeps, key: string): Promise<Actor | null> {
  const match = /^rk_([0-9a-f]{16})_([A-Za-z0-9_-]{20,})$/.exec(key);
  if (!match) return null;
  const [, id, secret] = match;
  const { db } = deps.database;
  const row = await db.selectFrom("api_keys").select(["id", "secret_hash", "role", "revoked_at", "last_used_at"]).where("id", "=", id!).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const a = Buffer.from(sha256(secret!));
  const b = Buffer.from(row.secret_hash);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  await stampLastUse(deps, row.id, row.last_used_at);
  const links = await db.selectFrom("api_key_creditors").select("creditor_id").where("api_key_id", "=", row.id).execute();
  return { kind: "apikey", id: row.id, role: row.role as Role, creditorIds: links.map((l) => l.creditor_id), label: `apikey:${row.id}` };
}


/** "Last used" is for people spotting an idle or leaked key: minute precision, so a busy integration writes once a minute, not once per request. */
const LAST_USE_PRECISION_MS = 60_000;

async function stampLastUse(deps: AppDeps, id: string, lastUsedAt: string | null): Promise<void> {
  const now = deps.clock.now();
  if (lastUsedAt && now.getTime() - Date.parse(lastUsedAt) < LAST_USE_PRECISION_MS) return;
  const at = now.toISOString();
  const threshold = new Date(now.getTime() - LAST_USE_PRECISION_MS).toISOString();
  await deps.database.db
    .updateTable("api_keys")
    .set({ last_used_at: at })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", threshold)]))
    .execute();
}
