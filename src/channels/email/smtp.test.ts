// The transport and the embedded sink against each other over real loopback SMTP: every
// outcome the dispatcher decides on, produced by a real server.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { bounceAddressFor, composeCollectionEmail, type CollectionEmailInput } from "./compose-email.ts";
import { verifyDkim } from "./dkim-verify.ts";
import { parseDsn } from "./dsn.ts";
import { headerValue, splitMessage } from "./mime.ts";
import { startSmtpSink, type SinkReceived, type SmtpSink } from "./smtp-sink.ts";
import { classifySendError, createSmtpTransport, redact, sendEmail, type EmailTransport, type SendOutcome } from "./smtp-transport.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

/** The error text of a failed outcome ("" for an accepted one). */
const errorOf = (o: SendOutcome): string => (o.outcome === "accepted" ? "" : o.error);

function message(to: string, actionId = 1, extra: Partial<CollectionEmailInput> = {}) {
  return composeCollectionEmail({
    sender: { fromName: "Alfa Comércio", fromAddress: "cobranca@alfa.com.br", replyTo: null, dkim: { domain: "alfa.com.br", selector: "s1", privateKey }, cc: [], allowSharedMailboxDetails: false },
    creditorId: "cred-a", actionId, to, subject: "Lembrete de vencimento", html: "<p>Olá.</p>\n<p>.linha com ponto no início</p>", text: "Olá.\n.linha com ponto no início",
    unsubscribeUrl: `https://regua.local/u/${actionId}.x`, bounceAddress: bounceAddressFor("regua.local", actionId), date: new Date("2025-06-02T13:00:00Z"), ...extra,
  });
}

