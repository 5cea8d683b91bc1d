import { decodePartBody, headerValue, multipartParts, parseContentType, splitMessage, type HeaderField, type RawMessage } from "./mime.ts";

/**
 * Delivery Status Notifications (RFC 3464): `multipart/report; report-type=delivery-status`
 * with a human-readable part, a `message/delivery-status` part (one per-message block,
 * then one block per recipient) and the returned headers (`text/rfc822-headers`) or
 * message (`message/rfc822`).
 */
export type DsnRecipient = {
  /** Final-Recipient without the `rfc822;` type, lower-cased. */
  recipient: string;
  /** failed | delayed | delivered | relayed | expanded */
  action: string;
  /** Enhanced status code, e.g. "5.1.1". */
  status: string;
  diagnostic: string | null;
};

export type ParsedDsn = DsnRecipient & {
  recipients: DsnRecipient[];
  reportingMta: string | null;
  /** What the returned original headers say (absent when the DSN returned none). */
  original: { messageId: string | null; actionId: string | null; creditorId: string | null; headers: HeaderField[] };
};

/** A permanent failure: action failed with a 5.x.x status. Anything else is transient (delayed, 4.x.x). */
export function isPermanentDsn(r: Pick<DsnRecipient, "action" | "status">): boolean {
  return r.action === "failed" && r.status.startsWith("5.");
}

/** Reads a DSN; null when the message is not a delivery-status report. */
export function parseDsn(raw: string | Buffer): ParsedDsn | null {
  const message = splitMessage(typeof raw === "string" ? raw : raw.toString("utf8"));
  const report = findReport(message, 0);
  if (!report) return null;
  const { params } = parseContentType(headerValue(report.headers, "content-type"));
  const parts = multipartParts(report.body, params.boundary!).map(splitMessage);
  const statusPart = parts.find((p) => parseContentType(headerValue(p.headers, "content-type")).type === "message/delivery-status");
  if (!statusPart) return null;
  const blocks = decodePartBody(statusPart)
    .split(/\r?\n[ \t]*\r?\n/)
    .map((b) => splitMessage(`${b.trim()}\r\n\r\n`).headers)
    .filter((h) => h.length > 0);
  const perMessage = blocks[0] ?? [];
  const recipients: DsnRecipient[] = [];
  for (const block of blocks) {
    const final = headerValue(block, "final-recipient") ?? headerValue(block, "original-recipient");
    const action = headerValue(block, "action");
    if (!final || !action) continue;
    const statusRaw = headerValue(block, "status") ?? "";
    const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(statusRaw)?.[1] ?? (action.toLowerCase() === "failed" ? "5.0.0" : "4.0.0");
    const diagnostic = headerValue(block, "diagnostic-code");
    recipients.push({
      recipient: stripAddressType(final),
      action: action.trim().toLowerCase(),
      status,
      diagnostic: diagnostic ? stripAddressType(diagnostic, false) : null,
    });
  }
  if (recipients.length === 0) return null;
  const returned = parts.find((p) => {
    const type = parseContentType(headerValue(p.headers, "content-type")).type;
    return type === "text/rfc822-headers" || type === "message/rfc822" || type === "message/rfc822-headers";
  });
  const originalHeaders = returned ? splitMessage(decodePartBody(returned)).headers : [];
  const reporting = headerValue(perMessage, "reporting-mta");
  return {
    ...recipients[0]!,
    recipients,
    reportingMta: reporting ? stripAddressType(reporting, false) : null,
    original: {
      messageId: headerValue(originalHeaders, "message-id") ?? null,
      actionId: headerValue(originalHeaders, "x-regua-action") ?? null,
      creditorId: headerValue(originalHeaders, "x-regua-creditor") ?? null,
      headers: originalHeaders,
    },
  };
}

/** The multipart/report part with report-type=delivery-status, searched depth-first. */
function findReport(message: RawMessage, depth: number): RawMessage | null {
  const { type, params } = parseContentType(headerValue(message.headers, "content-type"));
  if (!type.startsWith("multipart/") || !params.boundary || depth > 4) return null;
  if (type === "multipart/report" && (params["report-type"] ?? "").toLowerCase() === "delivery-status") return message;
  for (const part of multipartParts(message.body, params.boundary)) {
    const found = findReport(splitMessage(part), depth + 1);
    if (found) return found;
  }
  return null;
}

/** `rfc822; Ana@Exemplo.com` → `ana@exemplo.com`; `smtp; 550 …` → `550 …`. */
function stripAddressType(value: string, lower = true): string {
  const semi = value.indexOf(";");
  const v = (semi >= 0 && /^[A-Za-z0-9-]+$/.test(value.slice(0, semi).trim()) ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, "");
  return lower ? v.toLowerCase() : v;
}

export type DsnInput = {
  /** Host name of the MTA that reports (Reporting-MTA, the From's domain). */
  reportingMta: string;
  /** Where the DSN goes: the original envelope sender (the bounce address). */
  to: string;
  recipients: DsnRecipient[];
  /** The original message; its header section is returned as text/rfc822-headers. */
  original: string;
  arrivalDate: Date;
  /** Date of the report itself. */
  date: Date;
  /** Unique part of the DSN's Message-ID and boundary. */
  id: string;
};

/** A DSN as a reporting MTA writes it: the raw message, CRLF line ends. */
export function buildDsn(input: DsnInput): string {
  const boundary = `=_regua-dsn-${input.id}`;
  const originalHead = splitMessage(input.original).headers.map((h) => h.raw).join("\r\n");
  const originalSubject = headerValue(splitMessage(input.original).headers, "subject") ?? "";
  const human = [
    "Esta é uma mensagem automática do sistema de entrega de e-mails.",
    "",
    "Não foi possível entregar sua mensagem aos destinatários abaixo:",
    "",
    ...input.recipients.map((r) => `  <${r.recipient}>: ${r.diagnostic ?? r.status}`),
    "",
    originalSubject ? `Assunto original: ${originalSubject}` : "",
  ].join("\r\n");
  const perMessage = [`Reporting-MTA: dns; ${input.reportingMta}`, `Arrival-Date: ${input.arrivalDate.toUTCString().replace("GMT", "+0000")}`].join("\r\n");
  const perRecipient = input.recipients.map((r) =>
    [`Final-Recipient: rfc822; ${r.recipient}`, `Original-Recipient: rfc822; ${r.recipient}`, `Action: ${r.action}`, `Status: ${r.status}`, ...(r.diagnostic ? [`Diagnostic-Code: smtp; ${r.diagnostic}`] : [])].join("\r\n"),
  );
  const subject = input.recipients.every((r) => r.action === "failed") ? "Mensagem não entregue" : "Entrega de mensagem adiada";
  return [
    `From: "Sistema de entrega" <MAILER-DAEMON@${input.reportingMta}>`,
    `To: <${input.to}>`,
    `Subject: =?UTF-8?B?${Buffer.from(subject, "utf8").toString("base64")}?=`,
    `Date: ${input.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <dsn-${input.id}@${input.reportingMta}>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    "This is a MIME-encapsulated delivery status report.",
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    ...wrap76(Buffer.from(human, "utf8").toString("base64")),
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    perMessage,
    "",
    perRecipient.join("\r\n\r\n"),
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    originalHead,
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

function wrap76(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += 76) out.push(s.slice(i, i + 76));
  return out;
}
