import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, testDialects } from "../../../test/support/db.ts";
import { importCsv } from "../../../test/support/factories.ts";
import { fixedClock } from "../../shared/clock.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { recordManualPayment } from "../payments/record-manual-payment.ts";

const csv = (...rows: string[]) => ["documento;nome;titulo;valor;vencimento;descricao", ...rows].join("\n");

// What the portfolio file says about debts Régua has already received money for.
for (const dialect of testDialects()) {
  describe(`import over paid debts on ${dialect}`, () => {
    let deps: AppDeps & { cleanup(): Promise<void> };
    let creditorId: string;
    before(async () => {
      const database = await freshDatabase(dialect);
      // Paid before the due date: no fine or interest, every centavo goes to the principal.
      deps = { database, clock: fixedClock("2026-03-01T12:00:00Z"), cleanup: () => database.cleanup() };
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja", cnpj: "11222333000181" })).id;
      await importCsv(deps, creditorId, csv("52998224725;Ana;S1;100,00;10/03/2026;", "52998224725;Ana;P1;50,00;10/03/2026;", "52998224725;Ana;P2;80,00;10/03/2026;"));
      const pay = (debt: string, cents: number) =>
        recordManualPayment(deps, SYSTEM_ACTOR, creditorId, { debtorDocument: "52998224725", debtExternalId: debt, amountCents: cents, method: "cash", paidDate: "2026-03-01", note: "caixa da loja" });
      await pay("S1", 10000);
      await pay("P1", 3000);
      await pay("P2", 3000);
    });
    after(async () => deps.cleanup());

    const debt = (externalId: string) =>
      deps.database.db.selectFrom("debts").select(["original_cents", "open_cents", "status", "description"]).where("external_id", "=", externalId).executeTakeFirstOrThrow();
    const debtor = () => deps.database.db.selectFrom("debtors").select(["open_cents", "open_debts"]).executeTakeFirstOrThrow();

    it("a settled debt keeps its amount and stays settled; the rest of the row applies and the amount is a warning", async () => {
      const result = await importCsv(deps, creditorId, csv("52998224725;Ana;S1;130,00;10/03/2026;Mensalidade março"));
      assert.deepEqual([result.imported, result.updated, result.unchanged], [0, 1, 0]);
      assert.deepEqual(result.warnings, [{ line: 2, field: "valor", reason: "título quitado: o valor continua R$ 100,00" }]);
      assert.deepEqual(await debt("S1"), { original_cents: 10000, open_cents: 0, status: "settled", description: "Mensalidade março" });
      assert.deepEqual(await debtor(), { open_cents: 2000 + 5000, open_debts: 2 });
      const changed = await deps.database.db.selectFrom("events").select("id").where("kind", "=", "debt.amount_changed").execute();
      assert.equal(changed.length, 0);
    });

    it("an amount that does not pass what was paid of the principal is kept, naming both", async () => {
      const result = await importCsv(deps, creditorId, csv("52998224725;Ana;P1;30,00;10/03/2026;"));
      assert.deepEqual([result.updated, result.unchanged], [0, 1]);
      assert.deepEqual(result.warnings.map((w) => [w.line, w.field]), [[2, "valor"]]);
      assert.match(result.warnings[0]!.reason, /novo valor \(R\$ 30,00\) não passa do que já foi pago do principal \(R\$ 30,00\): o valor continua R\$ 50,00/);
      assert.deepEqual(await debt("P1"), { original_cents: 5000, open_cents: 2000, status: "open", description: null });
    });

    it("an amount above what was paid applies: the open balance is the new amount less the principal paid", async () => {
      const result = await importCsv(deps, creditorId, csv("52998224725;Ana;P2;30,01;10/03/2026;", "52998224725;Ana;P1;60,00;10/03/2026;"));
      assert.deepEqual([result.updated, result.warnings], [2, []]);
      assert.deepEqual(await debt("P2"), { original_cents: 3001, open_cents: 1, status: "open", description: null });
      assert.deepEqual(await debt("P1"), { original_cents: 6000, open_cents: 3000, status: "open", description: null });
      assert.deepEqual(await debtor(), { open_cents: 3001, open_debts: 2 });
    });

    it("a settled debt stays with its debtor when the file names another; an open one moves", async () => {
      const result = await importCsv(deps, creditorId, csv("11144477735;Bruno;S1;100,00;10/03/2026;Mensalidade março", "11144477735;Bruno;P2;30,01;10/03/2026;"));
      assert.deepEqual([result.updated, result.unchanged], [1, 1]);
      assert.deepEqual(result.warnings, [{ line: 2, field: "documento", reason: "título quitado: o título continua com o devedor que já tem" }]);
      const owners = await deps.database.db
        .selectFrom("debts").innerJoin("debtors", "debtors.id", "debts.debtor_id")
        .select(["debts.external_id", "debtors.document"]).where("debts.external_id", "in", ["S1", "P2"]).orderBy("debts.external_id").execute();
      assert.deepEqual(owners.map((o) => [o.external_id, o.document]), [["P2", "11144477735"], ["S1", "52998224725"]]);
    });

    it("a dry run reports the same warnings and changes nothing", async () => {
      const result = await importCsv(deps, creditorId, csv("52998224725;Ana;S1;1,00;10/03/2026;", "52998224725;Ana;P1;1,00;10/03/2026;"), { dryRun: true });
      assert.deepEqual(result.warnings.map((w) => w.reason.slice(0, 20)), ["título quitado: o va", "o novo valor (R$ 1,0"]);
      assert.deepEqual(await debt("P1"), { original_cents: 6000, open_cents: 3000, status: "open", description: null });
    });
  });
}
