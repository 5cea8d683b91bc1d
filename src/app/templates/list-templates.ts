import { packTemplatesOf } from "../../domain/templates/pack.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { packView, rowView, type TemplateSummary, type TemplateView } from "./template-store.ts";

const summary = (v: TemplateView, overridesPack: boolean): TemplateSummary => {
  const { content: _content, ...rest } = v;
  return { ...rest, overridesPack };
};

/**
 * The templates a creditor's steps can use: its own (latest version of each key) and the
 * pack templates of its sector it has not overridden, sorted by key.
 */
export async function listTemplates(deps: AppDeps, actor: Actor, creditorId: string): Promise<{ items: TemplateSummary[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "template.read");
  const { db } = deps.database;
  const creditor = await db.selectFrom("creditors").select("sector").where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom("message_templates").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("key").orderBy("version", "desc").execute();
  const latest = new Map<string, TemplateView>();
  for (const r of rows) if (!latest.has(r.key)) latest.set(r.key, rowView(r));
  const pack = packTemplatesOf(creditor.sector);
  const packKeys = new Set(pack.map((t) => t.key));
  const items: TemplateSummary[] = [...latest.values()].map((v) => summary(v, packKeys.has(v.key)));
  for (const t of pack) if (!latest.has(t.key)) items.push(summary(packView(t), false));
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { items };
}
