import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import nodemailer from "nodemailer";
import {
  actionOfBounceAddress, actionOfMessageId, bounceAddressFor, composeCollectionEmail, composeCopyEmail, copyBounceAddressFor, copyRecipients, deliverabilityIssues, htmlToText,
  isBounceAddress, isCopyBounceAddress, messageIdFor, shouldWithholdDebtDetails, type CollectionEmailInput, type SenderSettings,
} from "./compose-email.ts";
import { dkimDnsRecord, verifyDkim } from "./dkim-verify.ts";
import { headerValue, splitMessage } from "./mime.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

const sender: SenderSettings = {
  fromName: "Alfa Comércio\r\nBcc: intruso@x.com",
  fromAddress: "cobranca@alfa.com.br",
  replyTo: "financeiro.cobranca@alfa.com.br",
  dkim: { domain: "alfa.com.br", selector: "regua2025", privateKey },
  cc: ["supervisora@alfa.com.br"],
  allowSharedMailboxDetails: false,
};

const input: CollectionEmailInput = {
  sender,
  creditorId: "c0ffee00-0000-4000-8000-000000000001",
  actionId: 123,
  debtorId: 9,
  to: "Ana.Clara@Exemplo.com.br",
  toName: "Ana Clara",
  cc: ["representante@alfa.com.br", "SUPERVISORA@alfa.com.br", "ana.clara@exemplo.com.br"],
  subject: "  Lembrete:\n título   ALFA-1 vence em 05/06  ",
  html: "<p>Olá, Ana.</p><p><a href=\"https://pague.alfa.com.br/x\">Pagar agora</a></p>",
  text: "Olá, Ana.\n\nPagar agora: https://pague.alfa.com.br/x",
  unsubscribeUrl: "https://cobranca.alfa.com.br/u/123.abc",
  unsubscribeMailto: "mailto:descadastro+123.abc@regua.alfa.com.br?subject=descadastrar",
  bounceAddress: bounceAddressFor("regua.alfa.com.br", 123),
  date: new Date("2025-06-02T13:00:00Z"),
};

async function build(mail: nodemailer.SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const info = await transport.sendMail(mail);
  return (info.message as Buffer).toString("latin1");
}

