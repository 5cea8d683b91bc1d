import { AppError } from "../../shared/app-error.ts";
import { lintTemplate } from "../../domain/templates/lint.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkKey, isUniqueViolation, latestRow, lintRefusal, rowView, type TemplateView } from "./template-store.ts";
import type { Finding } from "../../domain/templates/lint.ts";
import type { MessageChannel } from "../../domain/templates/message.ts";
import type { Stage } from "../../domain/ladder/channels.ts";

/**
 * Restores an old version by creating a new one equal to it (history is never rewritten).
 * The content is linted again: a version saved before a lint rule existed is refused if it
 * breaks it now.
 */
export async function restoreTemplate(deps: AppDeps, actor: Actor, creditorId: string, keyRaw: string, fromVersion: number): Promise<{ template: TemplateView; warnings: Finding[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "template.write");
  const key = checkKey(keyRaw);
  if (!Number.isSafeInteger(fromVersion) || fromVersion < 1) throw new AppError("validation", "version: use um número de versão (1, 2, …)", [{ field: "version", reason: "inteiro a partir de 1" }]);
  const { db } = deps.database;
  const old = await db.selectFrom("message_templates").selectAll().where("creditor_id", "=", scope.creditorId).where("key", "=", key).where("version", "=", fromVersion).executeTakeFirst();
  if (!old) throw new AppError("not_found", `Versão ${fromVersion} do modelo ${key} não encontrada.`);
  const lint = lintTemplate(old.content, old.channel as MessageChannel, { stage: old.stage as Stage });
  if (lint.errors.length > 0) throw lintRefusal(lint);
  const now = deps.clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const latest = await latestRow(trx, scope.creditorId, key);
        const version = Number(latest!.version) + 1;
        const row = {
          creditor_id: scope.creditorId, key, version, channel: old.channel, stage: old.stage, sector: old.sector, content: old.content,
          author: actor.label, restored_from: fromVersion, created_at: now.toISOString(),
        };
        const { id } = await trx.insertInto("message_templates").values(row).returning("id").executeTakeFirstOrThrow();
        await recordAudit(trx, actor, now, {
          action: "template.restore", entity: "message_template", entityId: `${key}@${version}`, creditorId: scope.creditorId,
          before: { version: Number(latest!.version) }, after: { key, version, restoredFrom: fromVersion },
        });
        return { template: rowView({ ...row, id: Number(id) }), warnings: lint.warnings };
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
