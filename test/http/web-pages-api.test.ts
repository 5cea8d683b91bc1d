// The routes behind the web app's debtor, import, settings and audit pages: the debtor list's
// filters and paging, the timeline and import history pages, users and API keys (list,
// deactivate, revoke) and the audit log's filters — 200s with their bodies, 400/403/404/409
// as problem+json in Portuguese, and the audit entries the writes leave.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../support/db.ts";
import { openTestDeps, seedTenants, TENANT_SPECS, type Seed } from "../support/factories.ts";
import { assertProblem, fileForm, startServer, type CallOptions, type TestServer } from "../support/http.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { fixedClock } from "../../src/shared/clock.ts";

type Who = "admin" | "managerA" | "collectorA" | "auditorA";
type Page<T> = { items: T[]; nextCursor?: string | null; nextBefore?: string | null };
type Debtor = { id: string; name: string; openBalanceCents: number };

const CSV = [
  "documento;nome;uf;segmento;tags;titulo;valor;vencimento",
  "39053344705;Carla Dias;BA;cartão;vip;W-1;300,00;01/05/2025",
  "86288366757;Caio Dias;BA;varejo;;W-2;50,00;01/07/2025",
  "71428793860;Ângela Duarte;PE;varejo;vip|judicial;W-3;90,00;10/01/2024",
  "71428793860;Ângela Duarte;PE;varejo;;W-4;10,00;10/02/2024",
].join("\n");

