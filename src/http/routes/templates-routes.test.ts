import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../../../test/support/factories.ts";
import { assertProblem, startServer, type TestServer } from "../../../test/support/http.ts";
import type { AppDeps } from "../../app/deps.ts";

const THREAT = "Assunto: Aviso\n\nOlá, {{ debtor.firstName }}.\nSe não pagar, chamaremos a polícia!!";
const OK = "Assunto: Aviso de {{ creditor.legalName }}\n\nOlá, {{ debtor.firstName }}. Seu débito está em aberto: {{ links.payment }}";

for (const dialect of testDialects()) {
  describe(`templates routes on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies: Record<string, string> = {};
    let base: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["managerA", "collectorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      base = `/api/creditors/${seed.a.creditor.id}/templates`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("POST …/templates: lint errors → 422 problem with each error's line, column and rule; nothing saved", async () => {
      const res = await server.call("POST", base, { cookie: cookies.managerA, json: { key: "alfa.aviso.email", channel: "email", stage: "firm", content: THREAT } });
      const problem = assertProblem(res, 422);
      assert.equal(problem.title, "Entrada inválida");
      assert.match(problem.detail, /^O modelo tem 2 erros e não foi salvo\. Primeiro: linha 4, coluna 28: Ameaça com polícia/);
      assert.deepEqual(
        (problem.errors as unknown as { field: string; line: number; column: number; rule: string }[]).map((e) => [e.field, e.line, e.column, e.rule]),
        [["content", 4, 28, "threat_police"], ["content", 4, 35, "shouting_exclamation"]],
      );
      const versions = await server.call("GET", `${base}/alfa.aviso.email/versions`, { cookie: cookies.managerA });
      assertProblem(versions, 404);
    });

    it("POST …/templates: 201 with warnings, 200 when unchanged; versions, show and restore", async () => {
      const content = `${OK}\nÚltima chance de pagar com desconto.`;
      const created = await server.call<{ created: boolean; template: { version: number; source: string }; warnings: { rule: string; line: number; column: number }[] }>("POST", base, {
        bearer: seed.apiKeyA.key, json: { key: "alfa.aviso.email", channel: "email", stage: "firm", content },
      });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual({ created: created.body.created, version: created.body.template.version, source: created.body.template.source }, { created: true, version: 1, source: "creditor" });
      assert.deepEqual(created.body.warnings.map((w) => [w.rule, w.line, w.column]), [["spam_words", 4, 1]]);
      const again = await server.call<{ created: boolean }>("POST", base, { cookie: cookies.managerA, json: { key: "alfa.aviso.email", channel: "email", stage: "firm", content } });
      assert.equal(again.status, 200);
      assert.equal(again.body.created, false);
      const v2 = await server.call("POST", base, { cookie: cookies.managerA, json: { key: "alfa.aviso.email", channel: "email", stage: "firm", content: OK } });
      assert.equal(v2.status, 201);

      const history = await server.call<{ items: { version: number }[]; pack: unknown }>("GET", `${base}/alfa.aviso.email/versions`, { cookie: cookies.collectorA });
      assert.deepEqual({ versions: history.body.items.map((v) => v.version), pack: history.body.pack }, { versions: [2, 1], pack: null });
      const restored = await server.call<{ template: { version: number; restoredFrom: number; content: string } }>("POST", `${base}/alfa.aviso.email/versions`, { cookie: cookies.managerA, json: { fromVersion: 1 } });
      assert.equal(restored.status, 201, restored.text);
      assert.deepEqual([restored.body.template.version, restored.body.template.restoredFrom, restored.body.template.content], [3, 1, content]);
      const show = await server.call<{ version: number }>("GET", `${base}/alfa.aviso.email?version=2`, { cookie: cookies.collectorA });
      assert.equal(show.body.version, 2);
      const pack = await server.call<{ source: string; version: null; channel: string }>("GET", `${base}/varejo.notificacao.letter`, { cookie: cookies.collectorA });
      assert.deepEqual([pack.body.source, pack.body.version, pack.body.channel], ["pack", null, "letter"]);
      const list = await server.call<{ items: { key: string; source: string }[] }>("GET", base, { cookie: cookies.collectorA });
      assert.equal(list.body.items.length, 24);
      assert.deepEqual(list.body.items.filter((i) => i.source === "creditor").map((i) => i.key), ["alfa.aviso.email"]);
    });

    it("POST …/templates/preview and …/lint", async () => {
      const preview = await server.call<{ template: { key: string }; message: { channel: string; subject: string; html: string; text: string }; warnings: string[] }>("POST", `${base}/preview`, {
        cookie: cookies.collectorA, json: { debtorId: seed.a.debtor.id, key: "varejo.amigavel.email" },
      });
      assert.equal(preview.status, 200, preview.text);
      assert.equal(preview.body.message.subject, "Alfa Comércio de Roupas Ltda: sua parcela está em aberto");
      assert.match(preview.body.message.html, /^<!DOCTYPE html>/);
      assert.match(preview.body.message.text, /Parcela: vencimento em 10\/05\/2025 \(23 dias em atraso\), R\$ \d+,\d\d/);
      // The seeded creditor has no address: the preview says so (the dispatcher would refuse to send).
      assert.deepEqual(preview.body.warnings, ["o cadastro do credor não tem endereço (CDC art. 42-A)"]);
      const draft = await server.call<{ message: { text: string; segments: number } }>("POST", `${base}/preview`, {
        cookie: cookies.managerA, json: { debtorId: seed.a.debtor.id, content: "{{ creditor.legalName }} ({{ creditor.cnpj }}): {{ debtor.firstName }}, {{ totals.totalCents | money }}", channel: "sms" },
      });
      assert.equal(draft.status, 200, draft.text);
      assert.match(draft.body.message.text, /^Alfa Comercio de Roupas Ltda \(11\.222\.333\/0001-81\): Ana, R\$ \d+,\d\d$/);
      const missing = assertProblem(await server.call("POST", `${base}/preview`, { cookie: cookies.managerA, json: { debtorId: seed.b.debtor.id, key: "varejo.amigavel.email" } }), 404);
      assert.equal(missing.detail, "Devedor não encontrado.");

      const lint = await server.call<{ errors: { rule: string }[]; warnings: { rule: string }[] }>("POST", `${base}/lint`, { cookie: cookies.collectorA, json: { content: "Olá, FALE CONOSCO.", channel: "sms" } });
      assert.equal(lint.status, 200);
      assert.deepEqual([lint.body.errors.map((e) => e.rule), lint.body.warnings.map((e) => e.rule)], [["shouting_caps"], ["missing_creditor_name", "missing_creditor_document"]]);
    });

    it("400, 401, 403", async () => {
      const bad = assertProblem(await server.call("POST", base, { cookie: cookies.managerA, json: { key: "x", channel: "email", stage: "firm" } }), 400);
      assert.deepEqual(bad.errors, [{ field: "content", reason: "obrigatório" }]);
      assertProblem(await server.call("POST", base, { cookie: cookies.managerA, json: { key: "x", channel: "fax", stage: "firm", content: "oi" } }), 400);
      assertProblem(await server.call("GET", base), 401);
      const forbidden = assertProblem(await server.call("POST", base, { cookie: cookies.collectorA, json: { key: "x.y.email", channel: "email", stage: "firm", content: OK } }), 403);
      assert.match(forbidden.detail, /template\.write/);
      assertProblem(await server.call("POST", `${base}/alfa.aviso.email/versions`, { cookie: cookies.collectorA, json: { fromVersion: 1 } }), 403);
    });
  });
}
