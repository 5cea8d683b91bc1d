import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import { SYSTEM_ACTOR } from "../../app/access.ts";
import type { AppDeps } from "../../app/deps.ts";
import { applyLadder } from "../../app/ladder/ladders.ts";

for (const dialect of testDialects()) {
  describe(`exit-point routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      // A's R$ 150,00 due 2025-05-10 is 23 days late on 2025-06-02: a registered letter (R$ 14,00) expects R$ 75,00 at 50 %.
      await applyLadder(env.deps, SYSTEM_ACTOR, seed.a.creditor.id, { document: { id: "r", name: "R", steps: [{ id: "carta", offsetDays: 20, stage: "formal", channel: "letter" }] } });
      await env.deps.database.db.updateTable("debtors").set({ address: "Rua Um, 1" }).where("id", "=", Number(seed.a.debtor.id)).execute();
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      base = `/api/creditors/${seed.a.creditor.id}/exit-point`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("GET/PUT config: the view, a replacement, 400, 401, 403", async () => {
      const got = await server.call<{ costs: Record<string, number>; rates: { bucket: string; rateBp: number }[]; asOf: string }>("GET", `${base}/config?at=2025-06-02`, { cookie: cookies.auditorA });
      assert.equal(got.status, 200, got.text);
      assert.deepEqual([got.body.costs.registered_letter, got.body.asOf, got.body.rates.length], [1400, "2025-06-02", 6]);
      const put = await server.call<{ costs: Record<string, number>; customized: string[] }>("PUT", `${base}/config`, { cookie: cookies.managerA, json: { costs: { registered_letter: 8000 } } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual([put.body.costs.registered_letter, put.body.customized], [8000, ["costs.registered_letter"]]);

      const unknown = assertProblem(await server.call("PUT", `${base}/config`, { cookie: cookies.managerA, json: { custos: {} } }), 400);
      assert.ok(unknown.detail.length > 0);
      const bad = assertProblem(await server.call("PUT", `${base}/config`, { cookie: cookies.managerA, json: { windowDays: 0, costs: { fax: 1 } } }), 400);
      assert.deepEqual(bad.errors?.map((e) => e.field), ["windowDays", "costs.fax"]);
      assertProblem(await server.call("GET", `${base}/config?at=2025-13-01`, { cookie: cookies.auditorA }), 400);
      assertProblem(await server.call("GET", `${base}/config`), 401);
      assertProblem(await server.call("PUT", `${base}/config`, { cookie: cookies.collectorA, json: {} }), 403);
    });

    it("GET debts: the letter now costs R$ 80,00, more than the R$ 75,00 expected: A's debt is listed", async () => {
      const res = await server.call<{ totals: { debts: number }; items: { externalId: string; costCents: number; expectedRecoveryCents: number; bucket: string }[] }>(
        "GET", `${base}/debts?at=2025-06-02T13:00:00Z`, { cookie: cookies.collectorA },
      );
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.items.map((i) => [i.externalId, i.bucket, i.costCents, i.expectedRecoveryCents]), [[seed.a.debt.externalId, "1-30", 8000, 7500]]);
      assertProblem(await server.call("GET", `${base}/debts?limit=0`, { cookie: cookies.collectorA }), 400);
      assertProblem(await server.call("GET", `${base}/debts?at=ontem`, { cookie: cookies.collectorA }), 400);
      assertProblem(await server.call("GET", `${base}/debts`), 401);
    });
  });
}
