// Pauses, disputes, opt-outs and the contact policy over real HTTP: status codes, problem
// bodies, permissions per role, and the pending actions a hold cancels.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../support/db.ts";
import { openTestDeps, seedTenants, TEST_NOW, type Seed } from "../support/factories.ts";
import { assertProblem, startServer, type CallOptions, type TestServer } from "../support/http.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { DEFAULT_CONTACT_WINDOWS } from "../../src/domain/guard/contact-window.ts";

for (const dialect of testDialects()) {
  describe(`holds and contact policy over HTTP (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const as: Record<string, CallOptions> = {};
    let base: string;

    async function plannedAction(channel: string, debtIds: string[]): Promise<number> {
      const db = env.deps.database.db;
      const row = {
        creditor_id: seed.a.creditor.id, debtor_id: Number(seed.a.debtor.id), ladder_id: "varejo", step_id: `http-${channel}-${debtIds.join("-")}`, stage: "friendly", channel,
        local_day: "2025-06-02", idempotency_key: `http-${channel}-${Math.random()}`, status: "planned", send_at: TEST_NOW, created_at: TEST_NOW, updated_at: TEST_NOW,
      };
      const { id } = await db.insertInto("actions").values(row as never).returning("id").executeTakeFirstOrThrow();
      for (const debtId of debtIds) await db.insertInto("action_debts").values({ action_id: Number(id), debt_id: Number(debtId) } as never).execute();
      return Number(id);
    }
    const statusOf = async (id: number) => (await env.deps.database.db.selectFrom("actions").select(["status", "cancel_reason"]).where("id", "=", id).executeTakeFirstOrThrow());

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) as[who] = { cookie: await server.login(seed.users[who].email, seed.users[who].password) };
      as.apiKeyA = { bearer: seed.apiKeyA.key };
      base = `/api/creditors/${seed.a.creditor.id}`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("contact policy: anyone of the tenant reads it, managers change it, bad windows are 400 with the field", async () => {
      const get = await server.call<{ windows: unknown; customized: unknown }>("GET", `${base}/contact-policy`, as.auditorA);
      assert.equal(get.status, 200, get.text);
      assert.deepEqual(get.body.windows, { default: DEFAULT_CONTACT_WINDOWS });
      const windows = { default: DEFAULT_CONTACT_WINDOWS, whatsapp: { ...DEFAULT_CONTACT_WINDOWS, weekday: { from: "09:00", to: "18:00" } } };
      assertProblem(await server.call("PUT", `${base}/contact-policy`, { ...as.collectorA, json: { windows } }), 403);
      const bad = assertProblem(await server.call("PUT", `${base}/contact-policy`, { ...as.managerA, json: { windows: { default: { ...DEFAULT_CONTACT_WINDOWS, saturday: { from: "8h", to: "14:00" } } } } }), 400);
      assert.deepEqual(bad.errors, [{ field: "windows.default.saturday", reason: "horário inicial inválido (use HH:MM, de 00:00 a 23:59): 8h" }]);
      assertProblem(await server.call("PUT", `${base}/contact-policy`, { ...as.managerA, json: { windows, extra: 1 } }), 400);
      const put = await server.call<{ windows: typeof windows; customized: unknown }>("PUT", `${base}/contact-policy`, { ...as.managerA, json: { windows } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.body.windows, windows);
      assert.deepEqual(put.body.customized, { windows: true, caps: false });
      const reset = await server.call<{ customized: unknown }>("PUT", `${base}/contact-policy`, { ...as.apiKeyA, json: { windows: null } });
      assert.deepEqual(reset.body.customized, { windows: false, caps: false });
    });

    it("debtor pause cancels the pending actions; resume; collectors may not; bodies are checked", async () => {
      const action = await plannedAction("email", [seed.a.debt.id]);
      const path = `${base}/debtors/${seed.a.debtor.id}`;
      assertProblem(await server.call("POST", `${path}/pause`, { ...as.collectorA, json: { reason: "x" } }), 403);
      assertProblem(await server.call("POST", `${path}/pause`, { ...as.managerA, json: {} }), 400);
      assertProblem(await server.call("POST", `${path}/pause`, { ...as.managerA, json: { reason: "x", until: "20/06/2025" } }), 400);
      assertProblem(await server.call("POST", `${path}/pause`, { json: { reason: "x" } }), 401);
      const pause = await server.call("POST", `${path}/pause`, { ...as.managerA, json: { reason: "acordo verbal", until: "2025-06-20" } });
      assert.equal(pause.status, 200, pause.text);
      assert.deepEqual(pause.body, { changed: true, debtor: { debtorId: seed.a.debtor.id, document: seed.a.debtor.document, paused: true, pausedAt: TEST_NOW, pausedUntil: "2025-06-20" }, cancelledActions: 1 });
      assert.deepEqual(await statusOf(action), { status: "cancelled", cancel_reason: "debtor_paused" });
      const again = await server.call<{ changed: boolean }>("POST", `${path}/pause`, { ...as.managerA, json: { reason: "acordo verbal", until: "2025-06-20" } });
      assert.equal(again.body.changed, false);
      const holds = await server.call<{ debtor: { paused: boolean }; history: { actor: string; reason: string }[] }>("GET", `${path}/holds`, as.auditorA);
      assert.equal(holds.status, 200, holds.text);
      assert.equal(holds.body.debtor.paused, true);
      assert.deepEqual(holds.body.history.map((h) => [h.actor, h.reason]), [[seed.users.managerA.label, "acordo verbal"]]);
      const resume = await server.call<{ changed: boolean }>("POST", `${path}/resume`, { ...as.apiKeyA, json: { reason: "desfeito" } });
      assert.equal(resume.status, 200, resume.text);
      assert.equal(resume.body.changed, true);
      assertProblem(await server.call("GET", `/api/creditors/${seed.a.creditor.id}/debtors/999999/holds`, as.auditorA), 404);
    });

    it("debt dispute by a collector, undispute by a manager; pause by debt id", async () => {
      const action = await plannedAction("sms", [seed.a.debt.id]);
      const path = `${base}/debts/${seed.a.debt.id}`;
      const dispute = await server.call<{ changed: boolean; debt: { status: string }; cancelledActions: number }>("POST", `${path}/dispute`, { ...as.collectorA, json: { reason: "diz que não comprou" } });
      assert.equal(dispute.status, 200, dispute.text);
      assert.deepEqual([dispute.body.changed, dispute.body.debt.status, dispute.body.cancelledActions], [true, "disputed", 1]);
      assert.deepEqual(await statusOf(action), { status: "cancelled", cancel_reason: "debt_disputed" });
      assertProblem(await server.call("POST", `${path}/undispute`, { ...as.collectorA, json: { reason: "x" } }), 403);
      const undispute = await server.call<{ debt: { status: string } }>("POST", `${path}/undispute`, { ...as.managerA, json: { reason: "nota apresentada" } });
      assert.equal(undispute.body.debt.status, "open");
      const pause = await server.call<{ debt: { paused: boolean; pausedUntil: string | null } }>("POST", `${path}/pause`, { ...as.managerA, json: { reason: "conferência", until: null } });
      assert.equal(pause.status, 200, pause.text);
      assert.deepEqual(pause.body.debt.paused, true);
      assert.equal((await server.call("POST", `${path}/resume`, { ...as.managerA, json: { reason: "ok" } })).status, 200);
      const missing = assertProblem(await server.call("POST", `${base}/debts/999999/dispute`, { ...as.managerA, json: { reason: "x" } }), 404);
      assert.equal(missing.detail, "Título não encontrado.");
    });

    it("opt-out by the API key is honoured at once; opt-in needs a manager; unknown channels are 400", async () => {
      const whatsapp = await plannedAction("whatsapp", [seed.a.debt.id]);
      const email = await plannedAction("email", [seed.a.debt.id]);
      const path = `${base}/debtors/${seed.a.debtor.id}`;
      const out = await server.call<{ changed: boolean; cancelledActions: number; optOut: { source: string } }>("POST", `${path}/opt-out`, { ...as.apiKeyA, json: { channel: "whatsapp", source: "debtor_request" } });
      assert.equal(out.status, 200, out.text);
      assert.deepEqual([out.body.changed, out.body.cancelledActions, out.body.optOut.source], [true, 1, "debtor_request"]);
      assert.deepEqual(await statusOf(whatsapp), { status: "cancelled", cancel_reason: "opted_out" });
      assert.deepEqual(await statusOf(email), { status: "planned", cancel_reason: null });
      const badChannel = assertProblem(await server.call("POST", `${path}/opt-out`, { ...as.apiKeyA, json: { channel: "legal" } }), 400);
      assert.match(badChannel.detail, /canal sem descadastro: legal/);
      assertProblem(await server.call("POST", `${path}/opt-in`, { ...as.collectorA, json: { channel: "whatsapp" } }), 403);
      const back = await server.call<{ changed: boolean }>("POST", `${path}/opt-in`, { ...as.managerA, json: { channel: "whatsapp" } });
      assert.equal(back.body.changed, true);
      // The debtor detail shows opt-outs from the same table.
      await server.call("POST", `${path}/opt-out`, { ...as.collectorA, json: { channel: "email" } });
      const detail = await server.call<{ contacts: { kind: string; optOuts: { channel: string }[] }[] }>("GET", path, as.auditorA);
      assert.deepEqual(detail.body.contacts.find((c) => c.kind === "email")!.optOuts.map((o) => o.channel), ["email"]);
    });
  });
}
