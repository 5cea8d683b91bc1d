import { createPublicKey } from "node:crypto";
import { simpleParser, type AddressObject } from "mailparser";
import type { Selectable } from "kysely";
import type { SinkMessageTable } from "../../db/schema/email.ts";
import { isBounceAddress } from "../../channels/email/compose-email.ts";
import { verifyDkim } from "../../channels/email/dkim-verify.ts";
import { parseDsn } from "../../channels/email/dsn.ts";
import { headerValue, splitMessage } from "../../channels/email/mime.ts";
import type { SinkReceived } from "../../channels/email/smtp-sink.ts";
import { UNSUBSCRIBE_LOCAL_PART } from "../../channels/email/tracking.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, decodeCursor, encodeCursor } from "../portfolio/debtors.ts";
import { processDsn } from "./bounces.ts";
import { unsubscribeCopyByToken } from "./email-copies.ts";
import { unsubscribeByToken } from "./unsubscribe.ts";

export type SinkMessageSummary = {
  id: string;
  kind: "message" | "dsn";
  outcome: "accepted" | "dropped";
  receivedAt: string;
  actionId: string | null;
  messageId: string | null;
  from: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  /** none | pass | fail | unverified (signed, but the creditor has no key on file for that domain). */
  dkim: string;
  listUnsubscribe: string | null;
  hasHtml: boolean;
};

export type SinkMessageDetail = SinkMessageSummary & {
  envelope: { from: string; to: string[] };
  replyTo: string | null;
  listUnsubscribePost: string | null;
  dkimDomain: string | null;
  reguaHeaders: Record<string, string>;
  headers: [string, string][];
  text: string | null;
  /** The HTML part as the debtor's mail client renders it. */
  html: string | null;
  raw: string;
};

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.flatMap((v) => (v.group ?? [v]).map((g) => g.address ?? ""))).filter(Boolean).map((x) => x.toLowerCase());

/**
 * Stores what the sink received (called by the sink before it answers 250, so an accepted
 * message is always on record), and acts on the two kinds of mail addressed to Régua
 * itself: a DSN at the bounce address marks contacts as a real bounce would, and a message
 * to `descadastro+TOKEN@…` unsubscribes as the List-Unsubscribe mailto: promises.
 */
