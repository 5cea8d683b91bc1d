// Import of a CNAB 240 return file with BENCH_SETTLEMENTS settlements (default 200,000),
// one per debt, into SQLite: plain parsing against parse + apply through the ledger
// (idempotency, matching by nosso número, imputation, allocations, debt updates, events,
// cancellation of pending actions), and against a floor: a bare prepared UPDATE of each
// debt by nosso número in one transaction; a second floor adds the three rows each
// settlement leaves. Target: ≥ 50,000 settlements/s for parse + apply.
// With REGUA_BENCH_PG_URL set, PostgreSQL is measured too. Beside wall time, each figure
// gives this process's CPU time (user + system): on a shared machine wall time also counts
// the waits for a core, CPU time does not.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_ACTOR } from "../src/app/access.ts";
import { addCreditor } from "../src/app/creditors/creditors.ts";
import { cnabSettlementKey, importCnab } from "../src/app/payments/import-cnab.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import { SQLITE_RECOUNT } from "../src/db/migrations/0018-balance-deferral.ts";
import { completeCpf } from "../src/domain/br/documents.ts";
import type { CnabRecord, CnabRecordInput } from "../src/domain/cnab/cnab-types.ts";
import { parseCnab } from "../src/domain/cnab/parse-cnab.ts";
import { writeCnab240Return } from "../src/domain/cnab/write-cnab240-return.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { benchDir, freshPgUrl, report, seconds } from "./support.ts";

const N = Number(process.env.BENCH_SETTLEMENTS ?? 200_000);
const TARGET = 50_000;
const clock = fixedClock("2026-03-20T15:00:00Z");
const now = clock.now().toISOString();
const dir = benchDir("cnab-apply");
const DUE = "2026-03-10";

// Every tenth settlement is paid late at face value: fine and interest are imputed first and the debt stays open.
const amountOf = (i: number) => 5_000 + ((i * 7919) % 500_000);
const records: CnabRecordInput[] = [];
for (let i = 1; i <= N; i++) {
  const late = i % 10 === 0;
  const cents = amountOf(i);
  records.push({
    ourNumber: String(i), movement: "06", faceValueCents: cents, paidCents: cents, interestCents: 0, discountCents: 0, feeCents: 250, creditedCents: cents - 250,
    dueDate: DUE, paidDate: late ? "2026-03-18" : "2026-03-09", creditDate: late ? "2026-03-19" : "2026-03-10",
  });
}
const t = process.hrtime.bigint();
const path = join(dir, "retorno.ret");
writeFileSync(path, writeCnab240Return(records, { bank: "341", fileDate: "2026-03-19" }), "latin1");
console.log(`Arquivo CNAB 240 gerado: ${N.toLocaleString("pt-BR")} liquidações em ${seconds(t).toFixed(1)} s`);

async function setup(url: string): Promise<{ database: Database; creditorId: string }> {
  const database = await openDatabase(url);
  const creditorId = (await addCreditor({ database, clock }, SYSTEM_ACTOR, { legalName: "Bench", cnpj: "11222333000181", state: "SP" })).id;
  // Two debts per debtor, each with its nosso número.
  const debtors = Math.ceil(N / 2);
  if (database.dialect === "sqlite") {
    const s = database.sqlite;
    const insDebtor = s.prepare("INSERT INTO debtors (creditor_id, document, kind, name, state, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)");
    const insDebt = s.prepare("INSERT INTO debts (creditor_id, debtor_id, external_id, original_cents, open_cents, due_date, our_number, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    s.exec("BEGIN");
    for (let d = 1; d <= debtors; d++) {
      const id = Number(insDebtor.run(creditorId, completeCpf(String(100_000_000 + d).slice(-9)), "person", `Devedor ${d}`, "SP", "[]", now, now).lastInsertRowid);
      for (const i of [2 * d - 1, 2 * d]) if (i <= N) insDebt.run(creditorId, id, `T-${i}`, amountOf(i), amountOf(i), DUE, String(i), "open", now, now);
    }
    s.exec("COMMIT");
  } else {
    await database.pool.query(
      `INSERT INTO debtors (creditor_id, document, kind, name, state, tags, created_at, updated_at)
       SELECT $1, lpad(g::text, 11, '0'), 'person', 'Devedor ' || g, 'SP', '[]', $2, $2 FROM generate_series(1, $3::int) g`,
      [creditorId, now, debtors],
    );
    await database.pool.query(
      `INSERT INTO debts (creditor_id, debtor_id, external_id, original_cents, open_cents, due_date, our_number, status, created_at, updated_at)
       SELECT $1, r.id, 'T-' || i, 5000 + ((i::bigint * 7919) % 500000), 5000 + ((i::bigint * 7919) % 500000), $2::date, i::text, 'open', $3, $3
       FROM debtors r, LATERAL (VALUES (2 * r.document::int - 1), (2 * r.document::int)) v(i)
       WHERE r.creditor_id = $1 AND v.i <= $4`,
      [creditorId, DUE, now, N],
    );
    await database.pool.query("ANALYZE");
  }
  return { database, creditorId };
}

type Timing = { wall: number; cpu: number; user: number; system: number };

function timer(): () => Timing {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: seconds(start), cpu: (used.user + used.system) / 1e6, user: used.user / 1e6, system: used.system / 1e6 };
  };
}