for (const dialect of testDialects()) {
  describe(`rotas das páginas do app web (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    let A: string;
    const cookies = {} as Record<Who, string>;
    const as = (who: Who, options: CallOptions = {}): CallOptions => ({ ...options, cookie: cookies[who] });

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      for (const who of ["admin", "managerA", "collectorA", "auditorA"] as const) cookies[who] = await server.login(seed.users[who].email, seed.users[who].password);
      A = seed.a.creditor.id;
      const res = await server.call("POST", `/api/creditors/${A}/imports`, as("managerA", { form: fileForm(CSV) }));
      assert.equal(res.status, 200, res.text);
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    describe("GET /api/creditors/{id}/debtors", () => {
      const list = (query: string, who: Who = "collectorA") => server.call<Page<Debtor>>("GET", `/api/creditors/${A}/debtors${query}`, as(who));

      it("searches, filters and sorts (seed: Ana Clara, Carla, Caio, Ângela)", async () => {
        const names = async (query: string) => {
          const res = await list(query);
          assert.equal(res.status, 200, `${query}: ${res.text}`);
          return res.body.items.map((d) => d.name);
        };
        assert.deepEqual(await names(""), ["Ana Clara Albuquerque", "Ângela Duarte", "Caio Dias", "Carla Dias"]);
        assert.deepEqual(await names("?sort=name&dir=desc"), ["Carla Dias", "Caio Dias", "Ângela Duarte", "Ana Clara Albuquerque"]);
        assert.deepEqual(await names("?sort=balance"), ["Carla Dias", "Ana Clara Albuquerque", "Ângela Duarte", "Caio Dias"]);
        assert.deepEqual(await names("?sort=oldest_due"), ["Ângela Duarte", "Carla Dias", "Ana Clara Albuquerque", "Caio Dias"]);
        assert.deepEqual(await names("?q=ANGELA"), ["Ângela Duarte"]);
        assert.deepEqual(await names("?q=ca"), ["Caio Dias", "Carla Dias"]);
        assert.deepEqual(await names("?q=390.533.447-05"), ["Carla Dias"]);
        assert.deepEqual(await names("?q=W-4"), ["Ângela Duarte"]);
        assert.deepEqual(await names(`?q=${encodeURIComponent(TENANT_SPECS.a.debtor.phone)}`), ["Ana Clara Albuquerque"]);
        assert.deepEqual(await names("?state=ba"), ["Caio Dias", "Carla Dias"]);
        assert.deepEqual(await names(`?segment=${encodeURIComponent("cartão")}`), ["Carla Dias"]);
        assert.deepEqual(await names("?tag=VIP&sort=balance"), ["Carla Dias", "Ângela Duarte"]);
        assert.deepEqual(await names("?bucket=361_plus"), ["Ângela Duarte"]);
        assert.deepEqual(await names("?bucket=not_due"), ["Caio Dias"]);
        assert.deepEqual(await names("?bucket=1_30"), ["Ana Clara Albuquerque"]);
        assert.deepEqual(await names("?bucket=31_90"), ["Carla Dias"]);
        assert.deepEqual(await names("?status=settled"), []);
      });

      it("pages with nextCursor until the end", async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `?sort=balance&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
          const res = await list(query);
          assert.equal(res.status, 200, res.text);
          seen.push(...res.body.items.map((d) => d.name));
          cursor = res.body.nextCursor ?? null;
        } while (cursor);
        assert.deepEqual(seen, ["Carla Dias", "Ana Clara Albuquerque", "Ângela Duarte", "Caio Dias"]);
      });

      it("400 with the field named, in Portuguese", async () => {
        const cases: [string, { field: string; reason: string }[]][] = [
          ["?bucket=90", [{ field: "bucket", reason: "valor não permitido (use not_due, 1_30, 31_90, 91_180, 181_360, 361_plus)" }]],
          ["?sort=saldo", [{ field: "sort", reason: "valor não permitido (use name, balance, oldest_due)" }]],
          ["?status=pago", [{ field: "status", reason: "valor não permitido (use open, settled, in_agreement, written_off, disputed, cancelled)" }]],
          ["?state=ZZ", [{ field: "state", reason: "UF inválida: ZZ" }]],
          ["?cidade=Recife", [{ field: "cidade", reason: "campo não permitido" }]],
          ["?limit=0", [{ field: "limit", reason: "deve ser no mínimo 1" }]],
          ["?cursor=xyz", [{ field: "cursor", reason: "cursor inválido" }]],
        ];
        for (const [query, errors] of cases) {
          const problem = assertProblem(await list(query), 400, query);
          assert.deepEqual(problem.errors, errors, query);
        }
        const first = await list("?sort=balance&limit=1");
        const problem = assertProblem(await list(`?sort=name&cursor=${encodeURIComponent(first.body.nextCursor!)}`), 400);
        assert.equal(problem.detail, "cursor: o cursor é de outra ordenação; recomece da primeira página");
      });
    });

    it("GET timeline pages with nextBefore", async () => {
      const debtor = (await server.call<Page<Debtor>>("GET", `/api/creditors/${A}/debtors?q=Angela`, as("managerA"))).body.items[0]!;
      for (const value of ["um@exemplo.com.br", "dois@exemplo.com.br"]) {
        const res = await server.call("POST", `/api/creditors/${A}/debtors/${debtor.id}/contacts`, as("collectorA", { json: { kind: "email", value } }));
        assert.equal(res.status, 201, res.text);
      }
      type Event = { id: string; kind: string };
      const first = await server.call<Page<Event>>("GET", `/api/creditors/${A}/debtors/${debtor.id}/timeline?limit=2`, as("auditorA"));
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.body.items.map((e) => e.kind), ["contact.added", "contact.added"]);
      assert.ok(first.body.nextBefore);
      const second = await server.call<Page<Event>>("GET", `/api/creditors/${A}/debtors/${debtor.id}/timeline?limit=2&before=${first.body.nextBefore}`, as("auditorA"));
      assert.deepEqual(second.body.items.map((e) => e.kind), ["debt.imported"]);
      assert.equal(second.body.nextBefore, null);
      assertProblem(await server.call("GET", `/api/creditors/${A}/debtors/${debtor.id}/timeline?before=ontem`, as("auditorA")), 400);
    });

    it("GET imports lists past imports for who may import, newest first, paged", async () => {
      type Import = { fileName: string; actor: string; imported: number; rejected: number; warnings: number };
      await server.call("POST", `/api/creditors/${A}/imports?dryRun=true`, as("managerA", { form: fileForm(CSV, "simulacao.csv") }));
      // A later import: the seed's clock is fixed, and imports of one instant have no order people would expect.
      const clock = env.deps.clock;
      env.deps.clock = fixedClock("2025-06-02T14:00:00Z");
      const bad = await server.call("POST", `/api/creditors/${A}/imports`, as("admin", { form: fileForm("documento;titulo;valor;vencimento\n123;Z-1;10,00;01/01/2025\n", "ruim.csv") }));
      env.deps.clock = clock;
      assert.equal(bad.status, 200, bad.text);
      const res = await server.call<Page<Import>>("GET", `/api/creditors/${A}/imports`, as("managerA"));
      assert.equal(res.status, 200, res.text);
      const rows = res.body.items.map((i) => [i.fileName, i.actor, i.imported, i.rejected]);
      assert.deepEqual(rows[0], ["ruim.csv", seed.users.admin.label, 0, 1]);
      assert.deepEqual(rows.slice(1).sort(), [["carteira.csv", "system:cli", 1, 0], ["carteira.csv", seed.users.managerA.label, 4, 0]]);
      const page1 = await server.call<Page<Import>>("GET", `/api/creditors/${A}/imports?limit=2`, as("admin"));
      const page2 = await server.call<Page<Import>>("GET", `/api/creditors/${A}/imports?limit=2&before=${page1.body.nextBefore}`, as("admin"));
      assert.deepEqual([...page1.body.items, ...page2.body.items].map((i) => i.fileName), ["ruim.csv", "carteira.csv", "carteira.csv"]);
      assert.equal(page2.body.nextBefore, null);
      for (const who of ["collectorA", "auditorA"] as const) {
        assert.match(assertProblem(await server.call("GET", `/api/creditors/${A}/imports`, as(who)), 403).detail, /\(import\)/);
      }
      assertProblem(await server.call("GET", `/api/creditors/${A}/imports?before=x`, as("admin")), 400);
    });

    describe("users", () => {
      type User = { id: string; email: string; role: string; active: boolean; creditorIds: string[] };
      it("admin lists, deactivates (sessions end, audited) and reactivates; nobody deactivates themself", async () => {
        const list = await server.call<{ items: User[] }>("GET", "/api/users", as("admin"));
        assert.equal(list.status, 200, list.text);
        const collector = list.body.items.find((u) => u.email === seed.users.collectorA.email)!;
        assert.deepEqual(collector.creditorIds, [A]);
        assert.equal(collector.active, true);
        const collectorCookie = await server.login(seed.users.collectorA.email, seed.users.collectorA.password);

        const off = await server.call<User>("POST", `/api/users/${collector.id}/deactivate`, as("admin"));
        assert.equal(off.status, 200, off.text);
        assert.equal(off.body.active, false);
        assertProblem(await server.call("GET", "/api/auth/me", { cookie: collectorCookie }), 401);
        assertProblem(await server.call("POST", "/api/auth/login", { json: { email: seed.users.collectorA.email, password: seed.users.collectorA.password } }), 401);
        const again = await server.call<User>("POST", `/api/users/${collector.id}/deactivate`, as("admin"));
        assert.equal(again.status, 200);

        const audit = await server.call<Page<{ action: string; entityId: string; before: unknown; after: unknown }>>("GET", "/api/audit?entity=user", as("admin"));
        const entries = audit.body.items.filter((e) => e.entityId === collector.id && e.action === "user.deactivate");
        assert.deepEqual(entries.map((e) => [e.before, e.after]), [[{ active: true }, { active: false }]], "uma entrada, não duas");

        const on = await server.call<User>("POST", `/api/users/${collector.id}/activate`, as("admin"));
        assert.equal(on.body.active, true);
        cookies.collectorA = await server.login(seed.users.collectorA.email, seed.users.collectorA.password);

        const self = await server.call<{ items: User[] }>("GET", "/api/users", as("admin"));
        const admin = self.body.items.find((u) => u.email === seed.users.admin.email)!;
        assert.equal(assertProblem(await server.call("POST", `/api/users/${admin.id}/deactivate`, as("admin")), 409).detail, "Você não pode desativar o próprio usuário.");
        assert.equal(assertProblem(await server.call("POST", "/api/users/nao-existe/deactivate", as("admin")), 404).detail, "Usuário não encontrado.");
      });
      it("403 for everyone but admins", async () => {
        for (const who of ["managerA", "collectorA", "auditorA"] as const) {
          assert.match(assertProblem(await server.call("GET", "/api/users", as(who)), 403).detail, /\(user\.manage\)/);
          assertProblem(await server.call("POST", `/api/users/${seed.users.admin.id}/deactivate`, as(who)), 403);
        }
        assertProblem(await server.call("GET", "/api/users", { bearer: seed.apiKeyA.key }), 403);
      });
    });

    describe("API keys", () => {
      type Key = { id: string; name: string; role: string; creditorIds: string[]; revokedAt: string | null };
      it("admin lists without secrets, creates one (secret once) and revokes it (audited, refused at once)", async () => {
        const created = await server.call<{ id: string; key: string }>("POST", "/api/api-keys", as("admin", { json: { name: "ERP", role: "collector", creditorIds: [A] } }));
        assert.equal(created.status, 201, created.text);
        assert.equal((await server.call("GET", `/api/creditors/${A}`, { bearer: created.body.key })).status, 200);
        const list = await server.call<{ items: Key[] }>("GET", "/api/api-keys", as("admin"));
        assert.equal(list.status, 200, list.text);
        // The secret is everything after "rk_<id>_" (it may itself hold "_").
        assert.ok(!list.text.includes(created.body.key.split("_").slice(2).join("_")), "sem o segredo");
        assert.ok(!/secret|hash/i.test(list.text));
        assert.deepEqual(list.body.items.find((k) => k.id === created.body.id), { ...list.body.items.find((k) => k.id === created.body.id), name: "ERP", role: "collector", creditorIds: [A], revokedAt: null });

        const revoked = await server.call<Key>("POST", `/api/api-keys/${created.body.id}/revoke`, as("admin"));
        assert.equal(revoked.status, 200, revoked.text);
        assert.equal(revoked.body.revokedAt, "2025-06-02T13:00:00.000Z");
        assertProblem(await server.call("GET", `/api/creditors/${A}`, { bearer: created.body.key }), 401);
        const audit = await server.call<Page<{ action: string }>>("GET", `/api/audit?entity=api_key&entityId=${created.body.id}`, as("admin"));
        assert.deepEqual(audit.body.items.map((e) => e.action), ["apikey.revoke", "apikey.create"]);
        assert.equal(assertProblem(await server.call("POST", "/api/api-keys/0000000000000000/revoke", as("admin")), 404).detail, "Chave de API não encontrada.");
      });
      it("403 for everyone but admins", async () => {
        for (const who of ["managerA", "collectorA", "auditorA"] as const) {
          assert.match(assertProblem(await server.call("GET", "/api/api-keys", as(who)), 403).detail, /\(apikey\.manage\)/);
          assertProblem(await server.call("POST", `/api/api-keys/${seed.apiKeyA.id}/revoke`, as(who)), 403);
        }
      });
    });

    it("GET /api/audit filters by actor, action, entity and period, and pages with nextBefore", async () => {
      type Entry = { id: string; actor: string; action: string; entity: string; at: string };
      const get = (query: string, who: Who = "auditorA") => server.call<Page<Entry>>("GET", `/api/audit${query}`, as(who));
      const byEmail = await get(`?actor=${encodeURIComponent(seed.users.collectorA.email)}`);
      assert.equal(byEmail.status, 200, byEmail.text);
      assert.ok(byEmail.body.items.length > 0);
      assert.ok(byEmail.body.items.every((e) => e.actor === seed.users.collectorA.label));
      assert.ok((await get("?entity=contact")).body.items.every((e) => e.entity === "contact"));
      assert.ok((await get("?action=import.debts")).body.items.every((e) => e.action === "import.debts"));
      assert.equal((await get("?from=2025-06-02T13:00:00Z&to=2025-06-02T13:00:00.001Z")).body.items.length > 0, true);
      assert.deepEqual((await get("?from=2025-06-03T00:00:00Z")).body.items, []);
      assert.deepEqual((await get("?to=2025-06-02T12:59:59Z")).body.items, []);
      const all = (await get("?limit=500")).body.items;
      const paged: Entry[] = [];
      let before: string | null | undefined = null;
      do {
        const res: { body: Page<Entry> } = await get(`?limit=3${before ? `&before=${before}` : ""}`);
        paged.push(...res.body.items);
        before = res.body.nextBefore;
      } while (before);
      assert.deepEqual(paged.map((e) => e.id), all.map((e) => e.id));
      assert.deepEqual(assertProblem(await get("?from=ontem"), 400).errors, [{ field: "from", reason: "instante inválido" }]);
    });
  });
}
