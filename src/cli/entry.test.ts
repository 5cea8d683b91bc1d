// The process entry (bin/regua.mjs → entry.ts): what a shell pipeline does to it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { REPO_ROOT } from "../../test/support/vectors.ts";
import { openDatabase } from "../db/database.ts";

/** Runs the real binary; `closeStdout`: the reader is gone before the first line (`regua … | head -0`). */
function regua(args: string[], env: Record<string, string>, closeStdout = false): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["bin/regua.mjs", ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  if (closeStdout) child.stdout.destroy();
  else child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out, err })));
}

describe("regua import debts through bin/regua.mjs", () => {
  const dir = mkdtempSync(join(tmpdir(), "regua-entry-"));
  const env = { DATABASE_URL: `sqlite:${join(dir, "r.db")}` };
  let id: string;
  before(async () => {
    const added = await regua(["creditor", "add", "--name", "Loja Pipe", "--cnpj", "11222333000181", "--json"], env);
    id = (JSON.parse(added.out) as { id: string }).id;
  });

  it("counts in Portuguese: the singular for one", async () => {
    const csv = join(dir, "um.csv");
    writeFileSync(csv, "documento;nome;email;titulo;valor;vencimento\n11144477735;Bruno;bruno@;B1;10,00;10/12/2026\n");
    const result = await regua(["import", "debts", csv, "--creditor", id], env);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out.split("\n")[0], "1 título novo, 0 atualizados, 0 sem alteração, 0 recusas, 1 aviso.");
  });

  it("behind a pipe that closes: finishes the command, exits 0 and says nothing about the pipe", async () => {
    const csv = join(dir, "carteira.csv");
    writeFileSync(csv, "documento;nome;titulo;valor;vencimento\n52998224725;Ana;T1;10,00;10/12/2026\n52998224725;Ana;T2;20,00;10/12/2026\n");
    const result = await regua(["import", "debts", csv, "--creditor", id], env, true);
    assert.equal(result.code, 0, result.err);
    assert.doesNotMatch(result.err, /EPIPE|Error/);
    const database = await openDatabase(env.DATABASE_URL, { checkpointer: false });
    const n = await database.db.selectFrom("debts").select((eb) => eb.fn.countAll().as("n")).where("external_id", "in", ["T1", "T2"]).executeTakeFirstOrThrow();
    await database.close();
    assert.equal(Number(n.n), 2);
  });
});