describe("composeCollectionEmail", () => {
  const mail = composeCollectionEmail(input);

  it("sets a stable sender, copies without duplicates, a clean subject and a stable Message-ID", () => {
    assert.deepEqual(mail.from, { name: "Alfa Comércio Bcc: intruso@x.com", address: "cobranca@alfa.com.br" });
    assert.deepEqual(mail.to, { name: "Ana Clara", address: "ana.clara@exemplo.com.br" });
    assert.deepEqual(mail.cc, ["supervisora@alfa.com.br", "representante@alfa.com.br"]);
    assert.equal(mail.replyTo, "financeiro.cobranca@alfa.com.br");
    assert.equal(mail.subject, "Lembrete: título ALFA-1 vence em 05/06");
    assert.equal(mail.messageId, "<action-123.c0ffee00-0000-4000-8000-000000000001@alfa.com.br>");
    assert.equal(messageIdFor(123, input.creditorId, "alfa.com.br"), mail.messageId);
    // The copies are named in the Cc header; each travels as a message of its own (composeCopyEmail), never on the debtor's envelope.
    assert.deepEqual(mail.envelope, { from: "bounces+123@regua.alfa.com.br", to: ["ana.clara@exemplo.com.br"] });
    assert.deepEqual(mail.headers, {
      "List-Unsubscribe": "<https://cobranca.alfa.com.br/u/123.abc>, <mailto:descadastro+123.abc@regua.alfa.com.br?subject=descadastrar>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
      "X-Regua-Action": "123",
      "X-Regua-Creditor": "c0ffee00-0000-4000-8000-000000000001",
      "X-Regua-Debtor": "9",
    });
    assert.equal(mail.priority, undefined);
  });

  it("wraps an HTML fragment into a document and keeps the text part", () => {
    assert.match(String(mail.html), /^<!DOCTYPE html>\n<html lang="pt-BR">\n<head>\n<meta charset="utf-8">/);
    assert.ok(String(mail.html).includes("<title>Lembrete: título ALFA-1 vence em 05/06</title>"));
    assert.equal(mail.text, input.text);
    const derived = composeCollectionEmail({ ...input, text: " " });
    assert.equal(derived.text, "Olá, Ana.\n\nPagar agora (https://pague.alfa.com.br/x)");
  });

  it("produces a message whose DKIM signature verifies, covering List-Unsubscribe and List-Unsubscribe-Post", async () => {
    const raw = await build(mail);
    const { headers } = splitMessage(raw);
    assert.equal(headerValue(headers, "list-unsubscribe-post"), "List-Unsubscribe=One-Click");
    assert.equal(headerValue(headers, "message-id"), "<action-123.c0ffee00-0000-4000-8000-000000000001@alfa.com.br>");
    assert.equal(headerValue(headers, "bcc"), undefined, "nenhum cabeçalho injetado pelo nome");
    assert.match(headerValue(headers, "content-type") ?? "", /^multipart\/alternative/);
    assert.equal(headerValue(headers, "x-mailer"), undefined);
    const result = verifyDkim(raw, publicKey);
    assert.equal(result.result, "pass", JSON.stringify(result));
    if (result.result !== "pass") return;
    assert.equal(result.domain, "alfa.com.br");
    assert.equal(result.selector, "regua2025");
    const signed = result.signedHeaders.map((h) => h.toLowerCase());
    for (const h of ["from", "to", "cc", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post", "x-regua-action", "x-regua-creditor"]) assert.ok(signed.includes(h), `${h} em ${signed.join(":")}`);
  });

  it("a changed body, a changed header or another key fails the signature", async () => {
    const raw = await build(mail);
    const tamperedBody = raw.replace("Pagar agora", "Pagar depois");
    assert.notEqual(tamperedBody, raw);
    assert.deepEqual(verifyDkim(tamperedBody, publicKey).result, "fail");
    assert.match((verifyDkim(tamperedBody, publicKey) as { reason: string }).reason, /bh=/);
    const tamperedHeader = raw.replace("List-Unsubscribe-Post: List-Unsubscribe=One-Click", "List-Unsubscribe-Post: List-Unsubscribe=Outro");
    assert.equal(verifyDkim(tamperedHeader, publicKey).result, "fail");
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    assert.equal(verifyDkim(raw, otherKey).result, "fail");
    const unsigned = await build({ ...mail, dkim: undefined });
    assert.equal(verifyDkim(unsigned, publicKey).result, "none");
  });

  it("publishes the DNS record of the key", () => {
    const record = dkimDnsRecord(privateKey);
    assert.match(record, /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*$/);
    assert.ok(publicKey.replace(/-----[^-]+-----|\s/g, "") === record.slice("v=DKIM1; k=rsa; p=".length));
  });
});

describe("composeCopyEmail", () => {
  const copyLinks = { unsubscribeUrl: "https://cobranca.alfa.com.br/u/c/123.1.def", unsubscribeMailto: "mailto:descadastro+123.1.def@regua.alfa.com.br?subject=descadastrar" };
  const copyInput = { ...input, html: "<p>Olá, Ana.</p><p><a href=\"https://cobranca.alfa.com.br/u/c/123.1.def\">Não quero mais</a></p>" };
  const mail = composeCollectionEmail(input);
  const copy = composeCopyEmail(copyInput, { index: 1, ...copyLinks, bounceAddress: copyBounceAddressFor("regua.alfa.com.br", 123) });

  it("the copies are the Cc list: creditor's first, then the message's, lower-cased, without repeats, the debtor or stopped addresses", () => {
    assert.deepEqual(copyRecipients(input), ["supervisora@alfa.com.br", "representante@alfa.com.br"]);
    assert.deepEqual(copyRecipients({ ...input, copiesStopped: new Set(["supervisora@alfa.com.br"]) }), ["representante@alfa.com.br"]);
    const stopped = composeCollectionEmail({ ...input, copiesStopped: new Set(["supervisora@alfa.com.br", "representante@alfa.com.br"]) });
    assert.equal(stopped.cc, undefined, "no Cc header when every copy stopped");
  });

  it("is the debtor's message for the reader, delivered to the copy's address alone with its own Message-ID, links and bounce address", () => {
    assert.deepEqual([copy.from, copy.to, copy.cc, copy.subject, copy.replyTo], [mail.from, mail.to, mail.cc, mail.subject, mail.replyTo]);
    assert.deepEqual(copy.envelope, { from: "bounces+copy-123@regua.alfa.com.br", to: ["representante@alfa.com.br"] });
    assert.equal(copy.messageId, "<copy-1-of-123.c0ffee00-0000-4000-8000-000000000001@alfa.com.br>");
    assert.equal(actionOfMessageId(String(copy.messageId)), null, "a copy's Message-ID is not taken for the action's");
    assert.equal(actionOfBounceAddress("bounces+copy-123@regua.alfa.com.br"), null);
    assert.equal(isCopyBounceAddress("Bounces+copy-123@regua.alfa.com.br"), true);
    assert.equal(isCopyBounceAddress("bounces+123@regua.alfa.com.br"), false);
    const headers = copy.headers as Record<string, string>;
    assert.equal(headers["List-Unsubscribe"], `<${copyLinks.unsubscribeUrl}>, <${copyLinks.unsubscribeMailto}>`);
    assert.deepEqual([headers["X-Regua-Action"], headers["X-Regua-Copy"]], ["123", "1"]);
    assert.ok(String(copy.html).includes("/u/c/123.1.def"));
    assert.throws(() => composeCopyEmail(copyInput, { index: 2, ...copyLinks, bounceAddress: "b@x" }), /cópia 2 inexistente/);
  });

  it("is signed by the creditor's key, X-Regua-Copy included", async () => {
    const result = verifyDkim(await build(copy), publicKey);
    assert.equal(result.result, "pass", JSON.stringify(result));
    if (result.result === "pass") assert.ok(result.signedHeaders.map((h) => h.toLowerCase()).includes("x-regua-copy"));
  });
});

describe("addresses of the channel", () => {
  it("VERP bounce addresses and Message-IDs name the action", () => {
    assert.equal(bounceAddressFor("regua.local", 55), "bounces+55@regua.local");
    assert.equal(actionOfBounceAddress("Bounces+55@regua.local"), 55);
    assert.equal(actionOfBounceAddress("bounces@regua.local"), null);
    assert.equal(actionOfBounceAddress("outro+55@regua.local"), null);
    assert.equal(isBounceAddress("bounces@regua.local"), true);
    assert.equal(isBounceAddress("bounces+9@regua.local"), true);
    assert.equal(isBounceAddress("nobounces@regua.local"), false);
    assert.equal(actionOfMessageId("<action-88.c1@alfa.com.br>"), 88);
    assert.equal(actionOfMessageId("<abc@alfa.com.br>"), null);
  });
});

describe("shouldWithholdDebtDetails", () => {
  const table: [string, string, boolean, boolean][] = [
    ["company", "financeiro@empresa.com.br", false, true],
    ["company", "contato@empresa.com.br", false, true],
    ["company", "cobranca@empresa.com.br", false, true],
    ["company", "adm@empresa.com.br", false, true],
    ["company", "contas.a.pagar@empresa.com.br", false, true],
    ["company", "financeiro2@empresa.com.br", false, true],
    ["company", "financeiro@empresa.com.br", true, false],
    ["company", "joao.silva@empresa.com.br", false, false],
    ["person", "financeiro@empresa.com.br", false, false],
    ["person", "contato.ana@gmail.com", false, false],
  ];
  for (const [kind, email, allow, expected] of table) {
    it(`${kind} ${email}${allow ? " (credor permite)" : ""} → ${expected ? "sem detalhes" : "com detalhes"}`, () => {
      assert.equal(shouldWithholdDebtDetails({ debtorKind: kind, email, allowSharedMailboxDetails: allow }), expected);
    });
  }
});

describe("deliverabilityIssues", () => {
  const clean = { subject: "Lembrete: sua fatura vence em 05/06", html: "<p>Olá, Ana. Sua fatura de R$ 150,00 vence em 05/06/2025.</p>", text: "Olá, Ana." };
  it("finds nothing in a plain, polite message", () => {
    assert.deepEqual(deliverabilityIssues(clean), []);
  });
  it("names each spam-trigger formatting", () => {
    assert.deepEqual(deliverabilityIssues({ ...clean, subject: "PAGUE AGORA SUA DÍVIDA" }), ["assunto em maiúsculas"]);
    assert.deepEqual(deliverabilityIssues({ ...clean, subject: "Atenção!! Pague" }), ["mais de um ponto de exclamação no assunto"]);
    assert.deepEqual(deliverabilityIssues({ ...clean, subject: "RE: sua fatura" }), ["assunto simula resposta ou encaminhamento (RE:/ENC:)"]);
    assert.deepEqual(deliverabilityIssues({ ...clean, text: "" }), ["sem parte em texto simples"]);
    assert.deepEqual(deliverabilityIssues({ ...clean, text: "Ganhe $$$" }), ["sequência de cifrões"]);
    assert.deepEqual(deliverabilityIssues({ ...clean, html: '<a href="https://bit.ly/abc">pagar</a> com bastante texto para não ser só imagem, ok?' }), ["link encurtado (bit.ly e semelhantes)"]);
    assert.deepEqual(deliverabilityIssues({ ...clean, html: '<img src="https://x/boleto.png">' }), ["HTML quase só com imagens"]);
  });
});

describe("htmlToText", () => {
  it("keeps paragraphs, breaks, list items and link targets", () => {
    assert.equal(
      htmlToText("<style>p{}</style><p>Olá &amp; bem-vindo</p><ul><li>Título 1</li><li>Título 2</li></ul>Linha<br>nova <a href=\"https://x.com/p\">pagar</a>"),
      "Olá & bem-vindo\n\n- Título 1\n- Título 2\n\nLinha\nnova pagar (https://x.com/p)",
    );
  });
});
