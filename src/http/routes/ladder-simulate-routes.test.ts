// The ladder editor's back end: validating a document without saving it, and simulating an
// unsaved ladder on the real portfolio (the run's own planning, dry, counted for this ladder).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TENANT_SPECS, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";
import type { SimulationResult } from "../../app/ladder/simulate-ladder.ts";

// A's debt ALFA-0001 is due 2025-05-10: on TEST_NOW (2025-06-02) it is 23 days late, so d+20 is the step.
const LADDER = {
  id: "varejo",
  name: "Varejo padrão",
  steps: [
    { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
    { id: "d+20", offsetDays: 20, stage: "firm", channel: "sms" },
  ],
};

for (const dialect of testDialects()) {
  describe(`ladder validate and simulate routes on ${dialect}`, () => {
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

    const simulate = (body: unknown, who = "managerA") => server.call<SimulationResult>("POST", `${base}/ladders/simulate`, { cookie: cookies[who], json: body });
    const counts = async () => {
      const { db } = env.deps.database;
      return { ladders: (await db.selectFrom("ladders").selectAll().execute()).length, actions: (await db.selectFrom("actions").selectAll().execute()).length };
    };

    it("POST …/ladders/validate answers 200 with the errors by path, or the normalised document and its warnings; nothing is stored", async () => {
      const bad = await server.call<{ ok: boolean; errors: { field: string; reason: string }[] }>("POST", `${base}/ladders/validate`, {
        cookie: cookies.managerA, json: { ...LADDER, steps: [LADDER.steps[0], { id: "d+20", offsetDays: 4000, stage: "firm", channel: "sms" }] },
      });
      assert.equal(bad.status, 200, bad.text);
      assert.deepEqual(bad.body, { ok: false, errors: [{ field: "steps[1].offsetDays", reason: "use um número inteiro de dias em relação ao vencimento, de -365 a 3650 (negativo = antes) (recebido 4000)" }] });
      const good = await server.call<{ ok: boolean; document: { priorNoticeDays: number }; warnings: { field: string }[] }>("POST", `${base}/ladders/validate`, {
        cookie: cookies.managerA, json: { ...LADDER, steps: [...LADDER.steps, { id: "neg", offsetDays: 40, stage: "extrajudicial", channel: "credit_bureau" }] },
      });
      assert.equal(good.body.ok, true);
      assert.equal(good.body.document.priorNoticeDays, 10, "defaults filled in");
      assert.deepEqual(good.body.warnings.map((w) => w.field), ["steps[2]"], "credit bureau without prior notice");
      assertProblem(await server.call("POST", `${base}/ladders/validate`, { cookie: cookies.collectorA, json: LADDER }), 403);
      assertProblem(await server.call("POST", `${base}/ladders/validate`, { json: LADDER }), 401);
      assert.deepEqual(await counts(), { ladders: 0, actions: 0 });
    });

    it("POST …/ladders/simulate plans an unsaved ladder on the real portfolio, with counts, a sample with the debtor's name and zone, and writes nothing", async () => {
      const res = await simulate({ document: LADDER, at: "2025-06-02T10:00:00-03:00" });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, {
        at: TEST_NOW,
        ladder: { id: "varejo", name: "Varejo padrão", isDefault: true, stored: false },
        debtors: 1, debts: 1, planned: 1, awaitingApproval: 0, skipped: 0,
        byChannel: [{ channel: "sms", planned: 1, skipped: 0 }],
        byReason: [],
        sample: [{
          debtorId: seed.a.debtor.id, debtorName: TENANT_SPECS.a.debtor.name, debtorDocument: TENANT_SPECS.a.debtor.document, timeZone: "America/Sao_Paulo",
          debtExternalIds: ["ALFA-0001"], stepId: "d+20", stage: "firm", channel: "sms", sendAt: TEST_NOW, status: "planned",
        }],
        warnings: [],
      });
      assert.deepEqual(await counts(), { ladders: 0, actions: 0 }, "a simulation never writes");
      const audit = await env.deps.database.db.selectFrom("audit_log").select("action").where("action", "=", "ladder.run").execute();
      assert.deepEqual(audit, []);
    });

    it("counts skips by reason and channel, sample size 0 gives counts only, and a bad document or instant is a 400 naming the field", async () => {
      const strict = { ...LADDER, steps: [LADDER.steps[0], { ...LADDER.steps[1], conditions: { minOpenCents: 10_000_000 } }] };
      const res = await simulate({ document: strict, at: TEST_NOW, sampleSize: 0 });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual([res.body.planned, res.body.skipped, res.body.byChannel, res.body.byReason, res.body.sample], [
        0, 1, [{ channel: "sms", planned: 0, skipped: 1 }], [{ reason: "condition_not_met", count: 1 }], [],
      ]);
      const bad = assertProblem(await simulate({ document: { ...LADDER, steps: [{ ...LADDER.steps[0], channel: "fax" }] } }), 400);
      assert.deepEqual(bad.errors?.map((e) => e.field), ["steps[0].channel"]);
      const badAt = assertProblem(await simulate({ document: LADDER, at: "02/06/2025" }), 400);
      assert.deepEqual(badAt.errors, [{ field: "at", reason: "use ISO 8601 com fuso" }]);
      assertProblem(await simulate({ document: LADDER }, "collectorA"), 403);
      assertProblem(await simulate({ document: LADDER }, "auditorA"), 403);
    });

    it("counts only the debts that follow the simulated ladder: a second ladder without assignment takes nobody, unless simulated as default", async () => {
      const stored = await server.call("POST", `${base}/ladders`, { cookie: cookies.managerA, json: LADDER });
      assert.equal(stored.status, 201);
      const other = { id: "nova", name: "Nova", steps: [{ id: "d+15", offsetDays: 15, stage: "firm", channel: "email" }] };
      const aside = await simulate({ document: other, at: TEST_NOW });
      assert.deepEqual([aside.body.ladder.isDefault, aside.body.debtors, aside.body.planned], [false, 0, 0]);
      const asDefault = await simulate({ document: other, at: TEST_NOW, default: true });
      assert.deepEqual([asDefault.body.ladder.isDefault, asDefault.body.debtors, asDefault.body.planned, asDefault.body.sample[0]?.stepId], [true, 1, 1, "d+15"]);
      const edited = await simulate({ document: { ...LADDER, steps: [{ id: "d+10", offsetDays: 10, stage: "friendly", channel: "whatsapp" }] }, at: TEST_NOW });
      assert.deepEqual([edited.body.ladder.stored, edited.body.byChannel], [true, [{ channel: "whatsapp", planned: 0, skipped: 1 }]], "the edited version replaces the stored one");
      assert.deepEqual(edited.body.byReason, [{ reason: "no_valid_contact", count: 1 }]);
      assert.deepEqual(await counts(), { ladders: 1, actions: 0 });
    });
  });
}
