import { AppError } from "../../shared/app-error.ts";
import type { TemplateContext } from "../../domain/templates/variables.ts";
import type { Channel, Stage } from "../../domain/ladder/channels.ts";
import { identificationGaps, isMessageChannel, renderMessage, type MessageChannel } from "../../domain/templates/message.ts";
import { authorize, SYSTEM_ACTOR } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { parseId } from "../portfolio/debtors.ts";
import { buildMessageContext, messageContextOfRows, type ActionMessageRows } from "./build-message-context.ts";
import { resolveTemplate, type TemplateRequest } from "./resolve-template.ts";
import type { TemplateSource, TemplateView } from "./template-store.ts";

export type ActionMessageInput = {
  creditorId: string;
  debtorId: number | string;
  debtIds: readonly (number | string)[];
  stepId: string;
  stage: Stage;
  channel: Channel;
  /** The step's `template`, or null for the pack default of its channel, stage and the creditor's sector. */
  templateKey: string | null;
  /** Absolute URLs: the self-service payment page and the channel's unsubscribe (required for e-mail). */
  links: { payment: string; unsubscribe: string };
};

export type ActionMessage = {
  channel: MessageChannel;
  /** E-mail subject, or the letter's title. */
  subject?: string;
  /** E-mail only: the whole HTML document (footer included). */
  html?: string;
  /** E-mail: the plain-text part (footer included); SMS: GSM-7 text; letter: the body; phone: the call script. */
  text: string;
  /** SMS only: septets and segments. */
  sms?: { length: number; segments: number };
  /** Letter only: the sender block the PDF prints (CDC art. 42-A). */
  sender?: { legalName: string; cnpj: string; addressLine: string };
  /** Which template and version produced it, for the action's record. */
  template: { key: string; version: number | null; source: TemplateSource };
  warnings: string[];
};

/**
 * Renders the message of one planned action, for the dispatcher: the step's template
 * (creditor's version first, then the pack), the debtor's data, the debts' charges today.
 * Runs as the system (the dispatcher already owns the action); the creditor scopes every
 * query. Refuses (invalid_input) a message that cannot name its creditor as CDC art.
 * 42-A requires — a missing legal name, CNPJ or, for e-mail and letters, address — or an
 * e-mail without an unsubscribe link: such a message must not be sent.
 */
export async function renderActionMessage(deps: AppDeps, input: ActionMessageInput): Promise<ActionMessage> {
  const scope = authorize(SYSTEM_ACTOR, input.creditorId, "template.read");
  const channel = messageChannelOf(input.channel);
  const debtorId = typeof input.debtorId === "number" ? input.debtorId : parseId(input.debtorId, "Devedor");
  const debtIds = input.debtIds.map((id) => (typeof id === "number" ? id : parseId(id, "Título")));
  const built = await buildMessageContext(deps, scope, {
    debtorId, debtIds, step: { id: input.stepId, stage: input.stage, channel }, links: input.links,
  });
  return finishMessage(built.context, channel, input, (request) => resolveTemplate(deps.database.db, scope.creditorId, built.creditorSector, request), built.beforeDue);
}

/** The template of a request, for the creditor and sector of the message (the dispatcher caches it per pass). */
export type TemplateLookup = (request: TemplateRequest) => Promise<TemplateView>;


/**
 * `renderActionMessage` over rows the caller already loaded, with its template lookup: the
 * same context (`messageContextOfRows`, which `buildMessageContext` also ends in), the same
 * checks in the same order, the same message byte for byte. The dispatcher's batch path.
 */
export async function renderActionMessageFrom(input: ActionMessageInput, rows: ActionMessageRows, lookup: TemplateLookup): Promise<ActionMessage> {
  authorize(SYSTEM_ACTOR, input.creditorId, "template.read");
  const channel = messageChannelOf(input.channel);
  if (rows.creditor.id !== input.creditorId) throw new AppError("not_found", "Credor não encontrado.");
  const debtorId = typeof input.debtorId === "number" ? input.debtorId : parseId(input.debtorId, "Devedor");
  if (rows.debtor.creditor_id !== input.creditorId || Number(rows.debtor.id) !== debtorId) throw new AppError("not_found", "Devedor não encontrado.");
  const debtIds = input.debtIds.map((id) => (typeof id === "number" ? id : parseId(id, "Título")));
  const { context, beforeDue } = messageContextOfRows(rows, debtIds, { id: input.stepId, stage: input.stage, channel }, input.links);
  return finishMessage(context, channel, input, lookup, beforeDue);
}

function messageChannelOf(channel: Channel): MessageChannel {
  if (!isMessageChannel(channel)) throw new AppError("invalid_input", `O canal ${channel} não tem mensagem a renderizar.`);
  return channel;
}

/** The identification check, the template, the render: shared by both paths. */
async function finishMessage(context: TemplateContext, channel: MessageChannel, input: ActionMessageInput, lookup: TemplateLookup, beforeDue: boolean): Promise<ActionMessage> {
  const gaps = identificationGaps(context, channel);
  if (gaps.length) throw new AppError("invalid_input", `Mensagem não pode ser enviada: ${gaps.join("; ")}.`);
  const template = await lookup({ key: input.templateKey, channel, stage: input.stage, beforeDue });
  const rendered = renderMessage(template.content, channel, context);
  const ref = { key: template.key, version: template.version, source: template.source };
  if (!rendered.ok) {
    const f = rendered.failure;
    const where = f.line !== undefined ? ` (linha ${f.line}, coluna ${f.column ?? 1})` : "";
    throw new AppError("invalid_input", `O modelo ${template.key}${template.version !== null ? ` (versão ${template.version})` : ""} não pôde ser renderizado: ${f.message}${where}.`);
  }
  const m = rendered.message;
  const base = { channel: m.channel, template: ref, warnings: rendered.warnings };
  switch (m.channel) {
    case "email":
      return { ...base, subject: m.subject, html: m.html, text: m.text };
    case "sms":
      return { ...base, text: m.text, sms: { length: m.length, segments: m.segments } };
    case "letter":
      return { ...base, subject: m.title, text: m.text, sender: m.sender };
    default:
      return { ...base, text: m.text };
  }
}
