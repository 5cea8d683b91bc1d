// Server time of the debtor list (GET /api/creditors/{id}/debtors, through its use case) on a
// generated portfolio of BENCH_DEBTORS debtors (default 500,000, ≈ 1 million debts) loaded by
// the real importer into SQLite and PostgreSQL: each search, filter and order, first page and
// a page deep in the list. Target: under 300 ms per page. BENCH_DEBTORS=20000 for a quick run;
// BENCH_DB=sqlite or postgres for one database only.
//
// BENCH_KEEP=1 keeps the loaded portfolio between runs, so a second run skips the minutes of
// loading: the CSV and the SQLite file stay in bench/.data/debtors-list-keep/ (one per
// BENCH_DEBTORS), and on PostgreSQL the database `regua_b_list_<BENCH_DEBTORS>` stays on the
// server of REGUA_BENCH_PG_URL. `npm run bench` starts a throwaway server each time, so to reuse
// the PostgreSQL database, start a server of your own and run the bench directly:
//   REGUA_BENCH_PG_URL=postgres://postgres@127.0.0.1:PORT/postgres BENCH_KEEP=1 \
//     node --import tsx --max-old-space-size=8192 bench/debtors-list.bench.ts
// A reused database is migrated to the latest schema when opened (any new migration and its
// backfill run then). What is timed is the same either way: the pages, not the loading.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { openDatabase } from "../src/db/database.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../src/app/access.ts";
import type { AppDeps } from "../src/app/deps.ts";
import { addCreditor } from "../src/app/creditors/creditors.ts";
import { importDebts } from "../src/app/import/import-debts.ts";
import { writeCsv } from "../src/app/import/write-csv.ts";
import { listDebtors, type ListDebtorsInput } from "../src/app/portfolio/list-debtors.ts";
import { DEMO_HEADERS, generateDemoRows, type DemoRow } from "../src/domain/demo/generate-portfolio.ts";
import { BENCH_DIR, benchDir, freshPgUrl, seconds } from "./support.ts";

const DEBTORS = Number(process.env.BENCH_DEBTORS ?? 500_000);
const DATABASES = (process.env.BENCH_DB ?? "sqlite,postgres").split(",");
const TARGET_MS = 300;
const REPEAT = 3;
const clock = fixedClock("2026-11-23T12:00:00Z");
const KEEP = process.env.BENCH_KEEP === "1";
const dir = KEEP ? join(BENCH_DIR, "debtors-list-keep") : benchDir("debtors-list");
if (KEEP) mkdirSync(dir, { recursive: true });
const csv = join(dir, KEEP ? `carteira-${DEBTORS}.csv` : "carteira.csv");
const CREDITOR = { legalName: "Bench Listagem", cnpj: "11222333000181", state: "SP" };

// The demo spreadsheet has no segment or tags: add them, as a creditor's file would have.
const SEGMENTS = ["varejo", "cartao", "emprestimo", "servicos", "atacado"];
function* withSegments(rows: Iterable<DemoRow>): Iterable<Record<string, string>> {
  let n = 0;
  for (const row of rows) {
    const h = hash(row.documento);
    const tags = [h % 20 === 0 ? "vip" : "", h % 7 === 0 ? "reincidente" : "", h % 97 === 0 ? "judicial" : ""].filter(Boolean);
    n++;
    yield { ...row, segmento: SEGMENTS[h % SEGMENTS.length]!, tags: tags.join("|") };
  }
  if (n === 0) throw new Error("nenhuma linha gerada");
}
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

if (KEEP && existsSync(csv)) console.log(`CSV reaproveitado: ${csv}`);
else {
  const t = process.hrtime.bigint();
  const rows = await writeCsv(csv, [...DEMO_HEADERS, "segmento", "tags"], withSegments(generateDemoRows({ debtors: DEBTORS, seed: 11, today: "2026-11-23" })));
  console.log(`CSV gerado: ${rows.toLocaleString("pt-BR")} títulos de ${DEBTORS.toLocaleString("pt-BR")} devedores em ${seconds(t).toFixed(1)} s`);
}

type Case = { name: string; input: ListDebtorsInput };

/** The searches and filters people use, each in the orders that matter. */
function cases(sample: { name: string; document: string; externalId: string; email: string | null }): Case[] {
  const prefix = sample.name.split(" ")[0]!.slice(0, 4).toLowerCase();
  const out: Case[] = [];
  for (const sort of ["name", "balance", "oldest_due"] as const) {
    out.push({ name: `sem filtro, ordem ${sort}`, input: { sort } });
    out.push({ name: `UF=AC, ordem ${sort}`, input: { sort, state: "AC" } });
    out.push({ name: `faixa 31–90, ordem ${sort}`, input: { sort, bucket: "31_90" } });
    out.push({ name: `segmento varejo + tag vip, ordem ${sort}`, input: { sort, segment: "varejo", tag: "vip" } });
    // The worst case: a tag (not indexed) that no debtor has makes the list read the whole portfolio.
    out.push({ name: `tag que ninguém tem, ordem ${sort}`, input: { sort, tag: "inexistente" } });
    out.push({ name: `tag judicial, ordem ${sort}`, input: { sort, tag: "judicial" } });
    out.push({ name: `situação settled, ordem ${sort}`, input: { sort, status: "settled" } });
    out.push({ name: `nome "${prefix}", ordem ${sort}`, input: { sort, q: prefix } });
  }
  out.push({ name: "UF=SP + faixa 361+, ordem name", input: { state: "SP", bucket: "361_plus" } });
  out.push({ name: "CPF/CNPJ com máscara", input: { q: sample.document.length === 11 ? `${sample.document.slice(0, 3)}.${sample.document.slice(3, 6)}.${sample.document.slice(6, 9)}-${sample.document.slice(9)}` : sample.document } });
  out.push({ name: "número do título", input: { q: sample.externalId } });
  if (sample.email) out.push({ name: "e-mail", input: { q: sample.email } });
  return out;
}

