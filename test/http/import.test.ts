// The import over HTTP: a multipart upload to /api/creditors/:id/imports returns the
// import report, the JSON contract shared with `regua import --json`.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { testDialects } from "../support/db.ts";
import { openTestDeps, seedTenants, type Seed } from "../support/factories.ts";
import { assertProblem, fileForm, startServer, type TestServer } from "../support/http.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import type { Schema } from "../../src/db/schema.ts";

type RowIssue = { line: number; field: string; reason: string };
type ImportResult = { imported: number; updated: number; unchanged: number; rejected: RowIssue[]; warnings: RowIssue[] };
type AuditItems = { items: { actor: string; creditorId: string | null; action: string; entity: string; entityId: string | null; after: unknown }[] };

/** Header counted as line 1; fields named as the file writes them (with accents and capitals). */
const MIXED_CSV = [
  "Documento;Nome;E-mail;Título;Valor;Vencimento;Observação",
  "559.676.510-47;Ana Souza;ana@exemplo.com.br;T-1;1.234,56;10/05/2025;cliente antiga",
  "123.456.789-00;Zé Errado;;T-2;10,00;10/05/2025;",
  "229.763.218-50;Carlos Lima;;T-3;12,3x;10/05/2025;",
  "229.763.218-50;Carlos Lima;;T-4;99,90;31/02/2025;",
  "229.763.218-50;Carlos Lima;carlos-arroba-exemplo.com;T-5;50,00;01/06/2025;",
  "229.763.218-50;Carlos Lima;;T-1;50,00;01/06/2025;",
  ";;;;;;",
].join("\r\n") + "\r\n";

const MIXED_REPORT: ImportResult = {
  imported: 2,
  updated: 0,
  unchanged: 0,
  rejected: [
    { line: 3, field: "Documento", reason: "CPF com dígito verificador inválido" },
    { line: 4, field: "Valor", reason: "valor contém caracteres inválidos" },
    { line: 5, field: "Vencimento", reason: "data inexistente: 31/02/2025" },
    { line: 7, field: "Título", reason: 'título "T-1" repetido no arquivo (primeira ocorrência na linha 2)' },
    { line: 8, field: "Documento", reason: "documento (CPF/CNPJ) obrigatório" },
    { line: 8, field: "Título", reason: "identificador do título obrigatório" },
    { line: 8, field: "Valor", reason: "valor obrigatório" },
    { line: 8, field: "Vencimento", reason: "vencimento obrigatório" },
  ],
  warnings: [
    { line: 1, field: "Observação", reason: "coluna desconhecida, ignorada" },
    { line: 6, field: "E-mail", reason: "falta o @; contato guardado como inválido" },
  ],
};

/** The portfolio of one creditor, to prove a run wrote nothing. */
async function portfolioOf(db: Kysely<Schema>, creditorId: string) {
  return {
    debtors: await db.selectFrom("debtors").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
    contacts: await db.selectFrom("contacts").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
    debts: await db.selectFrom("debts").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
    events: await db.selectFrom("events").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
  };
}

async function recordsOf(db: Kysely<Schema>, creditorId: string) {
  return {
    imports: await db.selectFrom("imports").selectAll().where("creditor_id", "=", creditorId).orderBy("at").orderBy("id").execute(),
    audit: await db.selectFrom("audit_log").selectAll().where("creditor_id", "=", creditorId).orderBy("id").execute(),
  };
}

