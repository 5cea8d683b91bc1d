// Copies of collection e-mails on the dispatcher, end to end on both databases: imported
// with the portfolio, planned by the real ladder run, sent through nodemailer to the real
// embedded SMTP server, unsubscribed over real HTTP. The creditor's supervisors and the
// debtor's account representative are named in the debtor's Cc header and each gets the
// message as one of its own: nobody twice, no tracking, and nothing a copy's reader does
// (unsubscribe, a refusal) is taken for the debtor's.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, TEST_NOW } from "../../../test/support/factories.ts";
import { startServer, type TestServer } from "../../../test/support/http.ts";
import { sendEmail } from "../../channels/email/smtp-transport.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { updateEmailSettings } from "../email/email-settings.ts";
import { startEmail, type RunningEmail } from "../email/start-email.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { listOutbox } from "../outbox/list-outbox.ts";
import { getDebtor } from "../portfolio/debtors.ts";
import { dispatchUntilIdle } from "./dispatch-email.ts";

// TEST_NOW is Monday 2025-06-02 10:00 in São Paulo; debts due 2025-05-20 are on the d+5 step, and on the d+14 step the next day.
const LADDER = { id: "varejo", name: "Varejo", steps: [{ id: "amigavel", offsetDays: 5, stage: "friendly", channel: "email" }, { id: "firme", offsetDays: 14, stage: "firm", channel: "email" }] };
const HEADER = "documento;nome;email;uf;titulo;valor;vencimento;representante";

