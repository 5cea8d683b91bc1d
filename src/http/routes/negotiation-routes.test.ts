import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

for (const dialect of testDialects()) {
  describe(`negotiation routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base: string;
    let debtorPath: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      base = `/api/creditors/${seed.a.creditor.id}`;
      debtorPath = `${base}/debtors/${seed.a.debtor.id}`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("GET …/negotiation-options: the exact JSON; with an income, the affordability note", async () => {
      // A's R$ 150,00 due Saturday 2025-05-10, on 2025-06-02: 23 days late (bucket 1–30), 154,15 with charges.
      const res = await server.call("GET", `${debtorPath}/negotiation-options?at=2025-06-02`, { cookie: cookies.collectorA });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.text, '{"debtCents":15415,"options":[' +
        '{"instalments":1,"downPaymentCents":15208,"instalmentCents":0,"totalCents":15208,"discountCents":207,"firstDueDate":"2025-06-06"},' +
        '{"instalments":2,"downPaymentCents":7783,"instalmentCents":7784,"totalCents":15567,"discountCents":0,"firstDueDate":"2025-06-06"},' +
        '{"instalments":3,"downPaymentCents":5239,"instalmentCents":5241,"totalCents":15721,"discountCents":0,"firstDueDate":"2025-06-06"}]}');
      const today = await server.call("GET", `${debtorPath}/negotiation-options`, { bearer: seed.apiKeyA.key });
      assert.equal(today.text, res.text, "without ?at: today in the debtor's zone");
      const poor = await server.call<{ options: { instalments: number }[]; affordability: { maxInstalmentCents: number; omittedOptions: number } }>("GET", `${debtorPath}/negotiation-options?income=1.000,00`, { cookie: cookies.auditorA });
      assert.equal(poor.status, 200, poor.text);
      // 30 % of 1.000,00 = 300,00, but only 400,00 above the mínimo existencial of 600,00 → 300,00: every plan fits.
      assert.deepEqual([poor.body.affordability.maxInstalmentCents, poor.body.affordability.omittedOptions], [30_000, 0]);
      const tight = await server.call<{ options: { instalments: number }[] }>("GET", `${debtorPath}/negotiation-options?income=650`, { cookie: cookies.auditorA });
      assert.deepEqual(tight.body.options.map((o) => o.instalments), [1], "50,00 above the mínimo existencial: no plan fits");
    });

    it("GET …/negotiation-options: 400, 401, 404", async () => {
      const bad = assertProblem(await server.call("GET", `${debtorPath}/negotiation-options?at=02/06/2025`, { cookie: cookies.collectorA }), 400);
      assert.deepEqual(bad.errors, [{ field: "at", reason: "use AAAA-MM-DD" }]);
      assertProblem(await server.call("GET", `${debtorPath}/negotiation-options?income=abc`, { cookie: cookies.collectorA }), 400);
      assertProblem(await server.call("GET", `${debtorPath}/negotiation-options`), 401);
      for (const id of ["999999", "abc", seed.b.debtor.id]) {
        const missing = assertProblem(await server.call("GET", `${base}/debtors/${id}/negotiation-options`, { cookie: cookies.collectorA }), 404);
        assert.equal(missing.detail, "Devedor não encontrado.");
      }
    });

    it("GET/PUT …/negotiation-policy: the manager writes a version; the collector may not; errors name the path", async () => {
      const shown = await server.call<{ version: number; policy: { buckets: unknown[] } }>("GET", `${base}/negotiation-policy`, { cookie: cookies.auditorA });
      assert.equal(shown.status, 200, shown.text);
      assert.deepEqual([shown.body.version, shown.body.policy.buckets.length], [0, 5]);
      assertProblem(await server.call("PUT", `${base}/negotiation-policy`, { cookie: cookies.collectorA, json: { breakAfterDays: 15 } }), 403);
      const bad = assertProblem(await server.call("PUT", `${base}/negotiation-policy`, { cookie: cookies.managerA, json: { breakAfterDays: 0, buckets: [{ fromDays: 1 }] } }), 400);
      assert.equal(bad.errors?.[0]?.field, "breakAfterDays");
      assert.ok(bad.errors?.some((e) => e.field === "buckets[0].maxInstalments"));
      const put = await server.call<{ version: number; changed: boolean; policy: { breakAfterDays: number } }>("PUT", `${base}/negotiation-policy`, { cookie: cookies.managerA, json: { breakAfterDays: 15 } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual([put.body.version, put.body.changed, put.body.policy.breakAfterDays], [1, true, 15]);
    });

    it("approvals: a collector asks, a manager decides; promises: recorded and listed", async () => {
      const asked = await server.call<{ id: string; status: string; exceeds: { field: string }[] }>("POST", `${debtorPath}/agreement-approvals`, {
        cookie: cookies.collectorA, json: { instalments: 5, discountCents: 415, reason: "cliente pediu 5 vezes" },
      });
      assert.equal(asked.status, 201, asked.text);
      assert.deepEqual(asked.body.exceeds.map((e) => e.field), ["instalments", "discountCents", "instalmentCents"]);
      assertProblem(await server.call("POST", `${base}/agreement-approvals/${asked.body.id}/approve`, { cookie: cookies.collectorA, json: {} }), 403);
      const rejected = await server.call<{ status: string }>("POST", `${base}/agreement-approvals/${asked.body.id}/reject`, { cookie: cookies.managerA, json: { note: "parcela pequena demais" } });
      assert.equal(rejected.status, 200, rejected.text);
      assert.equal(rejected.body.status, "rejected");
      const listed = await server.call<{ items: { id: string; status: string }[] }>("GET", `${base}/agreement-approvals?status=rejected`, { cookie: cookies.auditorA });
      assert.deepEqual(listed.body.items.map((x) => [x.id, x.status]), [[asked.body.id, "rejected"]]);

      const promised = await server.call<{ id: string; pauseApplied: boolean; reminder: { channel: string } | null }>("POST", `${debtorPath}/promises`, {
        cookie: cookies.collectorA, json: { amountCents: 5000, date: "2025-06-06", channel: "phone" },
      });
      assert.equal(promised.status, 201, promised.text);
      assert.deepEqual([promised.body.pauseApplied, promised.body.reminder?.channel], [true, "email"]);
      const again = assertProblem(await server.call("POST", `${debtorPath}/promises`, { cookie: cookies.collectorA, json: { amountCents: 5000, date: "2025-06-06", channel: "phone" } }), 409);
      assert.match(again.detail, /já tem uma promessa em aberto/);
      assertProblem(await server.call("POST", `${debtorPath}/promises`, { cookie: cookies.collectorA, json: { amountCents: 5000, date: "2025-06-06", channel: "pombo" } }), 400);
      const promises = await server.call<{ items: { id: string }[] }>("GET", `${debtorPath}/promises`, { cookie: cookies.auditorA });
      assert.deepEqual(promises.body.items.map((p) => p.id), [promised.body.id]);
    });

    it("POST …/agreements: 3 payments; the instalment paid through its own route; the agreement shown", async () => {
      assertProblem(await server.call("POST", `${debtorPath}/agreements`, { cookie: cookies.auditorA, json: { option: 3 } }), 403);
      const none = assertProblem(await server.call("POST", `${debtorPath}/agreements`, { cookie: cookies.collectorA, json: { option: 7 } }), 422);
      assert.equal(none.detail, "Não há opção com 7 pagamento(s) hoje: as opções são 1, 2, 3.");
      assertProblem(await server.call("POST", `${debtorPath}/agreements`, { cookie: cookies.collectorA, json: {} }), 400);
      const made = await server.call<{ id: string; status: string; totalCents: number; schedule: { number: number; amountCents: number; debtId: string }[] }>("POST", `${debtorPath}/agreements`, { cookie: cookies.collectorA, json: { option: 3 } });
      assert.equal(made.status, 201, made.text);
      assert.deepEqual([made.body.status, made.body.totalCents, made.body.schedule.map((s) => s.amountCents)], ["active", 15_721, [5239, 5241, 5241]]);
      const paid = await server.call<{ payment: { status: string }; agreement: { schedule: { status: string }[] } }>("POST", `${base}/agreements/${made.body.id}/instalments/1/payments`, {
        cookie: cookies.collectorA, json: { amountCents: 5239, paidDate: "2025-06-02", method: "cash", note: "pago no caixa" },
      });
      assert.equal(paid.status, 201, paid.text);
      assert.deepEqual([paid.body.payment.status, paid.body.agreement.schedule.map((s) => s.status)], ["applied", ["paid", "open", "open"]]);
      const shown = await server.call<{ id: string; debts: { status: string }[] }>("GET", `${base}/agreements/${made.body.id}`, { cookie: cookies.auditorA });
      assert.equal(shown.status, 200, shown.text);
      assert.deepEqual(shown.body.debts.map((d) => d.status), ["in_agreement"]);
      const listed = await server.call<{ items: { id: string }[] }>("GET", `${debtorPath}/agreements`, { cookie: cookies.auditorA });
      assert.deepEqual(listed.body.items.map((a) => a.id), [made.body.id]);
      for (const id of ["999999", "abc"]) assert.equal(assertProblem(await server.call("GET", `${base}/agreements/${id}`, { cookie: cookies.auditorA }), 404).detail, "Acordo não encontrado.");
      assertProblem(await server.call("POST", `${base}/agreements/${made.body.id}/instalments/9/payments`, { cookie: cookies.collectorA, json: { amountCents: 100, paidDate: "2025-06-02", method: "cash", note: "teste" } }), 404);
    });
  });
}
