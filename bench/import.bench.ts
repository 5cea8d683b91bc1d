// Import of a generated portfolio CSV (default 1,000,000 debts of 500,000 debtors) into SQLite
// and PostgreSQL, against the floor: the same rows written by a bare bulk insert (one prepared
// statement in one transaction on SQLite; COPY on PostgreSQL), without parsing or validation.
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase, type Database } from "../src/db/database.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../src/app/access.ts";
import { addCreditor } from "../src/app/creditors/creditors.ts";
import { importDebts } from "../src/app/import/import-debts.ts";
import { writeCsv } from "../src/app/import/write-csv.ts";
import { readTable } from "../src/app/import/read-table.ts";
import { DEMO_HEADERS, generateDemoRows } from "../src/domain/demo/generate-portfolio.ts";
import { mapColumns } from "../src/domain/import/columns.ts";
import { validateRow, type ImportRecord } from "../src/domain/import/validate-row.ts";
import { benchDir, freshPgUrl, report, seconds } from "./support.ts";

const DEBTORS = Number(process.env.BENCH_DEBTORS ?? 500_000);
const clock = fixedClock("2026-11-23T12:00:00Z");
const dir = benchDir("import");
const csv = join(dir, "carteira.csv");

const t = process.hrtime.bigint();
const rows = await writeCsv(csv, DEMO_HEADERS, generateDemoRows({ debtors: DEBTORS, seed: 7, today: "2026-11-23" }));
console.log(`CSV gerado: ${rows.toLocaleString("pt-BR")} títulos de ${DEBTORS.toLocaleString("pt-BR")} devedores em ${seconds(t).toFixed(1)} s`);

// The floor's rows: parsed and validated outside the timing, deduplicated as the importer would.
const records: ImportRecord[] = [];
{
  const table = readTable(csv);
  const header = await table.next();
  const map = mapColumns(header.value!.cells);
  for await (const r of table) {
    const v = validateRow(r.cells, map, r.line);
    if (v.record) records.push(v.record);
  }
}
const debtors = new Map<string, ImportRecord["debtor"]>();
for (const r of records) if (!debtors.has(r.debtor.document)) debtors.set(r.debtor.document, r.debtor);
const contactCount = records.reduce((n, r) => n + r.contacts.length, 0);
console.log(`Linhas válidas: ${records.length.toLocaleString("pt-BR")} títulos, ${debtors.size.toLocaleString("pt-BR")} devedores, ${contactCount.toLocaleString("pt-BR")} contatos`);

async function setup(url: string): Promise<{ database: Database; creditorId: string }> {
  const database = await openDatabase(url);
  const creditorId = (await addCreditor({ database, clock }, SYSTEM_ACTOR, { legalName: "Bench", cnpj: "11222333000181" })).id;
  return { database, creditorId };
}

async function timeImport(url: string): Promise<number> {
  const { database, creditorId } = await setup(url);
  const start = process.hrtime.bigint();
  const result = await importDebts({ database, clock }, SYSTEM_ACTOR, { creditorId, path: csv });
  const secs = seconds(start);
  if (result.imported !== records.length) throw new Error(`importou ${result.imported}, esperado ${records.length}`);
  await database.close();
  return secs;
}

const now = clock.now().toISOString();

