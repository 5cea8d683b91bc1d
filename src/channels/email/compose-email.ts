import type { SendMailOptions } from "nodemailer";
import { isSharedMailbox } from "../../domain/br/email.ts";

export { isSharedMailbox };

/** How one creditor's collection e-mail goes out (resolved: defaults already applied). */
export type SenderSettings = {
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  /** DKIM key of the creditor's domain; null sends unsigned. */
  dkim: { domain: string; selector: string; privateKey: string } | null;
  /** Copied on every message (a supervisor). */
  cc: string[];
  /** The creditor accepts that a company's shared mailbox (financeiro@…) sees the debts. */
  allowSharedMailboxDetails: boolean;
};

export type CollectionEmailInput = {
  sender: SenderSettings;
  creditorId: string;
  actionId: number;
  debtorId?: number;
  to: string;
  toName?: string;
  /** Extra copies for this message (the debtor's account representative), beside `sender.cc`. */
  cc?: string[];
  /** Lower-case addresses that asked to stop receiving copies of this creditor's messages. */
  copiesStopped?: ReadonlySet<string>;
  subject: string;
  /** Already rendered and, when tracking, passed through `addTracking`. */
  html: string;
  /** The plain-text part; derived from the HTML when empty. */
  text: string;
  unsubscribeUrl: string;
  unsubscribeMailto?: string;
  /** Envelope sender (Return-Path): where DSNs go, e.g. `bounces+123@regua.exemplo.com.br`. */
  bounceAddress: string;
  date: Date;
};

/**
 * The headers DKIM covers. RFC 8058 §4 requires List-Unsubscribe and List-Unsubscribe-Post
 * under the signature (nodemailer's default list leaves the latter out).
 */
export const DKIM_SIGNED_HEADERS =
  "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:" +
  "List-Unsubscribe:List-Unsubscribe-Post:X-Regua-Action:X-Regua-Creditor:X-Regua-Copy";

/** Local part of the envelope sender; `bounces+ACTION@domain` names the action (VERP). */
export const BOUNCE_LOCAL_PART = "bounces";

export function bounceAddressFor(mailDomain: string, actionId: number): string {
  return `${BOUNCE_LOCAL_PART}+${actionId}@${mailDomain}`;
}

/**
 * Envelope sender of a copy (Cc) of an action's message: a bounce of the copy is not the
 * debtor's, so it names no action (`actionOfBounceAddress` gives null).
 */
export function copyBounceAddressFor(mailDomain: string, actionId: number): string {
  return `${BOUNCE_LOCAL_PART}+copy-${actionId}@${mailDomain}`;
}

/** True for `copyBounceAddressFor` addresses. */
export function isCopyBounceAddress(address: string): boolean {
  return new RegExp(`^${BOUNCE_LOCAL_PART}\\+copy-\\d{1,15}@`, "i").test(address.trim());
}

/** The action named by a VERP bounce address, or null when the address is not one. */
export function actionOfBounceAddress(address: string): number | null {
  const match = new RegExp(`^${BOUNCE_LOCAL_PART}\\+(\\d{1,15})@`, "i").exec(address.trim());
  return match ? Number(match[1]) : null;
}

export function isBounceAddress(address: string): boolean {
  return new RegExp(`^${BOUNCE_LOCAL_PART}(\\+[^@]*)?@`, "i").test(address.trim());
}

/** `<action-{id}.{creditor}@{domain}>`: the same for every attempt, so a resend is recognisable. */
export function messageIdFor(actionId: number, creditorId: string, domain: string): string {
  return `<action-${actionId}.${creditorId}@${domain}>`;
}

/** The action of a Message-ID made by `messageIdFor`, or null. */
export function actionOfMessageId(messageId: string): number | null {
  const match = /<?action-(\d{1,15})\./.exec(messageId.trim());
  return match ? Number(match[1]) : null;
}

/**
 * A company debtor's shared mailbox (financeiro@, contato@, cobranca@, adm@…) is read by
 * several people: the message must not show the debts unless the creditor allows it.
 * A person's own address is never treated as shared.
 */
