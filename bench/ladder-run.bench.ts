// The persisted daily run over a portfolio of open debts (default 1,000,000 debts of 500,000
// debtors) on SQLite and PostgreSQL, against the floor: one INSERT … SELECT writing one
// action per due debt, with no decision at all. Also times a dry run and the idempotent
// re-run of the same day (reads everything, writes nothing).
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase, type Database } from "../src/db/database.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../src/app/access.ts";
import { addCreditor } from "../src/app/creditors/creditors.ts";
import { applyLadder } from "../src/app/ladder/ladders.ts";
import { runLadder, type RunSummary } from "../src/app/ladder/run-ladder.ts";
import { addDays } from "../src/domain/br/dates.ts";
import { benchDir, freshPgUrl, report, seconds } from "./support.ts";

const DEBTORS = Number(process.env.BENCH_DEBTORS ?? 500_000);
const DEBTS_PER_DEBTOR = 2;
const AT = "2026-11-23T13:00:00Z"; // a Monday, 10:00 in São Paulo
const TODAY = "2026-11-23";
const clock = fixedClock(AT);
const dir = benchDir("ladder-run");

const LADDER = {
  id: "varejo",
  name: "Varejo padrão",
  steps: [
    { id: "d-3", offsetDays: -3, stage: "friendly", channel: "email" },
    { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
    { id: "d+5", offsetDays: 5, stage: "firm", channel: "sms" },
    { id: "d+10", offsetDays: 10, stage: "firm", channel: "email" },
    { id: "d+15", offsetDays: 15, stage: "firm", channel: "whatsapp" },
    { id: "d+25", offsetDays: 25, stage: "firm", channel: "phone" },
    { id: "d+30", offsetDays: 30, stage: "formal", channel: "letter", priorNotice: true },
    { id: "d+60", offsetDays: 60, stage: "extrajudicial", channel: "credit_bureau" },
  ],
};

// Where debtors live (all four time zones), weighted roughly like a national portfolio.
const UFS = ["SP", "SP", "SP", "RJ", "MG", "PR", "RS", "BA", "PE", "CE", "GO", "AM", "PA", "AC", "MT", "DF"];
/** A small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type SeedDebtor = { document: string; state: string; city: string; email: boolean; phone: boolean; address: boolean };
type SeedDebt = { debtor: number; externalId: string; cents: number; due: string; status: string };
const rnd = prng(42);
const debtors: SeedDebtor[] = [];
const debts: SeedDebt[] = [];
for (let i = 0; i < DEBTORS; i++) {
  const state = UFS[Math.floor(rnd() * UFS.length)]!;
  debtors.push({ document: String(10_000_000_000 + i), state, city: "Cidade", email: rnd() < 0.85, phone: rnd() < 0.9, address: rnd() < 0.7 });
  for (let k = 0; k < DEBTS_PER_DEBTOR; k++) {
    // Due from 75 days ago to 5 days ahead: every step of the ladder is somebody's today, most debts owe a message.
    const due = addDays(TODAY, Math.floor(rnd() * 80) - 75);
    debts.push({ debtor: i, externalId: `B${i}-${k}`, cents: 1000 + Math.floor(rnd() * 500_000), due, status: rnd() < 0.03 ? "disputed" : "open" });
  }
}
console.log(`Carteira: ${debts.length.toLocaleString("pt-BR")} títulos em aberto de ${DEBTORS.toLocaleString("pt-BR")} devedores`);

const now = clock.now().toISOString();

/** A migrated database with the creditor, its portfolio and its ladder (not timed). */
async function seed(url: string): Promise<{ database: Database; creditorId: string }> {
  const database = await openDatabase(url);
  const deps = { database, clock };
  const creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Bench", cnpj: "11222333000181", state: "SP" })).id;
  const t = process.hrtime.bigint();
  if (database.dialect === "sqlite") {
    const s = database.sqlite;
    const insDebtor = s.prepare("INSERT INTO debtors (creditor_id, document, kind, name, state, city, address, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,'[]',?,?)");
    const insContact = s.prepare("INSERT INTO contacts (creditor_id, debtor_id, kind, value, validity, source, created_at, updated_at) VALUES (?,?,?,?,'unknown','bench',?,?)");
    const insDebt = s.prepare("INSERT INTO debts (creditor_id, debtor_id, external_id, original_cents, open_cents, due_date, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)");
    const ids: number[] = [];
    s.exec("BEGIN");
    for (const d of debtors) {
      const id = Number(insDebtor.run(creditorId, d.document, "person", `Devedor ${d.document}`, d.state, d.city, d.address ? "Rua Um, 1" : null, now, now).lastInsertRowid);
      ids.push(id);
      if (d.email) insContact.run(creditorId, id, "email", `d${d.document}@exemplo.com.br`, now, now);
      if (d.phone) insContact.run(creditorId, id, "phone", `+55119${d.document.slice(-8)}`, now, now);
    }
    for (const d of debts) insDebt.run(creditorId, ids[d.debtor]!, d.externalId, d.cents, d.cents, d.due, d.status, now, now);
    s.exec("COMMIT");
    s.exec("ANALYZE");
  } else {
    const client = await database.pool.connect();
    const copy = async (sql: string, lines: Iterable<string>) => {
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
    };
    try {
      await copy("COPY debtors (creditor_id, document, kind, name, state, city, address, tags, created_at, updated_at) FROM STDIN", (function* () {
        for (const d of debtors) yield `${creditorId}\t${d.document}\tperson\tDevedor ${d.document}\t${d.state}\t${d.city}\t${d.address ? "Rua Um, 1" : "\\N"}\t[]\t${now}\t${now}\n`;
      })());
      const { rows } = await client.query<{ id: number; document: string }>("SELECT id, document FROM debtors WHERE creditor_id = $1", [creditorId]);
      const idOf = new Map(rows.map((r) => [r.document, r.id]));
      await copy("COPY contacts (creditor_id, debtor_id, kind, value, validity, source, created_at, updated_at) FROM STDIN", (function* () {
        for (const d of debtors) {
          const id = idOf.get(d.document)!;
          if (d.email) yield `${creditorId}\t${id}\temail\td${d.document}@exemplo.com.br\tunknown\tbench\t${now}\t${now}\n`;
          if (d.phone) yield `${creditorId}\t${id}\tphone\t+55119${d.document.slice(-8)}\tunknown\tbench\t${now}\t${now}\n`;
        }
      })());
      await copy("COPY debts (creditor_id, debtor_id, external_id, original_cents, open_cents, due_date, status, created_at, updated_at) FROM STDIN", (function* () {
        for (const d of debts) yield `${creditorId}\t${idOf.get(debtors[d.debtor]!.document)!}\t${d.externalId}\t${d.cents}\t${d.cents}\t${d.due}\t${d.status}\t${now}\t${now}\n`;
      })());
      await client.query("VACUUM ANALYZE");
    } finally {
      client.release();
    }
  }
  await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
  console.log(`  (${database.dialect}: carteira gravada em ${seconds(t).toFixed(1)} s, fora da medição)`);
  return { database, creditorId };
}

/** The floor: one statement writing one action per due debt (as far as a database alone can go). */
async function floor(database: Database, creditorId: string): Promise<{ secs: number; cpu: number; rows: number }> {
  const sql = `INSERT INTO actions (creditor_id, debtor_id, ladder_id, step_id, stage, channel, local_day, idempotency_key, status, send_at, created_at, updated_at)
    SELECT creditor_id, debtor_id, 'varejo', 'd+1', 'friendly', 'email', '${TODAY}', '${TODAY}:' || debtor_id || ':email:' || id, 'planned', '${now}', '${now}', '${now}'
    FROM debts WHERE creditor_id = '${creditorId}' AND status = 'open' AND open_cents > 0 AND due_date <= '${addDays(TODAY, 3)}'`;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let rows: number;
  if (database.dialect === "sqlite") {
    rows = database.sqlite.prepare(sql).run().changes;
  } else {
    rows = (await database.pool.query(sql)).rowCount ?? 0;
  }
  const secs = seconds(start);
  const used = process.cpuUsage(cpu);
  if (database.dialect === "sqlite") database.sqlite.exec("DELETE FROM actions");
  else await database.pool.query("TRUNCATE actions CASCADE");
  return { secs, cpu: (used.user + used.system) / 1e6, rows };
}

async function timeRun(database: Database, creditorId: string, dryRun: boolean): Promise<{ secs: number; cpu: number; summary: RunSummary }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const batchSize = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
  const { summary } = await runLadder({ database, clock }, SYSTEM_ACTOR, creditorId, { at: AT, dryRun, collect: false, batchSize });
  const used = process.cpuUsage(cpu);
  return { secs: seconds(start), cpu: (used.user + used.system) / 1e6, summary };
}

