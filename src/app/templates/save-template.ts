import { AppError } from "../../shared/app-error.ts";
import { lintTemplate, type Finding } from "../../domain/templates/lint.ts";
import { packTemplateByKey } from "../../domain/templates/pack.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkChannel, checkContent, checkKey, checkStage, isUniqueViolation, latestRow, lintRefusal, rowView, type TemplateView } from "./template-store.ts";

export type SaveTemplateInput = { key: string; channel: string; stage: string; sector?: string | null; content: string };
export type SaveTemplateResult = { template: TemplateView; created: boolean; warnings: Finding[] };

/**
 * Saves a template as the next version of its key (never overwriting one). The lint runs
 * first: any error refuses the save with a 422 listing each finding's line and column;
 * warnings are returned with the saved version. Content equal to the latest version
 * (same channel, stage and sector) creates nothing (`created: false`). A key keeps its
 * channel for life, and a key of the pack keeps the pack's channel.
 */
export async function saveTemplate(deps: AppDeps, actor: Actor, creditorId: string, input: SaveTemplateInput): Promise<SaveTemplateResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "template.write");
  const key = checkKey(input.key);
  const channel = checkChannel(input.channel);
  const stage = checkStage(input.stage);
  const content = checkContent(input.content);
  const pack = packTemplateByKey(key);
  if (pack && pack.channel !== channel) throw new AppError("conflict", `A chave ${key} é de um modelo padrão do canal ${pack.channel}: use esse canal ou outra chave.`);
  const lint = lintTemplate(content, channel, { stage });
  if (lint.errors.length > 0) throw lintRefusal(lint);
  const { db } = deps.database;
  const now = deps.clock.now();
  const creditor = await db.selectFrom("creditors").select("sector").where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const sector = input.sector?.trim() || creditor.sector;

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const latest = await latestRow(trx, scope.creditorId, key);
        if (latest && latest.channel !== channel) throw new AppError("conflict", `O modelo ${key} é do canal ${latest.channel}: para outro canal, use outra chave.`);
        if (latest && latest.content === content && latest.stage === stage && latest.sector === sector) return { template: rowView(latest), created: false, warnings: lint.warnings };
        const version = (latest ? Number(latest.version) : 0) + 1;
        const row = { creditor_id: scope.creditorId, key, version, channel, stage, sector, content, author: actor.label, restored_from: null, created_at: now.toISOString() };
        const { id } = await trx.insertInto("message_templates").values(row).returning("id").executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: "template.save", entity: "message_template", entityId: `${key}@${version}`, creditorId: scope.creditorId,
          before: latest ? { version: Number(latest.version) } : undefined, after: { key, version, channel, stage, sector, warnings: lint.warnings.length },
        });
        return { template: rowView({ ...row, id: Number(id) }), created: true, warnings: lint.warnings };
      });
    } catch (error) {
      // Two saves of the same key at once: the loser retries on top of the winner's version.
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
