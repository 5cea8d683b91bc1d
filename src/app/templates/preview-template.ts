import { AppError } from "../../shared/app-error.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import type { Stage } from "../../domain/ladder/channels.ts";
import { lintTemplate, type LintResult } from "../../domain/templates/lint.ts";
import { renderMessage, type MessageChannel, type RenderedMessage } from "../../domain/templates/message.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { buildMessageContext } from "./build-message-context.ts";
import { resolveTemplate } from "./resolve-template.ts";
import { packTemplateByKey } from "../../domain/templates/pack.ts";
import { checkChannel, checkContent, checkKey, checkStage, latestRow, packView, rowView, type TemplateSource, type TemplateView } from "./template-store.ts";

export type PreviewInput = {
  /** The debtor, by internal id (API) or by CPF/CNPJ (CLI). */
  debtorId?: string;
  debtorDocument?: string;
  /** A stored or pack template… */
  key?: string;
  /** …or unsaved text, with its channel (and stage, default friendly). */
  content?: string;
  channel?: string;
  stage?: string;
  /** The debts to show; default the debtor's open debts. */
  debtIds?: string[];
};

export type PreviewResult = {
  template: { key: string | null; version: number | null; source: TemplateSource | "draft" };
  message: RenderedMessage;
  /** Render warnings (a long SMS, a creditor record without address…). */
  warnings: string[];
  lint: LintResult;
};

/** Links of a preview: they look real but lead nowhere (.invalid is reserved, RFC 2606). */
export const PREVIEW_LINKS = { payment: "https://regua.invalid/pagar/previa", unsubscribe: "https://regua.invalid/descadastro/previa" };

/**
 * Renders a template — stored, from the pack, or a draft not yet saved — with a real
 * debtor's data, exactly as it would be sent today (links aside), and lints it.
 */
export async function previewTemplate(deps: AppDeps, actor: Actor, creditorId: string, input: PreviewInput): Promise<PreviewResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "template.read");
  const { db } = deps.database;
  let debtorId: number;
  if (input.debtorId !== undefined) debtorId = parseId(input.debtorId, "Devedor");
  else if (input.debtorDocument !== undefined) {
    const row = await db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("document", "=", normalizeDocument(input.debtorDocument)).executeTakeFirst();
    if (!row) throw new AppError("not_found", "Devedor não encontrado.");
    debtorId = Number(row.id);
  } else throw new AppError("validation", "debtorId: informe o devedor da prévia", [{ field: "debtorId", reason: "obrigatório" }]);

  let content: string;
  let channel: MessageChannel;
  let stage: Stage;
  let ref: PreviewResult["template"];
  if (input.content !== undefined) {
    content = checkContent(input.content);
    if (input.channel === undefined) throw new AppError("validation", "channel: informe o canal do modelo", [{ field: "channel", reason: "obrigatório com content" }]);
    channel = checkChannel(input.channel);
    stage = input.stage === undefined ? "friendly" : checkStage(input.stage);
    ref = { key: input.key === undefined ? null : checkKey(input.key), version: null, source: "draft" };
  } else if (input.key !== undefined) {
    const key = checkKey(input.key);
    const creditor = await db.selectFrom("creditors").select("sector").where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
    // The channel of the key itself: a pack or stored template knows it.
    const probe = await resolveProbe(deps, scope.creditorId, creditor.sector, key, input.channel);
    content = probe.content;
    channel = probe.channel;
    stage = input.stage === undefined ? probe.stage : checkStage(input.stage);
    ref = { key: probe.key, version: probe.version, source: probe.source };
  } else throw new AppError("validation", "key: informe a chave do modelo ou o texto (content)", [{ field: "key", reason: "key ou content" }]);

  const { context } = await buildMessageContext(deps, scope, {
    debtorId,
    debtIds: input.debtIds && input.debtIds.length > 0 ? input.debtIds.map((id) => parseId(id, "Título")) : null,
    step: { id: "previa", stage, channel },
    links: PREVIEW_LINKS,
  });
  if (context.debts.length === 0) throw new AppError("invalid_input", "O devedor não tem títulos em aberto: indique os títulos da prévia (debtIds).");
  const rendered = renderMessage(content, channel, context);
  if (!rendered.ok) {
    const f = rendered.failure;
    throw new AppError("invalid_input", `O modelo não pôde ser renderizado: ${f.message}${f.line !== undefined ? ` (linha ${f.line}, coluna ${f.column ?? 1})` : ""}.`, [
      { field: "content", reason: f.message, ...(f.line !== undefined ? { line: f.line } : {}) },
    ]);
  }
  return { template: ref, message: rendered.message, warnings: rendered.warnings, lint: lintTemplate(content, channel, { stage }) };
}

/** The template of a key: with a channel, as a step would resolve it (short keys too); without, the key as stored or in the pack. */
async function resolveProbe(deps: AppDeps, creditorId: string, sector: string, key: string, channelRaw: string | undefined): Promise<TemplateView> {
  if (channelRaw !== undefined) {
    return resolveTemplate(deps.database.db, creditorId, sector, { key, channel: checkChannel(channelRaw), stage: "friendly", beforeDue: false });
  }
  const row = await latestRow(deps.database.db, creditorId, key);
  if (row) return rowView(row);
  const pack = packTemplateByKey(key);
  if (pack) return packView(pack);
  throw new AppError("not_found", `Modelo não encontrado: ${key}.`);
}