async function bench(name: string, url: string): Promise<void> {
  const { database, creditorId } = await seed(url);
  try {
    const bare = await floor(database, creditorId);
    const run = await timeRun(database, creditorId, false);
    const rerun = await timeRun(database, creditorId, false);
    const dry = await timeRun(database, creditorId, true);
    const s = run.summary;
    report(`${name}, execução gravada (${s.planned.toLocaleString("pt-BR")} acionamentos, ${s.skipped.toLocaleString("pt-BR")} não enviados)`, s.debts, run.secs, bare.secs, `INSERT … SELECT de ${bare.rows.toLocaleString("pt-BR")} ações`);
    if (database.dialect === "sqlite") console.log(`  tempo de CPU deste processo: execução ${run.cpu.toFixed(2)} s, piso ${bare.cpu.toFixed(2)} s (razão ${(run.cpu / bare.cpu).toFixed(2)}x; a máquina é compartilhada)`);
    console.log(`  simulação (--dry-run): ${dry.secs.toFixed(2)} s; nova execução no mesmo dia: ${rerun.secs.toFixed(2)} s, ${rerun.summary.written} gravados`);
    console.log(`  motivos: ${Object.entries(s.reasons).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n.toLocaleString("pt-BR")}`).join(", ")}`);
    if (rerun.summary.written !== 0 || rerun.summary.planned !== s.planned) throw new Error("a nova execução do mesmo dia gravou de novo");
  } finally {
    await database.close();
  }
}

const only = process.env.BENCH_ONLY;
if (only !== "postgres") await bench("SQLite", `sqlite:${join(dir, "run.db")}`);
if (only !== "sqlite") await bench("PostgreSQL", await freshPgUrl());
console.log(`Memória residente ao fim: ${Math.round(process.memoryUsage().rss / 1e6)} MB (a carteira gerada fica em memória para gravar os dois bancos)`);
