// The e-mail dispatcher end to end on both databases: the real planner writes the actions,
// the dispatcher sends them through nodemailer to the real embedded SMTP server, and the
// outcomes land on the actions and the timeline.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, TEST_NOW } from "../../../test/support/factories.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { startEmail, type RunningEmail } from "../email/start-email.ts";
import { pauseDebtor } from "../holds/pause.ts";
import { optOut } from "../holds/opt-out.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { dispatchUntilIdle, markCommitting, recoverInterruptedSends } from "./dispatch-email.ts";
import { buildCollectionEmail, emailLinksFor } from "../email/prepare-email.ts";
import { configureEmail } from "../email/email-context.ts";
import { createSelfServiceLink } from "../self-service/create-self-service-link.ts";
import { renderActionMessage } from "../templates/render-action-message.ts";
import { saveTemplate } from "../templates/save-template.ts";
import { startSmtpSink } from "../../channels/email/smtp-sink.ts";
import { createSmtpTransport, sendEmail } from "../../channels/email/smtp-transport.ts";

// TEST_NOW is Monday 2025-06-02 10:00 in São Paulo. The debts below are due 2025-05-20:
// 13 days late, so the d+5 e-mail step is the one to act on.
const LADDER = {
  id: "varejo",
  name: "Varejo",
  steps: [
    { id: "amigavel", offsetDays: 5, stage: "friendly", channel: "email" },
    { id: "firme", offsetDays: 20, stage: "firm", channel: "email" },
  ],
};
const HEADER = "documento;nome;email;uf;titulo;valor;vencimento";
const ANA = "52998224725";
const BRUNO = "39053344705";
const CARLA = "11144477735";

