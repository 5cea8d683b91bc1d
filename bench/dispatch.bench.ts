// Dispatch of planned e-mails (default 100,000, BENCH_EMAILS) to the local SMTP server on
// SQLite, against the floor: bare nodemailer sending the same messages (rendered beforehand,
// outside the timing) through the same pooled transport to the same server. The dispatcher's
// run includes everything a real one does per message: claim, guard re-check, render with
// today's charges, tracking links, commit mark, send, and the recorded outcome and timeline.
import { join } from "node:path";
import { openDatabase } from "../src/db/database.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../src/app/access.ts";
import { addCreditor } from "../src/app/creditors/creditors.ts";
import { importDebts } from "../src/app/import/import-debts.ts";
import { writeCsv } from "../src/app/import/write-csv.ts";
import { applyLadder } from "../src/app/ladder/ladders.ts";
import { runLadder } from "../src/app/ladder/run-ladder.ts";
import { dispatchUntilIdle } from "../src/app/dispatch/dispatch-email.ts";
import { RenderPool } from "../src/app/dispatch/render-pool.ts";
import { configureEmail } from "../src/app/email/email-context.ts";
import { buildCollectionEmail, emailLinksFor } from "../src/app/email/prepare-email.ts";
import { renderActionMessage } from "../src/app/templates/render-action-message.ts";
import { startSmtpSink } from "../src/channels/email/smtp-sink.ts";
import { createSmtpTransport, sendEmail } from "../src/channels/email/smtp-transport.ts";
import type { SendMailOptions } from "nodemailer";
import { completeCpf } from "../src/domain/br/documents.ts";
import { benchDir, report, seconds } from "./support.ts";

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

const EMAILS = Number(process.env.BENCH_EMAILS ?? 100_000);
const AT = "2026-11-23T13:00:00.000Z"; // Monday 10:00 in São Paulo
const CONNECTIONS = 5;
const dir = benchDir("dispatch");
const clock = fixedClock(AT);

let received = 0;
const sink = await startSmtpSink({ onMessage: async () => void received++ });

async function prepare(name: string) {
  const database = await openDatabase(`sqlite:${join(dir, `${name}.db`)}`);
  const deps = { database, clock };
  const creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", zip: "01305-000", sector: "retail" })).id;
  const csv = join(dir, `${name}.csv`);
  await writeCsv(csv, ["documento", "nome", "email", "uf", "titulo", "valor", "vencimento"], (function* () {
    for (let i = 0; i < EMAILS; i++) {
      // One CPF per row, never repeated (random ones repeat a few times in 100,000, merging debtors into one message).
      yield { documento: completeCpf(String(123_000_000 + i)), nome: `Pessoa ${i}`, email: `pessoa${i}@exemplo.com.br`, uf: "SP", titulo: `T-${i}`, valor: `${100 + (i % 900)},00`, vencimento: "10/11/2026" };
    }
  })());
  await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: csv });
  await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: { id: "v", name: "V", steps: [{ id: "amigavel", offsetDays: 5, stage: "friendly", channel: "email" }] } });
  await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT, collect: false });
  const transport = createSmtpTransport(sink.url, { maxConnections: CONNECTIONS });
  // As `startEmail` configures it for `regua serve` and `regua dispatch` (REGUA_RENDER_WORKERS, default 1).
  const workers = Number(process.env.REGUA_RENDER_WORKERS ?? 1);
  const renderPool = workers > 0 ? new RenderPool(workers) : null;
  configureEmail(deps, { publicUrl: "https://regua.exemplo.com.br", mailDomain: "cobranca.exemplo.com.br", secret: "segredo-do-benchmark-de-envio", transport, renderPool });
  return { deps, creditorId, transport, renderPool };
}

// The dispatcher, end to end.
const run = await prepare("dispatch");
received = 0;
let cpu = process.cpuUsage();
let start = process.hrtime.bigint();
const summary = await dispatchUntilIdle(run.deps, { concurrency: CONNECTIONS, limit: 500 });
await sink.settled();
const dispatchSecs = seconds(start);
const dispatchCpu = cpuSeconds(cpu);
if (summary.sent !== EMAILS || received !== EMAILS) throw new Error(`enviados ${summary.sent}, recebidos ${received}, esperado ${EMAILS}`);
run.transport.close();
await run.renderPool?.close();

// The floor: the same messages, rendered outside the timing, through bare nodemailer.
const floor = await prepare("floor");
const actions = await floor.deps.database.db.selectFrom("actions").innerJoin("action_debts", "action_debts.action_id", "actions.id").select(["actions.id", "actions.debtor_id", "action_debts.debt_id", "actions.step_id"]).execute();
const mails: SendMailOptions[] = [];
for (const a of actions) {
  const links = await emailLinksFor(floor.deps, a.id);
  const m = await renderActionMessage(floor.deps, { creditorId: floor.creditorId, debtorId: a.debtor_id, debtIds: [a.debt_id], stepId: a.step_id, stage: "friendly", channel: "email", templateKey: null, links: { payment: "https://regua.exemplo.com.br/p/x", unsubscribe: links.unsubscribeUrl } });
  mails.push(await buildCollectionEmail(floor.deps, floor.deps.database.db, { actionId: a.id, creditorId: floor.creditorId, debtorId: a.debtor_id, to: `pessoa${a.debtor_id}@exemplo.com.br`, subject: m.subject ?? "", html: m.html ?? "", text: m.text, links }));
}
received = 0;
cpu = process.cpuUsage();
start = process.hrtime.bigint();
let next = 0;
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (next < mails.length) {
      const outcome = await sendEmail(floor.transport, mails[next++]!);
      if (outcome.outcome !== "accepted") throw new Error(`falha no piso: ${JSON.stringify(outcome)}`);
    }
  }),
);
await sink.settled();
const floorSecs = seconds(start);
const floorCpu = cpuSeconds(cpu);
floor.transport.close();

report("Envio de e-mails pelo despachante (SQLite, servidor SMTP local)", EMAILS, dispatchSecs, floorSecs, "nodemailer puro com as mesmas mensagens");
console.log(`  vazão relativa: ${(floorSecs / dispatchSecs).toFixed(2)} do nodemailer puro (meta: pelo menos 0,7)`);
console.log(`  renderização: ${run.renderPool ? `${run.renderPool.size} worker thread(s) (REGUA_RENDER_WORKERS), ${run.renderPool.rendered} mensagens renderizadas lá` : "na thread principal (REGUA_RENDER_WORKERS=0)"}; o piso é o nodemailer numa thread só`);
// Detail for a shared, noisy machine: the CPU this process spent (both sides share one thread
// with the SMTP server), which moves less with the other processes' load than the wall clock.
console.log(
  `  CPU do processo: despachante ${((dispatchCpu * 1000) / EMAILS).toFixed(3)} ms/e-mail, piso ${((floorCpu * 1000) / EMAILS).toFixed(3)} ms/e-mail; ` +
    `razão de CPU ${(floorCpu / dispatchCpu).toFixed(2)}`,
);
await run.deps.database.close();
await floor.deps.database.close();
await sink.close();
