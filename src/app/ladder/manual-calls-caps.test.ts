import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { freshDatabaseUrl, testDialects } from "../../../test/support/db.ts";
import { importCsv } from "../../../test/support/factories.ts";
import { openDatabase } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { explainDebtor } from "./explain-debtor.ts";
import { applyLadder } from "./ladders.ts";
import { runLadder } from "./run-ladder.ts";

const ANA = "52998224725";
const TUESDAY = "2025-06-03T13:00:00.000Z"; // 10:00 in São Paulo
const CSV = ["documento;nome;telefone;uf;titulo;valor;vencimento", `${ANA};Ana Clara;(11) 99876-5432;SP;T1;150,00;09/05/2025`].join("\n") + "\n";
const CALL_LADDER = { id: "ligacao", name: "Ligação", steps: [{ id: "d+25", offsetDays: 25, stage: "firm", channel: "phone" }] };

// Frequency caps count every contact with the person, not only the ladder's own: a call a
// collector made by hand (no planned action behind it) is a phone contact of that day.
for (const dialect of testDialects()) {
  describe(`calls made by hand count towards the ladder's caps on ${dialect}`, () => {
    let deps: AppDeps;
    let db: Kysely<Schema>;
    let close: () => Promise<void>;
    let alfa: string;
    let beta: string;

    before(async () => {
      const { url, drop } = await freshDatabaseUrl(dialect);
      const database = await openDatabase(url);
      close = async () => {
        await database.close();
        await drop();
      };
      deps = { database, clock: fixedClock(TUESDAY) };
      db = database.db;
      alfa = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Alfa Comércio Ltda", cnpj: "11222333000181", state: "SP" })).id;
      beta = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Beta Ltda", cnpj: "11444777000161", state: "SP" })).id;
      for (const c of [alfa, beta]) assert.equal((await importCsv(deps, c, CSV)).imported, 1);
      await applyLadder(deps, SYSTEM_ACTOR, alfa, { document: CALL_LADDER });
    });
    after(async () => close());
    beforeEach(async () => {
      await db.deleteFrom("call_attempts").execute();
    });

    async function callByHand(creditorId: string, at: string, localDay: string) {
      const debtor = await db.selectFrom("debtors").select("id").where("creditor_id", "=", creditorId).where("document", "=", ANA).executeTakeFirstOrThrow();
      const phone = await db.selectFrom("contacts").select(["id", "value"]).where("debtor_id", "=", debtor.id).where("kind", "=", "phone").executeTakeFirstOrThrow();
      await db
        .insertInto("call_attempts")
        .values({ creditor_id: creditorId, debtor_id: debtor.id, contact_id: phone.id, phone: phone.value, actor: "user:cobrador", at, local_day: localDay, outcome: "no_answer", note: null, callback_at: null, promise_id: null, action_id: null })
        .execute();
    }

    async function phoneStep() {
      const { result } = await runLadder(deps, SYSTEM_ACTOR, alfa, { at: TUESDAY, dryRun: true });
      const explained = await explainDebtor(deps, SYSTEM_ACTOR, alfa, { document: ANA, at: TUESDAY });
      return { planned: result.planned.map((p) => p.stepId), skipped: result.skipped.map((s) => s.reason), rule: explained.debts[0]!.steps.at(-1)!.rule };
    }

    it("without calls the phone step is planned", async () => {
      const step = await phoneStep();
      assert.deepEqual([step.planned, step.skipped], [["d+25"], []]);
      assert.doesNotMatch(step.rule, /frequency_cap/);
    });

    it("a call by hand this morning caps today's phone step, in the run and in its explanation", async () => {
      await callByHand(alfa, "2025-06-03T12:00:00.000Z", "2025-06-03");
      const step = await phoneStep();
      assert.deepEqual([step.planned, step.skipped], [[], ["frequency_cap"]]);
      assert.match(step.rule, /^Não enviada \(frequency_cap\)/);
    });

    it("another creditor's collector calling the same person counts too", async () => {
      await callByHand(beta, "2025-06-03T12:30:00.000Z", "2025-06-03");
      assert.deepEqual((await phoneStep()).skipped, ["frequency_cap"]);
    });

    it("yesterday's call leaves today free (1 a day, 3 a week), and last month's counts for nothing", async () => {
      await callByHand(alfa, "2025-06-02T18:00:00.000Z", "2025-06-02");
      await callByHand(alfa, "2025-05-20T18:00:00.000Z", "2025-05-20");
      await callByHand(alfa, "2025-05-21T18:00:00.000Z", "2025-05-21");
      assert.deepEqual((await phoneStep()).planned, ["d+25"]);
      // Three this week (with yesterday's) reach the weekly limit of calls.
      await callByHand(alfa, "2025-05-31T14:00:00.000Z", "2025-05-31");
      await callByHand(alfa, "2025-05-30T14:00:00.000Z", "2025-05-30");
      assert.deepEqual((await phoneStep()).skipped, ["frequency_cap"]);
    });
  });
}