export async function receiveSinkMessage(deps: AppDeps, received: SinkReceived): Promise<{ id: number }> {
  const { db } = deps.database;
  const raw = received.raw.toString("utf8");
  const { headers } = splitMessage(raw);
  const parsed = await simpleParser(received.raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  const regua: Record<string, string> = {};
  for (const h of headers) if (/^x-regua-/i.test(h.name)) regua[h.name.slice("x-regua-".length).toLowerCase()] = h.value;

  const dsn = received.envelopeTo.some(isBounceAddress) ? parseDsn(raw) : null;
  let creditorId: string | null = null;
  const claimed = regua.creditor ?? dsn?.original.creditorId ?? null;
  if (claimed) creditorId = (await db.selectFrom("creditors").select("id").where("id", "=", claimed).executeTakeFirst())?.id ?? null;
  const actionRaw = regua.action ?? dsn?.original.actionId ?? null;
  const actionId = actionRaw && /^\d{1,15}$/.test(actionRaw) ? Number(actionRaw) : null;

  const dkimHeader = headers.find((h) => h.name.toLowerCase() === "dkim-signature");
  let dkim: SinkMessageTable["dkim"] = "none";
  let dkimDomain: string | null = null;
  if (dkimHeader) {
    dkimDomain = /(?:^|;)\s*d=([^;\s]+)/.exec(dkimHeader.value)?.[1]?.toLowerCase() ?? null;
    dkim = "unverified";
    if (creditorId && dkimDomain) {
      const settings = await db.selectFrom("email_settings").select(["dkim_domain", "dkim_private_key"]).where("creditor_id", "=", creditorId).executeTakeFirst();
      if (settings?.dkim_private_key && settings.dkim_domain === dkimDomain) {
        // The sink plays the receiving server, with the creditor's published key in place of DNS.
        dkim = verifyDkim(received.raw, createPublicKey(settings.dkim_private_key)).result === "pass" ? "pass" : "fail";
      }
    }
  }

  const row = {
    creditor_id: creditorId,
    action_id: actionId,
    kind: dsn ? ("dsn" as const) : ("message" as const),
    outcome: received.outcome,
    received_at: received.receivedAt.toISOString(),
    envelope_from: received.envelopeFrom,
    envelope_to: JSON.stringify(received.envelopeTo),
    message_id: parsed.messageId ?? null,
    from_header: parsed.from?.text ?? null,
    to_header: JSON.stringify(addresses(parsed.to)),
    cc_header: JSON.stringify(addresses(parsed.cc)),
    reply_to: parsed.replyTo?.text ?? null,
    subject: parsed.subject ?? null,
    text_body: parsed.text ?? null,
    html_body: typeof parsed.html === "string" ? parsed.html : null,
    headers: JSON.stringify(headers.map((h) => [h.name, h.value])),
    list_unsubscribe: headerValue(headers, "list-unsubscribe") ?? null,
    list_unsubscribe_post: headerValue(headers, "list-unsubscribe-post") ?? null,
    dkim,
    dkim_domain: dkimDomain,
    regua_headers: JSON.stringify(regua),
    size: received.raw.length,
    raw,
  };
  const { id } = await db.insertInto("sink_messages").values(row).returning("id").executeTakeFirstOrThrow();

  if (dsn) {
    const outcome = await processDsn(deps, dsn, received.envelopeTo);
    // A DSN without the original headers is placed by the action its VERP address names.
    if (!creditorId && outcome.creditorId) await db.updateTable("sink_messages").set({ creditor_id: outcome.creditorId }).where("id", "=", id).execute();
  }
  for (const to of received.envelopeTo) {
    const match = new RegExp(`^${UNSUBSCRIBE_LOCAL_PART}\\+([^@]+)@`, "i").exec(to);
    // The debtor's token or a copy's: each verifies only as its own kind.
    if (match && !(await unsubscribeByToken(deps, match[1]!, "mailto"))) await unsubscribeCopyByToken(deps, match[1]!, "mailto");
  }
  return { id: Number(id) };
}

const summary = (r: Selectable<SinkMessageTable>): SinkMessageSummary => ({
  id: String(r.id), kind: r.kind, outcome: r.outcome, receivedAt: r.received_at, actionId: r.action_id === null ? null : String(r.action_id), messageId: r.message_id,
  from: r.from_header, to: JSON.parse(r.to_header) as string[], cc: JSON.parse(r.cc_header) as string[], subject: r.subject, dkim: r.dkim,
  listUnsubscribe: r.list_unsubscribe, hasHtml: r.html_body !== null,
});

/** The sink's messages of one creditor (the "caixa de saída"), newest first. */
export async function listSinkMessages(deps: AppDeps, actor: Actor, creditorId: string, input: { limit?: number; cursor?: string; actionId?: string } = {}) {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  let query = deps.database.db
    .selectFrom("sink_messages")
    .select(["id", "kind", "outcome", "received_at", "action_id", "message_id", "from_header", "to_header", "cc_header", "subject", "dkim", "list_unsubscribe", "html_body"])
    .where("creditor_id", "=", scope.creditorId)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (input.cursor) query = query.where("id", "<", decodeCursor(input.cursor));
  if (input.actionId) {
    if (!/^\d{1,15}$/.test(input.actionId)) throw new AppError("validation", "actionId: use o número do acionamento", [{ field: "actionId", reason: "número inválido" }]);
    query = query.where("action_id", "=", Number(input.actionId));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => summary(r as Selectable<SinkMessageTable>)),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}

export async function getSinkMessage(deps: AppDeps, actor: Actor, creditorId: string, messageIdRaw: string): Promise<SinkMessageDetail> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  if (!/^\d{1,15}$/.test(messageIdRaw)) throw new AppError("not_found", "Mensagem não encontrada.");
  const id = Number(messageIdRaw);
  const r = await deps.database.db.selectFrom("sink_messages").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", id).executeTakeFirst();
  if (!r) throw new AppError("not_found", "Mensagem não encontrada.");
  return {
    ...summary(r),
    envelope: { from: r.envelope_from, to: JSON.parse(r.envelope_to) as string[] },
    replyTo: r.reply_to,
    listUnsubscribePost: r.list_unsubscribe_post,
    dkimDomain: r.dkim_domain,
    reguaHeaders: JSON.parse(r.regua_headers) as Record<string, string>,
    headers: JSON.parse(r.headers) as [string, string][],
    text: r.text_body,
    html: r.html_body,
    raw: r.raw,
  };
}
