// End to end, on both databases: a step that only applies to risk band "C". The band comes in
// through the import (written "c", stored "C") and through PATCH …/debtors/{id} by a manager
// over real HTTP; the daily run (dry) plans the step for the debtor in band C and skips the
// other with condition_not_met, until the manager moves it to C.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, TEST_NOW } from "../../../test/support/factories.ts";
import { startServer, type TestServer } from "../../../test/support/http.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addUser } from "../auth/users.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { explainDebtor } from "./explain-debtor.ts";
import { applyLadder } from "./ladders.ts";
import { runLadder } from "./run-ladder.ts";

const ANA = "52998224725";
const BRUNO = "39053344705";

// 2025-06-02 (TEST_NOW, 10:00 in São Paulo) is day +5 of a debt due 2025-05-28.
const LADDER = {
  id: "por-risco",
  name: "Por faixa de risco",
  steps: [{ id: "d+5-c", offsetDays: 5, stage: "firm", channel: "email", conditions: { riskBands: ["C"] } }],
};

const FILE = [
  "documento;nome;email;uf;titulo;valor;vencimento;faixa_risco",
  `${ANA};Ana Souza;ana@exemplo.com.br;SP;R-1;300,00;28/05/2025;c`,
  `${BRUNO};Bruno Lima;bruno@exemplo.com.br;SP;R-2;300,00;28/05/2025;A`,
].join("\n") + "\n";

for (const dialect of testDialects()) {
  describe(`a ladder step for risk band C (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let server: TestServer;
    let creditorId: string;
    let cookie: string;

    before(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Risco Ltda", cnpj: "11222333000181", state: "SP" })).id;
      const imported = await importCsv(deps, creditorId, FILE);
      assert.deepEqual([imported.imported, imported.rejected, imported.warnings], [2, [], []]);
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
      await addUser(deps, SYSTEM_ACTOR, { email: "gestora@risco.test", name: "Gestora", role: "manager", creditorIds: [creditorId], password: "SenhaGestora2025" });
      server = await startServer(deps);
      cookie = await server.login("gestora@risco.test", "SenhaGestora2025");
    });
    after(async () => {
      await server?.close();
      await cleanup?.();
    });

    const dryRun = async () => (await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: TEST_NOW, dryRun: true })).result;

    it("the imported band \"c\" gets the step; band \"A\" is skipped with condition_not_met, and the explanation says why", async () => {
      const bands = await deps.database.db.selectFrom("debtors").select(["document", "risk_band"]).where("creditor_id", "=", creditorId).orderBy("document").execute();
      assert.deepEqual(bands, [{ document: BRUNO, risk_band: "A" }, { document: ANA, risk_band: "C" }]);
      assert.deepEqual(await dryRun(), {
        at: TEST_NOW,
        planned: [{ debtorDocument: ANA, debtExternalIds: ["R-1"], stepId: "d+5-c", channel: "email", sendAt: TEST_NOW }],
        skipped: [{ debtorDocument: BRUNO, debtExternalIds: ["R-2"], stepId: "d+5-c", channel: "email", reason: "condition_not_met" }],
      });
      const why = await explainDebtor(deps, SYSTEM_ACTOR, creditorId, { document: BRUNO, at: TEST_NOW });
      assert.match(JSON.stringify(why), /faixa de risco \\"A\\" fora das da etapa \(C\)/);
    });

    it("after a manager PATCHes the second debtor to \"c\", it gets the step too", async () => {
      const bruno = await deps.database.db.selectFrom("debtors").select("id").where("creditor_id", "=", creditorId).where("document", "=", BRUNO).executeTakeFirstOrThrow();
      const res = await server.call<{ riskBand: string | null }>("PATCH", `/api/creditors/${creditorId}/debtors/${bruno.id}`, { cookie, json: { riskBand: "c" } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.riskBand, "C");
      assert.deepEqual(await dryRun(), {
        at: TEST_NOW,
        planned: [
          { debtorDocument: ANA, debtExternalIds: ["R-1"], stepId: "d+5-c", channel: "email", sendAt: TEST_NOW },
          { debtorDocument: BRUNO, debtExternalIds: ["R-2"], stepId: "d+5-c", channel: "email", sendAt: TEST_NOW },
        ],
        skipped: [],
      });
    });
  });
}
