import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, it } from "node:test";
import type pg from "pg";
import { freshDatabase, testDialects } from "../../../test/support/db.ts";
import { importCsv } from "../../../test/support/factories.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { recordManualPayment } from "../payments/record-manual-payment.ts";

// PostgreSQL runs imports and payments side by side (READ COMMITTED); SQLite has one writer at
// a time, so these races cannot happen there.
const csv = (...rows: string[]) => ["documento;nome;titulo;valor;vencimento;descricao;email", ...rows].join("\n");

describe("import and payments side by side on postgres", { skip: !testDialects().includes("postgres") }, () => {
  let deps: AppDeps & { cleanup(): Promise<void> };
  let pool: pg.Pool;
  let creditorId: string;
  const held: pg.PoolClient[] = [];
  beforeEach(async () => {
    const database = await freshDatabase("postgres");
    if (database.dialect !== "postgres") throw new Error("postgres");
    pool = database.pool;
    deps = { database, clock: fixedClock("2026-03-01T12:00:00Z"), cleanup: () => database.cleanup() };
    creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja", cnpj: "11222333000181" })).id;
    await importCsv(deps, creditorId, csv("52998224725;Ana;T1;100,00;10/03/2026;;"));
  });
  afterEach(async () => {
    for (const c of held.splice(0)) c.release();
    await deps.cleanup();
  });

  /** A connection of the test's own, in a transaction; it never detects deadlocks itself, so the other side is the one PostgreSQL aborts. */
  async function side(): Promise<pg.PoolClient> {
    const client = await pool.connect();
    held.push(client);
    await client.query("SET deadlock_timeout = '60s'");
    await client.query("BEGIN");
    return client;
  }
  /** Waits until `n` sessions of this database wait on a lock. */
  async function waiters(n: number): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if (Number(rows[0]!.n) >= n) return;
      await sleep(10);
    }
    throw new Error(`${n} sessões esperando lock: não chegou`);
  }
  const debt = async () => (await pool.query("SELECT open_cents, status, description FROM debts WHERE external_id = 'T1'")).rows[0];

  it("a payment that lands while a batch reads its debts is not undone by the batch", async () => {
    // Holds the debtor: the payment locks and settles T1, then waits here to recount the debtor.
    const gate = await side();
    await gate.query("SELECT id FROM debtors WHERE document = '52998224725' FOR UPDATE");
    const payment = recordManualPayment(deps, SYSTEM_ACTOR, creditorId, { debtorDocument: "52998224725", debtExternalId: "T1", amountCents: 10000, method: "cash", paidDate: "2026-03-01", note: "caixa da loja" });
    await waiters(1);
    await assert.rejects(pool.query("SELECT id FROM debts WHERE external_id = 'T1' FOR UPDATE NOWAIT"), { code: "55P03" }, "the payment holds T1");

    const imported = importCsv(deps, creditorId, csv("52998224725;Ana;T1;100,00;10/03/2026;Mensalidade;"));
    await waiters(2);
    await gate.query("COMMIT");
    assert.equal((await payment).status, "applied");
    const result = await imported;

    assert.deepEqual([result.updated, result.warnings], [1, []]);
    assert.deepEqual(await debt(), { open_cents: 0, status: "settled", description: "Mensalidade" });
    const { rows } = await pool.query("SELECT open_cents, open_debts FROM debtors");
    assert.deepEqual(rows, [{ open_cents: 0, open_debts: 0 }]);
  });

  it("a payment does not wait for a transaction that wrote the debtor's timeline", async () => {
    // An open transaction (a ladder run, an import) that inserted an event holds a key-share
    // lock on the debtor; the payment's balance recount must not queue behind it.
    const writer = await side();
    await writer.query("INSERT INTO events (creditor_id, debtor_id, kind, at, actor) SELECT creditor_id, id, 'note', now(), 'test' FROM debtors");
    const payment = recordManualPayment(deps, SYSTEM_ACTOR, creditorId, { debtorDocument: "52998224725", debtExternalId: "T1", amountCents: 4000, method: "cash", paidDate: "2026-03-01", note: "caixa da loja" });
    const first = await Promise.race([payment.then(() => "paid"), waiters(1).then(() => "waited")]);
    await writer.query("COMMIT");
    assert.equal(first, "paid");
    assert.equal((await payment).status, "applied");
    const { rows } = await pool.query("SELECT open_cents, open_debts FROM debtors");
    assert.deepEqual(rows, [{ open_cents: 6000, open_debts: 1 }]);
  });

  for (const allOrNothing of [false, true]) {
    it(`a batch PostgreSQL aborts to break a deadlock runs again${allOrNothing ? " (all or nothing: the whole file)" : ""}`, async () => {
      // This side stores Ana's e-mail without committing; the import locks T1, counts its rows
      // and waits on that e-mail. This side then asks for T1: a cycle, which PostgreSQL breaks
      // by aborting the import's transaction, counted rows and all.
      const other = await side();
      await other.query(
        "INSERT INTO contacts (creditor_id, debtor_id, kind, value, validity, source, created_at, updated_at) SELECT creditor_id, id, 'email', 'ana@exemplo.com.br', 'unknown', 'manual', now(), now() FROM debtors",
      );
      const imported = importCsv(deps, creditorId, csv("52998224725;Ana;T1;100,00;10/03/2026;Mensalidade;ana@exemplo.com.br", "52998224725;Ana;T2;5,00;10/04/2026;;"), { allOrNothing });
      await waiters(1);
      await other.query("SELECT id FROM debts WHERE external_id = 'T1' FOR UPDATE");
      await other.query("COMMIT");

      const result = await imported;
      assert.deepEqual([result.imported, result.updated, result.unchanged, result.warnings], [1, 1, 0, []]);
      assert.deepEqual(await debt(), { open_cents: 10000, status: "open", description: "Mensalidade" });
      const { rows } = await pool.query("SELECT kind, count(*)::int AS n FROM events GROUP BY kind ORDER BY kind");
      assert.deepEqual(rows, [{ kind: "debt.imported", n: 2 }]);
      const contacts = await pool.query("SELECT source FROM contacts");
      assert.deepEqual(contacts.rows, [{ source: "manual" }]);
    });
  }
});
