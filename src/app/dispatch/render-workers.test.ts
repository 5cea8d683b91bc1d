// The dispatcher with its render worker threads (REGUA_RENDER_WORKERS), end to end: the same
// actions dispatched twice to the real embedded SMTP server, rendered once at real workers
// and once on the main thread; the messages that arrive must be the same bytes. And a
// worker that dies mid-pass loses nothing and sends nothing twice.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import type { Dialect } from "../../db/migrations.ts";
import { importCsv, openTestDeps, TEST_NOW } from "../../../test/support/factories.ts";
import { startSmtpSink, type SinkReceived, type SmtpSink } from "../../channels/email/smtp-sink.ts";
import { createSmtpTransport } from "../../channels/email/smtp-transport.ts";
import { completeCnpj, completeCpf } from "../../domain/br/documents.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";
import { configureEmail } from "../email/email-context.ts";
import { updateEmailSettings } from "../email/email-settings.ts";
import { applyLadder } from "../ladder/ladders.ts";
import { runLadder } from "../ladder/run-ladder.ts";
import { dispatchUntilIdle, type DispatchSummary } from "./dispatch-email.ts";
import { RenderPool } from "./render-pool.ts";

const LADDER = { id: "varejo", name: "Varejo", steps: [{ id: "amigavel", offsetDays: 5, stage: "friendly", channel: "email" }] };
const HEADER = "documento;nome;email;uf;titulo;valor;vencimento;representante";
const DEBTORS = 40;

/** People, some with an account representative (a copy each); companies writing from a shared mailbox (the withheld message). */
function rows(): string[] {
  return Array.from({ length: DEBTORS }, (_, i) => {
    if (i % 10 === 3) return `${completeCnpj(String(112_223_330_000 + i))};Empresa ${i} Ltda;financeiro@empresa${i}.com.br;RJ;T-${i};${200 + i},00;20/05/2025;`;
    const representative = i % 4 === 0 ? `gerente${i}@credor.com.br` : "";
    return `${completeCpf(String(123_000_000 + i))};Pessoa ${i} da Silva;pessoa${i}@exemplo.com.br;${i % 3 === 0 ? "AM" : "SP"};T-${i};${100 + i},${String(i % 100).padStart(2, "0")};20/05/2025;${representative}`;
  });
}

type World = { deps: AppDeps; received: SinkReceived[]; sink: SmtpSink; close(): Promise<void> };

async function world(dialect: Dialect, renderPool: RenderPool | null): Promise<World> {
  const { deps: base, cleanup } = await openTestDeps(dialect);
  const deps: AppDeps = { ...base, clock: { now: () => new Date(TEST_NOW) } };
  const { id: creditorId } = await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", zip: "01305-000", sector: "retail" });
  await updateEmailSettings(deps, SYSTEM_ACTOR, creditorId, { cc: ["supervisao@credor.com.br"] });
  await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
  const imported = await importCsv(deps, creditorId, [HEADER, ...rows()].join("\n") + "\n");
  assert.deepEqual([imported.rejected, imported.warnings], [[], []]);
  await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: TEST_NOW });
  const received: SinkReceived[] = [];
  const sink = await startSmtpSink({ onMessage: async (m) => void received.push(m) });
  const transport = createSmtpTransport(sink.url, { maxConnections: 2 });
  configureEmail(deps, { publicUrl: "https://regua.test", mailDomain: "cobranca.test", secret: "segredo-de-teste", transport, renderPool });
  return {
    deps,
    received,
    sink,
    close: async () => {
      transport.close();
      await renderPool?.close();
      await sink.settled();
      await sink.close();
      await cleanup();
    },
  };
}

/** The messages as they arrived, by envelope recipient and Message-ID (the supervisor gets one copy of each); MIME boundaries (random per build) aside. */
function byRecipient(received: readonly SinkReceived[]): Map<string, string> {
  const messages = new Map<string, string>();
  for (const m of received) {
    const raw = m.raw.toString("latin1");
    const key = `${m.envelopeTo.join(",")} ${/^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1]}`;
    assert.ok(!messages.has(key), `twice: ${key}`);
    messages.set(key, raw.replace(/_NmP-[0-9a-f]+-Part_\d+/g, "BOUNDARY"));
  }
  return messages;
}

