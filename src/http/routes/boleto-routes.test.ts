// Boletos over real HTTP: billing accounts, issuing for a debt, the list and the PDF.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";
import { testAccountInput } from "../../app/boleto/billing-test-accounts.ts";
import { kitDebt } from "../../app/payments/payments-test-kit.ts";
import { parseBoleto } from "../../domain/boleto/parse-boleto.ts";

type Account = { id: string; bank: string; isDefault: boolean; nextOurNumber: number };
type Boleto = { id: string; debtId: string; ourNumber: string; ourNumberFormatted: string; barcode: string; line: string; amountCents: number; dueDate: string; bank: string; status: string; instructions: string[]; charges: { totalCents: number } };

for (const dialect of testDialects()) {
  describe(`boletos por HTTP (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base = "";

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

    it("billing accounts: a manager adds and lists; 400 names the wrong fields in Portuguese; 403 for a collector; 401 without credentials", async () => {
      const created = await server.call<Account>("POST", `${base}/billing-accounts`, { cookie: cookies.managerA, json: testAccountInput("itau", { instructions: ["Não receber após 30 dias"] }) });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual([created.body.bank, created.body.isDefault, created.body.nextOurNumber], ["341", true, 1]);
      const list = await server.call<{ items: Account[] }>("GET", `${base}/billing-accounts`, { cookie: cookies.managerA });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items.map((a) => a.id), [created.body.id]);

      const bad = assertProblem(await server.call("POST", `${base}/billing-accounts`, { cookie: cookies.managerA, json: { bank: "341", agency: "1234", account: "123456", wallet: "9" } }), 400);
      assert.deepEqual(bad.errors, [
        { field: "wallet", reason: "carteira deve ter 3 dígitos (recebido: 1)" },
        { field: "account", reason: "conta deve ter até 5 dígitos (recebido: 6)" },
      ]);
      assertProblem(await server.call("POST", `${base}/billing-accounts`, { cookie: cookies.managerA, json: { ...testAccountInput("bradesco"), senha: "x" } }), 400);
      const forbidden = assertProblem(await server.call("POST", `${base}/billing-accounts`, { cookie: cookies.collectorA, json: testAccountInput("bradesco") }), 403);
      assert.match(forbidden.detail, /billing\.manage/);
      assertProblem(await server.call("GET", `${base}/billing-accounts`, { cookie: cookies.auditorA }), 403);
      assertProblem(await server.call("GET", `${base}/billing-accounts`), 401);
    });

    it("a collector issues a boleto for A's debt; the list and the PDF follow; what the API prints, parse reads back", async () => {
      const A = seed.a;
      const res = await server.call<Boleto>("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.collectorA, json: {} });
      assert.equal(res.status, 201, res.text);
      const b = res.body;
      assert.deepEqual([b.debtId, b.bank, b.ourNumber, b.ourNumberFormatted, b.dueDate, b.status, b.amountCents], [A.debt.id, "341", "1", "109/00000001-0", "2025-06-05", "issued", b.charges.totalCents]);
      assert.ok(b.amountCents > A.debt.amountCents, "overdue since 2025-05-10: fine and interest on top");
      const parsed = parseBoleto(b.line, "2025-06-02");
      assert.ok(parsed.ok && parsed.value.kind === "bank");
      assert.deepEqual([parsed.value.amountCents, parsed.value.dueDate, parsed.value.bank, parsed.value.barcode], [b.amountCents, "2025-06-05", "341", b.barcode]);
      assert.match(b.instructions.at(-1)!, /^Credor: Alfa Comércio de Roupas Ltda, CNPJ 11\.222\.333\/0001-81.*\(CDC art\. 42-A\)\.$/);

      const list = await server.call<{ items: Boleto[] }>("GET", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.auditorA });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items.map((x) => [x.id, x.line]), [[b.id, b.line]]);

      const pdf = await server.call("GET", `${base}/debts/${A.debt.id}/boletos/${b.id}/pdf`, { cookie: cookies.auditorA });
      assert.equal(pdf.status, 200, pdf.text.slice(0, 200));
      assert.equal(pdf.contentType, "application/pdf");
      assert.equal(pdf.headers.get("content-disposition"), `inline; filename="boleto-${A.debt.externalId}-1.pdf"`);
      assert.ok(pdf.text.startsWith("%PDF-"));

      // A re-issue with a chosen due date keeps the nosso número.
      const again = await server.call<Boleto>("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.managerA, json: { dueDate: "2025-06-30" } });
      assert.equal(again.status, 201, again.text);
      assert.deepEqual([again.body.ourNumber, again.body.dueDate], ["1", "2025-06-30"]);
      const both = await server.call<{ items: Boleto[] }>("GET", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.collectorA });
      assert.deepEqual(both.body.items.map((x) => x.status), ["issued", "cancelled"]);
    });

    it("400 for a past or malformed due date and unknown fields, 403 for an auditor, 404 for a boleto of another debt", async () => {
      const A = seed.a;
      const past = assertProblem(await server.call("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.managerA, json: { dueDate: "2025-06-01" } }), 400);
      assert.equal(past.detail, "dueDate: o vencimento 01/06/2025 já passou (hoje é 02/06/2025 no fuso do devedor)");
      assertProblem(await server.call("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.managerA, json: { dueDate: "amanhã" } }), 400);
      assertProblem(await server.call("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.managerA, json: { amountCents: 1 } }), 400);
      assertProblem(await server.call("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.auditorA, json: {} }), 403);
      const missingAccount = assertProblem(await server.call("POST", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.managerA, json: { accountId: "999999" } }), 404);
      assert.equal(missingAccount.detail, "Carteira de cobrança não encontrada.");

      const other = await kitDebt(env.deps.database.db, seed.a.creditor.id, Number(A.debtor.id), "ALFA-0002", 5000, "2025-06-20");
      const [first] = (await server.call<{ items: Boleto[] }>("GET", `${base}/debts/${A.debt.id}/boletos`, { cookie: cookies.collectorA })).body.items;
      const wrong = assertProblem(await server.call("GET", `${base}/debts/${other}/boletos/${first!.id}/pdf`, { cookie: cookies.collectorA }), 404);
      assert.equal(wrong.detail, "Boleto não encontrado.");
      assertProblem(await server.call("GET", `${base}/debts/${A.debt.id}/boletos/abc/pdf`, { cookie: cookies.collectorA }), 404);
      assertProblem(await server.call("GET", `${base}/debts/${A.debt.id}/boletos/${first!.id}/pdf`), 401);
    });

    it("the OpenAPI document describes the routes", async () => {
      const spec = (await server.call<{ paths: Record<string, Record<string, { summary?: string }>> }>("GET", "/api/openapi.json")).body;
      for (const [path, method] of [
        ["/api/creditors/{creditorId}/billing-accounts", "get"],
        ["/api/creditors/{creditorId}/billing-accounts", "post"],
        ["/api/creditors/{creditorId}/debts/{debtId}/boletos", "get"],
        ["/api/creditors/{creditorId}/debts/{debtId}/boletos", "post"],
        ["/api/creditors/{creditorId}/debts/{debtId}/boletos/{boletoId}/pdf", "get"],
      ] as const) {
        assert.ok(spec.paths[path]?.[method]?.summary, `${method} ${path}`);
      }
    });
  });
}