export function shouldWithholdDebtDetails(input: { debtorKind: string; email: string; allowSharedMailboxDetails: boolean }): boolean {
  return input.debtorKind === "company" && !input.allowSharedMailboxDetails && isSharedMailbox(input.email);
}

/** No line breaks or control characters in a header value (header injection), single spaces. */
export function cleanHeaderText(value: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, max);
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * The nodemailer message of one collection e-mail. Deliverability choices: a stable From
 * per creditor with a display name, Reply-To to a person's mailbox when configured, a
 * plain-text part beside the HTML, RFC 8058 one-click List-Unsubscribe (signed by DKIM
 * with the creditor's key), a Message-ID under the sender's domain, Auto-Submitted so
 * vacation robots stay quiet — and no priority or "importance" headers, which spam
 * filters score against.
 */
export function composeCollectionEmail(input: CollectionEmailInput): SendMailOptions {
  return compose(input, copyRecipients(input), null);
}

/**
 * The addresses copied on a message (shown in its Cc header): the creditor's `cc`, then the
 * message's own `cc`, lower-cased, without repeats, without the debtor's address and without
 * those in `copiesStopped`. Each gets its copy as a message of its own (`composeCopyEmail`).
 */
export function copyRecipients(input: Pick<CollectionEmailInput, "sender" | "to" | "cc" | "copiesStopped">): string[] {
  const seen = new Set([input.to.trim().toLowerCase()]);
  const cc: string[] = [];
  for (const address of [...input.sender.cc, ...(input.cc ?? [])]) {
    const a = address.trim().toLowerCase();
    if (a && !seen.has(a) && !input.copiesStopped?.has(a)) {
      seen.add(a);
      cc.push(a);
    }
  }
  return cc;
}

/** What makes one copy of a message its own: where it goes, its unsubscribe links (`copyUnsubscribeLinks`) and its bounce address. */
export type CopyDelivery = {
  /** Position in `copyRecipients`: names the copy in its Message-ID and unsubscribe token. */
  index: number;
  unsubscribeUrl: string;
  unsubscribeMailto?: string;
  bounceAddress: string;
};

/**
 * The copy of a collection e-mail for one address of its Cc header: the same headers and
 * text as the debtor's message — so the reader sees the message the debtor got, copied to
 * them — but delivered to that address alone, with its own Message-ID (never taken for the
 * action's), its own unsubscribe links (which stop copies to that address, not the debtor's
 * e-mail) and no tracking: `input.html` must be the untracked body, rendered with the
 * copy's unsubscribe link.
 */
export function composeCopyEmail(input: CollectionEmailInput, copy: CopyDelivery): SendMailOptions {
  const cc = copyRecipients(input);
  const address = cc[copy.index];
  if (address === undefined) throw new Error(`cópia ${copy.index} inexistente`);
  return compose({ ...input, unsubscribeUrl: copy.unsubscribeUrl, unsubscribeMailto: copy.unsubscribeMailto, bounceAddress: copy.bounceAddress }, cc, { index: copy.index, address });
}

/** `<copy-{index}-of-{actionId}.{creditor}@{domain}>`: stable per copy; `actionOfMessageId` does not read it as the action's. */
export function copyMessageIdFor(actionId: number, index: number, creditorId: string, domain: string): string {
  return `<copy-${index}-of-${actionId}.${creditorId}@${domain}>`;
}

function compose(input: CollectionEmailInput, cc: string[], copy: { index: number; address: string } | null): SendMailOptions {
  const { sender } = input;
  const to = input.to.trim().toLowerCase();
  const subject = cleanHeaderText(input.subject, 200);
  const text = input.text.trim() !== "" ? input.text : htmlToText(input.html);
  const unsubscribe = [`<${input.unsubscribeUrl}>`, ...(input.unsubscribeMailto ? [`<${input.unsubscribeMailto}>`] : [])].join(", ");
  const headers: Record<string, string> = {
    "List-Unsubscribe": unsubscribe,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Auto-Submitted": "auto-generated",
    "X-Regua-Action": String(input.actionId),
    "X-Regua-Creditor": input.creditorId,
  };
  if (input.debtorId !== undefined) headers["X-Regua-Debtor"] = String(input.debtorId);
  if (copy) headers["X-Regua-Copy"] = String(copy.index);
  const domain = domainOf(sender.fromAddress);
  const mail: SendMailOptions = {
    from: { name: cleanHeaderText(sender.fromName, 120), address: sender.fromAddress },
    to: input.toName ? { name: cleanHeaderText(input.toName, 120), address: to } : to,
    subject,
    text,
    html: wrapHtml(input.html, subject),
    textEncoding: "quoted-printable",
    messageId: copy ? copyMessageIdFor(input.actionId, copy.index, input.creditorId, domain) : messageIdFor(input.actionId, input.creditorId, domain),
    date: input.date,
    headers,
    // The Cc header is for the reader; each copy travels alone, so the debtor's message goes to the debtor only.
    envelope: { from: input.bounceAddress, to: [copy ? copy.address : to] },
  };
  if (cc.length) mail.cc = cc;
  if (sender.replyTo) mail.replyTo = sender.replyTo;
  if (sender.dkim) {
    mail.dkim = { domainName: sender.dkim.domain, keySelector: sender.dkim.selector, privateKey: sender.dkim.privateKey, headerFieldNames: DKIM_SIGNED_HEADERS };
  }
  return mail;
}

/** A fragment becomes a complete document (language, charset, viewport): filters score bare fragments. */
function wrapHtml(html: string, title: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  const escaped = title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<!DOCTYPE html>\n<html lang="pt-BR">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escaped}</title>\n</head>\n<body>\n${html}\n</body>\n</html>\n`;
}

/** A readable plain-text version of simple HTML (paragraphs, line breaks, links, lists). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<img\b[^>]*>/gi, "")
    .replace(/<a\b[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, href: string, label: string) => {
      const text = label.replace(/<[^>]+>/g, "").trim();
      return text && text !== href ? `${text} (${href})` : href;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol)\s*>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/gi, " ")
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/gi, "'")
    .replace(/&amp;/gi, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const SHORTENERS = ["bit.ly", "tinyurl.com", "cutt.ly", "encurtador.com.br", "t.co", "goo.gl", "is.gd", "ow.ly", "rebrand.ly"];

/**
 * Formatting spam filters punish, in Portuguese, for previews and the dispatcher's log:
 * shouting subjects, runs of "!" or "$", fake replies ("RE:"), link shorteners, an
 * image-only body or a missing text part. (Threats and other CDC issues are the template
 * lint's job.)
 */
export function deliverabilityIssues(message: { subject: string; html: string; text: string }): string[] {
  const issues: string[] = [];
  const letters = message.subject.replace(/[^A-Za-zÀ-ÿ]/g, "");
  const upper = letters.replace(/[^A-ZÀ-Þ]/g, "");
  if (letters.length >= 8 && upper.length / letters.length > 0.6) issues.push("assunto em maiúsculas");
  if (/!{2,}|!.*!/.test(message.subject)) issues.push("mais de um ponto de exclamação no assunto");
  if (/\${2,}|R\$\s*\$/.test(`${message.subject} ${message.text}`)) issues.push("sequência de cifrões");
  if (/^\s*(re|fw|fwd|enc|res)\s*:/i.test(message.subject)) issues.push("assunto simula resposta ou encaminhamento (RE:/ENC:)");
  if (message.text.trim() === "") issues.push("sem parte em texto simples");
  const visibleText = htmlToText(message.html);
  if (/<img\b/i.test(message.html) && visibleText.replace(/\s+/g, "").length < 50) issues.push("HTML quase só com imagens");
  const hosts = [...message.html.matchAll(/href\s*=\s*["']https?:\/\/([^/"'?#:]+)/gi)].map((m) => m[1]!.toLowerCase());
  if (hosts.some((h) => SHORTENERS.includes(h))) issues.push("link encurtado (bit.ly e semelhantes)");
  return issues;
}
