import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

type Next = { item: { tier: string; debtor: { id: string; name: string }; phone: { contactId: string; value: string }; debts: { externalId: string; daysLate: number; totalCents: number }[]; claimedUntil: string } | null; skipped: Record<string, number> };

for (const dialect of testDialects()) {
  describe(`calls routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA", "collectorB"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      base = `/api/creditors/${seed.a.creditor.id}`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("GET …/calls/next: the debtor to call, with the debt stated as of today; 401, 403, 404", async () => {
      const res = await server.call<Next>("GET", `${base}/calls/next`, { cookie: cookies.collectorA });
      assert.equal(res.status, 200, res.text);
      const item = res.body.item!;
      assert.deepEqual([item.tier, item.debtor.id, item.debtor.name, item.phone.value, item.claimedUntil], ["ranked", seed.a.debtor.id, "Ana Clara Albuquerque", "+5519998765432", "2025-06-02T13:15:00.000Z"]);
      // R$ 150,00 due Saturday 10/05/2025 (charges from Monday 12/05): 23 days late, R$ 154,15 (as the negotiation routes state it).
      assert.deepEqual(item.debts, [{ ...item.debts[0], externalId: "ALFA-0001", daysLate: 23, totalCents: 15_415 }]);
      assert.deepEqual(res.body.skipped, {});
      // The manager finds A's only debtor taken by the collector.
      const other = await server.call<Next>("GET", `${base}/calls/next`, { cookie: cookies.managerA });
      assert.deepEqual([other.status, other.body.item, other.body.skipped], [200, null, { claimed: 1 }]);
      assertProblem(await server.call("GET", `${base}/calls/next`), 401);
      assertProblem(await server.call("GET", `${base}/calls/next`, { cookie: cookies.auditorA }), 403);
      const foreign = assertProblem(await server.call("GET", `/api/creditors/${seed.b.creditor.id}/calls/next`, { cookie: cookies.collectorA }), 404);
      assert.equal(foreign.detail, "Credor não encontrado.");
    });

    it("POST …/calls: 400 names the field; 404 for another creditor's debtor or contact; 403 for the auditor", async () => {
      const body = { debtorId: seed.a.debtor.id, contactId: seed.a.contacts[1]!.id, outcome: "no_answer" };
      const bad = assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, outcome: "desligou" } }), 400);
      assert.ok(bad.errors?.some((e) => e.field.includes("outcome")), JSON.stringify(bad.errors));
      assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, extra: 1 } }), 400);
      const noCallback = assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, outcome: "callback" } }), 400);
      assert.deepEqual(noCallback.errors, [{ field: "callbackAt", reason: "informe quando ligar de volta" }]);
      const window = assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, outcome: "callback", callbackAt: "2025-06-07T15:00:00-03:00" } }), 400);
      assert.deepEqual(window.errors, [{ field: "callbackAt", reason: "fora da janela de contato por telefone — a próxima janela começa em 09/06/2025 às 08:00 (horário local)" }]);
      const email = assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, contactId: seed.a.contacts[0]!.id } }), 400);
      assert.deepEqual(email.errors, [{ field: "contactId", reason: "a ligação é para um contato de telefone" }]);
      const debtor = assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, debtorId: seed.b.debtor.id } }), 404);
      assert.equal(debtor.detail, "Devedor não encontrado.");
      const contact = assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.collectorA, json: { ...body, contactId: seed.b.contacts[1]!.id } }), 404);
      assert.equal(contact.detail, "Contato não encontrado.");
      assertProblem(await server.call("POST", `${base}/calls`, { cookie: cookies.auditorA, json: body }), 403);
      assertProblem(await server.call("POST", `${base}/calls`, { json: body }), 401);
      assert.deepEqual(await env.deps.database.db.selectFrom("call_attempts").selectAll().execute(), []);
    });

    it("POST …/calls: 201 with the attempt; the queue moves on; GET …/calls lists it", async () => {
      const res = await server.call<{ attempt: Record<string, unknown>; promise: unknown; invalidatedContact: unknown; actions: unknown[] }>("POST", `${base}/calls`, {
        cookie: cookies.collectorA, json: { debtorId: seed.a.debtor.id, contactId: seed.a.contacts[1]!.id, outcome: "no_answer", note: "chamou até cair" },
      });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual({ ...res.body, attempt: { ...res.body.attempt, id: "·" } }, {
        attempt: {
          id: "·", debtorId: seed.a.debtor.id, debtorName: "Ana Clara Albuquerque", contactId: seed.a.contacts[1]!.id, phone: "+5519998765432", actor: seed.users.collectorA.label,
          at: "2025-06-02T13:00:00.000Z", localDay: "2025-06-02", outcome: "no_answer", note: "chamou até cair", callbackAt: null, promiseId: null, actionId: null,
        },
        promise: null, invalidatedContact: null, actions: [],
      });
      const next = await server.call<Next>("GET", `${base}/calls/next`, { cookie: cookies.collectorA });
      assert.deepEqual(next.body, { item: null, skipped: {} }, "called today: not offered again");
      const list = await server.call<{ items: { id: string; outcome: string }[]; nextBefore: string | null }>("GET", `${base}/calls?debtorId=${seed.a.debtor.id}`, { cookie: cookies.auditorA });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items.map((c) => c.outcome), ["no_answer"]);
      assert.equal(list.body.nextBefore, null);
      assertProblem(await server.call("GET", `${base}/calls?debtorId=${seed.b.debtor.id}`, { cookie: cookies.auditorA }), 404);
      assertProblem(await server.call("GET", `${base}/calls?before=abc`, { cookie: cookies.auditorA }), 400);
      const b = await server.call<{ items: unknown[] }>("GET", `/api/creditors/${seed.b.creditor.id}/calls`, { cookie: cookies.collectorB });
      assert.deepEqual(b.body.items, []);
    });

    it("POST …/calls with A's key: a promise and a wrong number", async () => {
      const promise = await server.call<{ promise: { amountCents: number; promisedDate: string; channel: string }; attempt: { promiseId: string } }>("POST", `${base}/calls`, {
        bearer: seed.apiKeyA.key, json: { debtorId: seed.a.debtor.id, contactId: seed.a.contacts[1]!.id, outcome: "promise", promise: { amountCents: 15_415, date: "2025-06-06" } },
      });
      assert.equal(promise.status, 201, promise.text);
      assert.deepEqual([promise.body.promise.amountCents, promise.body.promise.promisedDate, promise.body.promise.channel], [15_415, "2025-06-06", "phone"]);
      const again = assertProblem(await server.call("POST", `${base}/calls`, {
        bearer: seed.apiKeyA.key, json: { debtorId: seed.a.debtor.id, contactId: seed.a.contacts[1]!.id, outcome: "promise", promise: { amountCents: 100, date: "2025-06-06" } },
      }), 409);
      assert.match(again.detail, /já tem uma promessa em aberto/);
      const wrong = await server.call<{ invalidatedContact: { id: string; value: string } }>("POST", `${base}/calls`, {
        bearer: seed.apiKeyA.key, json: { debtorId: seed.a.debtor.id, contactId: seed.a.contacts[1]!.id, outcome: "wrong_number" },
      });
      assert.equal(wrong.status, 201, wrong.text);
      assert.deepEqual(wrong.body.invalidatedContact, { id: seed.a.contacts[1]!.id, value: "+5519998765432" });
    });
  });
}
