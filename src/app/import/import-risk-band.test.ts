// The risk band column of the import, on both databases (each has its own import store):
// aliases, upper-casing, a malformed band only warns, and re-imports merge it like the
// debtor's other optional fields: an absent column or an empty cell keeps what is stored, a
// new band replaces it and lands on the timeline as a debtor change.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps } from "../../../test/support/factories.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";

const ANA = "52998224725";
const BRUNO = "39053344705";
const CARLA = "11144477735";

const FILE = [
  "Documento;Nome;Título;Valor;Vencimento;Faixa de Risco",
  `${ANA};Ana Souza;F-1;100,00;10/03/2026; c `,
  `${ANA};Ana Souza;F-2;50,00;10/04/2026;`,
  `${BRUNO};Bruno Lima;F-3;70,00;10/03/2026;A/B`,
  `${CARLA};Carla Dias;F-4;80,00;10/03/2026;`,
].join("\n") + "\n";

for (const dialect of testDialects()) {
  describe(`import: the risk band column (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let creditorId: string;

    before(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Faixas", cnpj: "11222333000181" })).id;
    });
    after(async () => cleanup());

    const bands = async () =>
      Object.fromEntries(
        (await deps.database.db.selectFrom("debtors").select(["document", "risk_band"]).where("creditor_id", "=", creditorId).orderBy("document").execute()).map((d) => [d.document, d.risk_band]),
      );
    const debtorEvents = () => deps.database.db.selectFrom("events").select(["kind", "actor", "data", "debtor_id"]).where("kind", "=", "debtor.updated").orderBy("id").execute();
    const eventCount = async () => Number((await deps.database.db.selectFrom("events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    it("stores the band upper-cased; a malformed one warns with the column as written and the row still goes in", async () => {
      const result = await importCsv(deps, creditorId, FILE);
      assert.deepEqual(result, {
        imported: 4, updated: 0, unchanged: 0, rejected: [],
        warnings: [{ line: 4, field: "Faixa de Risco", reason: 'faixa de risco "A/B" com caractere não aceito ("/"): use letras, números, espaço, +, - ou _; faixa de risco ignorada' }],
      });
      assert.deepEqual(await bands(), { [BRUNO]: null, [CARLA]: null, [ANA]: "C" });
    });

    it("re-importing the same file changes nothing", async () => {
      const events = await eventCount();
      const result = await importCsv(deps, creditorId, FILE);
      assert.deepEqual([result.imported, result.updated, result.unchanged, result.warnings.length], [0, 0, 4, 1]);
      assert.equal(await eventCount(), events);
    });

    it("the same band in another case is no change", async () => {
      const events = await eventCount();
      const result = await importCsv(deps, creditorId, `documento;nome;titulo;valor;vencimento;risco\n${ANA};Ana Souza;F-1;100,00;10/03/2026;C\n`);
      assert.deepEqual([result.imported, result.updated, result.unchanged, result.warnings], [0, 0, 1, []]);
      assert.equal(await eventCount(), events);
    });

    it("an absent column or an empty cell keeps the stored band, as for city or segment", async () => {
      const events = await eventCount();
      const without = await importCsv(deps, creditorId, `documento;nome;titulo;valor;vencimento\n${ANA};Ana Souza;F-1;100,00;10/03/2026\n`);
      assert.deepEqual([without.imported, without.updated, without.unchanged], [0, 0, 1]);
      const empty = await importCsv(deps, creditorId, `documento;nome;titulo;valor;vencimento;faixa_risco\n${ANA};Ana Souza;F-1;100,00;10/03/2026;  \n`);
      assert.deepEqual([empty.imported, empty.updated, empty.unchanged, empty.warnings], [0, 0, 1, []]);
      const malformed = await importCsv(deps, creditorId, `documento;nome;titulo;valor;vencimento;faixa_risco\n${ANA};Ana Souza;F-1;100,00;10/03/2026;C*\n`);
      assert.deepEqual([malformed.unchanged, malformed.warnings.length], [1, 1]);
      assert.equal((await bands())[ANA], "C");
      assert.equal(await eventCount(), events);
    });

    it("a new band replaces the stored one and lands on the timeline as a debtor change; the debt counts stay about debts", async () => {
      const result = await importCsv(
        deps,
        creditorId,
        [
          "documento;nome;titulo;valor;vencimento;Classificação_Risco;representante",
          `${ANA};Ana Souza;F-1;100,00;10/03/2026;b;`,
          `${BRUNO};Bruno Lima;F-3;70,00;10/03/2026;alto risco;gerente@credor.com.br`,
          `${CARLA};Carla Dias;F-4;80,00;10/03/2026;`,
        ].join("\n") + "\n",
      );
      assert.deepEqual(result, { imported: 0, updated: 0, unchanged: 3, rejected: [], warnings: [] });
      assert.deepEqual(await bands(), { [BRUNO]: "ALTO RISCO", [CARLA]: null, [ANA]: "B" });
      const events = await debtorEvents();
      assert.equal(events.length, 2);
      assert.deepEqual(
        events.map((e) => (JSON.parse(e.data) as { changes: unknown }).changes),
        [{ riskBand: ["C", "B"] }, { representativeEmail: [null, "gerente@credor.com.br"], riskBand: [null, "ALTO RISCO"] }],
      );
      assert.ok(events.every((e) => e.actor === "system:cli"));
    });

    it("within one file the last non-empty band of a debtor wins; a new debtor gets it too", async () => {
      const DANI = "86288366757";
      await importCsv(
        deps,
        creditorId,
        [
          "documento;nome;titulo;valor;vencimento;risk_band",
          `${DANI};Daniela Reis;F-5;10,00;10/03/2026;a`,
          `${DANI};Daniela Reis;F-6;10,00;10/04/2026;d`,
          `${DANI};Daniela Reis;F-7;10,00;10/05/2026;`,
          `${DANI};Daniela Reis;F-8;10,00;10/06/2026;%`,
        ].join("\n") + "\n",
      );
      assert.equal((await bands())[DANI], "D");
    });
  });
}
