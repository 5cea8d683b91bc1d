import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { fixedClock } from "../shared/clock.ts";
import { readVectorJson, REPO_ROOT } from "../../test/support/vectors.ts";
import type { CliContext } from "./context.ts";
import { amountOption } from "./shared.ts";
import { runCli } from "./main.ts";

type BankVector = { barcode: string; line: string; bank: string; amountCents: number; dueDate: string | null };
type CollectionVector = { barcode: string; line: string; segment: string; amountCents: number };
const vectors = readVectorJson<{ bank: BankVector[]; collection: CollectionVector[] }>("boleto.json");

const workDir = mkdtempSync(join(tmpdir(), "regua-boleto-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

async function run(argv: string[], now = "2025-03-01T12:00:00Z"): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false },
    clock: fixedClock(now),
    env: {},
    cwd: workDir,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

describe("regua boleto parse", () => {
  it("prints the exact JSON contract for every vector, from barcode and from line", async () => {
    for (const v of vectors.bank) {
      const expected = `{"kind":"bank","barcode":"${v.barcode}","line":"${v.line}","amountCents":${v.amountCents},"bank":"${v.bank}","dueDate":"${v.dueDate}"}\n`;
      for (const code of [v.barcode, v.line]) {
        const result = await run(["boleto", "parse", code, "--reference-date", v.dueDate!, "--json"]);
        assert.deepEqual(result, { code: 0, out: expected, err: "" });
      }
    }
    for (const v of vectors.collection) {
      const expected = `{"kind":"collection","barcode":"${v.barcode}","line":"${v.line}","amountCents":${v.amountCents},"segment":"${v.segment}"}\n`;
      assert.deepEqual(await run(["boleto", "parse", v.line, "--json"]), { code: 0, out: expected, err: "" });
    }
  });

  it("uses today from the clock as the default reference date", async () => {
    const v = vectors.bank[2]!; // factor 1001
    const early = await run(["boleto", "parse", v.barcode, "--json"], "2001-01-01T10:00:00Z");
    assert.equal(JSON.parse(early.out).dueDate, "2000-07-04");
    const late = await run(["boleto", "parse", v.barcode, "--json"], "2025-03-01T10:00:00Z");
    assert.equal(JSON.parse(late.out).dueDate, "2025-02-23");
  });

  it("prints a Portuguese summary and accepts the line split in several arguments", async () => {
    const result = await run(["boleto", "parse", "23790.00124", "50005.663146", "87123.456706", "8", "10010000000200"]);
    assert.equal(result.code, 0);
    assert.equal(
      result.out,
      [
        "Boleto bancário",
        "Banco: 237 — Bradesco",
        "Valor: R$ 2,00",
        "Vencimento: 23/02/2025",
        "Linha digitável: 23790.00124 50005.663146 87123.456706 8 10010000000200",
        "Código de barras: 23798100100000002000001250005663148712345670",
        "",
      ].join("\n"),
    );
    const collection = await run(["boleto", "parse", vectors.collection[0]!.barcode]);
    assert.match(collection.out, /^Boleto de arrecadação/);
    assert.match(collection.out, /Segmento: 3 — Energia elétrica e gás\n/);
    assert.match(collection.out, /Valor: R\$ 509,60\n/);
    assert.match(collection.out, /Linha digitável: 83860000005-0 09600019000-9 00080178230-9 00034306271-2\n/);
  });

  it("exits 1 naming the failed check in Portuguese", async () => {
    const v = vectors.bank[2]!;
    const wrongDv = `${v.barcode.slice(0, 4)}4${v.barcode.slice(5)}`;
    assert.deepEqual(await run(["boleto", "parse", wrongDv, "--json"]), {
      code: 1,
      out: "",
      err: "erro: boleto inválido: dígito verificador geral do código de barras inválido (esperado 8, encontrado 4)\n",
    });
    const short = await run(["boleto", "parse", v.barcode.slice(0, 43)]);
    assert.equal(short.code, 1);
    assert.equal(short.err, "erro: boleto inválido: tamanho inválido: 43 dígitos (esperado 44, 47 ou 48)\n");
    const field2 = await run(["boleto", "parse", `${v.line.slice(0, 20)}0${v.line.slice(21)}`]);
    assert.equal(field2.code, 1);
    assert.match(field2.err, /dígito verificador do campo 2 da linha digitável inválido/);
  });

  it("refuses an invalid reference date with a validation error", async () => {
    const result = await run(["boleto", "parse", vectors.bank[0]!.barcode, "--reference-date", "01/03/2025"]);
    assert.equal(result.code, 2);
    assert.match(result.err, /--reference-date: data inválida '01\/03\/2025'/);
  });
});

describe("regua boleto make", () => {
  it("prints the exact JSON contract", async () => {
    const result = await run([
      "boleto", "make", "--bank", "237", "--agency", "0001", "--account", "1234567", "--wallet", "25",
      "--our-number", "00056631487", "--amount", "2,00", "--due", "2025-02-23", "--json",
    ]);
    assert.deepEqual(result, {
      code: 0,
      out: '{"kind":"bank","barcode":"23798100100000002000001250005663148712345670","line":"23790001245000566314687123456706810010000000200","amountCents":200,"bank":"237","dueDate":"2025-02-23","ourNumber":"25/00056631487-2","pdf":null}\n',
      err: "",
    });
  });

  it("prints a Portuguese summary", async () => {
    const result = await run([
      "boleto", "make", "--bank", "104", "--agency", "1234", "--beneficiary-code", "200656", "--wallet", "1",
      "--our-number", "9972639", "--amount", "214.03", "--due", "2022-05-10",
    ]);
    assert.equal(result.code, 0);
    assert.equal(
      result.out,
      [
        "Boleto gerado — 104 Caixa Econômica Federal",
        "Nosso número: 14000000009972639-0",
        "Valor: R$ 214,03",
        "Vencimento: 10/05/2022",
        "Linha digitável: 10492.00650 61000.100042 00997.263900 9 89810000021403",
        "Código de barras: 10499898100000214032006561000100040099726390",
        "",
      ].join("\n"),
    );
  });

  it("writes the PDF relative to the working directory and reports its path", async () => {
    const result = await run([
      "boleto", "make", "--bank", "341", "--agency", "1565", "--account", "13877", "--wallet", "109",
      "--our-number", "12345678", "--amount", "150.00", "--due", "2026-03-10", "--pdf", "itau.pdf",
      "--payer-name", "Maria Souza", "--instruction", "Não receber após o vencimento.", "--json",
    ]);
    assert.equal(result.code, 0, result.err);
    const json = JSON.parse(result.out) as { pdf: string; amountCents: number };
    assert.equal(json.pdf, join(workDir, "itau.pdf"));
    assert.equal(json.amountCents, 15000);
    assert.equal(readFileSync(json.pdf).subarray(0, 4).toString("latin1"), "%PDF");
  });

  it("exits with validation errors naming the fields", async () => {
    const missing = await run(["boleto", "make", "--bank", "237", "--agency", "12345", "--wallet", "9", "--our-number", "1", "--amount", "1", "--due", "2026-01-01"]);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.err,
      "erro: dados do boleto inválidos\n  agency: agência deve ter até 4 dígitos (recebido: 5)\n  account: informe a conta\n",
    );
    const bank = await run(["boleto", "make", "--bank", "999", "--agency", "1", "--wallet", "1", "--our-number", "1", "--amount", "1", "--due", "2026-01-01"]);
    assert.equal(bank.code, 2);
    assert.match(bank.err, /banco '999' não suportado \(use 001, 033, 104, 237, 341, 756\)/);
    const amount = await run(["boleto", "make", "--bank", "237", "--agency", "1", "--account", "1", "--wallet", "9", "--our-number", "1", "--amount", "100000000,00", "--due", "2026-01-01"]);
    assert.equal(amount.code, 2);
    assert.match(amount.err, /valor acima do máximo de R\$ 99\.999\.999,99/);
    const due = await run(["boleto", "make", "--bank", "237", "--agency", "1", "--account", "1", "--wallet", "9", "--our-number", "1", "--amount", "1", "--due", "2050-01-01"]);
    assert.equal(due.code, 2);
    assert.match(due.err, /fora do intervalo representável pelo fator de vencimento \(03\/07\/2000 a 13\/10\/2049\)/);
    const required = await run(["boleto", "make", "--bank", "237"]);
    assert.equal(required.code, 2);
  });

  const perBank: [string, string[]][] = [
    ["001", ["--agency", "3174", "--convenio", "1474166", "--wallet", "17", "--our-number", "328"]],
    ["001", ["--agency", "4042", "--convenio", "123879", "--account", "61900", "--wallet", "18", "--our-number", "1234"]],
    ["033", ["--agency", "1333", "--beneficiary-code", "707077", "--wallet", "101", "--our-number", "1234567"]],
    ["104", ["--agency", "1825", "--beneficiary-code", "245274", "--wallet", "2", "--our-number", "77700168"]],
    ["237", ["--agency", "1229", "--account", "469", "--wallet", "09", "--our-number", "6"]],
    ["341", ["--agency", "1565", "--account", "13877", "--wallet", "175", "--our-number", "12345678"]],
    ["756", ["--agency", "4327", "--beneficiary-code", "229385", "--wallet", "1", "--our-number", "2", "--installment", "3"]],
  ];
  for (const [bank, args] of perBank) {
    it(`round trip make → parse through the CLI for bank ${bank} (${args[3]})`, async () => {
      const made = await run(["boleto", "make", "--bank", bank, ...args, "--amount", "1.234,56", "--due", "2031-07-15", "--json"]);
      assert.equal(made.code, 0, made.err);
      const slip = JSON.parse(made.out) as { barcode: string; line: string; amountCents: number; dueDate: string };
      assert.equal(slip.amountCents, 123456);
      for (const code of [slip.line, slip.barcode]) {
        const parsed = await run(["boleto", "parse", code, "--json"], "2031-01-01T00:00:00Z");
        assert.equal(parsed.code, 0, parsed.err);
        assert.deepEqual(JSON.parse(parsed.out), {
          kind: "bank",
          barcode: slip.barcode,
          line: slip.line,
          amountCents: 123456,
          bank,
          dueDate: "2031-07-15",
        });
      }
    });
  }
});