for (const dialect of testDialects()) {
  describe(`e-mail dispatch with render worker threads (${dialect})`, () => {
    const open: World[] = [];
    afterEach(async () => {
      for (const w of open.splice(0)) await w.close();
    });

    it("the messages rendered at the workers are byte for byte those rendered on the main thread: debtors, copies, withheld ones", async () => {
      const pool = new RenderPool(2);
      const w = await world(dialect, pool);
      open.push(w);
      const records = () => w.deps.database.db.selectFrom("actions").select(["id", "status", "recipient", "template_key", "template_version", "provider_message_id", "copies"]).orderBy("id").execute();
      const atWorkers = await dispatchUntilIdle(w.deps, { concurrency: 2 });
      assert.equal(atWorkers.sent, DEBTORS);
      assert.equal(pool.rendered, DEBTORS, "every message of the pass was rendered at a worker");
      await w.sink.settled();
      const first = w.received.splice(0);
      const recordedFirst = await records();
      // The same actions once more, rendered on the main thread: same clock, same keys, same facts.
      configureEmail(w.deps, { renderPool: null });
      await w.deps.database.db.updateTable("actions").set({ status: "planned", attempts: 0, next_attempt_at: null }).execute();
      const here = await dispatchUntilIdle(w.deps, { concurrency: 2 });
      assert.deepEqual(here, atWorkers);
      assert.equal(pool.rendered, DEBTORS);
      await w.sink.settled();
      // 40 debtors, 10 representatives, and the supervisor's copy of each message.
      assert.equal(w.received.length, DEBTORS + 10 + DEBTORS);
      const expected = byRecipient(w.received);
      const got = byRecipient(first);
      assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
      for (const [to, raw] of expected) assert.equal(got.get(to), raw, `message to ${to}`);
      // What was compared is not empty: a withheld company message, a copy, a tracked debtor's message.
      const to = (address: string) => [...expected].filter(([key]) => key.startsWith(`${address} `)).map(([, raw]) => raw);
      assert.equal(to("supervisao@credor.com.br").length, DEBTORS);
      assert.match(to("financeiro@empresa3.com.br")[0]!, /comunicado para a sua empresa/);
      assert.match(to("gerente0@credor.com.br")[0]!, /X-Regua-Copy/i);
      assert.match(to("pessoa1@exemplo.com.br")[0]!, /\/t\/o\//);
      assert.deepEqual(await records(), recordedFirst);
    });

    it("a worker that dies mid-pass: its messages are rendered on the main thread, every one sent once", async () => {
      const pool = new RenderPool(1);
      const w = await world(dialect, pool);
      open.push(w);
      // The pool ends (its worker terminated) as soon as the worker answered its first chunk: the chunk in flight comes back
      // as a failure, the later ones find the pool closed.
      const summary: Promise<DispatchSummary> = dispatchUntilIdle(w.deps, { concurrency: 2 });
      while (pool.rendered === 0) await new Promise((resolve) => setImmediate(resolve));
      const closing = pool.close();
      const done = await summary;
      await closing;
      assert.equal(done.sent, DEBTORS);
      assert.ok(pool.rendered < DEBTORS, `only part at the worker (${pool.rendered})`);
      await w.sink.settled();
      const debtorMessages = w.received.filter((m) => m.envelopeTo.some((to) => /^(pessoa|financeiro)/.test(to)));
      assert.equal(debtorMessages.length, DEBTORS);
      assert.equal(new Set(debtorMessages.map((m) => m.envelopeTo[0])).size, DEBTORS, "nobody twice");
      const statuses = await w.deps.database.db.selectFrom("actions").select("status").execute();
      assert.deepEqual([...new Set(statuses.map((s) => s.status))], ["sent"]);
    });
  });
}
