// The e-mail channel end to end on every dialect: the embedded SMTP sink over loopback,
// the real HTTP API, the public tracking and unsubscribe routes, DSNs and bounce webhooks.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type CallOptions, type TestServer } from "../../../test/support/http.ts";
import type { Schema } from "../../db/schema.ts";
import { sendEmail } from "../../channels/email/smtp-transport.ts";
import { TRACKING_GIF } from "../../channels/email/tracking.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { loadSenderSettings, updateEmailSettings } from "./email-settings.ts";
import { buildCollectionEmail, emailLinksFor, withholdDetailsFor } from "./prepare-email.ts";
import { startEmail, type RunningEmail } from "./start-email.ts";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

let idem = 0;
/** An action of the outbox, inserted directly as the ladder run would. */
async function insertAction(db: Kysely<Schema>, creditorId: string, debtorId: string, channel = "email", status: "planned" | "sent" | "awaiting_approval" = "planned"): Promise<number> {
  const at = "2025-06-02T13:00:00.000Z";
  const row = await db
    .insertInto("actions")
    .values({
      creditor_id: creditorId, debtor_id: Number(debtorId), ladder_id: "padrao", step_id: "d+5", stage: "friendly", channel, local_day: "2025-06-02",
      idempotency_key: `teste-${++idem}-${channel}`, status, send_at: at, created_at: at, updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

for (const dialect of testDialects()) {
  describe(`canal de e-mail (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    let email: RunningEmail;
    let manager: CallOptions;
    let db: Kysely<Schema>;
    const A = () => seed.a.creditor.id;

    /** Builds and sends one action's message the way the dispatcher does. */
    async function send(actionId: number, creditorId: string, debtorId: string, to: string, subject = "Lembrete de vencimento") {
      const links = await emailLinksFor(env.deps, actionId);
      const html = `<p>Olá.</p><p><a href="https://pague.exemplo.com.br/boleto/1">Pagar</a></p><p><a href="${links.unsubscribeUrl}">Não quero mais receber e-mails</a></p>`;
      const mail = await buildCollectionEmail(env.deps, db, { actionId, creditorId, debtorId: Number(debtorId), to, subject, html, text: "Olá.\nPagar: https://pague.exemplo.com.br/boleto/1", links });
      const outcome = await sendEmail(email.transport, mail);
      await email.sink!.settled();
      return { outcome, links };
    }

    before(async () => {
      env = await openTestDeps(dialect);
      db = env.deps.database.db;
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      email = await startEmail(env.deps, { mailDomain: "regua.test", publicUrl: server.baseUrl });
      manager = { cookie: await server.login(seed.users.managerA.email, seed.users.managerA.password) };
    });
    after(async () => {
      await email?.close();
      await server?.close();
      await env?.cleanup();
    });

    it("e-mail settings over HTTP: DKIM key stored, never returned, DMARC alignment and key checked, PUT without the key keeps it", async () => {
      const path = `/api/creditors/${A()}/email-settings`;
      const empty = await server.call<{ effective: { fromName: string; fromAddress: string }; dkim: unknown }>("GET", path, manager);
      assert.equal(empty.status, 200, empty.text);
      assert.deepEqual(empty.body.effective, { fromName: "Alfa Comércio de Roupas Ltda", fromAddress: "cobranca@regua.test" });
      assert.equal(empty.body.dkim, null);

      const body = { fromName: "Alfa Cobrança", fromAddress: "cobranca@alfa.com.br", replyTo: "Renata.Souza@alfa.com.br", cc: ["supervisao@alfa.com.br"], dkim: { domain: "alfa.com.br", selector: "regua1", privateKey } };
      const put = await server.call<Record<string, unknown>>("PUT", path, { ...manager, json: body });
      assert.equal(put.status, 200, put.text);
      assert.ok(!put.text.includes("PRIVATE KEY") && !put.text.includes(privateKey.split("\n")[1]!), "a chave privada nunca sai");
      assert.deepEqual(put.body.dkim, { domain: "alfa.com.br", selector: "regua1", dnsName: "regua1._domainkey.alfa.com.br", dnsRecord: (put.body.dkim as { dnsRecord: string }).dnsRecord, keyReadable: true });
      assert.match((put.body.dkim as { dnsRecord: string }).dnsRecord, /^v=DKIM1; k=rsa; p=/);
      assert.equal(put.body.replyTo, "renata.souza@alfa.com.br");

      const misaligned = await server.call("PUT", path, { ...manager, json: { ...body, fromAddress: "cobranca@outro.com.br" } });
      assert.deepEqual(assertProblem(misaligned, 400).errors, [{ field: "dkim.domain", reason: "o remetente (outro.com.br) deve estar no domínio DKIM (alfa.com.br) para passar no DMARC" }]);
      const badKey = await server.call("PUT", path, { ...manager, json: { ...body, dkim: { ...body.dkim, privateKey: "-----BEGIN PRIVATE KEY-----\nlixo\n-----END PRIVATE KEY-----" } } });
      assert.equal(assertProblem(badKey, 400).errors?.[0]?.field, "dkim.privateKey");
      const badCc = await server.call("PUT", path, { ...manager, json: { ...body, cc: ["não é e-mail"] } });
      assert.equal(assertProblem(badCc, 400).errors?.[0]?.field, "cc[0]");

      const keep = await server.call("PUT", path, { ...manager, json: { ...body, dkim: { domain: "alfa.com.br", selector: "regua1" } } });
      assert.equal(keep.status, 200, keep.text);
      const sender = await loadSenderSettings(env.deps, db, A());
      assert.equal(sender.dkim?.privateKey.trim(), privateKey.trim(), "a chave guardada continua lá");
      assert.deepEqual(sender.cc, ["supervisao@alfa.com.br"]);

      // null clears a field (it must not be coerced into "" and refused as an empty address).
      const cleared = await server.call<Record<string, unknown>>("PUT", path, { ...manager, json: { ...body, replyTo: null, dkim: { domain: "alfa.com.br", selector: "regua1" } } });
      assert.equal(cleared.status, 200, cleared.text);
      assert.equal(cleared.body.replyTo, null);

      const collector = { cookie: await server.login(seed.users.collectorA.email, seed.users.collectorA.password) };
      assertProblem(await server.call("PUT", path, { ...collector, json: body }), 403);
      const audit = await db.selectFrom("audit_log").select(["action", "after"]).where("action", "=", "email.settings.update").execute();
      assert.equal(audit.length, 3); // set, kept (same key), cleared reply-to
      assert.ok(audit.every((a) => !String(a.after).includes("PRIVATE KEY")));
    });

    it("send → the sink stores it → listed and shown over HTTP, DKIM verified with the creditor's key; other tenants see nothing", async () => {
      const actionId = await insertAction(db, A(), seed.a.debtor.id, "email", "sent");
      const { outcome } = await send(actionId, A(), seed.a.debtor.id, seed.a.contacts[0]!.value);
      assert.equal(outcome.outcome, "accepted", JSON.stringify(outcome));
      const bAction = await insertAction(db, seed.b.creditor.id, seed.b.debtor.id, "email", "sent");
      assert.equal((await send(bAction, seed.b.creditor.id, seed.b.debtor.id, seed.b.contacts[0]!.value, "Mensagem de B")).outcome.outcome, "accepted");

      type List = { items: { id: string; subject: string; to: string[]; cc: string[]; dkim: string; actionId: string; listUnsubscribe: string; kind: string }[] };
      const list = await server.call<List>("GET", `/api/creditors/${A()}/sink-messages`, manager);
      assert.equal(list.status, 200, list.text);
      const item = list.body.items.find((i) => i.actionId === String(actionId));
      assert.ok(item, list.text);
      assert.equal(item.subject, "Lembrete de vencimento");
      assert.deepEqual(item.to, [seed.a.contacts[0]!.value]);
      assert.deepEqual(item.cc, ["supervisao@alfa.com.br"]);
      assert.equal(item.dkim, "pass");
      assert.match(item.listUnsubscribe, new RegExp(`^<${server.baseUrl}/u/${actionId}\\.[0-9a-f]{32}>, <mailto:descadastro\\+${actionId}\\.[0-9a-f]{32}@regua\\.test\\?subject=descadastrar>$`));
      assert.ok(!list.text.includes("Mensagem de B"), "a caixa de saída de A não mostra B");

      type Detail = { raw: string; html: string; text: string; envelope: { from: string; to: string[] }; listUnsubscribePost: string; reguaHeaders: Record<string, string>; headers: [string, string][] };
      const detail = await server.call<Detail>("GET", `/api/creditors/${A()}/sink-messages/${item.id}`, manager);
      assert.equal(detail.status, 200, detail.text);
      assert.equal(detail.body.listUnsubscribePost, "List-Unsubscribe=One-Click");
      // The supervisor is in the Cc header; the copy travels as its own message (the dispatcher sends it), not on the debtor's envelope.
      assert.deepEqual(detail.body.envelope, { from: `bounces+${actionId}@regua.test`, to: [seed.a.contacts[0]!.value] });
      assert.equal(detail.body.reguaHeaders.action, String(actionId));
      assert.ok(detail.body.raw.includes(`Message-ID: <action-${actionId}.${A()}@alfa.com.br>`));
      assert.ok(detail.body.raw.includes("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=alfa.com.br;"));
      assert.ok(detail.body.html.includes(`${server.baseUrl}/t/o/${actionId}.`), "pixel de abertura no HTML");
      assert.ok(detail.body.html.includes(`${server.baseUrl}/t/c/${actionId}.`), "links passam pelo redirecionamento");
      assert.ok(detail.body.text.startsWith("Olá."));

      const bRow = await db.selectFrom("sink_messages").select("id").where("creditor_id", "=", seed.b.creditor.id).executeTakeFirstOrThrow();
      const cross = assertProblem(await server.call("GET", `/api/creditors/${A()}/sink-messages/${bRow.id}`, manager), 404);
      assert.equal(cross.detail, "Mensagem não encontrada.");
      assertProblem(await server.call("GET", `/api/creditors/${seed.b.creditor.id}/sink-messages`, manager), 404);
    });

    it("open pixel and click redirect: recorded once on the timeline, every time as tracking; tampered tokens rejected", async () => {
      const actionId = await insertAction(db, A(), seed.a.debtor.id, "email", "sent");
      const links = await emailLinksFor(env.deps, actionId);
      const path = (url: string) => url.slice(server.baseUrl.length);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(links.openPixelUrl);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "image/gif");
        assert.match(res.headers.get("cache-control") ?? "", /no-store/);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), TRACKING_GIF);
      }
      const click = await server.call("GET", path(links.clickUrl("https://pague.exemplo.com.br/boleto/1?x=1&y=2")));
      assert.equal(click.status, 302);
      assert.equal(click.headers.get("location"), "https://pague.exemplo.com.br/boleto/1?x=1&y=2");

      const tracked = await db.selectFrom("tracking_events").select(["kind", "debtor_id", "data"]).where("action_id", "=", actionId).orderBy("id").execute();
      assert.deepEqual(tracked.map((t) => t.kind), ["opened", "opened", "clicked"]);
      assert.equal(JSON.parse(tracked[2]!.data).url, "https://pague.exemplo.com.br/boleto/1?x=1&y=2");
      const timeline = await db.selectFrom("events").select(["kind", "actor"]).where("debtor_id", "=", Number(seed.a.debtor.id)).where("kind", "in", ["email.opened", "email.clicked"]).where("data", "like", `%"actionId":"${actionId}"%`).execute();
      assert.deepEqual(timeline.map((t) => t.kind).sort(), ["email.clicked", "email.opened"]);

      // Tampering: another action under the same MAC, another destination, a mangled MAC.
      const [, mac] = links.openPixelUrl.split("/t/o/")[1]!.split(".");
      const other = await fetch(`${server.baseUrl}/t/o/${actionId + 1}.${mac}`);
      assert.equal(other.status, 200, "o pixel sempre responde igual");
      await other.arrayBuffer();
      const clickToken = path(links.clickUrl("https://pague.exemplo.com.br/")).split("/t/c/")[1]!;
      const parts = clickToken.split(".");
      const evil = `/t/c/${parts[0]}.${Buffer.from("https://golpe.exemplo.net/").toString("base64url")}.${parts[2]}`;
      const refused = await server.call("GET", evil);
      assert.equal(refused.status, 404);
      assert.equal(refused.headers.get("location"), null, "sem redirecionamento aberto");
      assert.match(refused.text, /Link inválido/);
      assert.equal((await db.selectFrom("tracking_events").select("id").where("action_id", "=", actionId + 1).execute()).length, 0);
      assert.equal((await db.selectFrom("tracking_events").select("id").where("action_id", "=", actionId).execute()).length, 3);
    });

    it("one-click unsubscribe over real HTTP (RFC 8058): opt-out, pending e-mail actions cancelled, timeline, idempotent", async () => {
      const debtorId = seed.a.debtor.id;
      const sentId = await insertAction(db, A(), debtorId, "email", "sent");
      const pending = await insertAction(db, A(), debtorId, "email", "planned");
      const awaiting = await insertAction(db, A(), debtorId, "email", "awaiting_approval");
      const sms = await insertAction(db, A(), debtorId, "sms", "planned");
      const links = await emailLinksFor(env.deps, sentId);
      const path = links.unsubscribeUrl.slice(server.baseUrl.length);

      const page = await server.call("GET", path);
      assert.equal(page.status, 200);
      assert.match(page.contentType, /^text\/html/);
      assert.ok(page.text.includes("Confirme para deixar de receber e-mails de cobrança de <strong>Alfa Comércio de Roupas Ltda</strong>."), page.text);
      assert.ok(page.text.includes(`<form method="post" action="${path}">`));
      assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'/);
      assert.equal((await db.selectFrom("opt_outs").select("id").where("debtor_id", "=", Number(debtorId)).execute()).length, 0, "GET não descadastra");

      const wrongBody = await server.call("POST", path, { body: "List-Unsubscribe=Outro", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(wrongBody.status, 400);

      const res = await server.call("POST", path, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.text.includes("Pronto. Você não receberá mais e-mails de cobrança de <strong>Alfa Comércio de Roupas Ltda</strong>."));
      const optOuts = await db.selectFrom("opt_outs").selectAll().where("debtor_id", "=", Number(debtorId)).execute();
      assert.equal(optOuts.length, 1);
      assert.deepEqual([optOuts[0]!.channel, optOuts[0]!.source, optOuts[0]!.actor, optOuts[0]!.opted_in_at], ["email", "one_click", "debtor:link", null]);
      const statuses = await db.selectFrom("actions").select(["id", "status", "cancel_reason"]).where("id", "in", [sentId, pending, awaiting, sms]).orderBy("id").execute();
      assert.deepEqual(statuses.map((s) => [s.id, s.status, s.cancel_reason]), [
        [sentId, "sent", null], [pending, "cancelled", "opted_out"], [awaiting, "cancelled", "opted_out"], [sms, "planned", null],
      ]);
      const events = await db.selectFrom("events").select(["kind", "data"]).where("debtor_id", "=", Number(debtorId)).where("kind", "=", "email.unsubscribed").execute();
      assert.equal(events.length, 1);
      assert.deepEqual(JSON.parse(events[0]!.data).cancelledActionIds, [String(pending), String(awaiting)]);
      assert.equal((await db.selectFrom("tracking_events").select("kind").where("action_id", "=", sentId).execute()).map((t) => t.kind).join(), "unsubscribed");

      // A mail provider retries: same answer, nothing new.
      const empty = await server.call("POST", path, { body: "", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(empty.status, 400, "corpo vazio não é um pedido one-click");
      const retry = await server.call("POST", path, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(retry.status, 200);
      assert.equal((await db.selectFrom("opt_outs").select("id").where("debtor_id", "=", Number(debtorId)).execute()).length, 1);
      assert.equal((await db.selectFrom("events").select("id").where("debtor_id", "=", Number(debtorId)).where("kind", "=", "email.unsubscribed").execute()).length, 1);
      const after = await server.call("GET", path);
      assert.ok(after.text.includes("Você já não recebe e-mails de cobrança de <strong>Alfa Comércio de Roupas Ltda</strong>."));

      // The debtor's page on the API shows the opt-out on the e-mail contact.
      const debtor = await server.call<{ contacts: { kind: string; optOuts: { channel: string }[] }[] }>("GET", `/api/creditors/${A()}/debtors/${debtorId}`, manager);
      assert.deepEqual(debtor.body.contacts.find((c) => c.kind === "email")?.optOuts.map((o) => o.channel), ["email"]);
    });

    it("the unsubscribe page's button and a multipart one-click POST work; a tampered token is refused", async () => {
      const debtorB = seed.b.debtor.id;
      const actionId = await insertAction(db, seed.b.creditor.id, debtorB, "email", "sent");
      const links = await emailLinksFor(env.deps, actionId);
      const path = links.unsubscribeUrl.slice(server.baseUrl.length);
      const [payload, mac] = path.slice("/u/".length).split(".");
      const tampered = await server.call("POST", `/u/${Number(payload) - 1}.${mac}`, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(tampered.status, 404);
      assert.match(tampered.text, /Este link de descadastro não é válido/);
      assert.equal((await server.call("GET", `/u/${payload}.${"f".repeat(32)}`)).status, 404);
      assert.equal((await db.selectFrom("opt_outs").select("id").where("debtor_id", "=", Number(debtorB)).execute()).length, 0);

      const form = new FormData();
      form.append("List-Unsubscribe", "One-Click");
      form.append("origem", "pagina");
      const res = await server.call("POST", path, { form });
      assert.equal(res.status, 200, res.text);
      const optOut = await db.selectFrom("opt_outs").select(["source"]).where("debtor_id", "=", Number(debtorB)).executeTakeFirstOrThrow();
      assert.equal(optOut.source, "unsubscribe_page");
    });

    it("a message to the List-Unsubscribe mailto: address unsubscribes too", async () => {
      const debtor = await db
        .insertInto("debtors")
        .values({ creditor_id: A(), document: "39053344705", kind: "person", name: "Carla Mailto", tags: "[]", created_at: "2025-06-01T00:00:00.000Z", updated_at: "2025-06-01T00:00:00.000Z" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const actionId = await insertAction(db, A(), String(debtor.id), "email", "sent");
      const links = await emailLinksFor(env.deps, actionId);
      const to = links.unsubscribeMailto.slice("mailto:".length).split("?")[0]!;
      const outcome = await sendEmail(email.transport, { from: "carla@exemplo.com.br", to, subject: "descadastrar", text: "descadastrar" });
      assert.equal(outcome.outcome, "accepted");
      await email.sink!.settled();
      const optOut = await db.selectFrom("opt_outs").select(["channel", "source"]).where("debtor_id", "=", Number(debtor.id)).executeTakeFirstOrThrow();
      assert.deepEqual(optOut, { channel: "email", source: "mailto" });
    });

    it("a DSN from the sink (devolvido.test) marks the contact invalid with the reason, on the timeline and as tracking", async () => {
      const address = "joana@devolvido.test";
      const contact = await db
        .insertInto("contacts")
        .values({ creditor_id: A(), debtor_id: Number(seed.a.debtor.id), kind: "email", value: address, validity: "valid", invalid_reason: null, source: "teste", created_at: "2025-06-01T00:00:00.000Z", updated_at: "2025-06-01T00:00:00.000Z" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const actionId = await insertAction(db, A(), seed.a.debtor.id, "email", "sent");
      const { outcome } = await send(actionId, A(), seed.a.debtor.id, address);
      assert.equal(outcome.outcome, "accepted", "o servidor aceita e devolve depois, como na vida real");

      const row = await db.selectFrom("contacts").select(["validity", "invalid_reason"]).where("id", "=", contact.id).executeTakeFirstOrThrow();
      assert.equal(row.validity, "invalid");
      assert.equal(row.invalid_reason, "e-mail devolvido (devolução permanente 5.1.1): 550 5.1.1 <joana@devolvido.test>: caixa postal inexistente (user unknown)");
      const event = await db.selectFrom("events").select(["data", "actor"]).where("kind", "=", "email.bounced").where("debtor_id", "=", Number(seed.a.debtor.id)).executeTakeFirstOrThrow();
      assert.equal(event.actor, "system:email");
      assert.deepEqual(JSON.parse(event.data), {
        contactId: String(contact.id), email: address, status: "5.1.1", diagnostic: "550 5.1.1 <joana@devolvido.test>: caixa postal inexistente (user unknown)",
        permanent: true, contactInvalidated: true, actionId: String(actionId), source: "dsn",
      });
      const tracked = await db.selectFrom("tracking_events").select(["kind", "contact_id"]).where("action_id", "=", actionId).execute();
      assert.deepEqual(tracked.map((t) => [t.kind, Number(t.contact_id)]), [["bounced", Number(contact.id)]]);
      const list = await server.call<{ items: { kind: string; actionId: string | null }[] }>("GET", `/api/creditors/${A()}/sink-messages`, manager);
      assert.ok(list.body.items.some((i) => i.kind === "dsn" && i.actionId === String(actionId)), "o DSN aparece na caixa do credor");
    });

    it("bounce webhook: permanent invalidates, transient only records, complaint opts out; validated; an unknown address changes nothing", async () => {
      const key = { bearer: seed.apiKeyA.key };
      const path = `/api/creditors/${A()}/bounces`;
      const contact = await db.insertInto("contacts").values({ creditor_id: A(), debtor_id: Number(seed.a.debtor.id), kind: "email", value: "pedro@exemplo.com.br", validity: "unknown", invalid_reason: null, source: "teste", created_at: "2025-06-01T00:00:00.000Z", updated_at: "2025-06-01T00:00:00.000Z" }).returning("id").executeTakeFirstOrThrow();
      const actionId = await insertAction(db, A(), seed.a.debtor.id, "email", "sent");

      const transient = await server.call<{ contacts: { invalidated: boolean }[]; actionId: string }>("POST", path, { ...key, json: { email: "Pedro@Exemplo.com.br", type: "transient", status: "4.2.2", diagnostic: "452 4.2.2 caixa cheia", messageId: `<action-${actionId}.${A()}@alfa.com.br>` } });
      assert.equal(transient.status, 200, transient.text);
      assert.deepEqual(transient.body.contacts.map((c) => c.invalidated), [false]);
      assert.equal(transient.body.actionId, String(actionId));
      assert.equal((await db.selectFrom("contacts").select("validity").where("id", "=", contact.id).executeTakeFirstOrThrow()).validity, "unknown");

      const permanent = await server.call<{ contacts: { contactId: string; invalidated: boolean }[] }>("POST", path, { ...key, json: { email: "pedro@exemplo.com.br", type: "permanent", status: "5.1.1", diagnostic: "550 5.1.1 user unknown" } });
      assert.deepEqual(permanent.body.contacts, [{ contactId: String(contact.id), debtorId: seed.a.debtor.id, invalidated: true }]);
      const row = await db.selectFrom("contacts").select(["validity", "invalid_reason"]).where("id", "=", contact.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { validity: "invalid", invalid_reason: "e-mail devolvido (devolução permanente 5.1.1): 550 5.1.1 user unknown" });
      const kinds = await db.selectFrom("tracking_events").select(["kind", "data"]).where("contact_id", "=", contact.id).orderBy("id").execute();
      assert.deepEqual(kinds.map((k) => [k.kind, JSON.parse(k.data).permanent, JSON.parse(k.data).source]), [["bounced", false, "webhook"], ["bounced", true, "webhook"]]);
      assert.equal((await db.selectFrom("audit_log").select("actor").where("action", "=", "contact.invalidate").where("entity_id", "=", String(contact.id)).executeTakeFirstOrThrow()).actor, seed.apiKeyA.label);

      const nobody = await server.call<{ contacts: unknown[] }>("POST", path, { ...key, json: { email: "ninguem@exemplo.com.br", type: "permanent" } });
      assert.deepEqual(nobody.body.contacts, []);
      assertProblem(await server.call("POST", path, { ...key, json: { email: "x@y.com", type: "hard" } }), 400);

      const debtor = await db.insertInto("debtors").values({ creditor_id: A(), document: "71428793860", kind: "person", name: "Reclamante", tags: "[]", created_at: "2025-06-01T00:00:00.000Z", updated_at: "2025-06-01T00:00:00.000Z" }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("contacts").values({ creditor_id: A(), debtor_id: debtor.id, kind: "email", value: "spam@exemplo.com.br", validity: "valid", invalid_reason: null, source: "teste", created_at: "2025-06-01T00:00:00.000Z", updated_at: "2025-06-01T00:00:00.000Z" }).execute();
      const pending = await insertAction(db, A(), String(debtor.id), "email", "planned");
      const complaint = await server.call("POST", path, { ...key, json: { email: "spam@exemplo.com.br", type: "complaint" } });
      assert.equal(complaint.status, 200, complaint.text);
      assert.deepEqual(await db.selectFrom("opt_outs").select(["channel", "source"]).where("debtor_id", "=", debtor.id).execute(), [{ channel: "email", source: "complaint" }]);
      assert.equal((await db.selectFrom("actions").select("status").where("id", "=", pending).executeTakeFirstOrThrow()).status, "cancelled");
      assert.equal((await db.selectFrom("events").select("kind").where("debtor_id", "=", debtor.id).executeTakeFirstOrThrow()).kind, "email.complained");
    });

    it("shared mailboxes of companies are flagged unless the creditor allows details", async () => {
      assert.equal(await withholdDetailsFor(env.deps, db, seed.b.creditor.id, "company", "financeiro@empresa.com.br"), true);
      assert.equal(await withholdDetailsFor(env.deps, db, seed.b.creditor.id, "person", "financeiro@empresa.com.br"), false);
      await updateEmailSettings(env.deps, SYSTEM_ACTOR, seed.b.creditor.id, { allowSharedMailboxDetails: true });
      assert.equal(await withholdDetailsFor(env.deps, db, seed.b.creditor.id, "company", "financeiro@empresa.com.br"), false);
    });
  });
}