async function sqliteFloor(url: string): Promise<number> {
  const { database, creditorId } = await setup(url);
  if (database.dialect !== "sqlite") throw new Error("sqlite");
  const s = database.sqlite;
  const start = process.hrtime.bigint();
  const insDebtor = s.prepare("INSERT INTO debtors (creditor_id, document, kind, name, state, city, zip, address, segment, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  const insDebt = s.prepare("INSERT INTO debts (creditor_id, debtor_id, external_id, description, original_cents, open_cents, issue_date, due_date, contract, instalment, our_number, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  const insContact = s.prepare("INSERT OR IGNORE INTO contacts (creditor_id, debtor_id, kind, value, validity, invalid_reason, source, created_at, updated_at) VALUES (?,?,?,?,?,?,'import',?,?)");
  const ids = new Map<string, number>();
  s.exec("BEGIN");
  for (const [doc, d] of debtors) ids.set(doc, Number(insDebtor.run(creditorId, doc, d.kind, d.name, d.state, d.city, d.zip, d.address, d.segment, "[]", now, now).lastInsertRowid));
  for (const r of records) {
    const debtorId = ids.get(r.debtor.document)!;
    const d = r.debt;
    insDebt.run(creditorId, debtorId, d.externalId, d.description, d.amountCents, d.amountCents, d.issueDate, d.dueDate, d.contract, d.instalment, d.ourNumber, "open", now, now);
    for (const c of r.contacts) insContact.run(creditorId, debtorId, c.kind, c.value, c.validity, c.invalidReason, now, now);
  }
  s.exec("COMMIT");
  const secs = seconds(start);
  await database.close();
  return secs;
}

const esc = (v: string | number | null) => (v === null ? "\\N" : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n"));
async function copy(database: Database, sql: string, lines: Iterable<string>) {
  if (database.dialect !== "postgres") throw new Error("pg");
  const client = await database.pool.connect();
  try {
    async function* gen() {
      let buf = "";
      for (const l of lines) {
        buf += l;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = "";
        }
      }
      if (buf) yield buf;
    }
    await pipeline(Readable.from(gen()), client.query(copyFrom(sql)));
  } finally {
    client.release();
  }
}

async function pgFloor(url: string): Promise<number> {
  const { database, creditorId } = await setup(url);
  const start = process.hrtime.bigint();
  await copy(database, "COPY debtors (creditor_id, document, kind, name, state, city, zip, address, segment, tags, created_at, updated_at) FROM STDIN", (function* () {
    for (const [doc, d] of debtors) yield `${[creditorId, doc, d.kind, d.name, d.state, d.city, d.zip, d.address, d.segment, "[]", now, now].map(esc).join("\t")}\n`;
  })());
  if (database.dialect !== "postgres") throw new Error("pg");
  const { rows } = await database.pool.query<{ id: number; document: string }>("SELECT id, document FROM debtors WHERE creditor_id = $1", [creditorId]);
  const ids = new Map(rows.map((r) => [r.document, r.id]));
  await copy(database, "COPY debts (creditor_id, debtor_id, external_id, description, original_cents, open_cents, issue_date, due_date, contract, instalment, our_number, status, created_at, updated_at) FROM STDIN", (function* () {
    for (const r of records) {
      const d = r.debt;
      yield `${[creditorId, ids.get(r.debtor.document)!, d.externalId, d.description, d.amountCents, d.amountCents, d.issueDate, d.dueDate, d.contract, d.instalment, d.ourNumber, "open", now, now].map(esc).join("\t")}\n`;
    }
  })());
  const seen = new Set<string>();
  await copy(database, "COPY contacts (creditor_id, debtor_id, kind, value, validity, invalid_reason, source, created_at, updated_at) FROM STDIN", (function* () {
    for (const r of records) {
      const debtorId = ids.get(r.debtor.document)!;
      for (const c of r.contacts) {
        const key = `${debtorId}|${c.kind}|${c.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        yield `${[creditorId, debtorId, c.kind, c.value, c.validity, c.invalidReason, "import", now, now].map(esc).join("\t")}\n`;
      }
    }
  })());
  const secs = seconds(start);
  await database.close();
  return secs;
}

const sqliteImport = await timeImport(`sqlite:${join(dir, "import.db")}`);
const sqliteBare = await sqliteFloor(`sqlite:${join(dir, "floor.db")}`);
report("SQLite, importação completa (leitura, validação, upsert, linha do tempo)", records.length, sqliteImport, sqliteBare, "INSERT preparado numa transação");

const pgImport = await timeImport(await freshPgUrl());
const pgBare = await pgFloor(await freshPgUrl());
report("PostgreSQL, importação completa", records.length, pgImport, pgBare, "COPY");
console.log(`Memória residente ao fim: ${Math.round(process.memoryUsage().rss / 1e6)} MB (o arquivo é lido em fluxo; o piso guarda as linhas em memória)`);
