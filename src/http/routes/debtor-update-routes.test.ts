// PATCH /api/creditors/{creditorId}/debtors/{debtorId} (the account representative) over real
// HTTP on both databases: who may set it, validation, the timeline and the audit, and the
// detail that shows it; other tenants' debtors answer 404 and stay untouched.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type CallOptions, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

type Representative = { id: string; document: string; representativeEmail: string | null };

for (const dialect of testDialects()) {
  describe(`PATCH …/debtors/{debtorId}: account representative (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const as: Record<string, CallOptions> = {};
    let path: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA", "collectorB"] as const) as[who] = { cookie: await server.login(seed.users[who].email, seed.users[who].password) };
      as.apiKeyA = { bearer: seed.apiKeyA.key };
      path = `/api/creditors/${seed.a.creditor.id}/debtors/${seed.a.debtor.id}`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    const events = () => env.deps.database.db.selectFrom("events").select(["kind", "at", "actor", "data"]).where("debtor_id", "=", Number(seed.a.debtor.id)).where("kind", "=", "debtor.updated").orderBy("id").execute();
    const audits = () => env.deps.database.db.selectFrom("audit_log").select(["action", "actor", "entity", "entity_id", "before", "after"]).where("action", "=", "debtor.update").orderBy("id").execute();

    it("a collector (who edits contacts) sets it, normalised; the detail shows it; timeline and audit say who, before and after", async () => {
      const res = await server.call<Representative>("PATCH", path, { ...as.collectorA, json: { representativeEmail: "  Gerente.Conta@Alfa.com.BR " } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { id: seed.a.debtor.id, document: seed.a.debtor.document, representativeEmail: "gerente.conta@alfa.com.br" });
      const detail = await server.call<{ debtor: { representativeEmail: string | null } }>("GET", path, as.auditorA);
      assert.equal(detail.body.debtor.representativeEmail, "gerente.conta@alfa.com.br");
      const label = seed.users.collectorA.label;
      assert.deepEqual(
        (await events()).map((e) => ({ ...e, data: JSON.parse(e.data) as unknown })),
        [{ kind: "debtor.updated", at: TEST_NOW, actor: label, data: { changes: { representativeEmail: [null, "gerente.conta@alfa.com.br"] } } }],
      );
      assert.deepEqual(await audits(), [
        { action: "debtor.update", actor: label, entity: "debtor", entity_id: seed.a.debtor.id, before: '{"representativeEmail":null}', after: '{"representativeEmail":"gerente.conta@alfa.com.br"}' },
      ]);
    });

    it("the same address again changes nothing and writes nothing", async () => {
      const res = await server.call<Representative>("PATCH", path, { ...as.apiKeyA, json: { representativeEmail: "gerente.conta@alfa.com.br" } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.representativeEmail, "gerente.conta@alfa.com.br");
      assert.equal((await events()).length, 1);
      assert.equal((await audits()).length, 1);
    });

    it("null clears it", async () => {
      const res = await server.call<Representative>("PATCH", path, { ...as.managerA, json: { representativeEmail: null } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.representativeEmail, null);
      const detail = await server.call<{ debtor: { representativeEmail: string | null } }>("GET", path, as.managerA);
      assert.equal(detail.body.debtor.representativeEmail, null);
      const last = (await events()).at(-1)!;
      assert.deepEqual(JSON.parse(last.data), { changes: { representativeEmail: ["gerente.conta@alfa.com.br", null] } });
      assert.equal(last.actor, seed.users.managerA.label);
    });

    it("a malformed address is a 400 naming the field, in Portuguese; a body without the field or with others is a 400 too", async () => {
      const bad = assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { representativeEmail: "gerente@gmial.com" } }), 400);
      assert.deepEqual(bad.errors, [{ field: "representativeEmail", reason: "e-mail do representante inválido: domínio provavelmente digitado errado (gmial.com → gmail.com?)" }]);
      assert.equal(bad.detail, "representativeEmail: e-mail do representante inválido: domínio provavelmente digitado errado (gmial.com → gmail.com?)");
      assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { representativeEmail: "sem-arroba" } }), 400);
      assertProblem(await server.call("PATCH", path, { ...as.managerA, json: {} }), 400);
      assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { representativeEmail: null, name: "Outro Nome" } }), 400);
      assert.equal((await events()).length, 2);
    });

    it("an auditor may not; other tenants' debtors and creditors answer 404 and stay as they were", async () => {
      assertProblem(await server.call("PATCH", path, { ...as.auditorA, json: { representativeEmail: "x@alfa.com.br" } }), 403);
      const bDebtorUnderA = `/api/creditors/${seed.a.creditor.id}/debtors/${seed.b.debtor.id}`;
      const bDebtorUnderB = `/api/creditors/${seed.b.creditor.id}/debtors/${seed.b.debtor.id}`;
      const body = { json: { representativeEmail: "intruso@alfa.com.br" } };
      const missing = assertProblem(await server.call("PATCH", bDebtorUnderA, { ...as.managerA, ...body }), 404);
      const unknown = assertProblem(await server.call("PATCH", `/api/creditors/${seed.a.creditor.id}/debtors/999999`, { ...as.managerA, ...body }), 404);
      assert.equal(missing.detail, unknown.detail);
      assertProblem(await server.call("PATCH", bDebtorUnderB, { ...as.apiKeyA, ...body }), 404);
      assertProblem(await server.call("PATCH", bDebtorUnderA, { ...as.collectorB, ...body }), 404);
      const b = await env.deps.database.db.selectFrom("debtors").select("representative_email").where("id", "=", Number(seed.b.debtor.id)).executeTakeFirstOrThrow();
      assert.equal(b.representative_email, null);
      // B's own collector may set B's.
      const own = await server.call<Representative>("PATCH", bDebtorUnderB, { ...as.collectorB, json: { representativeEmail: "gerente@beta.com.br" } });
      assert.equal(own.status, 200, own.text);
    });
  });
}
