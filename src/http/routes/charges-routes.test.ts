import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, fileForm, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

for (const dialect of testDialects()) {
  describe(`charges routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let chargesPath: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["admin", "managerA", "collectorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      chargesPath = `/api/creditors/${seed.a.creditor.id}/debts/${seed.a.debt.id}/charges`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("GET …/charges: A's R$ 150,00 due Saturday 2025-05-10 (SP) — nothing until Monday, then from Saturday", async () => {
      const late = await server.call("GET", `${chargesPath}?at=2025-06-02`, { cookie: cookies.collectorA });
      assert.equal(late.status, 200, late.text);
      // fine 2 % = 3,00; interest 150,00 × 1 % / 30 × 23 = 1,15
      assert.equal(late.text, '{"principalCents":15000,"fineCents":300,"interestCents":115,"correctionCents":0,"totalCents":15415,"daysLate":23}');
      const onTime = await server.call("GET", `${chargesPath}?at=2025-05-12`, { bearer: seed.apiKeyA.key });
      assert.deepEqual(onTime.body, { principalCents: 15000, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 15000, daysLate: 0 });
      const today = await server.call("GET", chargesPath, { cookie: cookies.collectorA });
      assert.equal(today.text, late.text, "without ?at: today in the debtor's zone (2025-06-02)");
    });

    it("GET …/charges: 400, 401, 404", async () => {
      const bad = assertProblem(await server.call("GET", `${chargesPath}?at=02/06/2025`, { cookie: cookies.collectorA }), 400);
      assert.deepEqual(bad.errors, [{ field: "at", reason: "use AAAA-MM-DD" }]);
      assertProblem(await server.call("GET", `${chargesPath}?at=2025-02-30`, { cookie: cookies.collectorA }), 400);
      assertProblem(await server.call("GET", chargesPath), 401);
      for (const id of ["999999", "abc", seed.b.debt.id]) {
        const missing = assertProblem(await server.call("GET", `/api/creditors/${seed.a.creditor.id}/debts/${id}/charges?at=2025-06-02`, { cookie: cookies.collectorA }), 404);
        assert.equal(missing.detail, "Título não encontrado.");
      }
    });

    it("PATCH /api/creditors/{id}: company fine and correction index; a consumer fine above 2 % is refused", async () => {
      const refused = assertProblem(await server.call("PATCH", `/api/creditors/${seed.a.creditor.id}`, { cookie: cookies.managerA, json: { finePercent: 3 } }), 400);
      assert.equal(refused.detail, "finePercent: a multa de consumidores não pode passar de 2 % (CDC art. 52 §1)");
      const noIndex = assertProblem(await server.call("PATCH", `/api/creditors/${seed.a.creditor.id}`, { cookie: cookies.managerA, json: { correctionIndex: "IGPM" } }), 400);
      assert.match(noIndex.detail, /o índice IGPM não tem valores importados/);
      const ok = await server.call<Record<string, unknown>>("PATCH", `/api/creditors/${seed.a.creditor.id}`, { cookie: cookies.managerA, json: { businessFinePercent: 7.5, correctionIndex: null } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.businessFinePercent, 7.5);
      assert.equal(ok.body.correctionIndex, null);
      assert.equal(ok.body.finePercent, 2);
      const cleared = await server.call<Record<string, unknown>>("PATCH", `/api/creditors/${seed.a.creditor.id}`, { cookie: cookies.managerA, json: { businessFinePercent: null } });
      assert.equal(cleared.body.businessFinePercent, null, "null clears, it is not coerced to 0");
    });

    it("index values: admin imports (all or nothing), everyone signed in lists, then the creditor's charges use it", async () => {
      const path = "/api/indexes/ipca/values";
      assertProblem(await server.call("POST", path, { cookie: cookies.managerA, form: fileForm("05/2025;0,26\n", "ipca.csv") }), 403);
      assertProblem(await server.call("GET", path), 401);
      const bad = assertProblem(await server.call("POST", path, { cookie: cookies.admin, form: fileForm("mes;variacao\n05/2025;0,26\n06/2025;?\n", "ipca.csv") }), 422);
      assert.deepEqual(bad.errors, [{ line: 3, field: "variacao", reason: 'variação inválida (percentual como 0,56, até 4 casas, acima de -100): "?"' }]);
      assert.deepEqual((await server.call("GET", path, { cookie: cookies.collectorA })).body, { index: "IPCA", items: [] });

      const imported = await server.call("POST", path, { cookie: cookies.admin, form: fileForm("mes;variacao\n05/2025;0,26\n", "ipca.csv") });
      assert.equal(imported.status, 200, imported.text);
      assert.deepEqual(imported.body, { index: "IPCA", imported: 1, updated: 0, unchanged: 0, firstMonth: "2025-05", lastMonth: "2025-05" });
      assert.deepEqual((await server.call("GET", path, { bearer: seed.apiKeyA.key })).body, { index: "IPCA", items: [{ month: "2025-05", variationPpm: 2600, variationPercent: "0,26" }] });

      const patched = await server.call("PATCH", `/api/creditors/${seed.a.creditor.id}`, { cookie: cookies.managerA, json: { correctionIndex: "IPCA" } });
      assert.equal(patched.status, 200, patched.text);
      // 0,26 % × 21/31 of May on 150,00 = 0,26; fine 2 % of 150,26 = 3,01; interest 150,26 × 1 % × 23/30 = 1,15
      const charged = await server.call("GET", `${chargesPath}?at=2025-06-02`, { cookie: cookies.collectorA });
      assert.deepEqual(charged.body, { principalCents: 15000, fineCents: 301, interestCents: 115, correctionCents: 26, totalCents: 15442, daysLate: 23 });
    });
  });
}
