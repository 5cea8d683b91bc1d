import { AppError } from "../../shared/app-error.ts";
import { requirePermission, type Actor, type Role } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";

export type ApiKeyView = {
  id: string;
  name: string;
  role: Role;
  creditorIds: string[];
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

/** The installation's API keys, newest first, without their secrets (admin). */
export async function listApiKeys(deps: AppDeps, actor: Actor): Promise<ApiKeyView[]> {
  requirePermission(actor, "apikey.manage");
  const { db } = deps.database;
  const [keys, links] = await Promise.all([
    db.selectFrom("api_keys").select(["id", "name", "role", "created_by", "created_at", "revoked_at", "last_used_at"]).orderBy("created_at", "desc").orderBy("id").execute(),
    db.selectFrom("api_key_creditors").select(["api_key_id", "creditor_id"]).orderBy("creditor_id").execute(),
  ]);
  const creditorsOf = new Map<string, string[]>();
  for (const l of links) creditorsOf.set(l.api_key_id, [...(creditorsOf.get(l.api_key_id) ?? []), l.creditor_id]);
  return keys.map((k) => ({
    id: k.id, name: k.name, role: k.role as Role, creditorIds: creditorsOf.get(k.id) ?? [], createdBy: k.created_by, createdAt: k.created_at,
    revokedAt: k.revoked_at, lastUsedAt: k.last_used_at,
  }));
}

/** Revokes a key at once: the next request that uses it is refused. Revoking twice changes nothing. */
export async function revokeApiKey(deps: AppDeps, actor: Actor, keyId: string): Promise<ApiKeyView> {
  requirePermission(actor, "apikey.manage");
  const now = deps.clock.now();
  await deps.database.db.transaction().execute(async (trx) => {
    const key = await trx.selectFrom("api_keys").select(["id", "revoked_at"]).where("id", "=", keyId).executeTakeFirst();
    if (!key) throw new AppError("not_found", "Chave de API não encontrada.");
    if (key.revoked_at) return;
    await trx.updateTable("api_keys").set({ revoked_at: now.toISOString() }).where("id", "=", keyId).execute();
    await recordAudit(trx, actor, now, { action: "apikey.revoke", entity: "api_key", entityId: keyId, before: { revokedAt: null }, after: { revokedAt: now.toISOString() } });
  });
  const view = (await listApiKeys(deps, actor)).find((k) => k.id === keyId);
  if (!view) throw new AppError("not_found", "Chave de API não encontrada.");
  return view;
}
