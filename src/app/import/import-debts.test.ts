import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { freshDatabase, testDialects } from "../../../test/support/db.ts";
import { fixedClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/app-error.ts";
import { SYSTEM_ACTOR, type Actor } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { importDebts } from "./import-debts.ts";

const dir = mkdtempSync(join(tmpdir(), "regua-import-test-"));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const GOOD = [
  "documento;nome;email;telefone;uf;titulo;valor;vencimento;parcela",
  "529.982.247-25;Ana Souza;ana@exemplo.com.br;(11) 98765-4321;SP;T1;1.234,56;10/03/2026;1",
  "529.982.247-25;Ana Souza;;;SP;T2;100,00;10/04/2026;2",
  "12.ABC.345/01DE-35;Padaria Pão Dourado Ltda;financeiro@gmial.com;123;BA;T3;R$ 99,90;2026-01-15;",
  "111.111.111-11;Falso;;;SP;T4;10,00;10/03/2026;",
].join("\n");

for (const dialect of testDialects()) {
  describe(`importDebts on ${dialect}`, () => {
    let deps: AppDeps & { cleanup(): Promise<void> };
    let creditorId: string;
    before(async () => {
      const database = await freshDatabase(dialect);
      deps = { database, clock: fixedClock("2026-11-23T12:00:00Z"), cleanup: () => database.cleanup() };
      creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja", cnpj: "11222333000181" })).id;
    });
    after(async () => deps.cleanup());

    const count = async (table: "debts" | "debtors" | "contacts" | "events") =>
      Number((await deps.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    it("dry run reports what would happen and writes nothing", async () => {
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("good.csv", GOOD), dryRun: true });
      assert.equal(result.imported, 3);
      assert.equal(await count("debts"), 0);
      assert.equal(await count("debtors"), 0);
      assert.equal(await count("events"), 0);
    });

    it("imports valid rows, rejects untrustworthy ones and keeps bad contacts as invalid", async () => {
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("good.csv", GOOD) });
      assert.deepEqual({ imported: result.imported, updated: result.updated, unchanged: result.unchanged }, { imported: 3, updated: 0, unchanged: 0 });
      assert.deepEqual(result.rejected, [{ line: 5, field: "documento", reason: result.rejected[0]!.reason }]);
      assert.deepEqual(result.warnings.map((w) => [w.line, w.field]), [[4, "email"], [4, "telefone"]]);
      assert.equal(await count("debtors"), 2);
      const contacts = await deps.database.db.selectFrom("contacts").selectAll().orderBy("id").execute();
      assert.deepEqual(contacts.map((c) => [c.kind, c.value, c.validity]), [
        ["email", "ana@exemplo.com.br", "unknown"],
        ["phone", "+5511987654321", "unknown"],
        ["email", "financeiro@gmial.com", "invalid"],
        ["phone", "123", "invalid"],
      ]);
      const t3 = await deps.database.db.selectFrom("debts").selectAll().where("external_id", "=", "T3").executeTakeFirstOrThrow();
      assert.deepEqual([t3.original_cents, t3.open_cents, t3.due_date, t3.status], [9990, 9990, "2026-01-15", "open"]);
    });

    it("re-importing the same file changes nothing", async () => {
      const events = await count("events");
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("good.csv", GOOD) });
      assert.deepEqual([result.imported, result.updated, result.unchanged], [0, 0, 3]);
      assert.equal(await count("contacts"), 4);
      assert.equal(await count("events"), events);
    });

    it("an amount change updates the debt and lands on the timeline", async () => {
      const changed = GOOD.replace("1.234,56", "1.300,00");
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("changed.csv", changed) });
      assert.deepEqual([result.imported, result.updated, result.unchanged], [0, 1, 2]);
      const event = await deps.database.db.selectFrom("events").selectAll().where("kind", "=", "debt.amount_changed").executeTakeFirstOrThrow();
      assert.deepEqual(
        (({ externalId, beforeCents, afterCents }) => ({ externalId, beforeCents, afterCents }))(JSON.parse(event.data) as { externalId: string; beforeCents: number; afterCents: number }),
        { externalId: "T1", beforeCents: 123456, afterCents: 130000 },
      );
      assert.equal(event.actor, "system:cli");
    });

    it("all-or-nothing with a bad row writes nothing", async () => {
      const before = await count("debts");
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("aon.csv", `${GOOD}\n529.982.247-25;Ana;;;SP;T9;5,00;10/03/2026;`), allOrNothing: true });
      assert.equal(result.rejected.length, 1);
      assert.equal(result.imported, 0);
      assert.equal(await count("debts"), before);
    });

    it("rejects a duplicated debt id even across batches", async () => {
      const rows = ["documento;nome;titulo;valor;vencimento"];
      for (let i = 0; i < 7; i++) rows.push(`52998224725;Ana;D${i % 5};1,00;01/01/2026`);
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("dups.csv", rows.join("\n")), batchSize: 2 });
      assert.equal(result.imported, 5);
      assert.deepEqual(result.rejected.map((r) => r.line), [7, 8]);
      assert.match(result.rejected[0]!.reason, /repetido no arquivo \(primeira ocorrência na linha 2\)/);
    });

    it("reads Latin-1 files with accents", async () => {
      const text = "documento,nome,endereço,cidade,uf,titulo,valor,vencimento\n52998224725,João Conceição,Rua São João,São Paulo,SP,L1,10.00,2026-03-01\n";
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("latin1.csv", Buffer.from(text, "latin1")) });
      assert.equal(result.imported, 1);
      assert.deepEqual(result.warnings, []);
      const debtor = await deps.database.db.selectFrom("debtors").selectAll().where("document", "=", "52998224725").executeTakeFirstOrThrow();
      assert.equal(debtor.name, "João Conceição");
    });

    it("reads XLSX with date and number cells", async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Carteira");
      sheet.addRow(["Documento", "Nome", "Título", "Valor", "Vencimento"]);
      sheet.addRow(["52998224725", "Ana", "X1", 1234.5, new Date(Date.UTC(2026, 2, 10))]);
      sheet.addRow(["52998224725", "Ana", "X2", "abc", "10/03/2026"]);
      const path = join(dir, "carteira.xlsx");
      await workbook.xlsx.writeFile(path);
      const result = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path });
      assert.equal(result.imported, 1);
      assert.deepEqual(result.rejected.map((r) => [r.line, r.field]), [[3, "Valor"]]);
      const x1 = await deps.database.db.selectFrom("debts").selectAll().where("external_id", "=", "X1").executeTakeFirstOrThrow();
      assert.deepEqual([x1.original_cents, x1.due_date], [123450, "2026-03-10"]);
    });

    it("refuses a file without the required columns, naming them", async () => {
      await assert.rejects(importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file("nocols.csv", "nome;valor\nAna;1,00\n") }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "import_rejected");
        assert.deepEqual(error.errors.map((e) => e.field), ["documento/document", "titulo/debt_id", "vencimento/due_date"]);
        return true;
      });
    });

    it("an actor of another creditor cannot import here", async () => {
      const stranger: Actor = { kind: "user", id: "u", role: "manager", creditorIds: ["other"], label: "user:x" };
      await assert.rejects(importDebts(deps, stranger, { creditorId, path: file("good.csv", GOOD) }), (e: unknown) => e instanceof AppError && e.code === "not_found");
      const collector: Actor = { kind: "user", id: "u", role: "collector", creditorIds: [creditorId], label: "user:y" };
      await assert.rejects(importDebts(deps, collector, { creditorId, path: file("good.csv", GOOD) }), (e: unknown) => e instanceof AppError && e.code === "forbidden");
    });
  });
}
