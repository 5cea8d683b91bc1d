import { AppError } from "../../shared/app-error.ts";
import { packTemplateByKey } from "../../domain/templates/pack.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkKey, latestRow, packView, rowView, type TemplateView } from "./template-store.ts";

/** One template: the creditor's latest version of the key (or the given version), else the pack's template of that key. */
export async function getTemplate(deps: AppDeps, actor: Actor, creditorId: string, keyRaw: string, version?: number): Promise<TemplateView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "template.read");
  const key = checkKey(keyRaw);
  const { db } = deps.database;
  if (version !== undefined) {
    const row = await db.selectFrom("message_templates").selectAll().where("creditor_id", "=", scope.creditorId).where("key", "=", key).where("version", "=", version).executeTakeFirst();
    if (!row) throw new AppError("not_found", `Versão ${version} do modelo ${key} não encontrada.`);
    return rowView(row);
  }
  const row = await latestRow(db, scope.creditorId, key);
  if (row) return rowView(row);
  const pack = packTemplateByKey(key);
  if (pack) return packView(pack);
  throw new AppError("not_found", `Modelo não encontrado: ${key}.`);
}