describe("SMTP: transport × embedded sink over loopback", () => {
  let sink: SmtpSink;
  let transport: EmailTransport;
  const received: SinkReceived[] = [];
  const errors: Error[] = [];

  before(async () => {
    sink = await startSmtpSink({ onMessage: async (m) => void received.push(m), onError: (e) => void errors.push(e), now: () => new Date("2025-06-02T13:00:01Z") });
    transport = createSmtpTransport(sink.url, { maxConnections: 2 });
  });
  after(async () => {
    transport.close();
    await sink.settled();
    await sink.close();
  });

  it("accepted: the sink holds the exact message, DKIM still verifies after SMTP transfer (dot-stuffing included)", async () => {
    const before = received.length;
    const outcome = await sendEmail(transport, message("ana@exemplo.com.br", 11));
    assert.equal(outcome.outcome, "accepted", JSON.stringify(outcome));
    if (outcome.outcome !== "accepted") return;
    assert.equal(outcome.messageId, "<action-11.cred-a@alfa.com.br>");
    assert.match(outcome.response, /^250 2\.6\.0 /);
    assert.deepEqual(outcome.rejected, []);
    const got = received[before]!;
    assert.equal(got.outcome, "accepted");
    assert.equal(got.envelopeFrom, "bounces+11@regua.local");
    assert.deepEqual(got.envelopeTo, ["ana@exemplo.com.br"]);
    const { headers } = splitMessage(got.raw.toString("latin1"));
    assert.equal(headerValue(headers, "list-unsubscribe"), "<https://regua.local/u/11.x>");
    assert.equal(headerValue(headers, "x-regua-action"), "11");
    assert.equal(verifyDkim(got.raw, publicKey).result, "pass");
  });

  it("a resend carries the same Message-ID, so it is recognisable", async () => {
    const a = await sendEmail(transport, message("ana@exemplo.com.br", 12));
    const b = await sendEmail(transport, message("ana@exemplo.com.br", 12));
    assert.equal(a.outcome === "accepted" && b.outcome === "accepted" && a.messageId === b.messageId, true);
  });

  it("550 5.1.1 at RCPT is permanent", async () => {
    const outcome = await sendEmail(transport, message("ninguem@rejeitado.test"));
    assert.equal(outcome.outcome, "permanent");
    assert.equal(outcome.outcome === "permanent" ? outcome.responseCode : null, 550);
    assert.match(errorOf(outcome), /550 5\.1\.1 <ninguem@rejeitado\.test>: caixa postal inexistente/);
  });

  it("451 4.3.0 at RCPT is transient", async () => {
    const outcome = await sendEmail(transport, message("alguem@temporario.test"));
    assert.equal(outcome.outcome, "transient");
    assert.match(errorOf(outcome), /451 4\.3\.0/);
  });

  it("a refused envelope never runs the commit hook: the server did not accept DATA (nodemailer still drains the message)", async () => {
    for (const to of ["alguem@temporario.test", "ninguem@rejeitado.test"]) {
      let hooked = 0;
      const outcome = await sendEmail(transport, message(to, 13), { beforeCommit: async () => void hooked++ });
      assert.notEqual(outcome.outcome, "accepted");
      assert.notEqual(outcome.outcome, "uncertain");
      // The drained stream ends on a later turn: give it the time it would take to run the hook.
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(hooked, 0, to);
    }
    // Built beforehand as MIME bytes (as the render workers do), the drain is immediate: still no hook.
    let hooked = 0;
    const raw = await new MailComposer(message("alguem@temporario.test", 14)).compile().build();
    const outcome = await sendEmail(transport, { raw, envelope: { from: "bounces+14@regua.local", to: ["alguem@temporario.test"] }, messageId: "<action-14.cred-a@alfa.com.br>" }, { beforeCommit: async () => void hooked++ });
    assert.equal(outcome.outcome, "transient");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(hooked, 0);
  });

  it("a message given as MIME bytes: the commit hook runs once before the end, the Message-ID reported is its own, DKIM verifies", async () => {
    const before = received.length;
    const mail = message("ana@exemplo.com.br", 15);
    const { dkim, ...unsigned } = mail;
    const raw = await new MailComposer(unsigned).compile().build();
    let hooked = 0;
    const outcome = await sendEmail(transport, { raw, envelope: mail.envelope, messageId: mail.messageId, dkim }, { beforeCommit: async () => void hooked++ });
    assert.equal(outcome.outcome, "accepted", JSON.stringify(outcome));
    assert.equal(outcome.outcome === "accepted" ? outcome.messageId : null, "<action-15.cred-a@alfa.com.br>");
    assert.equal(hooked, 1);
    const got = received[before]!;
    assert.deepEqual(got.envelopeTo, ["ana@exemplo.com.br"]);
    assert.equal(verifyDkim(got.raw, publicKey).result, "pass");
    assert.equal(headerValue(splitMessage(got.raw.toString("latin1")).headers, "message-id"), "<action-15.cred-a@alfa.com.br>");
  });

  it("a copy refused while the debtor's address is accepted: accepted, with the refusal listed", async () => {
    // Régua sends each copy as a message of its own; the transport still reports a partial refusal of a shared envelope.
    const mail = message("ana@exemplo.com.br", 13);
    const outcome = await sendEmail(transport, { ...mail, envelope: { from: bounceAddressFor("regua.local", 13), to: ["ana@exemplo.com.br", "chefe@rejeitado.test"] } });
    assert.equal(outcome.outcome, "accepted");
    if (outcome.outcome !== "accepted") return;
    assert.equal(outcome.rejected.length, 1);
    assert.equal(outcome.rejected[0]!.recipient, "chefe@rejeitado.test");
    assert.equal(outcome.rejected[0]!.permanent, true);
    assert.match(outcome.rejected[0]!.response, /^550 5\.1\.1/);
  });

  it("the server reads the whole message and drops the connection without replying: uncertain (never resent by nodemailer either)", async () => {
    const before = received.length;
    const outcome = await sendEmail(transport, message("zeca@queda.test", 14));
    assert.equal(outcome.outcome, "uncertain", JSON.stringify(outcome));
    await sink.settled();
    assert.equal(received.length, before + 1, "exatamente uma cópia chegou: nenhum reenvio automático");
    assert.equal(received[before]!.outcome, "dropped");
    // The pool recovers: the next message goes through on a fresh connection.
    assert.equal((await sendEmail(transport, message("ana@exemplo.com.br", 15))).outcome, "accepted");
  });

  it("the sink-wide drop mode does the same for any recipient", async () => {
    sink.mode = "drop_after_data";
    try {
      assert.equal((await sendEmail(transport, message("ana@exemplo.com.br", 16))).outcome, "uncertain");
    } finally {
      sink.mode = "normal";
    }
  });

  it("devolvido.test: accepted, then a real DSN (multipart/report) comes back to the bounce address with the null sender", async () => {
    const before = received.length;
    const outcome = await sendEmail(transport, message("bia@devolvido.test", 17));
    assert.equal(outcome.outcome, "accepted");
    await sink.settled();
    const dsnMessage = received.slice(before).find((m) => m.envelopeFrom === "");
    assert.ok(dsnMessage, "DSN recebido");
    assert.deepEqual(dsnMessage.envelopeTo, ["bounces+17@regua.local"]);
    const raw = dsnMessage.raw.toString("utf8");
    assert.match(headerValue(splitMessage(raw).headers, "content-type") ?? "", /^multipart\/report; report-type=delivery-status;/);
    const dsn = parseDsn(raw);
    assert.ok(dsn);
    assert.deepEqual([dsn.recipient, dsn.action, dsn.status], ["bia@devolvido.test", "failed", "5.1.1"]);
    assert.equal(dsn.original.messageId, "<action-17.cred-a@alfa.com.br>");
    assert.equal(dsn.original.actionId, "17");
    assert.deepEqual(errors, []);
  });

  it("bounce_all mode bounces every recipient", async () => {
    sink.mode = "bounce_all";
    const before = received.length;
    try {
      assert.equal((await sendEmail(transport, message("carla@exemplo.com.br", 18))).outcome, "accepted");
      await sink.settled();
    } finally {
      sink.mode = "normal";
    }
    const dsn = received.slice(before).find((m) => m.envelopeFrom === "");
    assert.equal(parseDsn(dsn!.raw)?.recipient, "carla@exemplo.com.br");
  });

  it("a handler that cannot store the message makes the sink answer 451: transient, nothing silently lost", async () => {
    const failing = await startSmtpSink({ onMessage: async () => Promise.reject(new Error("banco fora do ar")) });
    const t = createSmtpTransport(failing.url);
    try {
      const outcome = await sendEmail(t, message("ana@exemplo.com.br"));
      assert.equal(outcome.outcome, "transient");
      assert.match(errorOf(outcome), /451 4\.3\.0 falha local ao guardar a mensagem: banco fora do ar/);
    } finally {
      t.close();
      await failing.close();
    }
  });
});

