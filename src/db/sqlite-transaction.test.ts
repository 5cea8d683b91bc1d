import assert from "node:assert/strict";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { after, before, beforeEach, describe, it } from "node:test";
import { freshDatabase } from "../../test/support/db.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { addCreditor } from "../app/creditors/creditors.ts";
import { importDebts } from "../app/import/import-debts.ts";
import { openRunStore } from "../app/ladder/open-run-store.ts";
import { completeCpf } from "../domain/br/documents.ts";
import { fixedClock } from "../shared/clock.ts";
import type { Database } from "./database.ts";
import { sqliteTransaction } from "./sqlite-transaction.ts";

type SqliteDatabase = Extract<Database, { dialect: "sqlite" }>;

// The embedded database has one connection: a raw transaction of a bulk path must not take in
// what other requests write through Kysely while it awaits.
describe("raw SQLite transactions hold Kysely's connection", () => {
  let database: SqliteDatabase & { cleanup(): Promise<void> };
  const rows = async () => (await database.db.selectFrom("audit_log").select("action").orderBy("id").execute()).map((r) => r.action);
  const raw = (action: string) =>
    database.sqlite.prepare("INSERT INTO audit_log (at, actor, creditor_id, action, entity, entity_id, before, after) VALUES (?, 'teste', NULL, ?, 'x', 'x', NULL, NULL)").run("2026-11-23T12:00:00.000Z", action);
  const viaKysely = (action: string) =>
    database.db.insertInto("audit_log").values({ at: "2026-11-23T12:00:00.000Z", actor: "outro pedido", creditor_id: null, action, entity: "x", entity_id: "x", before: null, after: null }).execute();

  before(async () => {
    const opened = await freshDatabase("sqlite");
    if (opened.dialect !== "sqlite") throw new Error("sqlite");
    database = opened;
  });
  after(async () => database.cleanup());
  beforeEach(async () => {
    await database.db.deleteFrom("audit_log").execute();
  });

  it("a write sent meanwhile waits, and survives the rollback", async () => {
    const order: string[] = [];
    let other: Promise<unknown> | undefined;
    await assert.rejects(
      sqliteTransaction(database, "IMMEDIATE", async () => {
        raw("bulk");
        other = viaKysely("concurrent").then(() => order.push("concurrent written"));
        await sleep(30);
        order.push("bulk ends");
        throw new Error("falhou");
      }),
      /falhou/,
    );
    await other;
    assert.deepEqual(order, ["bulk ends", "concurrent written"]);
    assert.deepEqual(await rows(), ["concurrent"]);
    assert.equal(database.sqlite.inTransaction, false);
  });

  it("commits its own writes, then the waiting one runs", async () => {
    let other: Promise<unknown> | undefined;
    const result = await sqliteTransaction(database, "DEFERRED", async () => {
      raw("bulk");
      other = viaKysely("concurrent");
      await sleep(10);
      return 7;
    });
    await other;
    assert.equal(result, 7);
    assert.deepEqual(await rows(), ["bulk", "concurrent"]);
  });

  it("the ladder run's batches are such transactions", async () => {
    const store = await openRunStore(database, "nenhum");
    let other: Promise<unknown> | undefined;
    await assert.rejects(
      store.transaction(async () => {
        raw("run batch");
        other = viaKysely("payment meanwhile");
        await sleep(10);
        throw new Error("lote falhou");
      }),
      /lote falhou/,
    );
    await other;
    await store.close();
    assert.deepEqual(await rows(), ["payment meanwhile"]);
  });

  it("a dry-run import reads its file inside one: what other requests write meanwhile stays", async () => {
    const deps = { database, clock: fixedClock("2026-11-23T12:00:00Z") };
    const creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Alfa Ltda", cnpj: "11222333000181" })).id;
    const path = join(mkdtempSync(join(tmpdir(), "regua-import-")), "carteira.csv");
    const lines = ["documento;nome;email;uf;titulo;valor;vencimento"];
    for (let i = 0; i < 6000; i++) lines.push(`${completeCpf(String(200_000_000 + i))};Pessoa ${i} da Silva Sauro;pessoa${i}@exemplo.com.br;SP;T-${i};${100 + i},00;10/11/2026`);
    writeFileSync(path, `${lines.join("\n")}\n`);
    let done = false;
    const dryRun = importDebts(deps, SYSTEM_ACTOR, { creditorId, path, dryRun: true }).finally(() => (done = true));
    let written = 0;
    while (!done) {
      await viaKysely(`meanwhile ${written}`);
      written++;
      await nextTurn();
    }
    assert.equal((await dryRun).imported, 6000);
    assert.ok(written >= 1);
    assert.deepEqual((await rows()).filter((a) => a.startsWith("meanwhile")), Array.from({ length: written }, (_, i) => `meanwhile ${i}`));
    assert.equal(Number((await database.db.selectFrom("debts").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n), 0);
  });
});