/** Detail of an import beyond its total: the wall time of each committed batch, and the same file imported again. */
type ImportDetail = { batches: number[]; again: Timing };
const details = new Map<string, ImportDetail>();

const rate = (secs: number) => Math.round(N / secs).toLocaleString("pt-BR");

async function timeImport(url: string): Promise<Timing> {
  const { database, creditorId } = await setup(url);
  const batches: number[] = [];
  let batchStart = process.hrtime.bigint();
  const onBatch = () => {
    batches.push(seconds(batchStart));
    batchStart = process.hrtime.bigint();
  };
  const stop = timer();
  const result = await importCnab({ database, clock }, SYSTEM_ACTOR, creditorId, { content: readFileSync(path), fileName: "retorno.ret", onBatch });
  const secs = stop();
  if (result.applied !== N) throw new Error(`aplicou ${result.applied}, esperado ${N}`);
  // The late tenth must have been imputed charges first, and the rest settled.
  const open = await database.db.selectFrom("debts").select((eb) => eb.fn.countAll<number>().as("n")).where("creditor_id", "=", creditorId).where("status", "=", "open").executeTakeFirstOrThrow();
  if (Number(open.n) !== Math.floor(N / 10)) throw new Error(`títulos em aberto: ${open.n}, esperado ${Math.floor(N / 10)}`);
  const stopAgain = timer();
  const again = await importCnab({ database, clock }, SYSTEM_ACTOR, creditorId, { content: readFileSync(path), fileName: "retorno.ret" });
  details.set(url, { batches, again: stopAgain() });
  if (again.applied !== 0 || again.alreadyApplied !== N) throw new Error(`reimportação aplicou ${again.applied}`);
  await database.close();
  return secs;
}

/** A floor: read and parse the file, then `write` its settlements with the bare driver; timed from the read. */
async function bareFloor(url: string, write: (s: Extract<Database, { dialect: "sqlite" }>["sqlite"], creditorId: string, bank: string, records: CnabRecord[]) => void): Promise<Timing> {
  const { database, creditorId } = await setup(url);
  if (database.dialect !== "sqlite") throw new Error("sqlite");
  const stop = timer();
  const parsed = parseCnab(readFileSync(path, "latin1"));
  if (!parsed.ok) throw new Error("arquivo inválido");
  write(database.sqlite, creditorId, parsed.value.bank, parsed.value.records);
  const secs = stop();
  await database.close();
  return secs;
}

/** The floor: a prepared UPDATE of each debt by nosso número, the balance triggers firing per row, in one transaction. */
function sqliteFloor(url: string): Promise<Timing> {
  return bareFloor(url, (s, creditorId, _bank, records) => {
    const update = s.prepare("UPDATE debts SET open_cents = 0, status = 'settled', updated_at = ? WHERE creditor_id = ? AND our_number = ?");
    s.exec("BEGIN");
    for (const r of records) update.run(now, creditorId, r.ourNumber);
    s.exec("COMMIT");
  });
}

/**
 * A second, fuller floor: what the product must write per settlement, written bare. The
 * lookup and UPDATE of the first floor, plus the three rows every applied settlement leaves
 * (payment with its idempotency key, allocation, timeline event), without JSON, decisions
 * or imputation, the balance triggers deferred and each debtor recounted once as the
 * ledger does. If this alone cannot reach the target, no code on the path can.
 */
function sqliteRowsFloor(url: string): Promise<Timing> {
  return bareFloor(url, (s, creditorId, bank, records) => {
    const find = s.prepare("SELECT id, debtor_id FROM debts WHERE creditor_id = ? AND our_number = ?");
    const update = s.prepare("UPDATE debts SET open_cents = 0, status = 'settled', updated_at = ? WHERE id = ?");
    const payment = s.prepare(
      "INSERT INTO payments (creditor_id, debtor_id, source, method, amount_cents, paid_date, idempotency_key, status, actor, received_at) VALUES (?, ?, 'cnab', 'boleto', ?, ?, ?, 'applied', 'system:cli', ?)",
    );
    const allocation = s.prepare(
      "INSERT INTO payment_allocations (payment_id, creditor_id, debt_id, interest_cents, fine_cents, correction_cents, principal_cents, settled, created_at) VALUES (?, ?, ?, 0, 0, 0, ?, 1, ?)",
    );
    const event = s.prepare("INSERT INTO events (creditor_id, debtor_id, debt_id, kind, at, actor) VALUES (?, ?, ?, 'payment.applied', ?, 'system:cli')");
    const recount = s.prepare(`${SQLITE_RECOUNT} WHERE id = ?`);
    const debtors = new Set<number>();
    s.exec("BEGIN");
    s.exec("INSERT INTO debt_balance_deferral (active) VALUES (1)");
    for (const r of records) {
      const debt = find.get(creditorId, r.ourNumber) as { id: number; debtor_id: number };
      update.run(now, debt.id);
      const paymentId = payment.run(creditorId, debt.debtor_id, r.paidCents, r.paidDate, cnabSettlementKey(bank, r), now).lastInsertRowid;
      allocation.run(paymentId, creditorId, debt.id, r.paidCents, now);
      event.run(creditorId, debt.debtor_id, debt.id, now);
      debtors.add(debt.debtor_id);
    }
    s.exec("DELETE FROM debt_balance_deferral");
    for (const id of debtors) recount.run(id);
    s.exec("COMMIT");
  });
}

