// The dispatcher's shared-transaction writer on both databases: writes asked in the same
// turn share one transaction, in order; a failed transaction fails every write in it and
// every later one (the property exactly-once leans on: no commit mark after a lost outcome).
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { sql } from "kysely";
import { testDialects } from "../../../test/support/db.ts";
import { openTestDeps } from "../../../test/support/factories.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { BatchWriter, StatementTexts } from "./batch-writer.ts";

for (const dialect of testDialects()) {
  describe(`dispatch batch writer (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let creditorId: string;
    let debtorId: number;

    beforeEach(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", sector: "retail" })).id;
      const row = await deps.database.db
        .insertInto("debtors")
        .values({ creditor_id: creditorId, document: "52998224725", kind: "person", name: "Ana", state: "SP", city: null, zip: null, address: null, segment: null, tags: "[]", created_at: "2025-06-02T13:00:00.000Z", updated_at: "2025-06-02T13:00:00.000Z" })
        .returning("id")
        .executeTakeFirstOrThrow();
      debtorId = Number(row.id);
    });
    afterEach(async () => {
      await cleanup();
    });

    const rename = (name: string) => sql`UPDATE debtors SET name = ${name} WHERE id = ${debtorId}`.compile(deps.database.db);
    const event = (kind: string) => ({ creditor_id: creditorId, debtor_id: debtorId, debt_id: null, kind, at: "2025-06-02T13:00:00.000Z", actor: "test", data: "{}" });
    const events = () => deps.database.db.selectFrom("events").select("kind").where("actor", "=", "test").orderBy("id").execute();

    it("runs what was asked in one turn in one transaction, in order, with the timeline rows; resolves with the rows changed", async () => {
      const writer = new BatchWriter(deps.database);
      const results = await Promise.all([writer.run(rename("Ana 1"), [event("a")]), writer.run(rename("Ana 2"), [event("b")]), writer.run(sql`UPDATE debtors SET name = 'x' WHERE id = -1`.compile(deps.database.db))]);
      assert.deepEqual(results, [1, 1, 0]);
      await writer.drain();
      const debtor = await deps.database.db.selectFrom("debtors").select("name").where("id", "=", debtorId).executeTakeFirstOrThrow();
      assert.equal(debtor.name, "Ana 2");
      assert.deepEqual((await events()).map((e) => e.kind), ["a", "b"]);
    });

    it("a failed transaction loses all of its writes and refuses every later one", async () => {
      const writer = new BatchWriter(deps.database);
      const good = writer.run(rename("Ana 1"), [event("a")]);
      const bad = writer.run(sql`UPDATE no_such_table SET x = 1`.compile(deps.database.db));
      writer.submit(rename("Ana 3"));
      await assert.rejects(good);
      await assert.rejects(bad);
      await assert.rejects(writer.run(rename("Ana 2")), "nothing is written after a failure");
      await assert.rejects(writer.drain());
      const debtor = await deps.database.db.selectFrom("debtors").select("name").where("id", "=", debtorId).executeTakeFirstOrThrow();
      assert.equal(debtor.name, "Ana");
      assert.deepEqual(await events(), []);
    });

    it("compiles a statement once per shape and refuses values that do not follow the template", () => {
      const texts = new StatementTexts();
      const first = texts.compile(deps.database.db, "rename", ["Ana 1", debtorId], () => sql`UPDATE debtors SET name = ${"Ana 1"} WHERE id = ${debtorId}`);
      const again = texts.compile(deps.database.db, "rename", ["Ana 2", debtorId], () => assert.fail("compiled twice"));
      assert.equal(again.sql, first.sql);
      assert.deepEqual(again.parameters, ["Ana 2", debtorId]);
      assert.throws(() => texts.compile(deps.database.db, "swapped", [debtorId, "Ana"], () => sql`UPDATE debtors SET name = ${"Ana"} WHERE id = ${debtorId}`), /fora de ordem/);
    });
  });
}
