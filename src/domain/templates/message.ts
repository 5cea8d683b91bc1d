/**
 * From template source to the message of each channel. A template is plain text with
 * Liquid; for e-mail its first line is `Assunto: …`, for a letter `Título: …`. The
 * e-mail HTML is built here from that text with a fixed, simple layout — every character
 * of the rendered text is escaped, so neither the template nor a variable can inject
 * markup — and the footer with the creditor's identification (CDC art. 42-A) and the
 * unsubscribe link is added after the template, which therefore cannot remove it.
 */

import type { Channel } from "../ladder/channels.ts";
import { DEFAULT_LIMITS, parseTemplate, renderTemplate, type TemplateFailure, type TemplateLimits } from "./engine.ts";
import { safeString } from "./filters.ts";
import { gsm7Length, smsSegments, SMS_SINGLE_LIMIT, toGsm7 } from "./gsm.ts";
import type { CreditorVars, TemplateContext } from "./variables.ts";

/** Channels whose steps send a message rendered from a template. */
export const MESSAGE_CHANNELS = ["email", "sms", "whatsapp", "letter", "phone"] as const satisfies readonly Channel[];
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export function isMessageChannel(s: string): s is MessageChannel {
  return (MESSAGE_CHANNELS as readonly string[]).includes(s);
}

/** The header line a channel's template starts with. */
export const HEADER_LABELS: Partial<Record<MessageChannel, string>> = { email: "Assunto", letter: "Título" };

/** Channels whose rendered message always carries the creditor's identification, whatever the template says. */
export const IDENTIFIED_CHANNELS: ReadonlySet<MessageChannel> = new Set(["email", "letter"]);

export const WHATSAPP_MAX_CHARS = 4096;
export const SUBJECT_MAX_CHARS = 120;

export type Sender = { legalName: string; cnpj: string; addressLine: string };

export type RenderedMessage =
  | { channel: "email"; subject: string; html: string; text: string }
  | { channel: "sms"; text: string; length: number; segments: number }
  | { channel: "whatsapp"; text: string }
  | { channel: "letter"; title: string; text: string; sender: Sender }
  | { channel: "phone"; text: string };

export type MessageOutcome = { ok: true; message: RenderedMessage; warnings: string[] } | { ok: false; failure: TemplateFailure };

/** A piece of the source and where it starts (1-based line and column). */
export type SourcePart = { text: string; line: number; column: number };
export type SplitOutcome = { ok: true; header: SourcePart | null; body: SourcePart } | { ok: false; failure: TemplateFailure };

function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Separates the header line (`Assunto:` / `Título:`) from the body. */
export function splitSource(source: string, channel: MessageChannel): SplitOutcome {
  const text = source.replace(/\r\n?/g, "\n");
  const label = HEADER_LABELS[channel];
  if (!label) return { ok: true, header: null, body: { text, line: 1, column: 1 } };
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  const first = lines[i] ?? "";
  const match = first.match(/^(\s*)([^:]{1,20}):[ \t]*/);
  if (!match || fold(match[2]!.trim()) !== fold(label)) {
    const what = channel === "email" ? "o assunto do e-mail" : "o título da carta";
    return { ok: false, failure: { kind: "syntax", message: `a primeira linha deve ser "${label}: …" (${what})`, line: i + 1, column: 1 } };
  }
  const header: SourcePart = { text: first.slice(match[0].length).trimEnd(), line: i + 1, column: match[0].length + 1 };
  let j = i + 1;
  while (j < lines.length && lines[j]!.trim() === "") j++;
  return { ok: true, header, body: { text: lines.slice(j).join("\n"), line: j + 1, column: 1 } };
}

/** A failure positioned inside a part, moved to its place in the whole source. */
export function placeFailure(failure: TemplateFailure, part: SourcePart): TemplateFailure {
  if (failure.line === undefined) return failure;
  return { ...failure, line: failure.line + part.line - 1, column: failure.line === 1 ? (failure.column ?? 1) + part.column - 1 : failure.column };
}

/** Trailing spaces off, at most one blank line in a row, no blank lines at the ends. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const URL_RE = /https?:\/\/[^\s<>"'`]+/g;

/** Escapes a line and turns its http(s) URLs into links (trailing punctuation stays outside). */
function inlineHtml(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    let url = m[0];
    const trail = url.match(/[.,;:!?)\]]+$/);
    if (trail) url = url.slice(0, -trail[0].length);
    const at = m.index;
    out += escapeHtml(line.slice(last, at));
    out += `<a href="${escapeHtml(url)}" style="color:#0b57d0;">${escapeHtml(url)}</a>`;
    last = at + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

