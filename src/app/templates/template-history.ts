import { AppError } from "../../shared/app-error.ts";
import { packTemplateByKey } from "../../domain/templates/pack.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkKey, packView, rowView, type TemplateView } from "./template-store.ts";

/**
 * Every stored version of a key, newest first, and the pack template of that key when
 * there is one (what the key falls back to). A pack key never saved has no versions.
 */
export async function templateHistory(deps: AppDeps, actor: Actor, creditorId: string, keyRaw: string): Promise<{ key: string; items: TemplateView[]; pack: TemplateView | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "template.read");
  const key = checkKey(keyRaw);
  const rows = await deps.database.db.selectFrom("message_templates").selectAll().where("creditor_id", "=", scope.creditorId).where("key", "=", key).orderBy("version", "desc").execute();
  const pack = packTemplateByKey(key);
  if (rows.length === 0 && !pack) throw new AppError("not_found", `Modelo não encontrado: ${key}.`);
  return { key, items: rows.map(rowView), pack: pack ? packView(pack) : null };
}
