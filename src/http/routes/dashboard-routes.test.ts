import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

const ZERO = '"planned":0,"awaiting_approval":0,"sending":0,"sent":0,"delivered":0,"opened":0,"clicked":0,"bounced":0,"failed":0,"uncertain":0,"cancelled":0,"rejected":0';

for (const dialect of testDialects()) {
  describe(`dashboard routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("GET …/dashboard: the exact JSON of A's one debtor", async () => {
      const res = await server.call("GET", `/api/creditors/${seed.a.creditor.id}/dashboard`, { cookie: cookies.managerA });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.text, '{"at":"2025-06-02","timeZone":"America/Sao_Paulo",' +
        '"aging":{"buckets":[{"bucket":"not_due","debtors":0,"openCents":0},{"bucket":"1_30","debtors":1,"openCents":15000},{"bucket":"31_90","debtors":0,"openCents":0},' +
        '{"bucket":"91_180","debtors":0,"openCents":0},{"bucket":"181_360","debtors":0,"openCents":0},{"bucket":"361_plus","debtors":0,"openCents":0}],"debtors":1,"openCents":15000},' +
        '"recovered":{"thisMonth":{"from":"2025-06-01","to":"2025-06-02","payments":0,"cents":0},"lastMonth":{"from":"2025-05-01","to":"2025-05-31","payments":0,"cents":0},' +
        '"lastMonthToDate":{"from":"2025-05-01","to":"2025-05-02","payments":0,"cents":0},"unmatched":{"payments":0,"cents":0}},' +
        `"actions":{"from":"2025-06-01","to":"2025-06-30","channels":[],"totals":{${ZERO}}},` +
        '"dueToday":{"promises":{"count":0,"cents":0,"items":[]},"instalments":{"count":0,"cents":0,"items":[]}},"approvals":{"total":0,"channels":[]}}');
      const collector = await server.call("GET", `/api/creditors/${seed.a.creditor.id}/dashboard?at=2025-06-02`, { cookie: cookies.collectorA });
      assert.equal(collector.text, res.text, "collectors read it too; ?at= today is the default");
      const key = await server.call<{ at: string; aging: { buckets: { bucket: string; debtors: number }[] } }>("GET", `/api/creditors/${seed.a.creditor.id}/dashboard?at=2025-08-09`, { bearer: seed.apiKeyA.key });
      assert.equal(key.body.at, "2025-08-09");
      assert.deepEqual(key.body.aging.buckets.find((b) => b.debtors === 1)?.bucket, "91_180");
    });

    it("GET …/dashboard: 400, 401, 404", async () => {
      const bad = assertProblem(await server.call("GET", `/api/creditors/${seed.a.creditor.id}/dashboard?at=02/06/2025`, { cookie: cookies.auditorA }), 400);
      assert.deepEqual(bad.errors, [{ field: "at", reason: "use AAAA-MM-DD" }]);
      assertProblem(await server.call("GET", `/api/creditors/${seed.a.creditor.id}/dashboard`), 401);
      const other = assertProblem(await server.call("GET", `/api/creditors/${seed.b.creditor.id}/dashboard`, { cookie: cookies.auditorA }), 404);
      assert.equal(other.detail, "Credor não encontrado.");
    });
  });
}
