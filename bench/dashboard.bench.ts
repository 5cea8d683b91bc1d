// Server time of the manager's dashboard (GET /api/creditors/{id}/dashboard, through its use
// case) and of the collector's "next call" (GET …/calls/next) on a generated portfolio of
// BENCH_DEBTORS debtors (default 500,000, ≈ 1 million debts) loaded by the real importer into
// SQLite and PostgreSQL, with a month of payments and ladder actions. The floor is a bare
// COUNT over the creditor's debts: the dashboard reads every open debt once (the aging
// buckets), so its time is reported as a ratio to that scan. BENCH_DEBTORS=20000 for a quick
// run; BENCH_DB=sqlite or postgres for one database only.
import { join } from "node:path";
import pg from "pg";
import { sql } from "kysely";
import { openDatabase, type Database } from "../src/db/database.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { SYSTEM_ACTOR, type Actor } from "../src/app/access.ts";
import type { AppDeps } from "../src/app/deps.ts";
import { addCreditor } from "../src/app/creditors/creditors.ts";
import { getDashboard } from "../src/app/dashboard/get-dashboard.ts";
import { getNextCall } from "../src/app/calls/next-call.ts";
import { recordCall } from "../src/app/calls/record-call.ts";
import { importDebts } from "../src/app/import/import-debts.ts";
import { writeCsv } from "../src/app/import/write-csv.ts";
import { DEMO_HEADERS, generateDemoRows } from "../src/domain/demo/generate-portfolio.ts";
import { benchDir, freshPgUrl, seconds } from "./support.ts";

const DEBTORS = Number(process.env.BENCH_DEBTORS ?? 500_000);
const DATABASES = (process.env.BENCH_DB ?? "sqlite,postgres").split(",");
const REPEAT = 3;
const CALLS = 10;
/** Monday 23 November 2026, 09:00 in São Paulo: inside every phone window but Acre's (07:00 there). */
const NOW = "2026-11-23T12:00:00.000Z";
const TODAY = "2026-11-23";
const clock = fixedClock(NOW);
const dir = benchDir("dashboard");
const csv = join(dir, "carteira.csv");

const t = process.hrtime.bigint();
const rows = await writeCsv(csv, DEMO_HEADERS, generateDemoRows({ debtors: DEBTORS, seed: 13, today: TODAY }));
console.log(`CSV gerado: ${rows.toLocaleString("pt-BR")} títulos de ${DEBTORS.toLocaleString("pt-BR")} devedores em ${seconds(t).toFixed(1)} s`);

async function best<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let ms = Infinity;
  let value: T | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const start = process.hrtime.bigint();
    value = await fn();
    ms = Math.min(ms, seconds(start) * 1000);
  }
  return { ms, value: value as T };
}

/** A month of activity written in bulk: one applied payment per 8 debtors, four ladder actions and an e-mail open per 3 debtors. */
async function addActivity(database: Database, creditorId: string): Promise<void> {
  const { db } = database;
  const c = creditorId;
  const mod = (expr: string, m: number) => sql.raw(`(${expr} % ${m})`);
  await sql`INSERT INTO payments (creditor_id, debtor_id, source, method, amount_cents, paid_date, idempotency_key, status, actor, received_at)
    SELECT ${c}, d.id, 'manual', 'cash', 1000 + ${mod("d.id", 50_000)}, ${sql.raw(database.dialect === "postgres" ? `DATE '${TODAY}' - (d.id % 60)::int` : `date('${TODAY}', '-' || (d.id % 60) || ' days')`)},
      'bench-' || d.id, CASE WHEN ${mod("d.id", 40)} = 0 THEN 'unmatched' ELSE 'applied' END, 'system:bench', ${NOW}
    FROM debtors d WHERE d.creditor_id = ${c} AND ${mod("d.id", 8)} = 0`.execute(db);
  const channels = ["email", "sms", "whatsapp", "phone"];
  const statuses = ["sent", "sent", "planned", "failed", "sent", "cancelled", "uncertain"];
  for (const [k, channel] of channels.entries()) {
    const status = sql.raw(`CASE ${statuses.map((s, i) => `WHEN d.id % ${statuses.length} = ${i} THEN '${s}'`).join(" ")} END`);
    const day = sql.raw(database.dialect === "postgres" ? `DATE '${TODAY}' - (d.id % 20)::int` : `date('${TODAY}', '-' || (d.id % 20) || ' days')`);
    await sql`INSERT INTO actions (creditor_id, debtor_id, ladder_id, step_id, stage, channel, local_day, idempotency_key, status, send_at, created_at, updated_at)
      SELECT ${c}, d.id, 'varejo', ${`passo-${channel}`}, 'friendly', ${channel}, ${day}, ${`bench-${k}-`} || d.id, ${channel === "phone" ? sql`'planned'` : status}, ${NOW}, ${NOW}, ${NOW}
      FROM debtors d WHERE d.creditor_id = ${c} AND ${channel === "phone" ? sql`${mod("d.id", 50)} = 0` : sql`1 = 1`}`.execute(db);
  }
  await sql`INSERT INTO actions (creditor_id, debtor_id, ladder_id, step_id, stage, channel, local_day, idempotency_key, status, send_at, created_at, updated_at)
    SELECT ${c}, d.id, 'varejo', 'negativacao', 'extrajudicial', 'credit_bureau', ${TODAY}, 'bench-cb-' || d.id, 'awaiting_approval', ${NOW}, ${NOW}, ${NOW}
    FROM debtors d WHERE d.creditor_id = ${c} AND ${mod("d.id", 97)} = 0`.execute(db);
  await sql`INSERT INTO tracking_events (creditor_id, action_id, debtor_id, kind, at)
    SELECT ${c}, a.id, a.debtor_id, CASE WHEN ${mod("a.id", 5)} = 0 THEN 'clicked' ELSE 'opened' END, ${NOW}
    FROM actions a WHERE a.creditor_id = ${c} AND a.channel = 'email' AND a.status = 'sent' AND ${mod("a.id", 3)} = 0`.execute(db);
}