const P_STYLE = "margin:0 0 16px;";
const LIST_ITEM = /^\s*[-•*]\s+/;

/** Paragraphs (blank-line separated), line breaks, and runs of "- " lines as lists. */
export function textToHtml(text: string): string {
  const out: string[] = [];
  for (const block of text.split(/\n{2,}/)) {
    if (block.trim() === "") continue;
    let run: string[] = [];
    let runIsList = false;
    const flush = () => {
      if (run.length === 0) return;
      if (runIsList) out.push(`<ul style="margin:0 0 16px;padding-left:20px;">\n${run.map((l) => `<li style="margin:0 0 4px;">${inlineHtml(l.replace(LIST_ITEM, ""))}</li>`).join("\n")}\n</ul>`);
      else out.push(`<p style="${P_STYLE}">${run.map(inlineHtml).join("<br>\n")}</p>`);
      run = [];
    };
    for (const line of block.split("\n")) {
      const isList = LIST_ITEM.test(line);
      if (run.length > 0 && isList !== runIsList) flush();
      runIsList = isList;
      run.push(line);
    }
    flush();
  }
  return out.join("\n");
}

/** "Rua das Flores, 100 · São Paulo/SP · CEP 01001-000" (empty parts left out). */
export function addressLine(c: Pick<CreditorVars, "address" | "city" | "state" | "zip">): string {
  const str = (v: unknown) => safeString(v).replace(/\s+/g, " ").trim();
  const place = [str(c.city), str(c.state)].filter((s) => s !== "").join("/");
  const zip = str(c.zip);
  return [str(c.address), place, zip ? `CEP ${zip}` : ""].filter((s) => s !== "").join(" · ");
}

/** The creditor's identification as plain one-line strings, whatever the context holds. */
function creditorOf(context: TemplateContext): { legalName: string; tradeName: string; cnpj: string; address: string } {
  const c = (context.creditor ?? {}) as Partial<CreditorVars>;
  const str = (v: unknown) => safeString(v).replace(/\s+/g, " ").trim();
  return { legalName: str(c.legalName), tradeName: str(c.tradeName), cnpj: str(c.cnpj), address: addressLine(c as CreditorVars) };
}

function unsubscribeOf(context: TemplateContext): string {
  return safeString(context.links?.unsubscribe).trim();
}

/**
 * Problems of the creditor's identification or the unsubscribe link: the message must not
 * go out with them. Name and CNPJ are needed on every channel; the address where the
 * message carries it (the e-mail footer, the letter's sender block).
 */
export function identificationGaps(context: TemplateContext, channel: MessageChannel): string[] {
  const c = creditorOf(context);
  const gaps: string[] = [];
  if (!c.legalName) gaps.push("o cadastro do credor não tem razão social (CDC art. 42-A)");
  if (!c.cnpj) gaps.push("o cadastro do credor não tem CNPJ (CDC art. 42-A)");
  if (IDENTIFIED_CHANNELS.has(channel) && !safeString((context.creditor as Partial<CreditorVars> | undefined)?.address).trim()) gaps.push("o cadastro do credor não tem endereço (CDC art. 42-A)");
  if (channel === "email" && !/^https?:\/\/\S+$/.test(unsubscribeOf(context))) gaps.push("falta o link de descadastro do e-mail");
  return gaps;
}

function emailFooter(context: TemplateContext): { html: string; text: string } {
  const c = creditorOf(context);
  const who = `${c.legalName} · CNPJ ${c.cnpj}`;
  const where = c.address;
  const leave = `Para deixar de receber e-mails de cobrança de ${c.tradeName || c.legalName}, acesse: ${unsubscribeOf(context)}`;
  const small = "margin:0 0 8px;font-size:12px;line-height:1.4;color:#555555;";
  const html = [
    '<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0 16px;">',
    `<p style="${small}">${inlineHtml(who)}${where ? `<br>\n${inlineHtml(where)}` : ""}</p>`,
    `<p style="${small}">${inlineHtml(leave)}</p>`,
  ].join("\n");
  const text = ["-- ", who, ...(where ? [where] : []), leave].join("\n");
  return { html, text };
}