for (const dialect of testDialects()) {
  describe(`e-mail dispatch (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let email: RunningEmail;
    let creditorId: string;

    beforeEach(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (
        await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", zip: "01305-000", sector: "retail" })
      ).id;
      email = await startEmail(deps, { mailDomain: "cobranca.test", publicUrl: "https://regua.test", secret: "segredo-de-teste" });
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
    });
    afterEach(async () => {
      await email.close();
      await cleanup();
    });

    async function plan(rows: string[]): Promise<void> {
      const imported = await importCsv(deps, creditorId, [HEADER, ...rows].join("\n") + "\n");
      assert.deepEqual(imported.rejected, []);
      await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: TEST_NOW });
    }
    const sink = async () => {
      await email.sink!.settled();
      return deps.database.db.selectFrom("sink_messages").selectAll().orderBy("id").execute();
    };
    const actions = () => deps.database.db.selectFrom("actions").selectAll().orderBy("id").execute();
    const events = (kind: string) => deps.database.db.selectFrom("events").selectAll().where("kind", "=", kind).orderBy("id").execute();

    it("sends one grouped message per debtor once, and records it on the action and the timeline", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`, `${ANA};Ana Souza;ana@exemplo.com.br;SP;T-2;50,00;20/05/2025`, `${BRUNO};Bruno Lima;bruno@exemplo.com.br;AM;T-3;70,00;20/05/2025`]);
      assert.equal((await actions()).length, 2);

      const first = await dispatchUntilIdle(deps);
      assert.equal(first.sent, 2);
      assert.equal(first.claimed, 2);
      const messages = await sink();
      assert.equal(messages.length, 2);
      const toAna = messages.find((m) => m.envelope_to.includes("ana@exemplo.com.br"))!;
      assert.ok(toAna, "Ana's message reached the SMTP server");
      // Both debts, with today's charges (2 % fine, 1 % a month for 13 days).
      assert.match(toAna.text_body ?? "", /R\$ 102,43/);
      assert.match(toAna.text_body ?? "", /R\$ 51,22/);
      assert.match(toAna.text_body ?? "", /Loja Exemplo Ltda/);
      assert.match(toAna.raw, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);

      for (const a of await actions()) {
        assert.equal(a.status, "sent");
        assert.ok(a.sent_at);
        assert.ok(a.committing_at, "the commit mark was written before the server accepted");
        assert.ok(a.provider_message_id);
        assert.equal(a.attempts, 1);
      }
      const sent = await events("message.sent");
      assert.equal(sent.length, 2);
      assert.deepEqual(JSON.parse(sent.find((e) => JSON.parse(e.data).to === "ana@exemplo.com.br")!.data).debtIds.length, 2);

      const again = await dispatchUntilIdle(deps);
      assert.equal(again.claimed, 0);
      assert.equal((await sink()).length, 2, "nothing is sent twice");
    });

    it("leaves out a debt paid after planning, and cancels when nothing is owed any more", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`, `${ANA};Ana Souza;ana@exemplo.com.br;SP;T-2;50,00;20/05/2025`, `${BRUNO};Bruno Lima;bruno@exemplo.com.br;SP;T-3;70,00;20/05/2025`]);
      // Settled behind the outbox's back (no cancellation): the dispatcher's own check must catch it.
      await deps.database.db.updateTable("debts").set({ status: "settled", open_cents: 0 }).where("external_id", "in", ["T-2", "T-3"]).execute();
      const summary = await dispatchUntilIdle(deps);
      assert.equal(summary.sent, 1);
      assert.equal(summary.cancelled, 1);
      const messages = await sink();
      assert.equal(messages.length, 1);
      assert.match(messages[0]!.text_body ?? "", /R\$ 102,43/);
      assert.doesNotMatch(messages[0]!.text_body ?? "", /R\$ 51,22/);
      const bruno = (await actions()).find((a) => a.status === "cancelled")!;
      assert.equal(bruno.cancel_reason, "nothing_due");
      assert.equal((await events("message.cancelled")).length, 1);
    });

    it("cancels for a debtor paused or opted out after planning", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`, `${BRUNO};Bruno Lima;bruno@exemplo.com.br;SP;T-3;70,00;20/05/2025`]);
      // Straight to the columns: the holds use cases would cancel the actions themselves.
      await deps.database.db.updateTable("debtors").set({ paused_at: TEST_NOW }).where("document", "=", ANA).execute();
      const bruno = await deps.database.db.selectFrom("debtors").select("id").where("document", "=", BRUNO).executeTakeFirstOrThrow();
      await deps.database.db.insertInto("opt_outs").values({ creditor_id: creditorId, debtor_id: bruno.id, channel: "email", opted_out_at: TEST_NOW, opted_in_at: null, source: "manual", actor: "test", reason: null }).execute();
      const summary = await dispatchUntilIdle(deps);
      assert.equal(summary.cancelled, 2);
      assert.equal((await sink()).length, 0);
      assert.deepEqual((await actions()).map((a) => a.cancel_reason).sort(), ["opted_out", "paused"]);
    });

    it("the holds use cases stop a planned message before dispatch", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`, `${BRUNO};Bruno Lima;bruno@exemplo.com.br;SP;T-3;70,00;20/05/2025`]);
      await pauseDebtor(deps, SYSTEM_ACTOR, creditorId, { document: ANA }, { reason: "acordo verbal" });
      await optOut(deps, SYSTEM_ACTOR, creditorId, { document: BRUNO }, { channel: "email" });
      const summary = await dispatchUntilIdle(deps);
      assert.equal(summary.claimed, 0);
      assert.equal((await sink()).length, 0);
    });

    it("outside the contact window, moves the message to the next allowed instant", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`]);
      deps.clock = fixedClock("2025-06-07T18:00:00.000Z"); // Saturday 15:00 in São Paulo: closed since 14:00
      const summary = await dispatchUntilIdle(deps);
      assert.equal(summary.rescheduled, 1);
      assert.equal((await sink()).length, 0);
      const [a] = await actions();
      assert.equal(a!.status, "planned");
      assert.equal(new Date(a!.send_at).toISOString(), "2025-06-09T11:00:00.000Z"); // Monday 08:00 local
      assert.equal(a!.attempts, 0);
      deps.clock = fixedClock("2025-06-09T11:00:00.000Z");
      assert.equal((await dispatchUntilIdle(deps)).sent, 1);
    });

    it("retries a temporary refusal with backoff, then gives up", async () => {
      await plan([`${ANA};Ana Souza;ana@temporario.test;SP;T-1;100,00;20/05/2025`]);
      const first = await dispatchUntilIdle(deps);
      assert.equal(first.retried, 1);
      let [a] = await actions();
      assert.equal(a!.status, "planned");
      assert.equal(new Date(a!.next_attempt_at!).toISOString(), "2025-06-02T13:01:00.000Z");
      assert.match(a!.last_error ?? "", /451/);
      // Each later attempt waits longer; the fifth failure is final.
      const waits = ["2025-06-02T13:01:00.000Z", "2025-06-02T13:06:00.000Z", "2025-06-02T13:36:00.000Z", "2025-06-02T15:36:00.000Z"];
      for (const at of waits) {
        deps.clock = fixedClock(at);
        await dispatchUntilIdle(deps);
      }
      [a] = await actions();
      assert.equal(a!.status, "failed");
      assert.equal(a!.attempts, 5);
      assert.equal((await events("message.failed")).length, 1);
      assert.equal((await sink()).length, 0);
    });

    it("fails a permanent refusal for good", async () => {
      await plan([`${ANA};Ana Souza;ana@rejeitado.test;SP;T-1;100,00;20/05/2025`]);
      const summary = await dispatchUntilIdle(deps);
      assert.equal(summary.failed, 1);
      const [a] = await actions();
      assert.equal(a!.status, "failed");
      assert.match(a!.last_error ?? "", /550/);
      deps.clock = fixedClock("2025-06-03T13:00:00.000Z");
      assert.equal((await dispatchUntilIdle(deps)).claimed, 0);
    });

    it("marks a message whose connection broke after DATA as uncertain and never resends it", async () => {
      await plan([`${ANA};Ana Souza;ana@queda.test;SP;T-1;100,00;20/05/2025`]);
      const summary = await dispatchUntilIdle(deps);
      assert.equal(summary.uncertain, 1);
      const [a] = await actions();
      assert.equal(a!.status, "uncertain");
      assert.equal((await events("message.uncertain")).length, 1);
      deps.clock = fixedClock("2025-06-03T13:00:00.000Z");
      assert.equal((await dispatchUntilIdle(deps)).claimed, 0);
    });

    it("recovers interrupted claims: without the commit mark back to the queue, with it uncertain", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`, `${BRUNO};Bruno Lima;bruno@exemplo.com.br;SP;T-3;70,00;20/05/2025`]);
      const [ana, bruno] = await actions();
      const claimedAt = "2025-06-02T12:50:00.000Z";
      await deps.database.db.updateTable("actions").set({ status: "sending", claimed_at: claimedAt, attempts: 1 }).where("id", "=", ana!.id).execute();
      await deps.database.db.updateTable("actions").set({ status: "sending", claimed_at: claimedAt, committing_at: "2025-06-02T12:50:01.000Z", attempts: 1 }).where("id", "=", bruno!.id).execute();

      // Within the lease they belong to a live process: untouched.
      assert.deepEqual(await recoverInterruptedSends(deps, { leaseMs: 60 * 60_000 }), { requeued: 0, uncertain: 0 });
      const summary = await dispatchUntilIdle(deps);
      assert.deepEqual(summary.recovered, { requeued: 1, uncertain: 1 });
      assert.equal(summary.sent, 1);
      const after = await actions();
      assert.equal(after.find((a) => a.id === ana!.id)!.status, "sent");
      assert.equal(after.find((a) => a.id === ana!.id)!.attempts, 1);
      assert.equal(after.find((a) => a.id === bruno!.id)!.status, "uncertain");
      const messages = await sink();
      assert.equal(messages.length, 1);
      assert.ok(messages[0]!.envelope_to.includes("ana@exemplo.com.br"));
    });

    it("refuses the commit mark when the debt was paid or the action cancelled meanwhile", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`]);
      const [a] = await actions();
      const debt = await deps.database.db.selectFrom("debts").select("id").where("external_id", "=", "T-1").executeTakeFirstOrThrow();
      const claimed = { id: a!.id, creditor_id: creditorId, debtor_id: a!.debtor_id, ladder_id: a!.ladder_id, ladder_version: null, step_id: a!.step_id, stage: a!.stage, channel: "email", local_day: a!.local_day, contact_id: null, attempts: 1 };
      await deps.database.db.updateTable("actions").set({ status: "sending" }).where("id", "=", a!.id).execute();
      // A pause that ended yesterday does not hold the message back; one that runs through today does.
      await deps.database.db.updateTable("debtors").set({ paused_at: "2025-05-01T12:00:00.000Z", paused_until: "2025-06-01" }).where("id", "=", a!.debtor_id).execute();
      assert.equal(await markCommitting(deps, claimed, [debt.id], "2025-06-02"), true);
      await deps.database.db.updateTable("actions").set({ committing_at: null }).where("id", "=", a!.id).execute();
      await deps.database.db.updateTable("debtors").set({ paused_until: "2025-06-02" }).where("id", "=", a!.debtor_id).execute();
      assert.equal(await markCommitting(deps, claimed, [debt.id], "2025-06-02"), false);
      await deps.database.db.updateTable("debtors").set({ paused_at: null, paused_until: null }).where("id", "=", a!.debtor_id).execute();
      await deps.database.db.updateTable("debts").set({ status: "settled", open_cents: 0 }).where("id", "=", debt.id).execute();
      assert.equal(await markCommitting(deps, claimed, [debt.id], "2025-06-02"), false);
      await deps.database.db.updateTable("debts").set({ status: "open", open_cents: 10000 }).where("id", "=", debt.id).execute();
      await deps.database.db.updateTable("actions").set({ status: "cancelled" }).where("id", "=", a!.id).execute();
      assert.equal(await markCommitting(deps, claimed, [debt.id], "2025-06-02"), false);
      const row = await deps.database.db.selectFrom("actions").select("committing_at").where("id", "=", a!.id).executeTakeFirstOrThrow();
      assert.equal(row.committing_at, null);
    });

    it("sends, byte for byte, the message the one-action path builds (render, links, tracking), with the creditor's own template too", async () => {
      await plan([
        `${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`,
        `${ANA};Ana Souza;ana@exemplo.com.br;SP;T-2;50,00;20/05/2025`,
        `${BRUNO};Bruno Lima;bruno@exemplo.com.br;AM;T-3;70,00;20/05/2025`,
        `${CARLA};carla DIAS;carla@exemplo.com.br;RJ;T-4;1.234,56;20/05/2025`,
      ]);
      // A creditor's version of the step's default template, saved before the pass: the pass uses it.
      const saved = await saveTemplate(deps, SYSTEM_ACTOR, creditorId, {
        key: "varejo.amigavel.email", channel: "email", stage: "friendly",
        content: "Assunto: {{ creditor.tradeName | default: creditor.legalName }} — {{ totals.count }} título(s)\n\nOlá, {{ debtor.firstName }}. Total {{ totals.totalCents | money }}.\n{% for debt in debts %}- {{ debt.externalId }} {{ debt.dueDate | date }}: {{ debt.totalCents | money }} ({{ debt.daysLate }} dias)\n{% endfor %}\nPague em {{ links.payment }}",
      });
      const summary = await dispatchUntilIdle(deps, { concurrency: 2 });
      assert.equal(summary.sent, 3);
      const sent = await sink();
      assert.equal(sent.length, 3);
      for (const a of await actions()) {
        assert.equal(a.template_key, "varejo.amigavel.email");
        assert.equal(a.template_version, saved.template.version);
        const debtIds = (await deps.database.db.selectFrom("action_debts").select("debt_id").where("action_id", "=", a.id).execute()).map((d) => Number(d.debt_id));
        const debtor = await deps.database.db.selectFrom("debtors").select(["name"]).where("id", "=", a.debtor_id).executeTakeFirstOrThrow();
        const links = await emailLinksFor(deps, Number(a.id));
        const payment = await createSelfServiceLink(deps, creditorId, a.debtor_id);
        const m = await renderActionMessage(deps, { creditorId, debtorId: a.debtor_id, debtIds, stepId: a.step_id, stage: "friendly", channel: "email", templateKey: null, links: { payment, unsubscribe: links.unsubscribeUrl } });
        const expected = await buildCollectionEmail(deps, deps.database.db, { actionId: Number(a.id), creditorId, debtorId: a.debtor_id, to: a.recipient!, toName: debtor.name, subject: m.subject!, html: m.html!, text: m.text, links });
        assert.equal((await sendEmail(email.transport, expected)).outcome, "accepted");
      }
      const all = await sink();
      assert.equal(all.length, 6);
      for (const got of all.slice(0, 3)) {
        const twin = all.slice(3).find((m) => m.message_id === got.message_id);
        assert.ok(twin, `the one-action path built ${got.message_id} too`);
        assert.equal(got.subject, twin.subject);
        assert.equal(got.text_body, twin.text_body);
        assert.equal(got.html_body, twin.html_body);
        assert.equal(got.from_header, twin.from_header);
        assert.equal(got.to_header, twin.to_header);
        assert.equal(got.list_unsubscribe, twin.list_unsubscribe);
      }
      assert.match(all.find((m) => m.envelope_to.includes("ana@exemplo.com.br"))!.text_body ?? "", /T-1 20\/05\/2025: R\$ 102,43 \(13 dias\)/);
    });

    it("a payment that lands while the pass runs stops the message at the commit mark; the next check cancels it", async () => {
      await plan([`${ANA};Ana Souza;ana@exemplo.com.br;SP;T-1;100,00;20/05/2025`, `${BRUNO};Bruno Lima;bruno@exemplo.com.br;SP;T-3;70,00;20/05/2025`]);
      // Its own server: Bruno pays the moment Ana's message arrives, after both were checked and rendered.
      const received: string[] = [];
      const own = await startSmtpSink({
        onMessage: async (m) => {
          received.push(m.envelopeTo.join(","));
          await deps.database.db.updateTable("debts").set({ status: "settled", open_cents: 0 }).where("external_id", "=", "T-3").execute();
        },
      });
      const transport = createSmtpTransport(own.url, { maxConnections: 1 });
      configureEmail(deps, { transport });
      try {
        const first = await dispatchUntilIdle(deps, { concurrency: 1 });
        assert.equal(first.sent, 1);
        assert.equal(first.retried, 1);
        assert.deepEqual(received, ["ana@exemplo.com.br"]);
        const bruno = (await actions()).find((a) => a.status !== "sent")!;
        assert.equal(bruno.status, "planned");
        assert.equal(bruno.committing_at, null);
        assert.equal(bruno.attempts, 0);
        deps.clock = fixedClock("2025-06-02T13:01:00.000Z");
        const second = await dispatchUntilIdle(deps, { concurrency: 1 });
        assert.equal(second.cancelled, 1);
        assert.deepEqual(received, ["ana@exemplo.com.br"], "nothing reached the server for Bruno");
        assert.equal((await actions()).find((a) => a.id === bruno.id)!.cancel_reason, "nothing_due");
      } finally {
        transport.close();
        await own.close();
      }
    });

    it("sends details to a company's shared mailbox only when the creditor allows it", async () => {
      await plan([`45723174000110;Empresa Cliente Ltda;financeiro@cliente.com.br;SP;T-9;900,00;20/05/2025`, `${CARLA};Carla Dias;carla@exemplo.com.br;SP;T-8;80,00;20/05/2025`]);
      await dispatchUntilIdle(deps);
      const messages = await sink();
      const shared = messages.find((m) => m.envelope_to.includes("financeiro@cliente.com.br"))!;
      assert.ok(shared);
      assert.doesNotMatch(shared.text_body ?? "", /R\$|vencimento/);
      assert.match(shared.text_body ?? "", /CNPJ 11\.222\.333\/0001-81/);
      const personal = messages.find((m) => m.envelope_to.includes("carla@exemplo.com.br"))!;
      assert.match(personal.text_body ?? "", /vencimento em 20\/05\/2025/);
    });
  });
}