for (const dialect of testDialects()) {
  describe(`e-mail dispatch: copies to supervisors and the account representative (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let email: RunningEmail;
    let server: TestServer;
    let creditorId: string;
    let now = TEST_NOW;

    beforeEach(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      now = TEST_NOW;
      deps = { ...deps, clock: { now: () => new Date(now) } };
      creditorId = (
        await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", zip: "01305-000", sector: "retail" })
      ).id;
      server = await startServer(deps);
      email = await startEmail(deps, { mailDomain: "cobranca.test", publicUrl: server.baseUrl, secret: "segredo-de-teste" });
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
    });
    afterEach(async () => {
      await email.close();
      await server.close();
      await cleanup();
    });

    async function plan(rows: string[]): Promise<void> {
      const imported = await importCsv(deps, creditorId, [HEADER, ...rows].join("\n") + "\n");
      assert.deepEqual([imported.rejected, imported.warnings], [[], []]);
      await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: now });
    }
    const sink = async () => {
      await email.sink!.settled();
      const rows = await deps.database.db.selectFrom("sink_messages").selectAll().where("kind", "=", "message").orderBy("id").execute();
      return rows.map((m) => ({ ...m, envelopeTo: JSON.parse(m.envelope_to) as string[], cc: JSON.parse(m.cc_header) as string[] }));
    };
    /** The messages whose envelope went to `address`. */
    const delivered = async (address: string) => (await sink()).filter((m) => m.envelopeTo.includes(address));
    const events = (kind: string) => deps.database.db.selectFrom("events").selectAll().where("kind", "=", kind).orderBy("id").execute();
    const copiesOf = async (recipient: string) => {
      const row = await deps.database.db.selectFrom("actions").select("copies").where("recipient", "=", recipient).orderBy("id", "desc").executeTakeFirstOrThrow();
      return row.copies === null ? null : (JSON.parse(row.copies) as { address: string; status: string; response?: string }[]);
    };

    it("the debtor's message goes to the debtor alone, naming the copies in Cc; each copy is the same message, on its own, untracked", async () => {
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { cc: ["supervisao@credor.com.br"] });
      await plan([
        "52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;Marta.Gerente@Credor.com.br",
        "39053344705;Bruno Lima;bruno@exemplo.com.br;SP;T-2;70,00;20/05/2025;",
        // The representative is the debtor's own address, or the creditor's supervisor already copied.
        "11144477735;Carla Dias;carla@exemplo.com.br;SP;T-3;80,00;20/05/2025;CARLA@exemplo.com.br",
        "86288366757;Daniel Reis;daniel@exemplo.com.br;SP;T-4;90,00;20/05/2025;supervisao@credor.com.br",
      ]);
      const summary = await dispatchUntilIdle(deps);
      assert.deepEqual([summary.sent, summary.failed, summary.retried], [4, 0, 0]);

      const [ana, ...anaMore] = await delivered("ana@exemplo.com.br");
      assert.equal(anaMore.length, 0);
      assert.deepEqual(ana!.envelopeTo, ["ana@exemplo.com.br"]);
      assert.deepEqual(ana!.cc, ["supervisao@credor.com.br", "marta.gerente@credor.com.br"]);
      assert.match(ana!.raw, /^Cc: supervisao@credor\.com\.br, marta\.gerente@credor\.com\.br\r?$/m);
      assert.match(ana!.html_body ?? "", /\/t\/o\//, "the debtor's message is tracked");

      const [marta, ...martaMore] = await delivered("marta.gerente@credor.com.br");
      assert.equal(martaMore.length, 0, "one copy, not two");
      assert.deepEqual(marta!.envelopeTo, ["marta.gerente@credor.com.br"]);
      // For its reader it is the debtor's message, copied: same headers a reader sees, same content.
      assert.deepEqual([marta!.subject, marta!.cc, JSON.parse(marta!.to_header)], [ana!.subject, ana!.cc, JSON.parse(ana!.to_header)]);
      assert.match(marta!.text_body ?? "", /R\$ 102,43/);
      assert.equal(marta!.text_body!.replace(/\/u\/c?\/?[^\s)]+/g, "/u/…"), ana!.text_body!.replace(/\/u\/c?\/?[^\s)]+/g, "/u/…"));
      // …but nothing in it counts as the debtor's: no open pixel, no click redirects, its own unsubscribe link and Message-ID.
      assert.doesNotMatch(marta!.html_body ?? "", /\/t\/[oc]\//);
      assert.match(marta!.list_unsubscribe ?? "", /\/u\/c\/\d+\.1\.[0-9a-f]{32}>/);
      assert.match(marta!.text_body ?? "", /\/u\/c\/\d+\.1\.[0-9a-f]{32}/);
      assert.doesNotMatch(marta!.text_body ?? "", new RegExp(ana!.list_unsubscribe!.slice(1, ana!.list_unsubscribe!.indexOf(">")).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      assert.match(marta!.message_id ?? "", /^<copy-1-of-\d+\./);
      assert.match(marta!.envelope_from ?? "", /^bounces\+copy-\d+@cobranca\.test$/);
      assert.equal((await delivered("supervisao@credor.com.br")).filter((m) => m.subject === ana!.subject && JSON.parse(m.to_header)[0].includes("ana@")).length, 1);
      assert.deepEqual(await copiesOf("ana@exemplo.com.br"), [{ address: "supervisao@credor.com.br", status: "sent" }, { address: "marta.gerente@credor.com.br", status: "sent" }]);
      // The outbox links the action to the debtor's message, not to a copy received after it.
      const outbox = await listOutbox(deps, SYSTEM_ACTOR, creditorId, {});
      assert.equal(outbox.items.find((i) => i.recipient === "ana@exemplo.com.br")!.sinkMessageId, String(ana!.id));
      const sent = (await events("message.sent")).map((e) => JSON.parse(e.data) as { to: string; copies?: string[] }).find((d) => d.to === "ana@exemplo.com.br")!;
      assert.deepEqual(sent.copies, ["supervisao@credor.com.br", "marta.gerente@credor.com.br"]);

      for (const who of ["bruno@exemplo.com.br", "carla@exemplo.com.br", "daniel@exemplo.com.br"]) {
        const got = await delivered(who);
        assert.deepEqual(got.map((m) => [m.envelopeTo, m.cc]), [[[who], ["supervisao@credor.com.br"]]], who);
        assert.deepEqual(await copiesOf(who), [{ address: "supervisao@credor.com.br", status: "sent" }], who);
      }
      // The supervisor got one copy per message (four), the representative one: seven deliveries in all, none twice.
      assert.equal((await delivered("supervisao@credor.com.br")).length, 4);
      assert.equal((await sink()).length, 4 + 4 + 1);
    });

    it("without copies configured, a debtor without representative gets a message with no Cc and nothing else is sent", async () => {
      await plan(["39053344705;Bruno Lima;bruno@exemplo.com.br;SP;T-2;70,00;20/05/2025;"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      const all = await sink();
      assert.deepEqual(all.map((m) => [m.envelopeTo, m.cc]), [[["bruno@exemplo.com.br"], []]]);
      assert.doesNotMatch(all[0]!.raw, /^Cc:/im);
      assert.equal(await copiesOf("bruno@exemplo.com.br"), null);
    });

    it("the copy of a message to a company's shared mailbox is the withheld version too", async () => {
      await plan(["45723174000110;Empresa Cliente Ltda;financeiro@cliente.com.br;SP;T-9;900,00;20/05/2025;marta@credor.com.br"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      const [copy] = await delivered("marta@credor.com.br");
      assert.deepEqual([copy!.cc, JSON.parse(copy!.to_header)], [["marta@credor.com.br"], ["financeiro@cliente.com.br"]]);
      assert.doesNotMatch(copy!.text_body ?? "", /R\$|vencimento/);
      assert.match(copy!.text_body ?? "", /detalhes estão disponíveis somente na página segura/);
    });

    it("a refused copy changes nothing of the debtor's; a debtor's message the server refused sends no copy", async () => {
      await plan([
        "52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;gerente@rejeitado.test",
        "39053344705;Bruno Lima;bruno@temporario.test;SP;T-2;70,00;20/05/2025;gerente@credor.com.br",
      ]);
      const summary = await dispatchUntilIdle(deps);
      assert.deepEqual([summary.sent, summary.failed, summary.retried], [1, 0, 1]);
      const actions = await deps.database.db.selectFrom("actions").select(["status", "recipient", "last_error"]).orderBy("id").execute();
      assert.deepEqual(actions.map((a) => [a.recipient, a.status]), [["ana@exemplo.com.br", "sent"], [null, "planned"]]);
      assert.match(actions[1]!.last_error ?? "", /451/);
      const [ana] = await copiesOf("ana@exemplo.com.br") ?? [];
      assert.deepEqual([ana!.address, ana!.status], ["gerente@rejeitado.test", "failed"]);
      assert.match(ana!.response ?? "", /550/);
      const failed = (await events("message.copy_failed")).map((e) => JSON.parse(e.data) as { address: string; status: string });
      assert.deepEqual(failed.map((f) => [f.address, f.status]), [["gerente@rejeitado.test", "failed"]]);
      assert.equal((await delivered("gerente@credor.com.br")).length, 0, "no copy of a message the debtor did not get");
    });

    it("a copy's unsubscribe link stops that address's copies, never the debtor's e-mail; the debtor's link is not a copy's", async () => {
      await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { cc: ["supervisao@credor.com.br"] });
      await plan(["52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;marta@credor.com.br"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      const [copy] = await delivered("marta@credor.com.br");
      const url = /<(https?:\/\/[^>]+\/u\/c\/[^>]+)>/.exec(copy!.list_unsubscribe ?? "")![1]!;
      const path = url.slice(server.baseUrl.length);

      const page = await server.call("GET", path);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes("Confirme para que <strong>marta@credor.com.br</strong> deixe de receber essas cópias."), page.text);
      // RFC 8058 one-click, as a mail client does it.
      const res = await server.call("POST", path, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.text.includes("<strong>marta@credor.com.br</strong> não receberá mais cópias dos e-mails de cobrança de <strong>Loja Exemplo Ltda</strong>."), res.text);
      assert.equal((await server.call("POST", path, { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } })).status, 200, "idempotent");

      const db = deps.database.db;
      assert.deepEqual(await db.selectFrom("opt_outs").select("id").execute(), [], "the debtor is not opted out");
      assert.deepEqual((await db.selectFrom("email_copy_opt_outs").select(["address", "source"]).execute()), [{ address: "marta@credor.com.br", source: "one_click" }]);
      const timeline = (await events("email.copy_unsubscribed")).map((e) => [e.actor, (JSON.parse(e.data) as { address: string }).address]);
      assert.deepEqual(timeline, [["debtor:link", "marta@credor.com.br"]], "once, though asked twice");
      assert.equal((await db.selectFrom("audit_log").select("id").where("action", "=", "email.copy_opt_out").execute()).length, 1);
      // The debtor page says why the representative gets no copies.
      const detail = await getDebtor(deps, SYSTEM_ACTOR, creditorId, String((await db.selectFrom("debtors").select("id").executeTakeFirstOrThrow()).id));
      assert.deepEqual([detail.debtor.representativeEmail, detail.debtor.representativeCopiesStoppedAt], ["marta@credor.com.br", new Date(now).toISOString()]);
      // The copy token does not work as the debtor's unsubscribe, and a tampered one is refused.
      assert.equal((await server.call("GET", path.replace("/u/c/", "/u/"))).status, 404);
      assert.equal((await server.call("POST", path.slice(0, -1) + (path.endsWith("0") ? "1" : "0"), { body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } })).status, 404);

      // The next day's step: the debtor gets it, the supervisor too; the representative neither by copy nor in the Cc header.
      now = "2025-06-03T13:00:00.000Z";
      await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: now });
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      const anas = await delivered("ana@exemplo.com.br");
      assert.equal(anas.length, 2);
      assert.deepEqual(anas[1]!.cc, ["supervisao@credor.com.br"]);
      assert.equal((await delivered("marta@credor.com.br")).length, 1, "no new copy");
      assert.equal((await delivered("supervisao@credor.com.br")).length, 2);
    });

    it("a copy that bounces later (DSN) is not the debtor's bounce: the debtor's message and contact stay as they were", async () => {
      await plan(["52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;gerente@devolvido.test"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      await email.sink!.settled();
      const db = deps.database.db;
      const dsns = await db.selectFrom("sink_messages").select(["envelope_to"]).where("kind", "=", "dsn").execute();
      assert.deepEqual(dsns.map((d) => JSON.parse(d.envelope_to) as string[]), [[`bounces+copy-${(await db.selectFrom("actions").select("id").executeTakeFirstOrThrow()).id}@cobranca.test`]]);
      assert.deepEqual(await db.selectFrom("tracking_events").select("kind").where("kind", "=", "bounced").execute(), [], "no bounce on the debtor's action");
      assert.deepEqual(await db.selectFrom("contacts").select(["value", "validity"]).where("kind", "=", "email").execute(), [{ value: "ana@exemplo.com.br", validity: "unknown" }]);
      assert.deepEqual((await db.selectFrom("actions").select("status").execute()).map((a) => a.status), ["sent"]);
    });

    it("a copy left 'sending' by a dispatcher that died is marked uncertain after the lease, never sent again", async () => {
      await plan(["52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;marta@credor.com.br", "39053344705;Bruno Lima;bruno@exemplo.com.br;SP;T-2;70,00;20/05/2025;joao@credor.com.br"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 2);
      const db = deps.database.db;
      // As a crash right after the debtors' messages were recorded would leave them: Ana's 10 minutes ago, Bruno's just now.
      const sending = JSON.stringify([{ address: "x", status: "sending" }]);
      const ana = (await db.selectFrom("actions").select("id").where("recipient", "=", "ana@exemplo.com.br").executeTakeFirstOrThrow()).id;
      await db.updateTable("actions").set({ copies: sending.replace("x", "marta@credor.com.br"), updated_at: new Date(Date.parse(now) - 10 * 60_000).toISOString() }).where("id", "=", ana).execute();
      await db.updateTable("actions").set({ copies: sending.replace("x", "joao@credor.com.br"), updated_at: now }).where("recipient", "=", "bruno@exemplo.com.br").execute();
      const before = (await sink()).length;

      await dispatchUntilIdle(deps);
      assert.deepEqual(await copiesOf("ana@exemplo.com.br"), [{ address: "marta@credor.com.br", status: "uncertain", response: "envio interrompido: confira se a cópia chegou" }]);
      assert.deepEqual(await copiesOf("bruno@exemplo.com.br"), [{ address: "joao@credor.com.br", status: "sending" }], "inside the lease: maybe still being sent");
      const events = (await deps.database.db.selectFrom("events").select("data").where("kind", "=", "message.copy_failed").execute()).map((e) => JSON.parse(e.data) as { address: string; status: string });
      assert.deepEqual(events.map((e) => [e.address, e.status]), [["marta@credor.com.br", "uncertain"]]);
      assert.equal((await sink()).length, before, "nothing sent again");
      if (deps.database.dialect === "sqlite") {
        // The search reads the partial index, not every action.
        const plan = deps.database.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM actions WHERE copies LIKE '%"status":"sending"%' AND updated_at <= ?`).all("2025-06-02T12:55:00Z") as { detail: string }[];
        assert.match(plan.map((p) => p.detail).join(" "), /actions_copies_sending_ix/);
      }
    });

    it("a copy's mailto: unsubscribe works through the sink, for that address only", async () => {
      await plan(["52998224725;Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025;marta@credor.com.br"]);
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
      const [copy] = await delivered("marta@credor.com.br");
      const mailto = /<mailto:([^?>]+)/.exec(copy!.list_unsubscribe ?? "")![1]!;
      assert.match(mailto, /^descadastro\+\d+\.0\.[0-9a-f]{32}@cobranca\.test$/);
      assert.equal((await sendEmail(email.transport, { from: "marta@credor.com.br", to: mailto, subject: "descadastrar", text: "descadastrar" })).outcome, "accepted");
      await email.sink!.settled();
      const db = deps.database.db;
      assert.deepEqual(await db.selectFrom("email_copy_opt_outs").select(["address", "source"]).execute(), [{ address: "marta@credor.com.br", source: "mailto" }]);
      assert.deepEqual(await db.selectFrom("opt_outs").select("id").execute(), []);
    });
  });
}