/** The whole HTML document of an e-mail: one column, inline styles, no images, no remote assets, no scripts. */
export function emailHtml(subject: string, bodyText: string, context: TemplateContext): string {
  const footer = emailFooter(context);
  return [
    "<!DOCTYPE html>",
    '<html lang="pt-BR">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    "</head>",
    '<body style="margin:0;padding:0;background-color:#f6f6f6;">',
    '<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222222;">',
    textToHtml(bodyText),
    footer.html,
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * A copy of the context as plain data: objects without a prototype, class instances,
 * functions, symbols and cycles cannot break the engine (it stringifies what it prints).
 */
export function plainContext(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return String(value);
    case "object":
      break;
    default:
      return undefined;
  }
  if (depth > 8) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 10_000).map((v) => plainContext(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    if (k === "__proto__" || k === "constructor" || k === "prototype") continue;
    out[k] = plainContext((value as Record<string, unknown>)[k], depth + 1);
  }
  return out;
}

function renderPart(part: SourcePart, context: TemplateContext, limits: TemplateLimits): { ok: true; text: string } | { ok: false; failure: TemplateFailure } {
  const parsed = parseTemplate(part.text, limits);
  if (!parsed.ok) return { ok: false, failure: placeFailure(parsed.failure, part) };
  const rendered = renderTemplate(parsed.templates, context, limits);
  return rendered.ok ? rendered : { ok: false, failure: placeFailure(rendered.failure, part) };
}

/**
 * Renders a template for a channel. Never throws: a template that cannot be parsed or
 * rendered (or exceeds a limit) comes back as a failure with its position; things that
 * render but deserve attention (a long SMS, a missing creditor address) as warnings.
 */
export function renderMessage(source: string, channel: MessageChannel, context: TemplateContext, limits: TemplateLimits = DEFAULT_LIMITS): MessageOutcome {
  const split = splitSource(source, channel);
  if (!split.ok) return split;
  context = plainContext(context) as TemplateContext;
  const warnings: string[] = [];
  let header = "";
  if (split.header) {
    const h = renderPart(split.header, context, limits);
    if (!h.ok) return h;
    header = h.text.replace(/\s+/g, " ").trim();
    if (header === "") return { ok: false, failure: { kind: "render", message: `${HEADER_LABELS[channel]} ficou vazio depois de preencher as variáveis`, line: split.header.line, column: split.header.column } };
  }
  const b = renderPart(split.body, context, limits);
  if (!b.ok) return b;
  const body = tidyText(b.text);
  if (body === "") return { ok: false, failure: { kind: "render", message: "a mensagem ficou vazia depois de preencher as variáveis", line: split.body.line, column: 1 } };
  warnings.push(...identificationGaps(context, channel));

  switch (channel) {
    case "email": {
      if (header.length > SUBJECT_MAX_CHARS) warnings.push(`o assunto tem ${header.length} caracteres: assuntos longos são cortados pelos leitores de e-mail (até ${SUBJECT_MAX_CHARS})`);
      const footer = emailFooter(context);
      return { ok: true, warnings, message: { channel, subject: header, html: emailHtml(header, body, context), text: `${body}\n\n${footer.text}\n` } };
    }
    case "sms": {
      const text = toGsm7(body.replace(/\n{2,}/g, "\n"));
      const length = gsm7Length(text);
      const segments = smsSegments(length);
      if (length > SMS_SINGLE_LIMIT) warnings.push(`o SMS tem ${length} caracteres: será enviado em ${segments} partes (${SMS_SINGLE_LIMIT} caracteres cabem em um SMS)`);
      return { ok: true, warnings, message: { channel, text, length, segments } };
    }
    case "whatsapp":
      if (body.length > WHATSAPP_MAX_CHARS) warnings.push(`a mensagem de WhatsApp tem ${body.length} caracteres (o limite é ${WHATSAPP_MAX_CHARS})`);
      return { ok: true, warnings, message: { channel, text: body } };
    case "letter": {
      const c = creditorOf(context);
      return { ok: true, warnings, message: { channel, title: header, text: body, sender: { legalName: c.legalName, cnpj: c.cnpj, addressLine: c.address } } };
    }
    case "phone":
      return { ok: true, warnings, message: { channel, text: body } };
  }
}