async function run(name: string, url: string): Promise<void> {
  const database = await openDatabase(url);
  const deps: AppDeps = { database, clock };
  const creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Bench Painel", cnpj: "11222333000181", state: "SP" })).id;
  let start = process.hrtime.bigint();
  await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: csv });
  console.log(`\n${name}: carteira importada em ${seconds(start).toFixed(1)} s`);
  start = process.hrtime.bigint();
  await addActivity(database, creditorId);
  console.log(`${name}: pagamentos e acionamentos do mês gravados em ${seconds(start).toFixed(1)} s`);
  if (database.dialect === "postgres") await database.pool.query("ANALYZE");
  const { db } = database;

  const floor = await best(async () => Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM debts WHERE creditor_id = ${creditorId}`.execute(db)).rows[0]!.n));
  const dashboard = await best(() => getDashboard(deps, SYSTEM_ACTOR, creditorId));
  const d = dashboard.value;
  console.log(`piso (COUNT dos ${floor.value.toLocaleString("pt-BR")} títulos do credor): ${floor.ms.toFixed(1)} ms`);
  console.log(`painel: ${dashboard.ms.toFixed(1)} ms; razão ${(dashboard.ms / floor.ms).toFixed(2)}x do piso`);
  console.log(`  (${d.aging.debtors.toLocaleString("pt-BR")} devedores em aberto; ${d.recovered.thisMonth.payments} pagamentos no mês; ${d.actions.totals.sent} acionamentos enviados; ${d.approvals.total} aprovações pendentes)`);

  // A collector works CALLS calls, each outcome recorded (no answer) so later calls walk past those called today: first
  // the ladder's planned phone actions, then (with those cancelled) the ranked queue, whose first call ranks the portfolio.
  const collector: Actor = { kind: "user", id: "bench", role: "collector", creditorIds: [creditorId], label: "user:operador@bench" };
  const work = async (label: string, calls: number) => {
    const times: number[] = [];
    let tiers = "";
    for (let i = 0; i < calls; i++) {
      const s = process.hrtime.bigint();
      const next = await getNextCall(deps, collector, creditorId);
      times.push(seconds(s) * 1000);
      if (!next.item) {
        console.log(`  fila vazia na ligação ${i + 1}: ${JSON.stringify(next.skipped)}`);
        break;
      }
      tiers += next.item.tier[0];
      await recordCall(deps, collector, creditorId, { debtorId: next.item.debtor.id, contactId: next.item.phone.contactId, outcome: "no_answer" });
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`próxima ligação (${label}): primeira ${times[0]!.toFixed(1)} ms, mediana ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, pior ${sorted[sorted.length - 1]!.toFixed(1)} ms em ${times.length} ligações (camadas: ${tiers}); razão da pior ${(sorted[sorted.length - 1]! / floor.ms).toFixed(2)}x do piso`);
  };
  await work("ligações da régua", CALLS / 2);
  await db.updateTable("actions").set({ status: "cancelled", cancel_reason: "bench" }).where("creditor_id", "=", creditorId).where("channel", "=", "phone").where("status", "=", "planned").execute();
  await work("fila por recuperação esperada", CALLS / 2);
  await database.close();
}

async function dropPg(url: string): Promise<void> {
  const name = url.slice(url.lastIndexOf("/") + 1);
  const c = new pg.Client({ connectionString: process.env.REGUA_BENCH_PG_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

if (DATABASES.includes("sqlite")) await run("SQLite", `sqlite:${join(dir, "painel.db")}`);
if (DATABASES.includes("postgres")) {
  const url = await freshPgUrl();
  try {
    await run("PostgreSQL", url);
  } finally {
    await dropPg(url);
  }
}
