import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildDsn, isPermanentDsn, parseDsn } from "./dsn.ts";

/** A DSN as Postfix writes it (trimmed), with a folded Diagnostic-Code and the original message returned. */
const POSTFIX_DSN = [
  "Return-Path: <>",
  "From: MAILER-DAEMON@mx.provedor.com.br (Mail Delivery System)",
  "Subject: Undelivered Mail Returned to Sender",
  "To: bounces+77@regua.exemplo.com.br",
  "Auto-Submitted: auto-replied",
  "MIME-Version: 1.0",
  "Content-Type: multipart/report; report-type=delivery-status;",
  '\tboundary="9A1B2C3D4E.1700000000/mx.provedor.com.br"',
  "",
  "This is a MIME-encapsulated message.",
  "",
  "--9A1B2C3D4E.1700000000/mx.provedor.com.br",
  "Content-Description: Notification",
  "Content-Type: text/plain; charset=us-ascii",
  "",
  "I'm sorry to have to inform you that your message could not",
  "be delivered to one or more recipients.",
  "",
  "--9A1B2C3D4E.1700000000/mx.provedor.com.br",
  "Content-Description: Delivery report",
  "Content-Type: message/delivery-status",
  "",
  "Reporting-MTA: dns; mx.provedor.com.br",
  "X-Postfix-Queue-ID: 9A1B2C3D4E",
  "Arrival-Date: Mon,  2 Jun 2025 10:00:01 -0300 (BRT)",
  "",
  "Final-Recipient: rfc822; Joao.Silva@Cliente.com.br",
  "Original-Recipient: rfc822;joao.silva@cliente.com.br",
  "Action: failed",
  "Status: 5.1.1",
  "Remote-MTA: dns; mx.cliente.com.br",
  "Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does",
  "    not exist. 550 5.1.1 user unknown",
  "",
  "Final-Recipient: rfc822; maria@cliente.com.br",
  "Action: delayed",
  "Status: 4.2.2 (mailbox full)",
  "Diagnostic-Code: smtp; 452 4.2.2 caixa cheia",
  "",
  "--9A1B2C3D4E.1700000000/mx.provedor.com.br",
  "Content-Description: Undelivered Message",
  "Content-Type: message/rfc822",
  "",
  "From: Loja Alfa <cobranca@alfa.com.br>",
  "To: joao.silva@cliente.com.br",
  "Subject: Lembrete de vencimento",
  "Message-ID: <action-77.cred-1@alfa.com.br>",
  "X-Regua-Action: 77",
  "X-Regua-Creditor: cred-1",
  "",
  "corpo",
  "",
  "--9A1B2C3D4E.1700000000/mx.provedor.com.br--",
  "",
].join("\r\n");

describe("parseDsn", () => {
  it("reads a Postfix DSN: each recipient's action, status and unfolded diagnostic, and the original's headers", () => {
    const dsn = parseDsn(POSTFIX_DSN);
    assert.ok(dsn);
    assert.equal(dsn.recipient, "joao.silva@cliente.com.br");
    assert.equal(dsn.action, "failed");
    assert.equal(dsn.status, "5.1.1");
    assert.equal(dsn.diagnostic, "550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 user unknown");
    assert.deepEqual(dsn.recipients.map((r) => [r.recipient, r.action, r.status, isPermanentDsn(r)]), [
      ["joao.silva@cliente.com.br", "failed", "5.1.1", true],
      ["maria@cliente.com.br", "delayed", "4.2.2", false],
    ]);
    assert.equal(dsn.reportingMta, "mx.provedor.com.br");
    assert.deepEqual({ messageId: dsn.original.messageId, actionId: dsn.original.actionId, creditorId: dsn.original.creditorId }, { messageId: "<action-77.cred-1@alfa.com.br>", actionId: "77", creditorId: "cred-1" });
  });

  it("returns null for ordinary mail and for other report types", () => {
    assert.equal(parseDsn("From: a@b.com\r\nSubject: oi\r\n\r\ncorpo\r\n"), null);
    assert.equal(parseDsn(POSTFIX_DSN.replace("report-type=delivery-status", "report-type=disposition-notification")), null);
    assert.equal(parseDsn(""), null);
  });

  it("finds the report nested in a multipart/mixed and reads bare-LF messages", () => {
    const inner = POSTFIX_DSN.split("\r\n").slice(6).join("\n");
    const nested = ["From: x@y.com", 'Content-Type: multipart/mixed; boundary="fora"', "", "--fora", ...inner.split("\n"), "--fora--", ""].join("\n");
    assert.equal(parseDsn(nested)?.status, "5.1.1");
  });

  it("defaults a missing or malformed status from the action", () => {
    const raw = POSTFIX_DSN.replace("Status: 5.1.1", "Status: desconhecido");
    assert.equal(parseDsn(raw)?.status, "5.0.0");
  });
});

describe("buildDsn", () => {
  const original = "From: Loja <cobranca@alfa.com.br>\r\nTo: ana@devolvido.test\r\nSubject: =?UTF-8?Q?Lembrete?=\r\nMessage-ID: <action-5.c1@alfa.com.br>\r\nX-Regua-Action: 5\r\nX-Regua-Creditor: c1\r\n\r\nOlá\r\n";
  const raw = buildDsn({
    reportingMta: "sink.regua.local",
    to: "bounces+5@regua.local",
    recipients: [{ recipient: "ana@devolvido.test", action: "failed", status: "5.1.1", diagnostic: "550 5.1.1 <ana@devolvido.test>: caixa postal inexistente" }],
    original,
    arrivalDate: new Date("2025-06-02T13:00:00Z"),
    date: new Date("2025-06-02T13:00:05Z"),
    id: "abc123",
  });

  it("writes a multipart/report with the status block and the original headers only", () => {
    assert.match(raw, /^From: "Sistema de entrega" <MAILER-DAEMON@sink\.regua\.local>\r\nTo: <bounces\+5@regua\.local>\r\n/);
    assert.ok(raw.includes('Content-Type: multipart/report; report-type=delivery-status; boundary="=_regua-dsn-abc123"'));
    assert.ok(raw.includes("Reporting-MTA: dns; sink.regua.local\r\nArrival-Date: Mon, 02 Jun 2025 13:00:00 +0000\r\n\r\nFinal-Recipient: rfc822; ana@devolvido.test\r\n"));
    assert.ok(raw.includes("Content-Type: text/rfc822-headers\r\n\r\nFrom: Loja <cobranca@alfa.com.br>\r\n"));
    assert.ok(!raw.includes("Olá"), "o corpo original não volta");
    assert.ok(raw.endsWith("--=_regua-dsn-abc123--\r\n"));
  });

  it("round-trips through parseDsn", () => {
    const dsn = parseDsn(raw);
    assert.ok(dsn);
    assert.deepEqual([dsn.recipient, dsn.action, dsn.status, dsn.diagnostic], ["ana@devolvido.test", "failed", "5.1.1", "550 5.1.1 <ana@devolvido.test>: caixa postal inexistente"]);
    assert.equal(dsn.original.messageId, "<action-5.c1@alfa.com.br>");
    assert.equal(dsn.original.creditorId, "c1");
  });
});
