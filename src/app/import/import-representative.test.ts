// The account representative column of the import, on both databases (each has its own
// import store): aliases, a malformed address only warns, and re-imports merge it like the
// debtor's other optional fields: an absent column or an empty cell keeps what is stored, a
// new address replaces it and lands on the timeline as a debtor change.
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
  "Documento;Nome;Título;Valor;Vencimento;Gerente Conta",
  `${ANA};Ana Souza;R-1;100,00;10/03/2026;Marta.Gerente@Credor.com.br`,
  `${ANA};Ana Souza;R-2;50,00;10/04/2026;`,
  `${BRUNO};Bruno Lima;R-3;70,00;10/03/2026;marta@@credor`,
  `${CARLA};Carla Dias;R-4;80,00;10/03/2026;`,
].join("\n") + "\n";

for (const dialect of testDialects()) {
  describe(`import: the account representative column (${dialect})`, () => {
    let deps: AppDeps;
    let cleanup: () => Promise<void>;
    let creditorId: string;

    before(async () => {
      ({ deps, cleanup } = await openTestDeps(dialect));
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Representantes", cnpj: "11222333000181" })).id;
    });
    after(async () => cleanup());

    const representatives = async () =>
      Object.fromEntries(
        (await deps.database.db.selectFrom("debtors").select(["document", "representative_email"]).where("creditor_id", "=", creditorId).orderBy("document").execute()).map((d) => [d.document, d.representative_email]),
      );
    const debtorEvents = () => deps.database.db.selectFrom("events").select(["kind", "actor", "data", "debtor_id"]).where("kind", "=", "debtor.updated").orderBy("id").execute();
    const eventCount = async () => Number((await deps.database.db.selectFrom("events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    it("stores the normalised address; a malformed one warns with the column as written and the row still goes in", async () => {
      const result = await importCsv(deps, creditorId, FILE);
      assert.deepEqual(result, {
        imported: 4, updated: 0, unchanged: 0, rejected: [],
        warnings: [{ line: 4, field: "Gerente Conta", reason: "mais de um @; representante da conta ignorado" }],
      });
      assert.deepEqual(await representatives(), { [BRUNO]: null, [CARLA]: null, [ANA]: "marta.gerente@credor.com.br" });
      // The representative is the creditor's person, not a contact of the debtor.
      assert.equal(Number((await deps.database.db.selectFrom("contacts").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n), 0);
    });

    it("re-importing the same file changes nothing", async () => {
      const events = await eventCount();
      const result = await importCsv(deps, creditorId, FILE);
      assert.deepEqual([result.imported, result.updated, result.unchanged, result.warnings.length], [0, 0, 4, 1]);
      assert.equal(await eventCount(), events);
    });

    it("an absent column or an empty cell keeps the stored representative, as for city or segment", async () => {
      const events = await eventCount();
      const without = await importCsv(deps, creditorId, `documento;nome;titulo;valor;vencimento\n${ANA};Ana Souza;R-1;100,00;10/03/2026\n`);
      assert.deepEqual([without.imported, without.updated, without.unchanged], [0, 0, 1]);
      const empty = await importCsv(deps, creditorId, `documento;nome;titulo;valor;vencimento;representante\n${ANA};Ana Souza;R-1;100,00;10/03/2026;  \n`);
      assert.deepEqual([empty.imported, empty.updated, empty.unchanged, empty.warnings], [0, 0, 1, []]);
      assert.equal((await representatives())[ANA], "marta.gerente@credor.com.br");
      assert.equal(await eventCount(), events);
    });

    it("a new representative replaces the stored one and lands on the timeline as a debtor change; the debt counts stay about debts", async () => {
      const result = await importCsv(
        deps,
        creditorId,
        [
          "documento;nome;titulo;valor;vencimento;Account_Manager",
          `${ANA};Ana Souza;R-1;100,00;10/03/2026;joao.gerente@credor.com.br`,
          `${BRUNO};Bruno Lima;R-3;70,00;10/03/2026;JOAO.GERENTE@credor.com.br`,
          `${CARLA};Carla Dias;R-4;80,00;10/03/2026;`,
        ].join("\n") + "\n",
      );
      assert.deepEqual(result, { imported: 0, updated: 0, unchanged: 3, rejected: [], warnings: [] });
      assert.deepEqual(await representatives(), { [BRUNO]: "joao.gerente@credor.com.br", [CARLA]: null, [ANA]: "joao.gerente@credor.com.br" });
      const events = await debtorEvents();
      assert.equal(events.length, 2);
      const changes = events.map((e) => (JSON.parse(e.data) as { changes: unknown }).changes);
      assert.deepEqual(changes, [
        { representativeEmail: ["marta.gerente@credor.com.br", "joao.gerente@credor.com.br"] },
        { representativeEmail: [null, "joao.gerente@credor.com.br"] },
      ]);
      assert.ok(events.every((e) => e.actor === "system:cli"));
    });

    it("within one file the last non-empty representative of a debtor wins; a new debtor gets it too", async () => {
      const DANI = "86288366757";
      await importCsv(
        deps,
        creditorId,
        [
          "documento;nome;titulo;valor;vencimento;representative_email",
          `${DANI};Daniela Reis;R-5;10,00;10/03/2026;primeira@credor.com.br`,
          `${DANI};Daniela Reis;R-6;10,00;10/04/2026;segunda@credor.com.br`,
          `${DANI};Daniela Reis;R-7;10,00;10/05/2026;`,
        ].join("\n") + "\n",
      );
      assert.equal((await representatives())[DANI], "segunda@credor.com.br");
    });
  });
}
