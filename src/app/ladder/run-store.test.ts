import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, testDialects } from "../../../test/support/db.ts";
import { importCsv } from "../../../test/support/factories.ts";
import type { Database } from "../../db/database.ts";
import type { PlannedAction } from "../../domain/ladder/decide-actions.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import { openRunStore } from "./open-run-store.ts";
import type { NewAction } from "./run-store.ts";

const NOW = "2025-06-02T13:00:00.000Z";
const CSV = [
  "documento;nome;email;uf;titulo;valor;vencimento",
  "52998224725;Ana Clara;ana@exemplo.com.br;SP;T1;150,00;28/05/2025",
  "52998224725;Ana Clara;ana@exemplo.com.br;SP;T2;250,00;23/05/2025",
  "11144477735;Bruno;bruno@exemplo.com.br;AC;T3;99,00;23/04/2025",
].join("\n");

type LinkRow = [number, string | null, number, string | null];
const byDebt = (rows: LinkRow[]) => rows.sort((a, b) => a[0] - b[0]);

/** A planned e-mail of the given step for these debts (the first one also records superseded steps). */
function action(debtorId: number, key: string, stepId: string, debtIds: number[]): NewAction {
  const planned: PlannedAction = {
    existingActionId: null, channel: "email", ladderId: "varejo", ladderVersion: 1, stepId, stage: "friendly", localDay: "2025-06-02",
    sendAt: NOW, status: "planned", contactId: null, idempotencyKey: key,
    debts: debtIds.map((debtId, i) => ({ debtId, externalId: `T${debtId}`, dueDate: "2025-05-23", ladderId: "varejo", stepId, priorNotice: i === 1, superseded: i === 0 ? ["d-3", "d+1"] : [] })),
  };
  return { debtorId, planned };
}

for (const dialect of testDialects()) {
  describe(`run store writes on ${dialect}`, () => {
    let database: Database & { cleanup(): Promise<void> };
    let creditorId: string;
    let ana: number;
    let bruno: number;
    let debt: Record<string, number>;

    before(async () => {
      database = await freshDatabase(dialect);
      const deps = { database, clock: fixedClock(NOW) };
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Alfa Comércio Ltda", cnpj: "11222333000181", state: "SP" })).id;
      assert.equal((await importCsv(deps, creditorId, `${CSV}\n`)).imported, 3);
      const debtors = await database.db.selectFrom("debtors").select(["id", "document"]).execute();
      ana = debtors.find((d) => d.document === "52998224725")!.id;
      bruno = debtors.find((d) => d.document === "11144477735")!.id;
      debt = Object.fromEntries((await database.db.selectFrom("debts").select(["id", "external_id"]).execute()).map((d) => [d.external_id, d.id]));
    });
    after(async () => database.cleanup());

    /** Every written action with its debts, by idempotency key: [key, debtor, step, [debt, step, prior notice, superseded][]]. */
    const written = async () => {
      const rows = await database.db
        .selectFrom("actions as a")
        .innerJoin("action_debts as ad", "ad.action_id", "a.id")
        .select(["a.idempotency_key", "a.debtor_id", "a.step_id", "ad.debt_id", "ad.step_id as debt_step", "ad.prior_notice", "ad.superseded"])
        .orderBy("a.idempotency_key")
        .orderBy("ad.debt_id")
        .execute();
      const out = new Map<string, [number, string, LinkRow[]]>();
      for (const r of rows) {
        let entry = out.get(r.idempotency_key);
        if (!entry) out.set(r.idempotency_key, (entry = [Number(r.debtor_id), r.step_id, []]));
        entry[2].push([Number(r.debt_id), r.debt_step, Number(r.prior_notice), r.superseded]);
      }
      return out;
    };

    it("writes each action with its debts; a key already taken is left alone and gets no debts, the others link to their own action", async () => {
      const store = await openRunStore(database, creditorId);
      try {
        const first = await store.transaction(() => store.writeActions([action(ana, "k-ana", "d+5", [debt.T2!, debt.T1!]), action(bruno, "k-bruno", "d+30", [debt.T3!])], NOW));
        assert.equal(first, 2);
        // A second run of the same day got to k-ana first: only k-ana-2 and k-bruno-2 are new.
        const second = await store.transaction(() =>
          store.writeActions([action(ana, "k-ana", "d+10", [debt.T1!]), action(ana, "k-ana-2", "d+10", [debt.T1!]), action(bruno, "k-bruno", "d+45", [debt.T3!]), action(bruno, "k-bruno-2", "d+45", [debt.T3!])], NOW),
        );
        assert.equal(second, 2);
        // Outside a transaction the store takes one itself.
        assert.equal(await store.writeActions([action(bruno, "k-bruno-3", "d+60", [debt.T3!])], NOW), 1);
        assert.equal(await store.writeActions([], NOW), 0);
      } finally {
        await store.close();
      }
      assert.deepEqual(
        [...(await written())],
        [
          ["k-ana", [ana, "d+5", byDebt([[debt.T1!, "d+5", 1, null], [debt.T2!, "d+5", 0, '["d-3","d+1"]']])]],
          ["k-ana-2", [ana, "d+10", [[debt.T1!, "d+10", 0, '["d-3","d+1"]']]]],
          ["k-bruno", [bruno, "d+30", [[debt.T3!, "d+30", 0, '["d-3","d+1"]']]]],
          ["k-bruno-2", [bruno, "d+45", [[debt.T3!, "d+45", 0, '["d-3","d+1"]']]]],
          ["k-bruno-3", [bruno, "d+60", [[debt.T3!, "d+60", 0, '["d-3","d+1"]']]]],
        ],
      );
      // Ids follow the order of the writes, one per new action.
      const ids = await database.db.selectFrom("actions").select(["id", "idempotency_key"]).orderBy("id").execute();
      assert.deepEqual(ids.map((r) => r.idempotency_key), ["k-ana", "k-bruno", "k-ana-2", "k-bruno-2", "k-bruno-3"]);
    });

    it("writes more actions than one statement holds, in order", async () => {
      const store = await openRunStore(database, creditorId);
      const many = Array.from({ length: 450 }, (_, i) => action(i % 2 ? ana : bruno, `many-${String(i).padStart(3, "0")}`, "d+1", [i % 2 ? debt.T1! : debt.T3!]));
      try {
        assert.equal(await store.transaction(() => store.writeActions(many, NOW)), 450);
      } finally {
        await store.close();
      }
      const rows = await database.db
        .selectFrom("actions as a")
        .innerJoin("action_debts as ad", "ad.action_id", "a.id")
        .select(["a.idempotency_key", "a.debtor_id", "ad.debt_id"])
        .where("a.idempotency_key", "like", "many-%")
        .orderBy("a.id")
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.idempotency_key, Number(r.debtor_id), Number(r.debt_id)]),
        many.map((a) => [a.planned.idempotencyKey, a.debtorId, a.planned.debts[0]!.debtId]),
      );
    });
  });
}
