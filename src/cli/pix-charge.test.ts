// `regua pix charge` / `pix simulator`: in-process against a simulator, and once as real
// subprocesses (the simulator command and the charge command) for the JSON contract.
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freshDatabaseUrl } from "../../test/support/db.ts";
import { seedTenants, TEST_NOW, type Seed } from "../../test/support/factories.ts";
import { REPO_ROOT } from "../../test/support/vectors.ts";
import { openDatabase } from "../db/database.ts";
import { startPixSimulator, type PixSimulator } from "../channels/pix-psp/simulator.ts";
import { parseBrCode } from "../domain/pix/parse-br-code.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const KEY = "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc";
const workDir = mkdtempSync(join(tmpdir(), "regua-pix-charge-"));
let db: { url: string; drop(): Promise<void> };
let seed: Seed;
let sim: PixSimulator;

before(async () => {
  db = await freshDatabaseUrl("sqlite");
  const database = await openDatabase(db.url);
  seed = await seedTenants({ database, clock: fixedClock(TEST_NOW) });
  await database.close();
  sim = await startPixSimulator({ keys: [KEY], nowMs: () => Date.parse(TEST_NOW) });
});
after(async () => {
  await sim?.close();
  await db?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

const pspEnv = () => ({ DATABASE_URL: db.url, PIX_PSP_URL: sim.url, PIX_PSP_CLIENT_ID: sim.clientId, PIX_PSP_CLIENT_SECRET: sim.clientSecret, PIX_KEY: KEY });

async function run(argv: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false }, clock: fixedClock(TEST_NOW), env, cwd: workDir };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

describe("regua pix charge", () => {
  it("issues a cob for a debt by its external id and prints it for people", async () => {
    const A = seed.a;
    const result = await run(["pix", "charge", "--creditor", A.creditor.id, "--debt", A.debt.externalId], pspEnv());
    assert.equal(result.err, "");
    assert.equal(result.code, 0);
    const lines = result.out.split("\n");
    assert.match(lines[0]!, /^Cobrança Pix emitida \(imediata\): txid rg[0-9a-f]{30}$/);
    assert.match(lines[1]!, /^Valor: R\$ 15\d,\d\d \(título ALFA-0001\)$/);
    assert.equal(lines[2], "Válida até: 2025-06-03T13:00:00.000Z");
    assert.equal(lines[3], "Pix copia e cola:");
    assert.ok(parseBrCode(lines[4]!).ok, lines[4]);
    assert.equal(lines[5], "");
  });

  it("--json prints the charge; --due makes a cobv; --png writes the QR Code", async () => {
    const A = seed.a;
    const png = join(workDir, "qr.png");
    const result = await run(["pix", "charge", "--creditor", A.creditor.id, "--debtor", A.debtor.formattedDocument, "--due", "2025-06-10", "--png", "qr.png", "--json"], pspEnv());
    assert.equal(result.code, 0, result.err);
    assert.equal(result.err, "");
    const body = JSON.parse(result.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ["id", "txid", "kind", "status", "amountCents", "dueDate", "expiresAt", "pixCopiaECola", "location", "debtorId", "debts", "paidCents", "paidAt", "endToEndId", "createdAt", "createdBy"]);
    assert.equal(body.kind, "cobv");
    assert.equal(body.dueDate, "2025-06-10");
    assert.equal(body.status, "ATIVA");
    assert.equal(body.createdBy, "system:cli");
    assert.equal(sim.charge(body.txid as string)?.calendario.criacao, "2025-06-02T13:00:00Z");
    assert.equal(readFileSync(png).subarray(0, 8).toString("hex"), "89504e470d0a1a0a");
  });

  it("refuses --debt with --debtor, an unknown debt, and a missing PSP configuration", async () => {
    const A = seed.a;
    const both = await run(["pix", "charge", "--creditor", A.creditor.id, "--debt", A.debt.externalId, "--debtor", A.debtor.document], pspEnv());
    assert.deepEqual(both, { code: 2, out: "", err: "erro: --debt: informe --debt (um ou mais títulos) ou --debtor (CPF/CNPJ), um dos dois\n" });
    const unknown = await run(["pix", "charge", "--creditor", A.creditor.id, "--debt", "NAO-EXISTE"], pspEnv());
    assert.deepEqual(unknown, { code: 4, out: "", err: "erro: Título não encontrado: NAO-EXISTE.\n" });
    const unconfigured = await run(["pix", "charge", "--creditor", A.creditor.id, "--debt", A.debt.externalId], { DATABASE_URL: db.url });
    assert.equal(unconfigured.code, 2);
    assert.match(unconfigured.err, /^erro: PSP Pix não configurado: defina PIX_PSP_URL, PIX_PSP_CLIENT_ID, PIX_PSP_CLIENT_SECRET e PIX_KEY/);
    sim.failNext(3, { status: 503 });
    const down = await run(["pix", "charge", "--creditor", A.creditor.id, "--debt", A.debt.externalId], pspEnv());
    assert.equal(down.code, 69);
    assert.match(down.err, /^erro: o PSP Pix está indisponível no momento \(HTTP 503, /);
  });

  it("as subprocesses: `pix simulator` serves, `pix charge --json` issues against it", async () => {
    const bin = join(REPO_ROOT, "bin/regua.mjs");
    const child: ChildProcess = spawn(process.execPath, [bin, "pix", "simulator", "--port", "0", "--key", KEY, "--client-secret", "segredo-do-teste"], { cwd: workDir, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (chunk) => {
          out += chunk;
          const match = /Simulador de PSP Pix em (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`simulador saiu com ${code}: ${out}`)));
      });
      const env = { ...process.env, DATABASE_URL: db.url, PIX_PSP_URL: url, PIX_PSP_CLIENT_ID: "regua-simulador", PIX_PSP_CLIENT_SECRET: "segredo-do-teste", PIX_KEY: KEY, REGUA_NOW: TEST_NOW };
      const { stdout } = await promisify(execFile)(process.execPath, [bin, "pix", "charge", "--creditor", seed.a.creditor.id, "--debt", seed.a.debt.externalId, "--json"], { cwd: workDir, env });
      const body = JSON.parse(stdout) as { txid: string; kind: string; amountCents: number; debts: { externalId: string }[]; pixCopiaECola: string };
      assert.equal(body.kind, "cob");
      assert.deepEqual(body.debts.map((d) => d.externalId), [seed.a.debt.externalId]);
      assert.ok(body.amountCents > seed.a.debt.amountCents);
      const paid = await fetch(`${url}/sim/pay/${body.txid}`, { method: "POST" });
      assert.equal(paid.status, 200);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
    assert.ok(existsSync(workDir));
  });
});