describe("amountOption", () => {
  it("reads decimal amounts exactly", () => {
    const table: [string, number][] = [
      ["150", 15000],
      ["150.00", 15000],
      ["150,00", 15000],
      ["150,5", 15050],
      ["0,01", 1],
      ["0.29", 29],
      ["1.234,56", 123456],
      ["1,234.56", 123456],
      ["99999999.99", 9999999999],
      ["1.000.000,10", 100000010],
    ];
    for (const [text, cents] of table) assert.equal(amountOption(text, "--amount"), cents, text);
  });
  it("refuses ambiguous or malformed amounts", () => {
    for (const text of ["", "1,2,3", "1.5.0", "12,345", "-5", "1e3", "10,001", "R$"]) {
      assert.throws(() => amountOption(text, "--amount"), /^AppError: --amount: valor inválido/, text);
    }
    assert.equal(amountOption("R$ 10", "--amount"), 1000, "the currency sign people copy from a statement");
    assert.throws(() => amountOption("0,00", "--amount"), /--amount: o valor deve ser maior que zero/);
    assert.equal(amountOption("0,00", "--discount", { allowZero: true }), 0);
  });
});

describe("regua boleto as a subprocess", () => {
  it("prints the JSON contract from bin/regua.mjs", async () => {
    const v = vectors.bank[0]!;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO_ROOT, "bin/regua.mjs"), "boleto", "parse", formatForShell(v.line), "--reference-date", "2022-05-01", "--json"],
      { cwd: REPO_ROOT },
    );
    assert.equal(
      stdout,
      `{"kind":"bank","barcode":"${v.barcode}","line":"${v.line}","amountCents":21403,"bank":"104","dueDate":"2022-05-10"}\n`,
    );
  });

  it("exits 1 with the reason on stderr", async () => {
    await assert.rejects(
      promisify(execFile)(process.execPath, [join(REPO_ROOT, "bin/regua.mjs"), "boleto", "parse", "123"], { cwd: REPO_ROOT }),
      (error: { code?: number; stderr?: string }) => error.code === 1 && /tamanho inválido: 3 dígitos/.test(error.stderr ?? ""),
    );
  });
});

/** The line as people copy it from a PDF, dots and spaces included. */
function formatForShell(line: string): string {
  return `${line.slice(0, 5)}.${line.slice(5, 10)} ${line.slice(10, 15)}.${line.slice(15, 21)} ${line.slice(21, 26)}.${line.slice(26, 32)} ${line.slice(32, 33)} ${line.slice(33)}`;
}
