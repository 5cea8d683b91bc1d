// Crash safety of the e-mail dispatch, with a real process kill and a real SMTP server:
// `regua dispatch` runs as a child process sending to an SMTP server in this process;
// it is killed with SIGKILL in the middle of the batch, then run again. No message may
// reach the server twice, and every action must end sent, or uncertain (the one instant
// nobody can decide: the server took the message, our record was not yet written) — never
// silently lost, never left planned.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { freshDatabaseUrl, testDialects } from "../support/db.ts";
import { REPO_ROOT } from "../support/vectors.ts";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addCreditor } from "../../src/app/creditors/creditors.ts";
import { importDebts } from "../../src/app/import/import-debts.ts";
import { applyLadder } from "../../src/app/ladder/ladders.ts";
import { runLadder } from "../../src/app/ladder/run-ladder.ts";
import { startSmtpSink, type SmtpSink } from "../../src/channels/email/smtp-sink.ts";
import { actionOfMessageId } from "../../src/channels/email/compose-email.ts";
import { headerValue, splitMessage } from "../../src/channels/email/mime.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpf } from "cpf-cnpj-validator";

const AT = "2025-06-02T13:00:00.000Z"; // Monday 10:00 in São Paulo
const LATER = "2025-06-02T13:10:00.000Z"; // past the 5-minute lease
const DEBTORS = 150;
const KILL_AFTER = 25;

function runDispatch(env: Record<string, string>, at: string): { done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>; kill(): void } {
  const child = spawn(process.execPath, ["bin/regua.mjs", "dispatch", "--at", at, "--json"], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, kill: () => child.kill("SIGKILL") };
}

for (const dialect of testDialects()) {
  describe(`dispatch survives a kill -9 (${dialect})`, () => {
    let database: Database;
    let drop: () => Promise<void>;
    let url: string;
    let sink: SmtpSink;
    const received: number[] = [];
    let onReceived: (() => void) | null = null;

    before(async () => {
      ({ url, drop } = await freshDatabaseUrl(dialect));
      database = await openDatabase(url);
      const deps = { database, clock: fixedClock(AT) };
      const creditorId = (await addCreditor(deps, SYSTEM_ACTOR, { legalName: "Loja Exemplo Ltda", cnpj: "11222333000181", address: "Rua Augusta, 100", city: "São Paulo", state: "SP", sector: "retail" })).id;
      const dir = mkdtempSync(join(tmpdir(), "regua-kill-"));
      const file = join(dir, "carteira.csv");
      const lines = ["documento;nome;email;uf;titulo;valor;vencimento"];
      for (let i = 0; i < DEBTORS; i++) lines.push(`${cpf.generate()};Pessoa ${i};pessoa${i}@exemplo.com.br;SP;T-${i};${100 + i},00;20/05/2025`);
      writeFileSync(file, lines.join("\n") + "\n");
      const imported = await importDebts(deps, SYSTEM_ACTOR, { creditorId, path: file });
      assert.equal(imported.imported, DEBTORS);
      await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: { id: "v", name: "V", steps: [{ id: "amigavel", offsetDays: 5, stage: "friendly", channel: "email" }] } });
      await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: AT });
      // A real SMTP server that takes a moment over each message, so the kill lands mid-batch
      // with messages in every state: not yet sent, in the server's hands, recorded.
      sink = await startSmtpSink({
        onMessage: async (m) => {
          await sleep(40);
          const id = actionOfMessageId(headerValue(splitMessage(m.raw.toString("latin1")).headers, "Message-ID") ?? "");
          received.push(id ?? -1);
          onReceived?.();
        },
      });
    });
    after(async () => {
      await sink?.close();
      await database?.close();
      await drop?.();
    });

    it("never sends twice and never loses a message", async () => {
      const env = { DATABASE_URL: url, SMTP_URL: sink.url, REGUA_SECRET: "segredo-de-teste-com-32-caracteres", REGUA_MAIL_DOMAIN: "cobranca.test", REGUA_SCHEDULER: "0" };
      const first = runDispatch(env, AT);
      const enough = new Promise<void>((resolve) => {
        onReceived = () => {
          if (received.length >= KILL_AFTER) resolve();
        };
      });
      const early = await Promise.race([enough.then(() => null), first.done]);
      if (early) {
        const errors = await database.db.selectFrom("actions").select("last_error").distinct().execute();
        assert.fail(`the dispatch ended before the kill: ${JSON.stringify(early)}; errors: ${JSON.stringify(errors)}`);
      }
      first.kill();
      const killed = await first.done;
      assert.equal(killed.signal, "SIGKILL", `the first run should have been killed mid-batch (stdout: ${killed.stdout}, stderr: ${killed.stderr})`);
      await sink.settled();
      const beforeRestart = received.length;
      assert.ok(beforeRestart < DEBTORS, "the kill happened before everything was sent");

      const second = runDispatch(env, LATER);
      const finished = await second.done;
      assert.equal(finished.code, 0, finished.stderr);
      await sink.settled();
      const summary = JSON.parse(finished.stdout) as { recovered: { requeued: number; uncertain: number }; sent: number };
      assert.ok(summary.recovered.requeued + summary.recovered.uncertain > 0, "the restart found the interrupted claims");

      const counts = new Map<number, number>();
      for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
      const duplicates = [...counts].filter(([, n]) => n > 1);
      assert.deepEqual(duplicates, [], "no message reached the server twice");
      assert.ok(!counts.has(-1), "every message carries its action's Message-ID");

      const actions = await database.db.selectFrom("actions").select(["id", "status"]).execute();
      assert.equal(actions.length, DEBTORS);
      for (const a of actions) {
        const got = counts.get(Number(a.id)) ?? 0;
        if (a.status === "sent") assert.equal(got, 1, `action ${a.id} recorded as sent must be on the server once`);
        else assert.equal(a.status, "uncertain", `action ${a.id} ended ${a.status}: neither sent nor marked for review`);
      }
      const uncertain = actions.filter((a) => a.status === "uncertain").length;
      assert.equal(uncertain, summary.recovered.uncertain, "only the interrupted commits are uncertain");
      assert.ok(uncertain <= 5, `at most one message per SMTP connection can be caught between the server and our record (got ${uncertain})`);
    });
  });
}