for (const dialect of testDialects()) {
  describe(`importação por HTTP (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let seed: Seed;
    let server: TestServer;
    let manager: string;
    let admin: string;
    let path: string;

    before(async () => {
      env = await openTestDeps(dialect);
      seed = await seedTenants(env.deps);
      server = await startServer(env.deps);
      manager = await server.login(seed.users.managerA.email, seed.users.managerA.password);
      admin = await server.login(seed.users.admin.email, seed.users.admin.password);
      path = `/api/creditors/${seed.a.creditor.id}/imports`;
    });
    after(async () => {
      await server?.close();
      await env?.cleanup();
    });

    const importAuditByManager = async () =>
      (await server.call<AuditItems>("GET", `/api/audit?action=import.debts&actor=${encodeURIComponent(seed.users.managerA.label)}`, { cookie: admin })).body.items;

    it("a file with good and bad rows → 200 and exactly the report contract; valid rows are stored", async () => {
      const res = await server.call<ImportResult>("POST", path, { cookie: manager, form: fileForm(MIXED_CSV, "carteira-junho.csv") });
      assert.equal(res.status, 200, res.text);
      assert.match(res.contentType, /^application\/json/);
      assert.deepEqual(res.body, MIXED_REPORT);

      const { db } = env.deps.database;
      const debts = await db.selectFrom("debts").innerJoin("debtors", "debtors.id", "debts.debtor_id")
        .select(["debts.external_id", "debts.original_cents", "debts.open_cents", "debts.due_date", "debts.status", "debtors.document", "debtors.name"])
        .where("debts.creditor_id", "=", seed.a.creditor.id).where("debts.external_id", "in", ["T-1", "T-2", "T-3", "T-4", "T-5"]).orderBy("debts.external_id").execute();
      assert.deepEqual(debts, [
        { external_id: "T-1", original_cents: 123456, open_cents: 123456, due_date: "2025-05-10", status: "open", document: "55967651047", name: "Ana Souza" },
        { external_id: "T-5", original_cents: 5000, open_cents: 5000, due_date: "2025-06-01", status: "open", document: "22976321850", name: "Carlos Lima" },
      ]);
      const carlosEmail = await db.selectFrom("contacts").select(["kind", "value", "validity", "invalid_reason"]).where("creditor_id", "=", seed.a.creditor.id).where("value", "like", "carlos%").execute();
      assert.deepEqual(carlosEmail, [{ kind: "email", value: "carlos-arroba-exemplo.com", validity: "invalid", invalid_reason: "falta o @" }]);
    });

    it("the audit log has exactly one import.debts entry by the uploader, with the file name and the counts", async () => {
      const items = await importAuditByManager();
      assert.equal(items.length, 1, JSON.stringify(items));
      const entry = items[0]!;
      assert.equal(entry.creditorId, seed.a.creditor.id);
      assert.equal(entry.entity, "import");
      assert.deepEqual(entry.after, { file: "carteira-junho.csv", imported: 2, updated: 0, unchanged: 0, rejected: 8, warnings: 2 });
      const stored = await env.deps.database.db.selectFrom("imports").select(["id", "file_name", "actor", "dry_run"]).where("actor", "=", seed.users.managerA.label).execute();
      assert.deepEqual(stored, [{ id: entry.entityId, file_name: "carteira-junho.csv", actor: seed.users.managerA.label, dry_run: 0 }]);
    });

    it("uploading the same file again → everything unchanged, same rejections and warnings", async () => {
      const { db } = env.deps.database;
      const before = await portfolioOf(db, seed.a.creditor.id);
      const res = await server.call<ImportResult>("POST", path, { cookie: manager, form: fileForm(MIXED_CSV, "carteira-junho.csv") });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { ...MIXED_REPORT, imported: 0, unchanged: 2 });
      assert.deepEqual(await portfolioOf(db, seed.a.creditor.id), before, "nada mudou na carteira");
    });

    it("?dryRun=true reports what would happen and writes nothing, not even the import record", async () => {
      const { db } = env.deps.database;
      const before = { ...(await portfolioOf(db, seed.a.creditor.id)), ...(await recordsOf(db, seed.a.creditor.id)) };
      const csv = "documento;nome;titulo;valor;vencimento\n55967651047;Ana Souza;T-1;1.300,00;10/05/2025\n88428079820;Bruna Dias;D-1;80,00;15/07/2025\n";
      const res = await server.call<ImportResult>("POST", `${path}?dryRun=true`, { cookie: manager, form: fileForm(csv) });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { imported: 1, updated: 1, unchanged: 0, rejected: [], warnings: [] });
      assert.deepEqual({ ...(await portfolioOf(db, seed.a.creditor.id)), ...(await recordsOf(db, seed.a.creditor.id)) }, before);
    });

    it("?allOrNothing=true with a bad row → 422 with the report and no portfolio change", async () => {
      const { db } = env.deps.database;
      const before = await portfolioOf(db, seed.a.creditor.id);
      const csv = "documento;nome;titulo;valor;vencimento\n88428079820;Bruna Dias;G-1;80,00;15/07/2025\n55967651047;Ana Souza;T-1;2.000,00;10/05/2025\n13602572501;Caio;G-2;-5,00;15/07/2025\n";
      const res = await server.call<ImportResult>("POST", `${path}?allOrNothing=true`, { cookie: manager, form: fileForm(csv, "tudo-ou-nada.csv") });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(res.body, { imported: 0, updated: 0, unchanged: 0, rejected: [{ line: 4, field: "valor", reason: "valor negativo" }], warnings: [] });
      assert.deepEqual(await portfolioOf(db, seed.a.creditor.id), before, "nem G-1 nem a alteração de T-1 ficaram");
      // The attempt itself is on record, with nothing imported.
      const attempt = (await importAuditByManager()).find((e) => (e.after as { file: string }).file === "tudo-ou-nada.csv");
      assert.deepEqual(attempt?.after, { file: "tudo-ou-nada.csv", imported: 0, updated: 0, unchanged: 0, rejected: 1, warnings: 0 });

      const clean = await server.call<ImportResult>("POST", `${path}?allOrNothing=true`, { cookie: manager, form: fileForm(csv.split("\n").slice(0, 3).join("\n") + "\n") });
      assert.equal(clean.status, 200, clean.text);
      assert.deepEqual(clean.body, { imported: 1, updated: 1, unchanged: 0, rejected: [], warnings: [] });
    });

    it("a Latin-1 (Windows-1252) file with accents imports with names and places intact", async () => {
      const text = "Documento;Nome;Endereço;Cidade;UF;Título;Valor;Vencimento\r\n13602572501;João Conceição;Rua São Bento, 12;São Paulo;SP;L-1;10,00;01/07/2025\r\n";
      const bytes = Buffer.from(text, "latin1");
      assert.ok(!bytes.equals(Buffer.from(text, "utf8")), "o arquivo não é UTF-8");
      const res = await server.call<ImportResult>("POST", path, { cookie: manager, form: fileForm(bytes, "latin1.csv") });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { imported: 1, updated: 0, unchanged: 0, rejected: [], warnings: [] });

      const { db } = env.deps.database;
      const debtor = await db.selectFrom("debtors").select("id").where("creditor_id", "=", seed.a.creditor.id).where("document", "=", "13602572501").executeTakeFirstOrThrow();
      type DebtorBody = { debtor: { name: string; city: string; address: string; state: string }; contacts: { kind: string; value: string }[] };
      const view = await server.call<DebtorBody>("GET", `/api/creditors/${seed.a.creditor.id}/debtors/${debtor.id}`, { cookie: manager });
      assert.equal(view.status, 200, view.text);
      assert.equal(view.body.debtor.name, "João Conceição");
      assert.equal(view.body.debtor.city, "São Paulo");
      assert.equal(view.body.debtor.address, "Rua São Bento, 12");
      assert.deepEqual(view.body.contacts.map((c) => [c.kind, c.value]), [["address", "Rua São Bento, 12 — São Paulo/SP"]]);
      const found = await server.call<{ items: { name: string }[] }>("GET", `/api/creditors/${seed.a.creditor.id}/debtors?q=${encodeURIComponent("joão")}`, { cookie: manager });
      assert.deepEqual(found.body.items.map((d) => d.name), ["João Conceição"]);
    });

    it("an XLSX upload goes through the same contract", async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Carteira");
      sheet.addRow(["Documento", "Nome", "Título", "Valor", "Vencimento"]);
      sheet.addRow(["884.280.798-20", "Bruna Dias", "X-1", "45,90", "20/07/2025"]);
      sheet.addRow(["884.280.798-20", "Bruna Dias", "X-2", "R$ -3,00", "20/08/2025"]);
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const res = await server.call<ImportResult>("POST", path, { cookie: manager, form: fileForm(bytes, "carteira.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { imported: 1, updated: 0, unchanged: 0, rejected: [{ line: 3, field: "Valor", reason: "valor negativo" }], warnings: [] });
    });

    it("a missing required column writes nothing and is refused", async () => {
      const { db } = env.deps.database;
      const before = { ...(await portfolioOf(db, seed.a.creditor.id)), ...(await recordsOf(db, seed.a.creditor.id)) };
      const res = await server.call("POST", path, { cookie: manager, form: fileForm("Documento;Título;Valor\n13602572501;Z-1;10,00\n") });
      assert.ok(res.status >= 400, `${res.status} ${res.text}`);
      assert.deepEqual({ ...(await portfolioOf(db, seed.a.creditor.id)), ...(await recordsOf(db, seed.a.creditor.id)) }, before);
    });

    it("a missing required column → 422 problem+json naming the column", async () => {
      const res = await server.call("POST", path, { cookie: manager, form: fileForm("Documento;Título;Valor\n13602572501;Z-1;10,00\n") });
      const problem = assertProblem(res, 422);
      assert.equal(problem.title, "Importação recusada");
      assert.equal(problem.detail, "cabeçalho inválido: coluna obrigatória ausente (vencimento/due_date)");
      assert.deepEqual(problem.errors, [{ line: 1, field: "vencimento/due_date", reason: "coluna obrigatória ausente (vencimento/due_date)" }]);
      const empty = assertProblem(await server.call("POST", path, { cookie: manager, form: fileForm("") }), 422, "arquivo vazio");
      assert.equal(empty.detail, "arquivo vazio: falta a linha de cabeçalho");
    });
  });
}