// Plain parsing: read and parse, best of three.
let parse: Timing = { wall: Infinity, cpu: Infinity, user: Infinity, system: Infinity };
for (let round = 0; round < 3; round++) {
  const stop = timer();
  const parsed = parseCnab(readFileSync(path, "latin1"));
  const took = stop();
  if (!parsed.ok || parsed.value.records.length !== N) throw new Error("o arquivo gerado não foi lido por inteiro");
  if (took.wall < parse.wall) parse = took;
}
console.log(`Só a leitura e conferência (parseCnab): ${N.toLocaleString("pt-BR")} liquidações em ${parse.wall.toFixed(2)} s = ${rate(parse.wall)} liquidações/s (CPU ${parse.cpu.toFixed(2)} s)`);

const apply = await timeImport(`sqlite:${join(dir, "apply.db")}`);
const floor = await sqliteFloor(`sqlite:${join(dir, "floor.db")}`);
report("SQLite, leitura + aplicação completa (idempotência, casamento, imputação, baixa, linha do tempo)", N, apply.wall, floor.wall, "leitura + UPDATE preparado por nosso número numa transação");
console.log(`  CPU: ${apply.cpu.toFixed(2)} s = ${rate(apply.cpu)} liquidações por segundo de CPU; piso ${floor.cpu.toFixed(2)} s (${(apply.cpu / floor.cpu).toFixed(2)}x)`);
printDetail(`sqlite:${join(dir, "apply.db")}`, apply);
console.log(`  piso: CPU usuário ${floor.user.toFixed(2)} s + sistema ${floor.system.toFixed(2)} s`);
const rowsFloor = await sqliteRowsFloor(`sqlite:${join(dir, "rows-floor.db")}`);
console.log(
  `  piso com as linhas que cada liquidação deixa (o UPDATE + pagamento, alocação e evento, sem JSON nem decisões): ${rowsFloor.wall.toFixed(2)} s = ${rate(rowsFloor.wall)} liquidações/s; razão ${(apply.wall / rowsFloor.wall).toFixed(2)}x`,
);
console.log(`  razão sobre só a leitura: ${(apply.wall / parse.wall).toFixed(1)}x; meta ${TARGET.toLocaleString("pt-BR")} liquidações/s: ${N / apply.wall >= TARGET ? "atingida" : "NÃO atingida"} no relógio, ${N / apply.cpu >= TARGET ? "atingida" : "NÃO atingida"} em CPU`);

/** CPU split, batch times and the re-import of the same file (all already applied). */
function printDetail(url: string, t: Timing): void {
  const d = details.get(url);
  console.log(`  CPU deste processo: usuário ${t.user.toFixed(2)} s + sistema ${t.system.toFixed(2)} s (sistema: escrita do WAL, checkpoints, fsync); espera (relógio − CPU) ${Math.max(0, t.wall - t.cpu).toFixed(2)} s`);
  if (!d) return;
  const sorted = [...d.batches].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
  console.log(`  ${sorted.length} lotes (uma transação cada): mais rápido ${at(0)} s, mediana ${at(0.5)} s, mais lento ${(sorted.at(-1) ?? 0).toFixed(2)} s`);
  console.log(`  o mesmo arquivo de novo (idempotência, nada aplicado): ${d.again.wall.toFixed(2)} s = ${rate(d.again.wall)} liquidações/s (CPU ${d.again.cpu.toFixed(2)} s)`);
}

if (process.env.REGUA_BENCH_PG_URL) {
  const pgUrl = await freshPgUrl();
  const pg = await timeImport(pgUrl);
  console.log(`PostgreSQL, leitura + aplicação completa: ${N.toLocaleString("pt-BR")} liquidações em ${pg.wall.toFixed(2)} s = ${rate(pg.wall)} liquidações/s (${(pg.wall / parse.wall).toFixed(1)}x só a leitura; CPU deste processo ${pg.cpu.toFixed(2)} s)`);
  printDetail(pgUrl, pg);
}
console.log(`Memória residente ao fim: ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
