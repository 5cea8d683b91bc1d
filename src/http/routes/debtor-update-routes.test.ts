// PATCH /api/creditors/{creditorId}/debtors/{debtorId} (the account representative and the risk
// band) over real HTTP on both databases: who may set each, validation, the timeline and the
// audit, and the detail that shows them; other tenants' debtors answer 404 and stay untouched.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type CallOptions, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

type Representative = { id: string; document: string; representativeEmail: string | null; riskBand: string | null };

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
      assert.deepEqual(res.body, { id: seed.a.debtor.id, document: seed.a.debtor.document, representativeEmail: "gerente.conta@alfa.com.br", riskBand: null });
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

for (const dialect of testDialects()) {
  describe(`PATCH …/debtors/{debtorId}: risk band (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const as: Record<string, CallOptions> = {};
    let path: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA", "auditorA"] as const) as[who] = { cookie: await server.login(seed.users[who].email, seed.users[who].password) };
      as.apiKeyA = { bearer: seed.apiKeyA.key };
      path = `/api/creditors/${seed.a.creditor.id}/debtors/${seed.a.debtor.id}`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    const events = async () =>
      (await env.deps.database.db.selectFrom("events").select(["actor", "data"]).where("debtor_id", "=", Number(seed.a.debtor.id)).where("kind", "=", "debtor.updated").orderBy("id").execute()).map(
        (e) => ({ actor: e.actor, changes: (JSON.parse(e.data) as { changes: unknown }).changes }),
      );
    const audits = () => env.deps.database.db.selectFrom("audit_log").select(["actor", "before", "after"]).where("action", "=", "debtor.update").orderBy("id").execute();
    const stored = () => env.deps.database.db.selectFrom("debtors").select(["representative_email", "risk_band"]).where("id", "=", Number(seed.a.debtor.id)).executeTakeFirstOrThrow();

    it("a manager sets it, trimmed and upper-cased; the answer and the detail show it; one event and one audit entry", async () => {
      const res = await server.call<Representative>("PATCH", path, { ...as.managerA, json: { riskBand: " c+ " } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { id: seed.a.debtor.id, document: seed.a.debtor.document, representativeEmail: null, riskBand: "C+" });
      const detail = await server.call<{ debtor: { riskBand: string | null; representativeEmail: string | null } }>("GET", path, as.auditorA);
      assert.deepEqual([detail.body.debtor.riskBand, detail.body.debtor.representativeEmail], ["C+", null]);
      const label = seed.users.managerA.label;
      assert.deepEqual(await events(), [{ actor: label, changes: { riskBand: [null, "C+"] } }]);
      assert.deepEqual(await audits(), [{ actor: label, before: '{"riskBand":null}', after: '{"riskBand":"C+"}' }]);
    });

    it("the same band in another case changes nothing and writes nothing", async () => {
      const res = await server.call<Representative>("PATCH", path, { ...as.managerA, json: { riskBand: "c+" } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.riskBand, "C+");
      assert.equal((await events()).length, 1);
      assert.equal((await audits()).length, 1);
    });

    it("both fields in one request: one event and one audit entry listing each field that changed, and only those", async () => {
      const both = await server.call<Representative>("PATCH", path, { ...as.apiKeyA, json: { representativeEmail: "Gerente@Alfa.com.br", riskBand: "alto risco" } });
      assert.equal(both.status, 200, both.text);
      assert.deepEqual(both.body, { id: seed.a.debtor.id, document: seed.a.debtor.document, representativeEmail: "gerente@alfa.com.br", riskBand: "ALTO RISCO" });
      const onlyBand = await server.call<Representative>("PATCH", path, { ...as.apiKeyA, json: { representativeEmail: "gerente@alfa.com.br", riskBand: "B" } });
      assert.equal(onlyBand.status, 200, onlyBand.text);
      const label = seed.apiKeyA.label;
      assert.deepEqual((await events()).slice(1), [
        { actor: label, changes: { representativeEmail: [null, "gerente@alfa.com.br"], riskBand: ["C+", "ALTO RISCO"] } },
        { actor: label, changes: { riskBand: ["ALTO RISCO", "B"] } },
      ]);
      assert.deepEqual((await audits()).slice(1), [
        { actor: label, before: '{"representativeEmail":null,"riskBand":"C+"}', after: '{"representativeEmail":"gerente@alfa.com.br","riskBand":"ALTO RISCO"}' },
        { actor: label, before: '{"riskBand":"ALTO RISCO"}', after: '{"riskBand":"B"}' },
      ]);
    });

    it("an absent field is left alone; null clears", async () => {
      const res = await server.call<Representative>("PATCH", path, { ...as.managerA, json: { riskBand: null } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual([res.body.representativeEmail, res.body.riskBand], ["gerente@alfa.com.br", null]);
      assert.deepEqual(await stored(), { representative_email: "gerente@alfa.com.br", risk_band: null });
      assert.deepEqual((await events()).at(-1)!.changes, { riskBand: ["B", null] });
      const rep = await server.call<Representative>("PATCH", path, { ...as.managerA, json: { representativeEmail: null } });
      assert.deepEqual([rep.status, rep.body.riskBand], [200, null]);
      await server.call("PATCH", path, { ...as.managerA, json: { riskBand: "D" } });
      const rep2 = await server.call<Representative>("PATCH", path, { ...as.managerA, json: { representativeEmail: "outro@alfa.com.br" } });
      assert.deepEqual(rep2.body, { id: seed.a.debtor.id, document: seed.a.debtor.document, representativeEmail: "outro@alfa.com.br", riskBand: "D" });
    });

    it("a collector may set the representative but not the band, not even beside the representative; an auditor neither", async () => {
      const before = { rows: await stored(), events: (await events()).length };
      const alone = assertProblem(await server.call("PATCH", path, { ...as.collectorA, json: { riskBand: "A" } }), 403);
      assert.equal(alone.detail, 'O perfil "collector" não permite esta operação (ladder.write).');
      assertProblem(await server.call("PATCH", path, { ...as.collectorA, json: { representativeEmail: "rep@alfa.com.br", riskBand: "A" } }), 403);
      assertProblem(await server.call("PATCH", path, { ...as.collectorA, json: { representativeEmail: "rep@alfa.com.br", riskBand: null } }), 403);
      assertProblem(await server.call("PATCH", path, { ...as.auditorA, json: { riskBand: "A" } }), 403);
      assert.deepEqual({ rows: await stored(), events: (await events()).length }, before);
      const rep = await server.call<Representative>("PATCH", path, { ...as.collectorA, json: { representativeEmail: "rep@alfa.com.br" } });
      assert.deepEqual([rep.status, rep.body.representativeEmail, rep.body.riskBand], [200, "rep@alfa.com.br", "D"]);
    });

    it("400s in Portuguese naming the field: neither field, a bad band, an empty band", async () => {
      const before = (await events()).length;
      const none = assertProblem(await server.call("PATCH", path, { ...as.managerA, json: {} }), 400);
      assert.deepEqual([none.detail, none.errors], ["corpo: informe representativeEmail, riskBand ou os dois", [{ field: "corpo", reason: "informe representativeEmail, riskBand ou os dois" }]]);
      const bad = assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { riskBand: "A/B" } }), 400);
      assert.deepEqual(bad.errors, [{ field: "riskBand", reason: 'faixa de risco "A/B" com caractere não aceito ("/"): use letras, números, espaço, +, - ou _' }]);
      const long = assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { riskBand: "x".repeat(21) } }), 400);
      assert.deepEqual(long.errors, [{ field: "riskBand", reason: `faixa de risco "${"x".repeat(21)}" com 21 caracteres (máximo 20)` }]);
      const empty = assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { riskBand: "  " } }), 400);
      assert.deepEqual(empty.errors, [{ field: "riskBand", reason: "faixa de risco vazia" }]);
      // A bad band beside a good address: nothing is written.
      assertProblem(await server.call("PATCH", path, { ...as.managerA, json: { representativeEmail: "novo@alfa.com.br", riskBand: "A/B" } }), 400);
      assert.equal((await events()).length, before);
      assert.equal((await stored()).representative_email, "rep@alfa.com.br");
    });

    it("another tenant's debtor answers 404 and keeps its band", async () => {
      assertProblem(await server.call("PATCH", `/api/creditors/${seed.a.creditor.id}/debtors/${seed.b.debtor.id}`, { ...as.managerA, json: { riskBand: "Z" } }), 404);
      assertProblem(await server.call("PATCH", `/api/creditors/${seed.b.creditor.id}/debtors/${seed.b.debtor.id}`, { ...as.apiKeyA, json: { riskBand: "Z" } }), 404);
      const b = await env.deps.database.db.selectFrom("debtors").select("risk_band").where("id", "=", Number(seed.b.debtor.id)).executeTakeFirstOrThrow();
      assert.equal(b.risk_band, null);
    });
  });
}
