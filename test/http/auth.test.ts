// Authentication over real HTTP: sessions by cookie, API keys, the login throttle,
// password change, public routes and the CSRF defence of cookie-authenticated writes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../support/db.ts";
import { openTestDeps, seedTenants, TEST_NOW, type Seed } from "../support/factories.ts";
import { assertProblem, sessionCookie, startServer, type TestServer } from "../support/http.ts";
import type { AppDeps } from "../../src/app/deps.ts";

type UserBody = { user: { id: string; email: string; name: string; role: string; creditorIds: string[] } };

for (const dialect of testDialects()) {
  describe(`autenticação por HTTP (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    it("login sets an httpOnly, SameSite=Lax session cookie expiring in 12 h and returns the user", async () => {
      const { collectorA } = seed.users;
      const res = await server.call<UserBody>("POST", "/api/auth/login", { json: { email: collectorA.email, password: collectorA.password } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { user: { id: collectorA.id, email: collectorA.email, name: "Operador Alfa", role: "collector", creditorIds: [seed.a.creditor.id] } });
      const cookies = res.headers.getSetCookie();
      assert.equal(cookies.length, 1);
      const [pair, ...attributes] = cookies[0]!.split("; ");
      assert.match(pair!, /^regua_session=[A-Za-z0-9_-]{43}$/);
      const expires = new Date(new Date(TEST_NOW).getTime() + 12 * 3600_000).toUTCString();
      assert.deepEqual(attributes.sort(), ["Expires=" + expires, "HttpOnly", "Path=/", "SameSite=Lax"].sort());
      // Plain http: the cookie must not be marked Secure, or browsers would drop it.
      assert.ok(!attributes.includes("Secure"));
      assert.ok(!res.text.includes("password") && !res.text.includes("scrypt"), "nenhum hash ou senha na resposta");
    });

    it("the e-mail is case- and space-insensitive", async () => {
      const { auditorA } = seed.users;
      const res = await server.call("POST", "/api/auth/login", { json: { email: `  ${auditorA.email.toUpperCase()} `, password: auditorA.password } });
      assert.equal(res.status, 200, res.text);
    });

    it("a wrong password or an unknown e-mail → 401 problem+json with the same Portuguese detail and no cookie", async () => {
      for (const email of [seed.users.managerA.email, "ninguem@teste.regua"]) {
        const res = await server.call("POST", "/api/auth/login", { json: { email, password: "SenhaErrada123" } });
        const problem = assertProblem(res, 401, email);
        assert.deepEqual(problem, { type: "https://regua.dev/problemas/unauthenticated", title: "Não autenticado", status: 401, detail: "E-mail ou senha incorretos." });
        assert.deepEqual(res.headers.getSetCookie(), []);
      }
    });

    it("the 11th failed attempt for one e-mail → 429, even with the right password; other e-mails still log in", async () => {
      const { collectorB } = seed.users;
      for (let attempt = 1; attempt <= 10; attempt++) {
        const res = await server.call("POST", "/api/auth/login", { json: { email: collectorB.email, password: `Errada${attempt}xyz` } });
        assertProblem(res, 401, `tentativa ${attempt}`);
      }
      const blocked = await server.call("POST", "/api/auth/login", { json: { email: collectorB.email, password: collectorB.password } });
      const problem = assertProblem(blocked, 429);
      assert.equal(problem.detail, "Muitas tentativas de login. Aguarde 15 minutos e tente de novo.");
      assert.equal(problem.title, "Muitas tentativas");
      assert.deepEqual(blocked.headers.getSetCookie(), []);
      // Another person behind the same address is not locked out.
      await server.login(seed.users.managerA.email, seed.users.managerA.password);
    });

    it("the throttle cannot be dodged by padding the e-mail with spaces", async () => {
      const email = "alvo.espacos@teste.regua";
      for (let attempt = 1; attempt <= 10; attempt++) {
        await server.call("POST", "/api/auth/login", { json: { email, password: `Errada${attempt}xyz` } });
      }
      const padded = await server.call("POST", "/api/auth/login", { json: { email: ` ${email}`, password: "Errada11xyz" } });
      assert.equal(padded.status, 429);
    });

    it("the throttle cannot be dodged by a forged X-Forwarded-For", async () => {
      const email = "alvo.xff@teste.regua";
      for (let attempt = 1; attempt <= 10; attempt++) {
        await server.call("POST", "/api/auth/login", { json: { email, password: `Errada${attempt}xyz` } });
      }
      const forged = await server.call("POST", "/api/auth/login", { json: { email, password: "Errada11xyz" }, headers: { "x-forwarded-for": "203.0.113.77" } });
      assert.equal(forged.status, 429);
    });

    it("/api/auth/me answers the session's user, and 401 without or with a bogus cookie", async () => {
      const { auditorA } = seed.users;
      const cookie = await server.login(auditorA.email, auditorA.password);
      const me = await server.call<UserBody>("GET", "/api/auth/me", { cookie });
      assert.equal(me.status, 200, me.text);
      assert.deepEqual(me.body.user, { id: auditorA.id, email: auditorA.email, name: "Auditor Alfa", role: "auditor", creditorIds: [seed.a.creditor.id] });

      const anonymous = assertProblem(await server.call("GET", "/api/auth/me"), 401);
      assert.equal(anonymous.detail, "Faça login para continuar.");
      assertProblem(await server.call("GET", "/api/auth/me", { cookie: "regua_session=nao-existe" }), 401);
      // An API key is not a person: the route refuses it.
      const byKey = assertProblem(await server.call("GET", "/api/auth/me", { bearer: seed.apiKeyA.key }), 403);
      assert.equal(byKey.detail, "Esta rota é para sessões de usuário.");
    });

    it("logout ends the session on the server and clears the cookie", async () => {
      const { collectorA } = seed.users;
      const cookie = await server.login(collectorA.email, collectorA.password);
      const other = await server.login(collectorA.email, collectorA.password);
      const res = await server.call("POST", "/api/auth/logout", { cookie });
      assert.equal(res.status, 204);
      const cleared = res.headers.getSetCookie();
      assert.equal(cleared.length, 1);
      assert.match(cleared[0]!, /^regua_session=; /);
      assert.match(cleared[0]!, /Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
      // Replaying the old token (a stolen cookie) no longer works...
      assertProblem(await server.call("GET", "/api/auth/me", { cookie }), 401);
      // ...while the same person's other browser stays logged in.
      assert.equal((await server.call("GET", "/api/auth/me", { cookie: other })).status, 200);
      // Logging out without a session is harmless.
      assert.equal((await server.call("POST", "/api/auth/logout")).status, 204);
    });

    it("password change: weak or wrong current password → 400 naming the field; success ends every other session", async () => {
      const { managerA } = seed.users;
      const browser1 = await server.login(managerA.email, managerA.password);
      const browser2 = await server.login(managerA.email, managerA.password);

      const weak = assertProblem(await server.call("POST", "/api/auth/password", { cookie: browser1, json: { currentPassword: managerA.password, newPassword: "curta1" } }), 400);
      assert.deepEqual(weak.errors, [{ field: "newPassword", reason: "a senha deve ter pelo menos 10 caracteres" }]);
      const noDigits = assertProblem(await server.call("POST", "/api/auth/password", { cookie: browser1, json: { currentPassword: managerA.password, newPassword: "somenteletras" } }), 400);
      assert.deepEqual(noDigits.errors, [{ field: "newPassword", reason: "a senha deve ter letras e números" }]);
      const wrong = assertProblem(await server.call("POST", "/api/auth/password", { cookie: browser1, json: { currentPassword: "NaoEssa12345", newPassword: "NovaSenha2026" } }), 400);
      assert.deepEqual(wrong.errors, [{ field: "currentPassword", reason: "senha atual incorreta" }]);
      const missing = assertProblem(await server.call("POST", "/api/auth/password", { cookie: browser1, json: { currentPassword: managerA.password } }), 400);
      assert.deepEqual(missing.errors, [{ field: "newPassword", reason: "obrigatório" }]);
      // The failed attempts changed nothing: both browsers are still in.
      assert.equal((await server.call("GET", "/api/auth/me", { cookie: browser2 })).status, 200);

      const changed = await server.call("POST", "/api/auth/password", { cookie: browser1, json: { currentPassword: managerA.password, newPassword: "NovaSenha2026" } });
      assert.equal(changed.status, 204, changed.text);
      const renewed = sessionCookie(changed.headers);
      assert.notEqual(renewed, browser1);
      assert.equal((await server.call("GET", "/api/auth/me", { cookie: renewed })).status, 200);
      assertProblem(await server.call("GET", "/api/auth/me", { cookie: browser2 }), 401, "a outra sessão morre");
      assertProblem(await server.call("GET", "/api/auth/me", { cookie: browser1 }), 401, "o token antigo deste navegador também");
      assertProblem(await server.call("POST", "/api/auth/login", { json: { email: managerA.email, password: managerA.password } }), 401, "senha antiga");
      await server.login(managerA.email, "NovaSenha2026");

      const audit = await env.deps.database.db.selectFrom("audit_log").select(["actor", "entity_id"]).where("action", "=", "user.password_change").execute();
      assert.deepEqual(audit, [{ actor: managerA.label, entity_id: managerA.id }]);
      // Put the password back for the other tests of this file.
      const restore = await server.call("POST", "/api/auth/password", { cookie: renewed, json: { currentPassword: "NovaSenha2026", newPassword: managerA.password } });
      assert.equal(restore.status, 204, restore.text);
    });

    it("API keys: a valid key works; malformed, unknown, wrong-secret and revoked keys → 401", async () => {
      const ok = await server.call<{ items: { id: string }[] }>("GET", "/api/creditors", { bearer: seed.apiKeyA.key });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.body.items.map((c) => c.id), [seed.a.creditor.id]);

      const admin = await server.login(seed.users.admin.email, seed.users.admin.password);
      const created = await server.call<{ id: string; key: string }>("POST", "/api/api-keys", { cookie: admin, json: { name: "Chave a revogar", role: "auditor", creditorIds: [seed.b.creditor.id] } });
      assert.equal(created.status, 201, created.text);
      assert.match(created.body.key, new RegExp(`^rk_${created.body.id}_[A-Za-z0-9_-]{32}$`));
      type KeyList = { items: { id: string; lastUsedAt: string | null }[] };
      const lastUsed = async () => (await server.call<KeyList>("GET", "/api/api-keys", { cookie: admin })).body.items.find((k) => k.id === created.body.id)!.lastUsedAt;
      assert.equal(await lastUsed(), null, "a key never used shows no last use");
      const wrongSecret = `rk_${created.body.id}_${"x".repeat(32)}`;
      assert.equal((await server.call("GET", "/api/creditors", { bearer: wrongSecret })).status, 401);
      assert.equal(await lastUsed(), null, "a failed attempt is not a use");
      assert.equal((await server.call("GET", "/api/creditors", { bearer: created.body.key })).status, 200);
      assert.equal(await lastUsed(), TEST_NOW);

      const secret = seed.apiKeyA.key.split("_").slice(2).join("_");
      const bad = [
        "nao-e-uma-chave",
        `rk_${seed.apiKeyA.id}_curta`,
        `rk_0123456789abcdef_${secret}`,
        `rk_${seed.apiKeyA.id}_${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`,
      ];
      for (const key of bad) {
        const problem = assertProblem(await server.call("GET", "/api/creditors", { bearer: key }), 401, key);
        assert.equal(problem.detail, "Chave de API inválida ou revogada.");
      }
      assertProblem(await server.call("GET", "/api/creditors", { headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }), 401, "Basic");

      await env.deps.database.db.updateTable("api_keys").set({ revoked_at: TEST_NOW }).where("id", "=", created.body.id).execute();
      const revoked = assertProblem(await server.call("GET", "/api/creditors", { bearer: created.body.key }), 401);
      assert.equal(revoked.detail, "Chave de API inválida ou revogada.");
    });

    it("health and /api/openapi.json are public", async () => {
      const health = await server.call("GET", "/api/health");
      assert.equal(health.status, 200, health.text);
      assert.deepEqual(health.body, { status: "ok", database: dialect, at: TEST_NOW });
      // A broken key on a public route does not lock the caller out of it.
      assert.equal((await server.call("GET", "/api/health", { bearer: "quebrada" })).status, 200);

      const spec = await server.call<{ openapi: string; paths: Record<string, unknown> }>("GET", "/api/openapi.json");
      assert.equal(spec.status, 200, spec.text);
      assert.equal(spec.body.openapi, "3.1.0");
      assert.ok(spec.body.paths["/api/creditors/{creditorId}/imports"], "a especificação lista as rotas");
    });

    it("a cookie-authenticated write from another origin → 403 and nothing written; same origin, GETs and API keys pass", async () => {
      const { collectorA } = seed.users;
      const cookie = await server.login(collectorA.email, collectorA.password);
      const path = `/api/creditors/${seed.a.creditor.id}/debtors/${seed.a.debtor.id}/contacts`;
      const { db } = env.deps.database;
      const contactsBefore = await db.selectFrom("contacts").select("id").execute();

      for (const origin of ["https://evil.example", "http://127.0.0.1:1", "http://localhost"]) {
        const res = await server.call("POST", path, { cookie, headers: { origin }, json: { kind: "email", value: "csrf@exemplo.com.br" } });
        const problem = assertProblem(res, 403, origin);
        assert.equal(problem.detail, "Origem da requisição não permitida.");
      }
      // Logout is a write too: a foreign page cannot log the user out.
      assertProblem(await server.call("POST", "/api/auth/logout", { cookie, headers: { origin: "https://evil.example" } }), 403);
      assert.deepEqual(await db.selectFrom("contacts").select("id").execute(), contactsBefore);

      const same = await server.call("POST", path, { cookie, headers: { origin: server.baseUrl }, json: { kind: "email", value: "mesma.origem@exemplo.com.br" } });
      assert.equal(same.status, 201, same.text);
      const read = await server.call("GET", `/api/creditors/${seed.a.creditor.id}`, { cookie, headers: { origin: "https://evil.example" } });
      assert.equal(read.status, 200, read.text);
      const byKey = await server.call("POST", path, { bearer: seed.apiKeyA.key, headers: { origin: "https://evil.example" }, json: { kind: "email", value: "por.chave@exemplo.com.br" } });
      assert.equal(byKey.status, 201, byKey.text);
    });

    it("an opaque `Origin: null` (sandboxed frame) on a cookie write → 403, not 500", async () => {
      const cookie = await server.login(seed.users.collectorA.email, seed.users.collectorA.password);
      const res = await server.call("POST", `/api/creditors/${seed.a.creditor.id}/debtors/${seed.a.debtor.id}/contacts`, { cookie, headers: { origin: "null" }, json: { kind: "email", value: "nulo@exemplo.com.br" } });
      assertProblem(res, 403);
    });
  });
}
