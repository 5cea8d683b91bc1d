import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TENANT_SPECS, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, fileForm, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";
import type { CnabRecordInput } from "../../domain/cnab/cnab-types.ts";
import { writeCnab240Return } from "../../domain/cnab/write-cnab240-return.ts";

const settle = (ourNumber: string, paidCents: number): CnabRecordInput => ({
  ourNumber, movement: "06", faceValueCents: paidCents, paidCents, interestCents: 0, discountCents: 0, feeCents: 0, creditedCents: paidCents,
  dueDate: "2025-05-30", paidDate: "2025-06-01", creditDate: "2025-06-02",
});
const cnabForm = (records: CnabRecordInput[]) => fileForm(writeCnab240Return(records, { bank: "341" }), "retorno.ret", "application/octet-stream");

type RecordBody = { status: string; paymentId: string; allocations: { debtId: string; externalId: string; principalCents: number; settled: boolean }[]; creditCents: number; unmatchedReason: string | null };
type Page = { items: { id: string; status: string; ourNumber: string | null; unmatchedReason: string | null; resolvedBy: string | null; allocations: unknown[] }[]; nextCursor: string | null };

for (const dialect of testDialects()) {
  describe(`payments API (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let A: string;
    let B: string;
    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA", "collectorB"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      A = seed.a.creditor.id;
      B = seed.b.creditor.id;
      // A's debt is paid by boleto: give it a nosso número.
      await env.deps.database.db.updateTable("debts").set({ our_number: "1" }).where("id", "=", Number(seed.a.debt.id)).execute();
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    const manual = (over: Record<string, unknown> = {}) => ({
      debtorDocument: TENANT_SPECS.a.debtor.document, debtExternalId: TENANT_SPECS.a.debt.externalId, amountCents: 1000, method: "cash", paidDate: "2025-06-01", note: "recebido no caixa por Paula", ...over,
    });

    it("POST /payments records a manual payment once per Idempotency-Key; GET lists it", async () => {
      const first = await server.call<RecordBody>("POST", `/api/creditors/${A}/payments`, { cookie: cookies.collectorA, json: manual(), headers: { "idempotency-key": "caixa-0001" } });
      assert.equal(first.status, 201, first.text);
      // 22 days late on 150,00: fine 3,00 and interest 1,10 first, then 5,90 of principal.
      assert.deepEqual(first.body, {
        status: "applied", paymentId: first.body.paymentId, creditCents: 0, unmatchedReason: null,
        allocations: [{ debtId: seed.a.debt.id, externalId: TENANT_SPECS.a.debt.externalId, interestCents: 110, fineCents: 300, correctionCents: 0, principalCents: 590, settled: false }],
      });
      const again = await server.call<RecordBody>("POST", `/api/creditors/${A}/payments`, { cookie: cookies.collectorA, json: manual(), headers: { "idempotency-key": "caixa-0001" } });
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { ...first.body, status: "already_applied" });
      const list = await server.call<Page>("GET", `/api/creditors/${A}/payments?status=applied`, { cookie: cookies.auditorA });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((p) => p.id), [first.body.paymentId]);
    });

    it("refuses what it must: 400 body, 401 anonymous, 403 auditor, 404 other tenant", async () => {
      const bad = assertProblem(await server.call("POST", `/api/creditors/${A}/payments`, { cookie: cookies.collectorA, json: manual({ method: "pix", note: "" }) }), 400);
      assert.deepEqual(bad.errors?.map((e) => e.field).sort(), ["method", "note"]);
      assertProblem(await server.call("POST", `/api/creditors/${A}/payments`, { json: manual() }), 401);
      assertProblem(await server.call("POST", `/api/creditors/${A}/payments`, { cookie: cookies.auditorA, json: manual() }), 403);
      const other = assertProblem(await server.call("POST", `/api/creditors/${B}/payments`, { cookie: cookies.collectorA, json: manual() }), 404);
      assert.equal(other.detail, "Credor não encontrado.");
      const future = assertProblem(await server.call("POST", `/api/creditors/${A}/payments`, { cookie: cookies.collectorA, json: manual({ paidDate: "2025-06-03" }) }), 400);
      assert.equal(future.errors?.[0]?.field, "paidDate");
    });

    it("POST /cnab-imports answers the CLI's JSON; a second upload applies nothing; a malformed file is a 422 naming the line", async () => {
      const r1 = await server.call("POST", `/api/creditors/${A}/cnab-imports`, { cookie: cookies.managerA, form: cnabForm([settle("1", 14410), settle("77", 500)]) });
      assert.equal(r1.status, 200, r1.text);
      const queued = (r1.body as { unmatched: { paymentId: string }[] }).unmatched[0]!.paymentId;
      assert.equal(r1.text, `{"applied":1,"unmatched":[{"paymentId":"${queued}","ourNumber":"77","paidCents":500,"paidDate":"2025-06-01","line":5,"reason":"our_number_not_found"}],"alreadyApplied":0}`);
      const r2 = await server.call("POST", `/api/creditors/${A}/cnab-imports`, { cookie: cookies.managerA, form: cnabForm([settle("1", 14410), settle("77", 500)]) });
      assert.equal(r2.text, '{"applied":0,"unmatched":[],"alreadyApplied":2}');
      const debt = await env.deps.database.db.selectFrom("debts").select(["status", "open_cents"]).where("id", "=", Number(seed.a.debt.id)).executeTakeFirstOrThrow();
      assert.deepEqual(debt, { status: "settled", open_cents: 0 });
      const broken = writeCnab240Return([settle("1", 100)], { bank: "341" }).split("\r\n");
      broken[4] = `${broken[4]!.slice(0, 17)}000007${broken[4]!.slice(23)}`;
      const bad = assertProblem(await server.call("POST", `/api/creditors/${A}/cnab-imports`, { cookie: cookies.managerA, form: fileForm(broken.join("\r\n"), "ruim.ret") }), 422);
      assert.deepEqual(bad.errors, [{ field: "arquivo", line: 5, reason: "trailer do lote informa 7 registros, mas o lote tem 4" }]);
      assertProblem(await server.call("POST", `/api/creditors/${A}/cnab-imports`, { cookie: cookies.collectorA, form: cnabForm([settle("1", 100)]) }), 403);
      assertProblem(await server.call("POST", `/api/creditors/${A}/cnab-imports`, { cookie: cookies.managerA, json: {} }), 415);
    });

    it("the queue: listed, matched or rejected by a manager; a collector may not; another tenant's payment id is not found", async () => {
      const queue = await server.call<Page>("GET", `/api/creditors/${A}/payments?status=unmatched`, { cookie: cookies.collectorA });
      assert.deepEqual(queue.body.items.map((p) => [p.ourNumber, p.unmatchedReason]), [["77", "our_number_not_found"]]);
      const id = queue.body.items[0]!.id;
      assertProblem(await server.call("POST", `/api/creditors/${A}/payments/${id}/match`, { cookie: cookies.collectorA, json: { debtorDocument: TENANT_SPECS.a.debtor.document } }), 403);
      // B's people see neither A's payment under B nor under A.
      const underB = assertProblem(await server.call("POST", `/api/creditors/${B}/payments/${id}/reject`, { cookie: cookies.collectorB, json: { reason: "não é nosso" } }), 403);
      assert.match(underB.detail, /payment\.reconcile/);
      const fromB = await server.call("POST", `/api/creditors/${A}/payments/${id}/reject`, { cookie: cookies.collectorB, json: { reason: "não é nosso" } });
      const unknownCreditor = await server.call("POST", `/api/creditors/00000000-0000-4000-8000-00000000dead/payments/${id}/reject`, { cookie: cookies.collectorB, json: { reason: "não é nosso" } });
      assert.equal(fromB.status, 404);
      assert.equal(fromB.text, unknownCreditor.text);
      const missing = assertProblem(await server.call("POST", `/api/creditors/${A}/payments/999999/match`, { cookie: cookies.managerA, json: { debtorDocument: TENANT_SPECS.a.debtor.document } }), 404);
      assert.equal(missing.detail, "Pagamento não encontrado.");

      const matched = await server.call<Page["items"][number] & { creditCents: number }>("POST", `/api/creditors/${A}/payments/${id}/match`, { cookie: cookies.managerA, json: { debtorDocument: TENANT_SPECS.a.debtor.document, note: "boleto pago com nosso número errado" } });
      assert.equal(matched.status, 200, matched.text);
      // A's only debt is settled already: the money is the debtor's credit.
      assert.deepEqual([matched.body.status, matched.body.resolvedBy, matched.body.allocations, matched.body.creditCents], ["applied", seed.users.managerA.label, [], 500]);
      const twice = assertProblem(await server.call("POST", `/api/creditors/${A}/payments/${id}/reject`, { cookie: cookies.managerA, json: { reason: "duplicado" } }), 409);
      assert.match(twice.detail, /não está na fila de conciliação/);
      const empty = await server.call<Page>("GET", `/api/creditors/${A}/payments?status=unmatched`, { cookie: cookies.auditorA });
      assert.deepEqual(empty.body.items, []);
    });

    it("GET /payments filters by source and paid date, newest first with order=desc, paging either way", async () => {
      const all = await server.call<Page>("GET", `/api/creditors/${A}/payments`, { cookie: cookies.auditorA });
      const [manualId, cnabId, matchedId] = all.body.items.map((p) => p.id);
      const ids = async (query: string) => {
        const r = await server.call<Page>("GET", `/api/creditors/${A}/payments?${query}`, { cookie: cookies.auditorA });
        assert.equal(r.status, 200, r.text);
        return { ids: r.body.items.map((p) => p.id), next: r.body.nextCursor };
      };
      assert.deepEqual((await ids("source=cnab&order=desc")).ids, [matchedId, cnabId]);
      assert.deepEqual((await ids("source=manual")).ids, [manualId]);
      assert.deepEqual((await ids("from=2025-06-01&to=2025-06-01&order=desc")).ids, [matchedId, cnabId, manualId]);
      assert.deepEqual((await ids("from=2025-06-02")).ids, []);
      const first = await ids("order=desc&limit=2");
      assert.deepEqual(first.ids, [matchedId, cnabId]);
      assert.deepEqual((await ids(`order=desc&limit=2&cursor=${first.next}`)).ids, [manualId]);
      assert.deepEqual(assertProblem(await server.call("GET", `/api/creditors/${A}/payments?source=boleto`, { cookie: cookies.auditorA }), 400).errors?.map((e) => e.field), ["source"]);
      const badDay = assertProblem(await server.call("GET", `/api/creditors/${A}/payments?from=2025-13-45`, { cookie: cookies.auditorA }), 400);
      assert.deepEqual(badDay.errors, [{ field: "from", reason: "data inválida (use AAAA-MM-DD): 2025-13-45" }]);
      assertProblem(await server.call("GET", `/api/creditors/${B}/payments?source=cnab`, { cookie: cookies.auditorA }), 404);
    });
  });
}