describe("SMTP: a connection cut before or after DATA", () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();
  let cut: "at_data_command" | "in_content" = "in_content";

  before(async () => {
    // A hand-written server that cuts the connection when told: on the DATA command
    // (before 354), or at the first byte of content (after 354).
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
      let inData = false;
      let buffer = "";
      socket.write("220 teste ESMTP\r\n");
      socket.on("data", (chunk: Buffer) => {
        if (inData) return void socket.destroy();
        buffer += chunk.toString("latin1");
        let nl: number;
        while ((nl = buffer.indexOf("\r\n")) >= 0) {
          const line = buffer.slice(0, nl).toUpperCase();
          buffer = buffer.slice(nl + 2);
          if (line.startsWith("EHLO") || line.startsWith("HELO")) socket.write("250 teste\r\n");
          else if (line.startsWith("MAIL") || line.startsWith("RCPT")) socket.write("250 2.1.0 ok\r\n");
          else if (line === "DATA") {
            if (cut === "at_data_command") return void socket.destroy();
            socket.write("354 pode enviar\r\n");
            inData = true;
          } else if (line === "QUIT") socket.end("221 tchau\r\n");
          else socket.write("250 ok\r\n");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("cut before the server accepted DATA: transient (it cannot have taken the message)", async () => {
    cut = "at_data_command";
    const t = createSmtpTransport(`smtp://127.0.0.1:${port}`, { socketTimeout: 10_000 });
    try {
      const outcome = await sendEmail(t, message("ana@exemplo.com.br"));
      assert.equal(outcome.outcome, "transient", JSON.stringify(outcome));
    } finally {
      t.close();
    }
  });

  it("cut while the content was flowing: uncertain (from the client, bytes in the kernel's buffers look sent)", async () => {
    cut = "in_content";
    const t = createSmtpTransport(`smtp://127.0.0.1:${port}`, { socketTimeout: 10_000 });
    try {
      const body = "x".repeat(998) + "\r\n";
      const raw = `From: a@alfa.com.br\r\nTo: b@exemplo.com.br\r\nSubject: grande\r\n\r\n${body.repeat(4_000)}`;
      const outcome = await sendEmail(t, { envelope: { from: "a@alfa.com.br", to: ["b@exemplo.com.br"] }, raw });
      assert.equal(outcome.outcome, "uncertain", JSON.stringify(outcome));
    } finally {
      t.close();
    }
  });

  it("nobody listening: transient", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const freePort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const t = createSmtpTransport(`smtp://127.0.0.1:${freePort}`);
    try {
      const outcome = await sendEmail(t, message("ana@exemplo.com.br"));
      assert.equal(outcome.outcome, "transient", JSON.stringify(outcome));
      assert.match(errorOf(outcome), /ECONNREFUSED/);
    } finally {
      t.close();
    }
  });
});

describe("classifySendError", () => {
  const table: [string, object, "before_data" | "data", string][] = [
    ["550 no RCPT", { code: "EENVELOPE", responseCode: 550, command: "RCPT TO" }, "before_data", "permanent"],
    ["452 no RCPT", { code: "EENVELOPE", responseCode: 452 }, "before_data", "transient"],
    ["554 após os dados", { code: "EMESSAGE", responseCode: 554, command: "DATA" }, "data", "permanent"],
    ["451 após os dados", { code: "EMESSAGE", responseCode: 451, command: "DATA" }, "data", "transient"],
    ["421 e conexão fechada após os dados", { code: "ECONNECTION", responseCode: 421 }, "data", "transient"],
    ["535 autenticação (configuração, não a mensagem)", { code: "EAUTH", responseCode: 535 }, "before_data", "transient"],
    ["conexão caiu antes do DATA", { code: "ECONNECTION" }, "before_data", "transient"],
    ["conexão caiu depois do 354", { code: "ECONNECTION" }, "data", "uncertain"],
    ["socket com erro depois do 354", { code: "ESOCKET" }, "data", "uncertain"],
    ["tempo esgotado esperando a resposta final", { code: "ETIMEDOUT" }, "data", "uncertain"],
    ["pool fechado com a mensagem entregue", { message: "Reached maximum number of retries after connection was closed" }, "data", "uncertain"],
    ["sem destinatários", { code: "EENVELOPE", message: "No recipients defined" }, "before_data", "permanent"],
    ["mensagem grande demais", { code: "EMESSAGE", message: "Message size larger than allowed 10" }, "before_data", "permanent"],
    ["DNS", { code: "EDNS" }, "before_data", "transient"],
  ];
  for (const [name, error, phase, expected] of table) {
    it(`${name} → ${expected}`, () => assert.equal(classifySendError(error, phase).outcome, expected));
  }
  it("keeps the message, code and reply code", () => {
    assert.deepEqual(classifySendError(Object.assign(new Error("Can't send mail: 550 5.1.1 x"), { code: "EENVELOPE", responseCode: 550 }), "before_data"), {
      outcome: "permanent", error: "Can't send mail: 550 5.1.1 x", code: "EENVELOPE", responseCode: 550,
    });
  });
  it("redacts the password of an SMTP URL", () => {
    assert.equal(redact("smtps://usuario:s3nh@@smtp.exemplo.com.br:465/x@y"), "smtps://usuario:***@smtp.exemplo.com.br:465/x@y");
    assert.equal(redact("smtp://127.0.0.1:2525"), "smtp://127.0.0.1:2525");
    assert.throws(() => createSmtpTransport("http://x"), /SMTP_URL deve começar com smtp:\/\/ ou smtps:\/\//);
  });
});

describe("startSmtpSink", () => {
  it("says in Portuguese when its port is taken", async () => {
    const first = await startSmtpSink({ onMessage: async () => {} });
    try {
      await assert.rejects(startSmtpSink({ port: first.port, onMessage: async () => {} }), { message: `a porta ${first.port} do servidor SMTP local já está em uso (SMTP_SINK_PORT)` });
    } finally {
      await first.close();
    }
  });
});
