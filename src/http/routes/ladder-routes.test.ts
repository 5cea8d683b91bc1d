import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TENANT_SPECS, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

const LADDER = {
  id: "varejo",
  name: "Varejo padrão",
  steps: [
    { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
    { id: "d+20", offsetDays: 20, stage: "firm", channel: "sms" },
  ],
};

for (const dialect of testDialects()) {
  describe(`ladder routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      base = `/api/creditors/${seed.a.creditor.id}`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("POST …/ladders stores a ladder (201), the same again is 200 unchanged; bad documents are 400 naming the path; collectors get 403", async () => {
      const created = await server.call<{ id: string; version: number; created: boolean; changed: boolean; isDefault: boolean }>("POST", `${base}/ladders`, { cookie: cookies.managerA, json: LADDER });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual([created.body.version, created.body.created, created.body.isDefault], [1, true, true]);
      const again = await server.call<{ changed: boolean }>("POST", `${base}/ladders`, { bearer: seed.apiKeyA.key, json: LADDER });
      assert.equal(again.status, 200);
      assert.equal(again.body.changed, false);
      const bad = assertProblem(await server.call("POST", `${base}/ladders`, { cookie: cookies.managerA, json: { ...LADDER, steps: [{ ...LADDER.steps[0], channel: "fax" }] } }), 400);
      assert.deepEqual(bad.errors, [{ field: "steps[0].channel", reason: 'canal desconhecido "fax" (use email, sms, whatsapp, letter, phone, credit_bureau, protest, legal)' }]);
      assertProblem(await server.call("POST", `${base}/ladders`, { cookie: cookies.collectorA, json: LADDER }), 403);
      assertProblem(await server.call("POST", `${base}/ladders`, { json: LADDER }), 401);
      const list = await server.call<{ items: { id: string; document: { steps: unknown[] } }[] }>("GET", `${base}/ladders`, { cookie: cookies.auditorA });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((l) => [l.id, l.document.steps.length]), [["varejo", 2]]);
    });

    it("POST …/runs returns exactly {at, planned, skipped}; a dry run writes nothing; the persisted one writes the action", async () => {
      const dry = await server.call("POST", `${base}/runs`, { cookie: cookies.managerA, json: { at: "2025-06-02T10:00:00-03:00", dryRun: true } });
      assert.equal(dry.status, 200, dry.text);
      const expected = `{"at":"2025-06-02T13:00:00.000Z","planned":[{"debtorDocument":"${TENANT_SPECS.a.debtor.document}","debtExternalIds":["ALFA-0001"],"stepId":"d+20","channel":"sms","sendAt":"2025-06-02T13:00:00.000Z"}],"skipped":[]}`;
      assert.equal(dry.text, expected);
      const { db } = env.deps.database;
      assert.equal((await db.selectFrom("actions").selectAll().execute()).length, 0);
      const run = await server.call("POST", `${base}/runs`, { cookie: cookies.managerA, json: {} });
      assert.equal(run.text, expected, "without at: now (the test clock)");
      assert.equal((await db.selectFrom("actions").selectAll().execute()).length, 1);
      assertProblem(await server.call("POST", `${base}/runs`, { cookie: cookies.collectorA, json: { dryRun: true } }), 403);
      const bad = assertProblem(await server.call("POST", `${base}/runs`, { cookie: cookies.managerA, json: { at: "02/06/2025" } }), 400);
      assert.deepEqual(bad.errors, [{ field: "at", reason: "use ISO 8601 com fuso" }]);
    });

    it("GET …/explain tells, step by step, what happened; GET …/actions lists the action; approving it is a 409", async () => {
      const res = await server.call<{ debts: { externalId: string; steps: { stepId: string; outcome: string; rule: string }[] }[] }>(
        "GET", `${base}/debtors/${seed.a.debtor.id}/explain?at=2025-06-02T13:00:00Z`, { cookie: cookies.collectorA },
      );
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.debts[0]!.steps.map((s) => [s.stepId, s.outcome]), [["d+1", "superseded"], ["d+20", "performed"]]);
      assert.match(res.body.debts[0]!.steps[1]!.rule, /^Realizada: acionamento #\d+ de 02\/06\/2025, planejado, aguardando envio/);
      const actions = await server.call<{ items: { id: string; status: string; debtExternalIds: string[] }[] }>("GET", `${base}/actions`, { cookie: cookies.auditorA });
      assert.deepEqual(actions.body.items.map((a) => [a.status, a.debtExternalIds]), [["planned", ["ALFA-0001"]]]);
      const conflict = assertProblem(await server.call("POST", `${base}/actions/approve`, { cookie: cookies.managerA, json: { actionIds: [actions.body.items[0]!.id] } }), 409);
      assert.match(conflict.detail, /sem aprovação pendente/);
      assertProblem(await server.call("POST", `${base}/actions/approve`, { cookie: cookies.collectorA, json: { actionIds: [actions.body.items[0]!.id] } }), 403);
      assertProblem(await server.call("POST", `${base}/actions/reject`, { cookie: cookies.managerA, json: { actionIds: [actions.body.items[0]!.id] } }), 400);
    });

    it("PUT …/debtors/{id}/ladder sets and clears an override; an unknown ladder is 404", async () => {
      const path = `${base}/debtors/${seed.a.debtor.id}/ladder`;
      const set = await server.call("PUT", path, { cookie: cookies.managerA, json: { ladderId: "varejo" } });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body, { debtorId: seed.a.debtor.id, ladderId: "varejo", debtExternalIds: [] });
      const missing = assertProblem(await server.call("PUT", path, { cookie: cookies.managerA, json: { ladderId: "outra" } }), 404);
      assert.equal(missing.detail, "Régua não encontrada: outra");
      const debt = await server.call("PUT", path, { cookie: cookies.managerA, json: { ladderId: null, debtExternalIds: ["ALFA-0001"] } });
      assert.equal(debt.status, 200, debt.text);
    });
  });
}
