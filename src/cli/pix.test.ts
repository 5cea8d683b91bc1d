import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { readVectorJson, REPO_ROOT } from "../../test/support/vectors.ts";
import { parseBrCode } from "../domain/pix/parse-br-code.ts";
import { fixedClock } from "../shared/clock.ts";
import type { CliContext } from "./context.ts";
import { runCli } from "./main.ts";
import { parseCliAmount } from "./pix.ts";

type PixVector = { payload: string; key: string; info?: string; amount: string | null; name: string; city: string; txid: string; crc: string };
const vectors = readVectorJson<{ payloads: PixVector[] }>("pix.json").payloads;

const workDir = mkdtempSync(join(tmpdir(), "regua-pix-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    io: { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false },
    clock: fixedClock("2026-03-01T12:00:00Z"),
    env: {},
    cwd: workDir,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

describe("regua pix parse", () => {
  it("prints the exact JSON contract for each vector (info only when present)", async () => {
    assert.deepEqual(await run(["pix", "parse", vectors[0]!.payload, "--json"]), {
      code: 0,
      out: '{"key":"123e4567-e12b-12d1-a456-426655440000","amount":null,"name":"Fulano de Tal","city":"BRASILIA","txid":"***","crc":"1D3D"}\n',
      err: "",
    });
    assert.deepEqual(await run(["pix", "parse", vectors[1]!.payload, "--json"]), {
      code: 0,
      out: '{"key":"thalesog@me.com","amount":"10.00","name":"THALES OGLIARI","city":"SAO MIGUEL DO O","txid":"***","info":"Pedido 123","crc":"0DC6"}\n',
      err: "",
    });
  });

  it("prints a Portuguese summary without --json", async () => {
    const result = await run(["pix", "parse", vectors[1]!.payload]);
    assert.equal(result.code, 0);
    assert.equal(
      result.out,
      "Chave Pix: thalesog@me.com\nValor: R$ 10,00\nRecebedor: THALES OGLIARI\nCidade: SAO MIGUEL DO O\nTxid: ***\nInformação adicional: Pedido 123\nCRC: 0DC6 (conferido)\n",
    );
  });

  it("exits 1 with the reason in Portuguese for an invalid payload", async () => {
    const bad = `${vectors[0]!.payload.slice(0, -1)}E`;
    assert.deepEqual(await run(["pix", "parse", bad, "--json"]), {
      code: 1,
      out: "",
      err: "erro: BR Code inválido: CRC inválido: esperado 1D3D, encontrado 1D3E\n",
    });
  });
});

describe("regua pix make", () => {
  it("prints the payload, plain or as JSON; --amount accepts 10.00 and 10,00", async () => {
    const v = vectors[1]!;
    const args = ["pix", "make", "--key", v.key, "--name", v.name, "--city", v.city, "--info", "Pedido 123"];
    assert.deepEqual(await run([...args, "--amount", "10.00"]), { code: 0, out: `${v.payload}\n`, err: "" });
    assert.deepEqual(await run([...args, "--amount", "10,00", "--json"]), { code: 0, out: `{"payload":"${v.payload}"}\n`, err: "" });
    assert.deepEqual(await run(["pix", "make", "--key", vectors[0]!.key, "--name", "Fulano de Tal", "--city", "BRASILIA"]), {
      code: 0,
      out: `${vectors[0]!.payload}\n`,
      err: "",
    });
  });

  it("parseCliAmount: exact decimal to cents", () => {
    const cases: [string, number][] = [["10.00", 1000], ["10,00", 1000], ["10", 1000], ["0,5", 50], ["1234567.89", 123456789], [" 7,05 ", 705]];
    for (const [raw, cents] of cases) assert.equal(parseCliAmount(raw), cents, raw);
    for (const raw of ["", "1.234,56", "10.001", "-5", "0", "0,00", "R$ 10", "1e3"]) assert.throws(() => parseCliAmount(raw), raw);
  });

  it("writes a QR Code PNG (error correction M, margin 4, width ≥ 300) with --png", async () => {
    const result = await run(["pix", "make", "--key", "52998224725", "--name", "Açaí do Pará", "--city", "Belém", "--amount", "25,90", "--txid", "PED42", "--png", "qr.png"]);
    assert.equal(result.code, 0);
    const payload = result.out.trim();
    const parsed = parseBrCode(payload);
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.value.name, parsed.value.city, parsed.value.amount, parsed.value.txid], ["Acai do Para", "Belem", "25.90", "PED42"]);
    assert.match(result.err, /QR Code gravado em .*qr\.png/);
    const png = readFileSync(join(workDir, "qr.png"));
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
    assert.ok(png.readUInt32BE(16) >= 300, "largura ≥ 300");
    assert.equal(png.readUInt32BE(16), png.readUInt32BE(20));
  });

  it("rejects invalid input with Portuguese messages", async () => {
    const base = ["pix", "make", "--name", "Fulano", "--city", "Brasilia"];
    const badKey = await run([...base, "--key", "12345678900"]);
    assert.equal(badKey.code, 2);
    assert.match(badKey.err, /chave Pix CPF inválida/);
    const badTxid = await run([...base, "--key", "52998224725", "--txid", "pedido-1"]);
    assert.equal(badTxid.code, 2);
    assert.match(badTxid.err, /txid inválido/);
    const badAmount = await run([...base, "--key", "52998224725", "--amount", "10.5.0"]);
    assert.equal(badAmount.code, 2);
    assert.match(badAmount.err, /valor inválido "10\.5\.0"/);
  });
});

describe("regua pix (subprocess)", () => {
  it("parse --json keeps the JSON contract through bin/regua.mjs", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/regua.mjs", "pix", "parse", vectors[1]!.payload, "--json"], { cwd: REPO_ROOT });
    assert.equal(stdout, '{"key":"thalesog@me.com","amount":"10.00","name":"THALES OGLIARI","city":"SAO MIGUEL DO O","txid":"***","info":"Pedido 123","crc":"0DC6"}\n');
  });

  it("make --json through bin/regua.mjs", async () => {
    const v = vectors[1]!;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["bin/regua.mjs", "pix", "make", "--key", v.key, "--name", v.name, "--city", v.city, "--amount", "10,00", "--info", "Pedido 123", "--json"],
      { cwd: REPO_ROOT },
    );
    assert.equal(stdout, `{"payload":"${v.payload}"}\n`);
  });
});
