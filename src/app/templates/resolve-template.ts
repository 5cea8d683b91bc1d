import type { Kysely } from "kysely";
import { AppError } from "../../shared/app-error.ts";
import type { Stage } from "../../domain/ladder/channels.ts";
import type { MessageChannel } from "../../domain/templates/message.ts";
import { PACK_PREFIX, packKeyFor, packSectorOf, packTemplateByKey } from "../../domain/templates/pack.ts";
import type { Schema } from "../../db/schema.ts";
import { latestRow, packView, rowView, type TemplateView } from "./template-store.ts";

export type TemplateRequest = {
  /** The step's template key, or null for the default of its channel and stage. */
  key: string | null;
  channel: MessageChannel;
  stage: Stage;
  /** All debts of the message still before their due date (a friendly step then uses the reminder). */
  beforeDue: boolean;
};

async function byKey(db: Kysely<Schema>, creditorId: string, key: string): Promise<TemplateView | undefined> {
  const row = await latestRow(db, creditorId, key);
  if (row) return rowView(row);
  const pack = packTemplateByKey(key);
  return pack ? packView(pack) : undefined;
}

/**
 * The template a step uses. With a key: the creditor's latest version of that key, else the
 * pack template of that key; a short key without dots ("lembrete") is also tried as
 * `<sector>.<key>.<channel>`, so ladders written as in the example work. Without a
 * key: the pack key for the creditor's sector, stage and channel — the creditor's own
 * version of that key first (saving `varejo.firme.email` overrides the default).
 */
export async function resolveTemplate(db: Kysely<Schema>, creditorId: string, creditorSector: string, request: TemplateRequest): Promise<TemplateView> {
  let found: TemplateView | undefined;
  let wanted: string;
  if (request.key !== null) {
    wanted = request.key;
    found = await byKey(db, creditorId, request.key);
    if (!found && !request.key.includes(".")) {
      found = await byKey(db, creditorId, `${PACK_PREFIX[packSectorOf(creditorSector)]}.${request.key}.${request.channel}`);
    }
    if (!found) throw new AppError("not_found", `Modelo não encontrado: ${request.key}.`);
  } else {
    const key = packKeyFor(creditorSector, request.stage, request.channel, { beforeDue: request.beforeDue });
    if (!key) throw new AppError("not_found", `Não há modelo padrão para a fase ${request.stage} no canal ${request.channel}: indique o modelo na etapa.`);
    wanted = key;
    found = await byKey(db, creditorId, key);
    if (!found) throw new AppError("not_found", `Modelo não encontrado: ${key}.`);
  }
  if (found.channel !== request.channel) {
    throw new AppError("invalid_input", `O modelo ${wanted} é do canal ${found.channel}, mas a etapa usa o canal ${request.channel}.`, [{ field: "template", reason: `modelo do canal ${found.channel}` }]);
  }
  return found;
}
