// The outbox listing: actions with the debtor, attempts, last error, tracking counts and the
// sink message, filtered by status, channel and local day.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TENANT_SPECS, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";
import type { OutboxPage } from "../../app/outbox/list-outbox.ts";

const LADDER = {
  id: "varejo",
  name: "Varejo padrão",
  steps: [
    { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
    { id: "d+20", offsetDays: 20, stage: "firm", channel: "email" },
    { id: "d+20s", offsetDays: 20, stage: "firm", channel: "sms" },
  ],
};

for (const dialect of testDialects()) {
  describe(`outbox route on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base: string;
    let emailActionId = 0;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      base = `/api/creditors/${seed.a.creditor.id}`;
      assert.equal((await server.call("POST", `${base}/ladders`, { cookie: cookies.managerA, json: LADDER })).status, 201);
      assert.equal((await server.call("POST", `${base}/runs`, { cookie: cookies.managerA, json: { at: TEST_NOW } })).status, 200);
      const { db } = env.deps.database;
      const email = await db.selectFrom("actions").select("id").where("channel", "=", "email").executeTakeFirstOrThrow();
      emailActionId = Number(email.id);
      // What the dispatcher and the tracking routes leave behind.
      await db.updateTable("actions").set({ status: "sent", attempts: 1, sent_at: "2025-06-02T13:00:05.000Z", recipient: TENANT_SPECS.a.debtor.email, template_key: "varejo.firme.email", template_version: null }).where("id", "=", emailActionId).execute();
      const event = (kind: "opened" | "clicked", at: string) => ({ creditor_id: seed.a.creditor.id, action_id: emailActionId, debtor_id: Number(seed.a.debtor.id), contact_id: null, kind, at, data: "{}" });
      await db.insertInto("tracking_events").values([event("opened", "2025-06-02T14:00:00.000Z"), event("opened", "2025-06-02T15:00:00.000Z"), event("clicked", "2025-06-02T15:01:00.000Z")]).execute();
      await db.insertInto("sink_messages").values({
        creditor_id: seed.a.creditor.id, action_id: emailActionId, kind: "message", outcome: "accepted", received_at: "2025-06-02T13:00:05.000Z", envelope_from: "b@x", envelope_to: "[]",
        message_id: null, from_header: null, to_header: "[]", cc_header: "[]", reply_to: null, subject: "Lembrete", text_body: "oi", html_body: null, headers: "[]",
        list_unsubscribe: null, list_unsubscribe_post: null, dkim: "none", dkim_domain: null, regua_headers: "{}", size: 2, raw: "oi",
      }).execute();
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    const outbox = (query = "", who = "auditorA") => server.call<OutboxPage>("GET", `${base}/outbox${query}`, { cookie: cookies[who] });

    it("lists the actions newest first with debtor, debts, attempts, tracking and sink message, and counts by status", async () => {
      const res = await outbox("?counts=true");
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.counts, { planned: 1, sent: 1 });
      assert.equal(res.body.nextCursor, null);
      assert.deepEqual(res.body.items.map((i) => [i.channel, i.status, i.stepId]), [["sms", "planned", "d+20s"], ["email", "sent", "d+20"]]);
      const sent = res.body.items[1]!;
      assert.deepEqual(sent, {
        id: String(emailActionId), status: "sent", channel: "email", stage: "firm", ladderId: "varejo", stepId: "d+20", localDay: "2025-06-02",
        sendAt: TEST_NOW, sentAt: "2025-06-02T13:00:05.000Z", nextAttemptAt: null, attempts: 1, lastError: null, cancelReason: null, recipient: TENANT_SPECS.a.debtor.email,
        approvedBy: null, approvedAt: null,
        debtor: { id: seed.a.debtor.id, name: TENANT_SPECS.a.debtor.name, document: TENANT_SPECS.a.debtor.document },
        debtExternalIds: ["ALFA-0001"],
        template: { key: "varejo.firme.email", version: null },
        tracking: { opened: 2, clicked: 1, bounced: 0, complained: 0, unsubscribed: 0, lastAt: "2025-06-02T15:01:00.000Z" },
        sinkMessageId: res.body.items[1]!.sinkMessageId,
      });
      assert.match(sent.sinkMessageId ?? "", /^\d+$/);
      assert.equal(res.body.items[0]!.sinkMessageId, null);
      assert.equal(res.body.items[0]!.tracking.opened, 0);
    });

    it("filters by status, channel and local day, pages by cursor, and refuses bad filters with the field named", async () => {
      assert.deepEqual((await outbox("?status=sent")).body.items.map((i) => i.channel), ["email"]);
      const sms = await outbox("?channel=sms&counts=true");
      assert.deepEqual([sms.body.items.map((i) => i.status), sms.body.counts], [["planned"], { planned: 1 }]);
      assert.equal((await outbox("?from=2025-06-02&to=2025-06-02")).body.items.length, 2);
      assert.equal((await outbox("?from=2025-06-03")).body.items.length, 0);
      assert.equal((await outbox("?to=2025-06-01")).body.items.length, 0);
      assert.equal((await outbox(`?debtorId=${seed.b.debtor.id}`)).body.items.length, 0, "B's debtor is not A's");
      const first = await outbox("?limit=1");
      assert.equal(first.body.items.length, 1);
      assert.ok(first.body.nextCursor);
      const second = await outbox(`?limit=1&cursor=${first.body.nextCursor}`);
      assert.deepEqual([second.body.items[0]!.id, second.body.nextCursor], [String(emailActionId), null]);
      assert.deepEqual(assertProblem(await outbox("?status=enviado"), 400).errors?.map((e) => e.field), ["status"]);
      assert.deepEqual(assertProblem(await outbox("?channel=fax"), 400).errors?.map((e) => e.field), ["channel"]);
      assert.deepEqual(assertProblem(await outbox("?from=02/06/2025"), 400).errors?.map((e) => e.field), ["from"]);
      assert.deepEqual(assertProblem(await outbox("?from=2025-06-03&to=2025-06-02"), 400).errors?.map((e) => e.field), ["to"]);
      assertProblem(await server.call("GET", `${base}/outbox`), 401);
    });

    it("is readable by everyone who reads the portfolio, and by nobody from another creditor", async () => {
      assert.equal((await outbox("", "collectorA")).status, 200);
      const intruder = await server.login(seed.users.collectorB.email, seed.users.collectorB.password);
      const res = await server.call("GET", `${base}/outbox`, { cookie: intruder });
      assert.ok(res.status === 403 || res.status === 404, res.text);
      assert.ok(!res.text.includes(TENANT_SPECS.a.debtor.name));
    });
  });
}
