import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT, vectorPath } from "../../test/support/vectors.ts";
import type { CnabRecordInput } from "../domain/cnab/cnab-types.ts";
import { writeCnab240Return } from "../domain/cnab/write-cnab240-return.ts";
import { writeCnab400Return } from "../domain/cnab/write-cnab400-return.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";

const workDir = mkdtempSync(join(tmpdir(), "regua-cnab-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false },
    clock: fixedClock("2026-03-15T12:00:00Z"),
    env: {},
    cwd: workDir,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

const VECTOR_JSON =
  '{"format":"cnab240","bank":"133","records":[{"ourNumber":"1","movement":"06","settlement":true,"faceValueCents":15000,"paidCents":15000,' +
  '"interestCents":0,"discountCents":0,"feeCents":250,"creditedCents":14750,"dueDate":"2026-03-10","paidDate":"2026-03-11","creditDate":"2026-03-12"}]}\n';

const PAID: CnabRecordInput = {
  ourNumber: "1",
  movement: "06",
  faceValueCents: 15000,
  paidCents: 15000,
  interestCents: 0,
  discountCents: 0,
  feeCents: 250,
  creditedCents: 14750,
  dueDate: "2026-03-10",
  paidDate: "2026-03-11",
  creditDate: "2026-03-12",
};

describe("regua cnab parse", () => {
  it("prints the exact JSON for the vector fragment with --sem-envelope, and refuses it strictly", async () => {
    assert.deepEqual(await run(["cnab", "parse", vectorPath("cnab240-one-payment.ret"), "--sem-envelope", "--json"]), { code: 0, out: VECTOR_JSON, err: "" });
    const strict = await run(["cnab", "parse", vectorPath("cnab240-one-payment.ret"), "--json"]);
    assert.equal(strict.code, 1);
    assert.equal(strict.out, "");
    assert.equal(
      strict.err,
      'erro: arquivo CNAB inválido (1 erro); linha 1: o arquivo deve começar pelo header de arquivo (registro tipo 0), encontrado tipo "3"\n',
    );
  });

  it("parses a full CNAB 240 file to the same JSON and summarises it in Portuguese", async () => {
    writeFileSync(join(workDir, "full.ret"), writeCnab240Return([PAID], { bank: "133", fileDate: "2026-03-12" }), "latin1");
    assert.deepEqual(await run(["cnab", "parse", "full.ret", "--json"]), { code: 0, out: VECTOR_JSON, err: "" });
    const records = [
      PAID,
      { ...PAID, ourNumber: "2", paidCents: 123456, creditedCents: 123206, faceValueCents: 120000, interestCents: 3456 },
      { ...PAID, ourNumber: "3", movement: "02", paidCents: 0, creditedCents: 0, paidDate: null, creditDate: null },
    ];
    writeFileSync(join(workDir, "three.ret"), writeCnab240Return(records, { bank: "341" }), "latin1");
    assert.deepEqual(await run(["cnab", "parse", "three.ret"]), {
      code: 0,
      out: "Formato: CNAB 240\nBanco: 341\nRegistros: 3\nLiquidações: 2\nTotal pago (liquidações): R$ 1.384,56\nTotal creditado (liquidações): R$ 1.379,56\n",
      err: "",
    });
  });

  it("reads a CNAB 400 file (Latin-1, LF, EOF mark) and keeps the key order of the contract", async () => {
    const content = `${writeCnab400Return([{ ...PAID, movement: "21" }], "104", { fileDate: "2026-03-12", companyName: "Régua Cobranças", lineEnding: "\n" })}\x1a`;
    writeFileSync(join(workDir, "caixa.ret"), content, "latin1");
    const result = await run(["cnab", "parse", "caixa.ret", "--json"]);
    assert.equal(result.code, 0);
    assert.equal(result.out, VECTOR_JSON.replace('"cnab240","bank":"133"', '"cnab400","bank":"104"').replace('"movement":"06"', '"movement":"21"'));
  });

  it("exits 1 listing every error with its line", async () => {
    const lines = writeCnab240Return([PAID], { bank: "133" }).split("\r\n");
    lines[4] = `${lines[4]!.slice(0, 17)}000003${lines[4]!.slice(23)}`;
    lines[3] = `${lines[3]!.slice(0, 137)}31022026${lines[3]!.slice(145)}`;
    writeFileSync(join(workDir, "bad.ret"), lines.join("\r\n"), "latin1");
    const result = await run(["cnab", "parse", "bad.ret", "--json"]);
    assert.equal(result.code, 1);
    assert.equal(
      result.err,
      'erro: arquivo CNAB inválido (2 erros); linha 4: data "data da ocorrência" (posições 138–145) inválida: "31022026"\n' +
        '  linha 4, arquivo: data "data da ocorrência" (posições 138–145) inválida: "31022026"\n' +
        "  linha 5, arquivo: trailer do lote informa 3 registros, mas o lote tem 4\n",
    );
  });

  it("a missing file is not_found (exit 4)", async () => {
    const result = await run(["cnab", "parse", "nao-existe.ret"]);
    assert.equal(result.code, 4);
    assert.match(result.err, /arquivo não encontrado/);
  });
});

describe("regua cnab parse (subprocess)", () => {
  it("keeps the JSON contract through bin/regua.mjs", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "cnab", "parse", vectorPath("cnab240-one-payment.ret"), "--sem-envelope", "--json"], {
      cwd: REPO_ROOT,
    });
    assert.equal(stdout, VECTOR_JSON);
  });
});