async function time(deps: AppDeps, creditorId: string, input: ListDebtorsInput): Promise<{ ms: number; items: number; cursor: string | null }> {
  let best = Infinity;
  let last = { items: 0, cursor: null as string | null };
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint();
    const page = await listDebtors(deps, SYSTEM_ACTOR, creditorId, { limit: 50, ...input });
    best = Math.min(best, seconds(start) * 1000);
    last = { items: page.items.length, cursor: page.nextCursor };
  }
  return { ms: best, ...last };
}

async function run(name: string, url: string): Promise<void> {
  const opening = process.hrtime.bigint();
  const database = await openDatabase(url);
  const deps: AppDeps = { database, clock };
  const kept = KEEP ? await database.db.selectFrom("creditors").select("id").where("cnpj", "=", CREDITOR.cnpj).executeTakeFirst() : undefined;
  let creditorId: string;
  if (kept) {
    creditorId = kept.id;
    console.log(`\n${name}: carteira reaproveitada (aberta e migrada em ${seconds(opening).toFixed(1)} s)`);
  } else {
    creditorId = (await addCreditor(deps, SYSTEM_ACTOR, CREDITOR)).id;
    const start = process.hrtime.bigint();
    await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: csv });
    console.log(`\n${name}: carteira importada em ${seconds(start).toFixed(1)} s`);
  }
  // PostgreSQL's autovacuum analyses a freshly loaded table within a minute; SQLite keeps no statistics unless told, and Régua never tells it.
  if (database.dialect === "postgres") await database.pool.query("ANALYZE");

  const { db } = database;
  const some = await db.selectFrom("debtors").select(["id", "name", "document"]).where("creditor_id", "=", creditorId).orderBy("id").offset(Math.floor(DEBTORS / 3)).limit(1).executeTakeFirstOrThrow();
  const debt = await db.selectFrom("debts").select("external_id").where("debtor_id", "=", some.id).limit(1).executeTakeFirstOrThrow();
  const email = await db.selectFrom("contacts").select("value").where("debtor_id", "=", some.id).where("kind", "=", "email").limit(1).executeTakeFirst();

  let worst = 0;
  let over = 0;
  console.log(`${"consulta".padEnd(52)} ${"1ª página".padStart(10)} ${"página 20".padStart(10)}  itens`);
  for (const c of cases({ name: some.name, document: some.document, externalId: debt.external_id, email: email?.value ?? null })) {
    const first = await time(deps, creditorId, c.input);
    // Twenty pages in: keyset paging should cost the same as the first page.
    let cursor = first.cursor;
    for (let page = 2; page < 20 && cursor; page++) cursor = (await listDebtors(deps, SYSTEM_ACTOR, creditorId, { limit: 50, ...c.input, cursor })).nextCursor;
    const deep = cursor ? await time(deps, creditorId, { ...c.input, cursor }) : null;
    const slowest = Math.max(first.ms, deep?.ms ?? 0);
    worst = Math.max(worst, slowest);
    if (slowest > TARGET_MS) over++;
    const flag = slowest > TARGET_MS ? "  ← acima da meta" : "";
    console.log(`${c.name.padEnd(52)} ${`${first.ms.toFixed(1)} ms`.padStart(10)} ${deep ? `${deep.ms.toFixed(1)} ms`.padStart(10) : "—".padStart(10)}  ${String(first.items).padStart(5)}${flag}`);
  }
  console.log(`${name}: pior página ${worst.toFixed(1)} ms (meta ${TARGET_MS} ms; razão ${(worst / TARGET_MS).toFixed(2)}x da meta); ${over} consulta(s) acima da meta`);
  await database.close();
}

/** With BENCH_KEEP, the kept database of this size on the bench server (created empty the first time). */
async function keptPgUrl(): Promise<string> {
  const admin = process.env.REGUA_BENCH_PG_URL;
  if (!admin) throw new Error("REGUA_BENCH_PG_URL ausente: rode com `npm run bench`.");
  const name = `regua_b_list_${DEBTORS}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  const found = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (found.rowCount === 0) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

if (DATABASES.includes("sqlite")) await run("SQLite", `sqlite:${join(dir, KEEP ? `list-${DEBTORS}.db` : "list.db")}`);
if (DATABASES.includes("postgres")) await run("PostgreSQL", KEEP ? await keptPgUrl() : await freshPgUrl());
