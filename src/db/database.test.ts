import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freshDatabase, testDialects } from "../../test/support/db.ts";
import { migrateToLatest, parseDatabaseUrl } from "./database.ts";

describe("parseDatabaseUrl", () => {
  it("defaults to the embedded SQLite file under ./data", () => {
    assert.deepEqual(parseDatabaseUrl(undefined, "/srv/app"), { dialect: "sqlite", location: "/srv/app/data/regua.db" });
  });
  it("reads sqlite: paths and postgres URLs", () => {
    assert.deepEqual(parseDatabaseUrl("sqlite:/tmp/x.db"), { dialect: "sqlite", location: "/tmp/x.db" });
    assert.equal(parseDatabaseUrl("postgres://u@h/db").dialect, "postgres");
  });
  it("refuses anything else with a Portuguese message", () => {
    assert.throws(() => parseDatabaseUrl("mysql://x"), /DATABASE_URL não reconhecida/);
  });
});

for (const dialect of testDialects()) {
  describe(`migrations on ${dialect}`, () => {
    it("create every table, round-trip dates, instants and centavos, and are idempotent", async () => {
      const database = await freshDatabase(dialect);
      try {
        const { db } = database;
        const at = "2026-11-23T12:34:56.789Z";
        await db.insertInto("creditors").values({ id: "c1", legal_name: "Loja Ltda", trade_name: null, cnpj: "11222333000181", address: "Rua A, 1", city: "São Paulo", state: "SP", zip: null, sector: "retail", time_zone: "America/Sao_Paulo", fine_bp: 200, interest_monthly_bp: 100, created_at: at, updated_at: at }).execute();
        const debtor = await db.insertInto("debtors").values({ creditor_id: "c1", document: "52998224725", kind: "person", name: "Ana", state: "SP", city: null, zip: null, address: null, segment: null, tags: "[]", created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
        await db.insertInto("debts").values({ creditor_id: "c1", debtor_id: debtor.id, external_id: "T1", description: null, original_cents: 9_007_199_254_740, open_cents: 15000, issue_date: null, due_date: "2026-03-10", contract: null, instalment: null, our_number: null, status: "open", created_at: at, updated_at: at }).execute();
        const debt = await db.selectFrom("debts").selectAll().executeTakeFirstOrThrow();
        assert.equal(debt.due_date, "2026-03-10");
        assert.equal(debt.created_at, at);
        assert.equal(debt.original_cents, 9_007_199_254_740);
        assert.equal(typeof debt.debtor_id, "number");
        await assert.rejects(
          db.insertInto("debts").values({ creditor_id: "c1", debtor_id: debtor.id, external_id: "T1", description: null, original_cents: 1, open_cents: 1, issue_date: null, due_date: "2026-03-10", contract: null, instalment: null, our_number: null, status: "open", created_at: at, updated_at: at }).execute(),
        );
        assert.deepEqual(await migrateToLatest(database), []);
        if (database.dialect === "postgres") {
          // Every pooled session speaks UTC from its first query (set in the startup packet, not by a query nobody awaits).
          const zones = await Promise.all([1, 2, 3].map(() => database.pool.query<{ TimeZone: string }>("SHOW TIME ZONE")));
          assert.deepEqual(zones.map((z) => z.rows[0]!.TimeZone), ["UTC", "UTC", "UTC"]);
        } else {
          // The schema stays readable by any SQLite tool: no index expression the sqlite3 parser chokes on.
          const expressions = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%replace(%'").all();
          assert.deepEqual(expressions, []);
        }
      } finally {
        await database.cleanup();
      }
    });
  });
}
