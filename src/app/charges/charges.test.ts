import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps } from "../../../test/support/factories.ts";
import { AppError } from "../../shared/app-error.ts";
import { authorize, SYSTEM_ACTOR, type Actor } from "../access.ts";
import { addCreditor, getCreditor, updateCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { chargeStateOfRow, chargeStateToRow, loadChargeContext } from "./charge-state.ts";
import { chargesForDebts, getDebtCharges } from "./get-debt-charges.ts";
import { importIndexValues, listIndexValues } from "./index-values.ts";

const PORTFOLIO = [
  "documento;nome;uf;titulo;valor;vencimento",
  "52998224725;Ana Consumidora;SP;T-1;1.000,00;10/01/2025",
  "11444777000161;Empresa Devedora Ltda;RJ;T-2;1.000,00;10/01/2025",
  "11144477735;Bruno Paulista;SP;T-3;1.000,00;09/07/2025",
  "39053344705;Carla Carioca;RJ;T-4;1.000,00;09/07/2025",
].join("\n") + "\n";

const IPCA_CSV = "mes;variacao\n01/2025;1,00\n2025-02;2,00\n";

const collector = (creditorId: string): Actor => ({ kind: "user", id: "u1", role: "collector", creditorIds: [creditorId], label: "user:operador" });
const manager = (creditorId: string): Actor => ({ kind: "user", id: "u2", role: "manager", creditorIds: [creditorId], label: "user:gestor" });

async function rejects(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail("esperava um erro");
}

for (const dialect of testDialects()) {
  describe(`charges use cases on ${dialect}`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: AppDeps;
    let creditorId: string;
    let otherCreditorId: string;
    const debtIds: Record<string, number> = {};

    before(async () => {
      env = await openTestDeps(dialect);
      deps = env.deps;
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Encargos", cnpj: "11222333000181", state: "SP" })).id;
      otherCreditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Outra", cnpj: "45723174000110", state: "SP" })).id;
      const result = await importCsv(deps, creditorId, PORTFOLIO);
      assert.equal(result.imported, 4, JSON.stringify(result));
      for (const r of await deps.database.db.selectFrom("debts").select(["id", "external_id"]).execute()) debtIds[r.external_id] = Number(r.id);
    });
    after(async () => env.cleanup());

    it("a new creditor starts at 2 % fine, 1 % interest, no company fine, no correction", async () => {
      const c = await getCreditor(deps, SYSTEM_ACTOR, creditorId);
      assert.deepEqual([c.finePercent, c.businessFinePercent, c.interestMonthlyPercent, c.correctionIndex], [2, null, 1, null]);
    });

    it("hand-worked charges: R$ 1.000,00 due 2025-01-10 on 2025-03-11", async () => {
      assert.deepEqual(await getDebtCharges(deps, collector(creditorId), creditorId, { externalId: "T-1" }, "2025-03-11"), {
        principalCents: 100_000, fineCents: 2000, interestCents: 2000, correctionCents: 0, totalCents: 104_000, daysLate: 60,
      });
      assert.deepEqual(await getDebtCharges(deps, collector(creditorId), creditorId, { id: String(debtIds["T-1"]) }, "2025-03-11"), {
        principalCents: 100_000, fineCents: 2000, interestCents: 2000, correctionCents: 0, totalCents: 104_000, daysLate: 60,
      });
    });

    it("without a date: today in the debtor's zone (2025-06-02, 143 days late)", async () => {
      const b = await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" });
      assert.deepEqual(b, { principalCents: 100_000, fineCents: 2000, interestCents: 4767, correctionCents: 0, totalCents: 106_767, daysLate: 143 });
    });

    it("the debtor's state holiday moves the due date: 9 July in SP, not in RJ", async () => {
      const map = await chargesForDebts(deps, authorize(SYSTEM_ACTOR, creditorId, "portfolio.read"), [debtIds["T-3"]!, debtIds["T-4"]!], "2025-07-10");
      assert.deepEqual(map.get(debtIds["T-3"]!), { principalCents: 100_000, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 100_000, daysLate: 0 });
      assert.deepEqual(map.get(debtIds["T-4"]!), { principalCents: 100_000, fineCents: 2000, interestCents: 33, correctionCents: 0, totalCents: 102_033, daysLate: 1 });
    });

    it("chargesForDebts leaves out other creditors' and unknown debts", async () => {
      const map = await chargesForDebts(deps, otherCreditorId, [debtIds["T-1"]!, 999_999, "x"], "2025-03-11");
      assert.equal(map.size, 0);
      const own = await chargesForDebts(deps, creditorId, [String(debtIds["T-1"]), 999_999], "2025-03-11");
      assert.deepEqual([...own.keys()], [debtIds["T-1"]]);
    });

    it("another creditor's debt is not found, with the same message as an unknown one", async () => {
      await rejects(getDebtCharges(deps, SYSTEM_ACTOR, otherCreditorId, { id: String(debtIds["T-1"]) }, "2025-03-11"), "not_found", /^Título não encontrado\.$/);
      await rejects(getDebtCharges(deps, SYSTEM_ACTOR, otherCreditorId, { externalId: "T-1" }, "2025-03-11"), "not_found", /^Título não encontrado\.$/);
      await rejects(getDebtCharges(deps, collector(otherCreditorId), creditorId, { externalId: "T-1" }, "2025-03-11"), "not_found", /^Credor não encontrado\.$/);
      await rejects(getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" }, "11/03/2025"), "validation", /at: data inválida/);
    });

    it("refuses a consumer fine above 2 % and a company fine above 10 %, in Portuguese", async () => {
      await rejects(updateCreditor(deps, manager(creditorId), creditorId, { finePercent: 2.5 }), "validation", /finePercent: a multa de consumidores não pode passar de 2 % \(CDC art\. 52 §1\)/);
      await rejects(updateCreditor(deps, manager(creditorId), creditorId, { businessFinePercent: 10.01 }), "validation", /businessFinePercent: a multa de empresas não pode passar de 10 %/);
      await rejects(updateCreditor(deps, manager(creditorId), creditorId, { correctionIndex: "IPCA" }), "validation", /o índice IPCA não tem valores importados/);
      await rejects(updateCreditor(deps, manager(creditorId), creditorId, { correctionIndex: "I P C A" }), "validation", /nome de índice inválido/);
    });

    it("a company debtor pays the company fine; a consumer keeps 2 %", async () => {
      const c = await updateCreditor(deps, manager(creditorId), creditorId, { businessFinePercent: 5 });
      assert.equal(c.businessFinePercent, 5);
      assert.deepEqual(await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-2" }, "2025-03-11"), {
        principalCents: 100_000, fineCents: 5000, interestCents: 2000, correctionCents: 0, totalCents: 107_000, daysLate: 60,
      });
      assert.equal((await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" }, "2025-03-11")).fineCents, 2000);
      assert.equal((await updateCreditor(deps, manager(creditorId), creditorId, { businessFinePercent: null })).businessFinePercent, null);
      assert.equal((await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-2" }, "2025-03-11")).fineCents, 2000);
    });

    it("index import: all or nothing, idempotent, revisions update; admin only", async () => {
      const bad = await rejects(importIndexValues(deps, SYSTEM_ACTOR, { indexName: "ipca", content: "mes;variacao\n01/2025;1,00\n13/2025;0,5\n02/2025;abc\n" }), "import_rejected", /recusado \(2 erros\); nada foi gravado/);
      assert.deepEqual(bad.errors, [
        { line: 3, field: "mes", reason: 'mês inválido (use MM/AAAA ou AAAA-MM): "13/2025"' },
        { line: 4, field: "variacao", reason: 'variação inválida (percentual como 0,56, até 4 casas, acima de -100): "abc"' },
      ]);
      assert.deepEqual((await listIndexValues(deps, collector(creditorId), "IPCA")).items, []);
      await rejects(importIndexValues(deps, manager(creditorId), { indexName: "IPCA", content: IPCA_CSV }), "forbidden", /index\.manage/);

      assert.deepEqual(await importIndexValues(deps, SYSTEM_ACTOR, { indexName: "ipca", content: Buffer.from(IPCA_CSV) }), { index: "IPCA", imported: 2, updated: 0, unchanged: 0, firstMonth: "2025-01", lastMonth: "2025-02" });
      assert.deepEqual(await importIndexValues(deps, SYSTEM_ACTOR, { indexName: "IPCA", content: IPCA_CSV }), { index: "IPCA", imported: 0, updated: 0, unchanged: 2, firstMonth: "2025-01", lastMonth: "2025-02" });
      assert.deepEqual(await importIndexValues(deps, SYSTEM_ACTOR, { indexName: "IPCA", content: "01/2025;1,10\n" }), { index: "IPCA", imported: 0, updated: 1, unchanged: 0, firstMonth: "2025-01", lastMonth: "2025-01" });
      assert.equal((await importIndexValues(deps, SYSTEM_ACTOR, { indexName: "IPCA", content: IPCA_CSV })).updated, 1);
      assert.deepEqual(await importIndexValues(deps, SYSTEM_ACTOR, { indexName: "INPC", content: "2025-01;0,5\n" }), { index: "INPC", imported: 1, updated: 0, unchanged: 0, firstMonth: "2025-01", lastMonth: "2025-01" });
      assert.deepEqual(await listIndexValues(deps, collector(creditorId), "ipca"), {
        index: "IPCA",
        items: [{ month: "2025-01", variationPpm: 10_000, variationPercent: "1,00" }, { month: "2025-02", variationPpm: 20_000, variationPercent: "2,00" }],
      });
      // one entry per import that changed something (not for the idempotent re-import)
      const audit = await deps.database.db.selectFrom("audit_log").select(["entity_id"]).where("action", "=", "index.import").orderBy("id").execute();
      assert.deepEqual(audit.map((a) => a.entity_id), ["IPCA", "IPCA", "IPCA", "INPC"]);
    });

    it("monetary correction by IPCA pro rata die, fine and interest on the corrected principal", async () => {
      const c = await updateCreditor(deps, manager(creditorId), creditorId, { correctionIndex: "ipca" });
      assert.equal(c.correctionIndex, "IPCA");
      // (1 + 1 % × 21/31)(1 + 2 %) − 1 on 1.000,00 = 26,91; fine 2 % and interest 2 % of 1.026,91 = 20,54 each
      assert.deepEqual(await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" }, "2025-03-11"), {
        principalCents: 100_000, fineCents: 2054, interestCents: 2054, correctionCents: 2691, totalCents: 106_799, daysLate: 60,
      });
      assert.equal((await updateCreditor(deps, manager(creditorId), creditorId, { correctionIndex: "none" })).correctionIndex, null);
      assert.equal((await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" }, "2025-03-11")).correctionCents, 0);
    });

    it("per-debt overrides and the carried state stored on the debt row", async () => {
      const { db } = deps.database;
      const id = debtIds["T-1"]!;
      await db.updateTable("debts").set({ fine_bp: 100, interest_monthly_bp: 200 }).where("id", "=", id).execute();
      assert.deepEqual(await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" }, "2025-03-11"), {
        principalCents: 100_000, fineCents: 1000, interestCents: 4000, correctionCents: 0, totalCents: 105_000, daysLate: 60,
      });
      await db.updateTable("debts").set({ fine_bp: null, interest_monthly_bp: null }).where("id", "=", id).execute();

      const scope = authorize(SYSTEM_ACTOR, creditorId, "portfolio.read");
      const fresh = await loadChargeContext(db, scope, id);
      assert.deepEqual(fresh?.state, { principalCents: 100_000, fineCents: null, interestCents: 0, correctionCents: 0, accrualFromDate: null });
      assert.deepEqual(fresh?.terms, { fineBp: 200, interestMonthlyBp: 100, correctionIndex: null });
      assert.equal(fresh?.uf, "SP");

      const carried = { principalCents: 74_000, fineCents: 0, interestCents: 500, correctionCents: 0, accrualFromDate: "2025-03-11" };
      await db.updateTable("debts").set(chargeStateToRow(carried)).where("id", "=", id).execute();
      const row = await db.selectFrom("debts").select(["open_cents", "fine_cents", "interest_cents", "correction_cents", "accrual_from_date"]).where("id", "=", id).executeTakeFirstOrThrow();
      assert.deepEqual(chargeStateOfRow(row), carried);
      // 500 carried + 740,00 × 1 % × 30/30
      assert.deepEqual(await getDebtCharges(deps, SYSTEM_ACTOR, creditorId, { externalId: "T-1" }, "2025-04-10"), {
        principalCents: 74_000, fineCents: 0, interestCents: 1240, correctionCents: 0, totalCents: 75_240, daysLate: 90,
      });
      assert.equal(await loadChargeContext(db, authorize(SYSTEM_ACTOR, otherCreditorId, "portfolio.read"), id), undefined);
    });
  });
}
