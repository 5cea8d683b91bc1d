// Per route: 400 for bad input (schema and use-case checks, Portuguese reasons naming the
// field), 401 without credentials, 403 for a role without the permission, 404 for unknown
// ids and routes — always as RFC 9457 problem+json.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../support/factories.ts";
import { assertProblem, fileForm, startServer, type CallOptions, type TestServer } from "../support/http.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { AUDIT_ACTIONS } from "../../src/app/audit.ts";

type Who = "admin" | "managerA" | "collectorA" | "auditorA";
type FieldError = { field: string; reason: string };

/** Routes open without credentials. */
// The PIX webhook needs no session: it is authenticated by the creditor's token in its URL (see pix-routes.test.ts).
const PUBLIC = new Set(["GET /api/health", "POST /api/auth/login", "POST /api/auth/logout", "POST /api/webhooks/pix/{creditorId}/pix"]);

const GOOD_CSV = "documento;titulo;valor;vencimento\n39053344705;V-1;10,00;01/07/2025\n";

for (const dialect of testDialects()) {
  describe(`validação e erros por rota (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    const cookies = {} as Record<Who, string>;
    let A: string;
    let debtorA: string;
    let contactA: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["admin", "managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      A = seed.a.creditor.id;
      debtorA = seed.a.debtor.id;
      contactA = seed.a.contacts[0]!.id;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    const as = (who: Who, options: CallOptions = {}): CallOptions => ({ ...options, cookie: cookies[who] });

    describe("400: schema and use-case validation, field named, reason in Portuguese", () => {
      type Case = { name: string; who: Who; method: string; path: () => string; options?: CallOptions; errors: FieldError[] };
      const cases: Case[] = [
        { name: "login without fields", who: "admin", method: "POST", path: () => "/api/auth/login", options: { json: {} }, errors: [{ field: "email", reason: "obrigatório" }, { field: "password", reason: "obrigatório" }] },
        { name: "login with an object for e-mail", who: "admin", method: "POST", path: () => "/api/auth/login", options: { json: { email: { x: 1 }, password: "x" } }, errors: [{ field: "email", reason: "tipo inválido (esperado string)" }] },
        { name: "login with a too short e-mail", who: "admin", method: "POST", path: () => "/api/auth/login", options: { json: { email: "a", password: "x" } }, errors: [{ field: "email", reason: "deve ter pelo menos 3 caracteres" }] },
        { name: "password change without the new one", who: "collectorA", method: "POST", path: () => "/api/auth/password", options: { json: { currentPassword: "x" } }, errors: [{ field: "newPassword", reason: "obrigatório" }] },
        { name: "creditor without legal name", who: "admin", method: "POST", path: () => "/api/creditors", options: { json: { cnpj: "11222333000181" } }, errors: [{ field: "legalName", reason: "obrigatório" }] },
        { name: "creditor with an object for CNPJ", who: "admin", method: "POST", path: () => "/api/creditors", options: { json: { legalName: "Gama Ltda", cnpj: { n: 1 } } }, errors: [{ field: "cnpj", reason: "tipo inválido (esperado string)" }] },
        { name: "creditor with a bad check digit", who: "admin", method: "POST", path: () => "/api/creditors", options: { json: { legalName: "Gama Ltda", cnpj: "11.222.333/0001-80" } }, errors: [{ field: "cnpj", reason: "CNPJ com dígito verificador inválido" }] },
        { name: "creditor with a CPF", who: "admin", method: "POST", path: () => "/api/creditors", options: { json: { legalName: "Gama", cnpj: "529.982.247-25" } }, errors: [{ field: "cnpj", reason: "o credor deve ter CNPJ" }] },
        { name: "creditor with unknown sector and UF", who: "admin", method: "POST", path: () => "/api/creditors", options: { json: { legalName: "Gama", cnpj: "45723174000110", sector: "espacial", state: "XX" } }, errors: [{ field: "state", reason: "UF inválida: XX" }, { field: "sector", reason: "setor inválido (use financial, telecom, utilities, retail, education, health, other)" }] },
        { name: "creditor fine above 2 %", who: "managerA", method: "PATCH", path: () => `/api/creditors/${A}`, options: { json: { finePercent: 2.5 } }, errors: [{ field: "finePercent", reason: "a multa de consumidores não pode passar de 2 % (CDC art. 52 §1)" }] },
        { name: "creditor negative interest", who: "managerA", method: "PATCH", path: () => `/api/creditors/${A}`, options: { json: { interestMonthlyPercent: -1 } }, errors: [{ field: "interestMonthlyPercent", reason: "deve ser no mínimo 0" }] },
        { name: "creditor interest with three decimals", who: "managerA", method: "PATCH", path: () => `/api/creditors/${A}`, options: { json: { interestMonthlyPercent: 1.005 } }, errors: [{ field: "interestMonthlyPercent", reason: "use um percentual com até duas casas decimais" }] },
        { name: "creditor fine not a number", who: "managerA", method: "PATCH", path: () => `/api/creditors/${A}`, options: { json: { finePercent: "dois" } }, errors: [{ field: "finePercent", reason: "tipo inválido (esperado number)" }] },
        { name: "debtor search limit 0", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors?limit=0`, errors: [{ field: "limit", reason: "deve ser no mínimo 1" }] },
        { name: "debtor search limit not a number", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors?limit=muitos`, errors: [{ field: "limit", reason: "tipo inválido (esperado integer)" }] },
        { name: "debtor search unknown status", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors?status=pendente`, errors: [{ field: "status", reason: "valor não permitido (use open, settled, in_agreement, written_off, disputed, cancelled)" }] },
        { name: "debtor search bad cursor", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors?cursor=bWVpYQ`, errors: [{ field: "cursor", reason: "cursor inválido" }] },
        { name: "debtor id longer than 20", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors/${"9".repeat(21)}`, errors: [{ field: "debtorId", reason: "deve ter no máximo 20 caracteres" }] },
        { name: "timeline limit above 500", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors/${debtorA}/timeline?limit=501`, errors: [{ field: "limit", reason: "deve ser no máximo 500" }] },
        { name: "contact without fields", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts`, options: { json: {} }, errors: [{ field: "kind", reason: "obrigatório" }, { field: "value", reason: "obrigatório" }] },
        { name: "contact with an empty value", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts`, options: { json: { kind: "email", value: "" } }, errors: [{ field: "value", reason: "deve ter pelo menos 1 caracteres" }] },
        { name: "contact e-mail without @", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts`, options: { json: { kind: "email", value: "sem-arroba.exemplo.com" } }, errors: [{ field: "value", reason: "falta o @" }] },
        { name: "invalidation reason too short", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts/${contactA}/invalidate`, options: { json: { reason: "ok" } }, errors: [{ field: "reason", reason: "deve ter pelo menos 3 caracteres" }] },
        { name: "debts limit above 500", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debts?limit=501`, errors: [{ field: "limit", reason: "deve ser no máximo 500" }] },
        { name: "debts unknown status", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debts?status=vencido`, errors: [{ field: "status", reason: "use open, settled, in_agreement, written_off, disputed, cancelled" }] },
        { name: "import dryRun not boolean", who: "managerA", method: "POST", path: () => `/api/creditors/${A}/imports?dryRun=talvez`, options: { form: fileForm(GOOD_CSV) }, errors: [{ field: "dryRun", reason: "tipo inválido (esperado boolean)" }] },
        { name: "import without the file field", who: "managerA", method: "POST", path: () => `/api/creditors/${A}/imports`, options: { form: new FormData() }, errors: [{ field: "file", reason: "obrigatório" }] },
        { name: "user with a weak password", who: "admin", method: "POST", path: () => "/api/users", options: { json: { email: "novo@teste.regua", name: "Novo", role: "collector", creditorIds: [A], password: "curta" } }, errors: [{ field: "password", reason: "a senha deve ter pelo menos 10 caracteres" }] },
        { name: "user with a bad e-mail", who: "admin", method: "POST", path: () => "/api/users", options: { json: { email: "novo.teste.regua", name: "Novo", role: "collector", creditorIds: [A] } }, errors: [{ field: "email", reason: "e-mail inválido" }] },
        { name: "non-admin user without creditors", who: "admin", method: "POST", path: () => "/api/users", options: { json: { email: "novo@teste.regua", name: "Novo", role: "manager", creditorIds: [] } }, errors: [{ field: "creditorIds", reason: "obrigatório" }] },
        { name: "user without role", who: "admin", method: "POST", path: () => "/api/users", options: { json: { email: "novo@teste.regua", name: "Novo", creditorIds: [A] } }, errors: [{ field: "role", reason: "obrigatório" }] },
        { name: "API key without creditors", who: "admin", method: "POST", path: () => "/api/api-keys", options: { json: { name: "k", role: "collector", creditorIds: [] } }, errors: [{ field: "creditorIds", reason: "deve ter pelo menos 1 itens" }] },
        { name: "API key with admin role", who: "admin", method: "POST", path: () => "/api/api-keys", options: { json: { name: "k", role: "admin", creditorIds: [A] } }, errors: [{ field: "role", reason: "perfil inválido" }] },
        { name: "audit limit 0", who: "auditorA", method: "GET", path: () => "/api/audit?limit=0", errors: [{ field: "limit", reason: "deve ser no mínimo 1" }] },
        { name: "audit before not an id", who: "auditorA", method: "GET", path: () => "/api/audit?before=ontem", errors: [{ field: "before", reason: "use o id de uma entrada" }] },
        { name: "audit unknown action", who: "auditorA", method: "GET", path: () => "/api/audit?action=contato.apagado", errors: [{ field: "action", reason: `valor não permitido (use ${AUDIT_ACTIONS.join(", ")})` }] },
      ];
      for (const c of cases) {
        it(c.name, async () => {
          const res = await server.call(c.method, c.path(), as(c.who, c.options));
          const problem = assertProblem(res, 400, c.name);
          assert.deepEqual(problem.errors, c.errors);
          assert.equal(problem.title, "Dados inválidos");
        });
      }

      it("malformed JSON → 400 problem", async () => {
        const problem = assertProblem(await server.call("POST", "/api/creditors", { cookie: cookies.admin, body: "{\"legalName\":", headers: { "content-type": "application/json" } }), 400);
        assert.equal(problem.detail, "Corpo da requisição inválido (JSON malformado?).");
      });

      it("an import sent as JSON instead of multipart → 415 problem", async () => {
        const problem = assertProblem(await server.call("POST", `/api/creditors/${A}/imports`, as("managerA", { json: { file: "x" } })), 415);
        assert.equal(problem.detail, "Envie o arquivo como multipart/form-data no campo \"file\".");
      });

      it("an extra field → 400 naming that field (never the English context \"body\")", async () => {
        const problem = assertProblem(await server.call("POST", "/api/creditors", as("admin", { json: { legalName: "Gama", cnpj: "45723174000110", isAdmin: true } })), 400);
        assert.deepEqual(problem.errors, [{ field: "isAdmin", reason: "campo não permitido" }]);
        assert.equal(problem.detail, "isAdmin: campo não permitido");
        const onContact = assertProblem(await server.call("POST", `/api/creditors/${A}/debtors/${debtorA}/contacts`, as("collectorA", { json: { kind: "email", value: "x@exemplo.com.br", validity: "valid" } })), 400);
        assert.deepEqual(onContact.errors, [{ field: "validity", reason: "campo não permitido" }]);
      });

      it("a value outside a closed list → one error listing the accepted values", async () => {
        const kind = assertProblem(await server.call("POST", `/api/creditors/${A}/debtors/${debtorA}/contacts`, as("collectorA", { json: { kind: "fax", value: "123" } })), 400);
        assert.deepEqual(kind.errors, [{ field: "kind", reason: "valor não permitido (use email, phone, whatsapp, address)" }]);
        const role = assertProblem(await server.call("POST", "/api/users", as("admin", { json: { email: "novo@teste.regua", name: "Novo", role: "chefe", creditorIds: [A] } })), 400);
        assert.deepEqual(role.errors, [{ field: "role", reason: "valor não permitido (use admin, manager, collector, auditor)" }]);
        // Beside another error, each field still gets its own single entry.
        const both = assertProblem(await server.call("POST", "/api/api-keys", as("admin", { json: { name: "", role: "dono", creditorIds: [A] } })), 400);
        assert.deepEqual(both.errors, [
          { field: "name", reason: "deve ter pelo menos 1 caracteres" },
          { field: "role", reason: "valor não permitido (use admin, manager, collector, auditor)" },
        ]);
      });

      it("a query parameter error names the parameter, a path one the path segment", async () => {
        const query = assertProblem(await server.call("GET", `/api/creditors/${A}/debts?limit=0&status=open`, as("collectorA")), 400);
        assert.deepEqual(query.errors, [{ field: "limit", reason: "deve ser no mínimo 1" }]);
        const param = assertProblem(await server.call("GET", `/api/creditors/${"x".repeat(65)}`, as("admin")), 400);
        assert.deepEqual(param.errors, [{ field: "creditorId", reason: "deve ter no máximo 64 caracteres" }]);
      });

      it("validation failures wrote nothing", async () => {
        const { db } = env.deps.database;
        assert.equal((await db.selectFrom("creditors").select("id").execute()).length, 2);
        assert.equal((await db.selectFrom("users").select("id").where("email", "=", "novo@teste.regua").execute()).length, 0);
        const creditor = await db.selectFrom("creditors").select(["fine_bp", "interest_monthly_bp"]).where("id", "=", A).executeTakeFirstOrThrow();
        assert.deepEqual(creditor, { fine_bp: 200, interest_monthly_bp: 100 });
        const contact = await db.selectFrom("contacts").select("validity").where("id", "=", Number(contactA)).executeTakeFirstOrThrow();
        assert.equal(contact.validity, "unknown");
      });
    });

    describe("401 without credentials on every non-public route", () => {
      it("each route of the OpenAPI document, anonymous and with a bogus cookie", async () => {
        const spec = await server.call<{ paths: Record<string, Record<string, unknown>> }>("GET", "/api/openapi.json");
        const routes = Object.entries(spec.body.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })));
        const closed = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
        assert.ok(closed.length >= 14, `rotas protegidas: ${closed.length}`);
        for (const r of closed) {
          const path = r.path.replace("{creditorId}", A).replace("{debtorId}", debtorA).replace("{contactId}", contactA);
          const options: CallOptions = r.method === "GET" ? {} : path.endsWith("/imports") ? { form: fileForm(GOOD_CSV) } : { json: {} };
          for (const cookie of [undefined, "regua_session=forjado"]) {
            const problem = assertProblem(await server.call(r.method, path, { ...options, cookie }), 401, `${r.method} ${r.path}`);
            assert.equal(problem.detail, "Faça login para continuar.");
          }
        }
        const counts = await env.deps.database.db.selectFrom("debts").select("external_id").where("external_id", "=", "V-1").execute();
        assert.deepEqual(counts, [], "o upload anônimo não importou nada");
      });
    });

    describe("403 for a role without the permission", () => {
      type Case = { name: string; who: Who | "apiKeyA"; method: string; path: () => string; options?: CallOptions; detail: string };
      const cases: Case[] = [
        { name: "auditor adds a contact", who: "auditorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts`, options: { json: { kind: "email", value: "auditor@exemplo.com.br" } }, detail: 'O perfil "auditor" não permite esta operação (contact.write).' },
        { name: "auditor invalidates a contact", who: "auditorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts/${contactA}/invalidate`, options: { json: { reason: "número errado" } }, detail: 'O perfil "auditor" não permite esta operação (contact.write).' },
        { name: "collector imports", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/imports`, options: { form: fileForm(GOOD_CSV) }, detail: 'O perfil "collector" não permite esta operação (import).' },
        { name: "collector changes the creditor", who: "collectorA", method: "PATCH", path: () => `/api/creditors/${A}`, options: { json: { finePercent: 1 } }, detail: 'O perfil "collector" não permite esta operação (creditor.update).' },
        { name: "collector reads the audit log", who: "collectorA", method: "GET", path: () => "/api/audit", detail: 'O perfil "collector" não permite esta operação (audit.read).' },
        { name: "manager creates a user", who: "managerA", method: "POST", path: () => "/api/users", options: { json: { email: "intruso@teste.regua", name: "Intruso", role: "admin", creditorIds: [] } }, detail: 'O perfil "manager" não permite esta operação (user.manage).' },
        { name: "manager creates an API key", who: "managerA", method: "POST", path: () => "/api/api-keys", options: { json: { name: "k", role: "manager", creditorIds: [A] } }, detail: 'O perfil "manager" não permite esta operação (apikey.manage).' },
        { name: "manager creates a creditor", who: "managerA", method: "POST", path: () => "/api/creditors", options: { json: { legalName: "Gama", cnpj: "45723174000110" } }, detail: 'O perfil "manager" não permite esta operação (creditor.create).' },
        { name: "manager API key creates a user", who: "apiKeyA", method: "POST", path: () => "/api/users", options: { json: { email: "intruso@teste.regua", name: "Intruso", role: "admin", creditorIds: [] } }, detail: 'O perfil "manager" não permite esta operação (user.manage).' },
      ];
      for (const c of cases) {
        it(c.name, async () => {
          const auth: CallOptions = c.who === "apiKeyA" ? { bearer: seed.apiKeyA.key } : { cookie: cookies[c.who] };
          const problem = assertProblem(await server.call(c.method, c.path(), { ...c.options, ...auth }), 403, c.name);
          assert.equal(problem.detail, c.detail);
          assert.equal(problem.title, "Acesso negado");
        });
      }

      it("refused writes left no trace", async () => {
        const { db } = env.deps.database;
        assert.deepEqual(await db.selectFrom("users").select("id").where("email", "=", "intruso@teste.regua").execute(), []);
        assert.deepEqual(await db.selectFrom("contacts").select("id").where("value", "=", "auditor@exemplo.com.br").execute(), []);
        assert.deepEqual(await db.selectFrom("debts").select("id").where("external_id", "=", "V-1").execute(), []);
        const actors = [seed.users.auditorA.label, seed.users.collectorA.label, seed.users.managerA.label, seed.apiKeyA.label];
        assert.deepEqual(await db.selectFrom("audit_log").select("action").where("actor", "in", actors).execute(), []);
      });
    });

    describe("404 for unknown ids and routes", () => {
      const unknownCreditor = "00000000-0000-4000-8000-000000000000";
      type Case = { name: string; who: Who; method: string; path: () => string; options?: CallOptions; detail: string | (() => string) };
      const cases: Case[] = [
        { name: "unknown creditor (admin sees all tenants)", who: "admin", method: "GET", path: () => `/api/creditors/${unknownCreditor}`, detail: "Credor não encontrado." },
        { name: "unknown creditor for a tenant user", who: "collectorA", method: "GET", path: () => `/api/creditors/${unknownCreditor}`, detail: "Credor não encontrado." },
        { name: "unknown creditor on update", who: "admin", method: "PATCH", path: () => `/api/creditors/${unknownCreditor}`, options: { json: { city: "Santos" } }, detail: "Credor não encontrado." },
        { name: "unknown creditor on import", who: "admin", method: "POST", path: () => `/api/creditors/${unknownCreditor}/imports`, options: { form: fileForm(GOOD_CSV) }, detail: "Credor não encontrado." },
        { name: "unknown debtor id", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors/999999`, detail: "Devedor não encontrado." },
        { name: "non-numeric debtor id", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors/abc`, detail: "Devedor não encontrado." },
        { name: "timeline of an unknown debtor", who: "collectorA", method: "GET", path: () => `/api/creditors/${A}/debtors/999999/timeline`, detail: "Devedor não encontrado." },
        { name: "contact for an unknown debtor", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/999999/contacts`, options: { json: { kind: "email", value: "ninguem@exemplo.com.br" } }, detail: "Devedor não encontrado." },
        { name: "invalidate an unknown contact", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts/999999/invalidate`, options: { json: { reason: "não existe" } }, detail: "Contato não encontrado." },
        { name: "invalidate a non-numeric contact id", who: "collectorA", method: "POST", path: () => `/api/creditors/${A}/debtors/${debtorA}/contacts/x1/invalidate`, options: { json: { reason: "não existe" } }, detail: "Contato não encontrado." },
        { name: "unknown API route", who: "collectorA", method: "GET", path: () => "/api/nada-aqui", detail: "Rota não encontrada: GET /api/nada-aqui" },
        { name: "unknown method on a known path", who: "admin", method: "DELETE", path: () => `/api/creditors/${A}?x=1`, detail: () => `Rota não encontrada: DELETE /api/creditors/${A}` },
        { name: "unknown POST outside the API", who: "admin", method: "POST", path: () => "/qualquer", options: { json: {} }, detail: "Rota não encontrada: POST /qualquer" },
      ];
      for (const c of cases) {
        it(c.name, async () => {
          const problem = assertProblem(await server.call(c.method, c.path(), as(c.who, c.options)), 404, c.name);
          assert.equal(problem.detail, typeof c.detail === "function" ? c.detail() : c.detail);
          assert.equal(problem.title, "Não encontrado");
          assert.equal(problem.type, "https://regua.dev/problemas/not_found");
        });
      }

      it("debtor and debt listings of an unknown creditor → 404 (admin, who may see every tenant)", async () => {
        for (const path of [`/api/creditors/${unknownCreditor}/debtors`, `/api/creditors/${unknownCreditor}/debts`]) {
          assertProblem(await server.call("GET", path, as("admin")), 404, path);
        }
      });
    });
  });
}
