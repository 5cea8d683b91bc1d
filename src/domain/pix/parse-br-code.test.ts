import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parsePix, hasError } from "pix-utils";
import { readVectorJson } from "../../../test/support/vectors.ts";
import { tlv } from "./br-code-format.ts";
import { crc16 } from "./crc16.ts";
import { makeStaticBrCode } from "./make-static-br-code.ts";
import { parseBrCode } from "./parse-br-code.ts";

type PixVector = { payload: string; key: string; info?: string; amount: string | null; name: string; city: string; txid: string; crc: string };
const vectors = readVectorJson<{ payloads: PixVector[] }>("pix.json").payloads;

/** Builds a payload from body fields and appends a correct CRC. */
function withCrc(body: string): string {
  return `${body}6304${crc16(`${body}6304`)}`;
}

const GUI = tlv("00", "br.gov.bcb.pix");
const STATIC_ACCOUNT = tlv("26", GUI + tlv("01", "fulano@example.com"));
const TAIL = tlv("58", "BR") + tlv("59", "Fulano") + tlv("60", "Brasilia") + tlv("62", tlv("05", "***"));

test("parseBrCode: vector payloads give exactly their fields", () => {
  for (const v of vectors) {
    const parsed = parseBrCode(v.payload);
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.reason);
    const expected = { key: v.key, amount: v.amount, name: v.name, city: v.city, txid: v.txid, ...(v.info ? { info: v.info } : {}), crc: v.crc };
    assert.deepEqual(parsed.value, expected);
    assert.deepEqual(Object.keys(parsed.value), Object.keys(expected)); // documented key order
  }
});

test("parseBrCode agrees with pix-utils (independent oracle) on the vectors", () => {
  for (const v of vectors) {
    const ours = parseBrCode(v.payload);
    const oracle = parsePix(v.payload);
    assert.ok(ours.ok && !hasError(oracle) && oracle.type === "STATIC");
    assert.equal(ours.value.key, oracle.pixKey);
    assert.equal(ours.value.name, oracle.merchantName);
    assert.equal(ours.value.city, oracle.merchantCity);
    assert.equal(ours.value.txid, oracle.txid);
    assert.equal(ours.value.info, oracle.infoAdicional);
    assert.equal(ours.value.amount === null ? 0 : Number(ours.value.amount), oracle.transactionAmount);
  }
});

test("parseBrCode: a wrong CRC is reported with both values", () => {
  const bad = `${vectors[0]!.payload.slice(0, -1)}E`;
  assert.deepEqual(parseBrCode(bad), { ok: false, reason: "CRC inválido: esperado 1D3D, encontrado 1D3E" });
  // Lowercase hex is not the CRC the manual prints.
  const lower = `${vectors[0]!.payload.slice(0, -4)}1d3d`;
  assert.deepEqual(parseBrCode(lower), { ok: false, reason: "CRC inválido: esperado 1D3D, encontrado 1d3d" });
});

test("parseBrCode: dynamic payload has a url instead of a key", () => {
  const url = "pix.example.com/qr/v2/93598be0-1bd0-4997-8318-81776a1d8a99";
  const payload = withCrc(tlv("00", "01") + tlv("01", "12") + tlv("26", GUI + tlv("25", url)) + tlv("52", "0000") + tlv("53", "986") + TAIL);
  const parsed = parseBrCode(payload);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value, { url, amount: null, name: "Fulano", city: "Brasilia", txid: "***", crc: payload.slice(-4) });
  // An upper-case GUI, as some PSPs print it, is accepted.
  const upper = withCrc(tlv("00", "01") + tlv("26", tlv("00", "BR.GOV.BCB.PIX") + tlv("01", "+5511943214321")) + tlv("52", "0000") + tlv("53", "986") + tlv("54", "66.66") + TAIL);
  const up = parseBrCode(upper);
  assert.ok(up.ok);
  assert.equal(up.value.key, "+5511943214321");
  assert.equal(up.value.amount, "66.66");
});

test("parseBrCode: amount normalised to two decimals", () => {
  const cases: [string, string][] = [
    ["10", "10.00"],
    ["10.5", "10.50"],
    ["0.01", "0.01"],
    ["1234567890.99", "1234567890.99"],
  ];
  for (const [raw, expected] of cases) {
    const payload = withCrc(tlv("00", "01") + STATIC_ACCOUNT + tlv("52", "0000") + tlv("53", "986") + tlv("54", raw) + TAIL);
    const parsed = parseBrCode(payload);
    assert.ok(parsed.ok, raw);
    assert.equal(parsed.value.amount, expected, raw);
  }
});

test("parseBrCode: structural and semantic errors, in Portuguese", () => {
  const body = (fields: string) => withCrc(fields);
  const ok = tlv("00", "01") + STATIC_ACCOUNT + tlv("52", "0000") + tlv("53", "986");
  const cases: [string, RegExp][] = [
    ["", /sem o campo 63/],
    ["000201", /sem o campo 63/],
    [body(tlv("00", "02") + STATIC_ACCOUNT + tlv("52", "0000") + tlv("53", "986") + TAIL), /campo 00 .* deve ser "01"/],
    [body(STATIC_ACCOUNT + tlv("00", "01") + tlv("52", "0000") + tlv("53", "986") + TAIL), /deve começar pelo campo 00/],
    [body(tlv("00", "01") + tlv("26", tlv("00", "br.gov.bcb.xyz") + tlv("01", "k")) + tlv("52", "0000") + tlv("53", "986") + TAIL), /GUI br\.gov\.bcb\.pix ausente/],
    [body(tlv("00", "01") + tlv("26", GUI) + tlv("52", "0000") + tlv("53", "986") + TAIL), /nem URL/],
    [body(tlv("00", "01") + tlv("26", GUI + tlv("01", "k") + tlv("25", "u")) + tlv("52", "0000") + tlv("53", "986") + TAIL), /ao mesmo tempo/],
    [body(tlv("00", "01") + STATIC_ACCOUNT + tlv("52", "0000") + tlv("53", "840") + TAIL), /campo 53 .* "986".*"840"/],
    [body(ok + tlv("54", "10,00") + TAIL), /campo 54 .* não é um decimal válido: "10,00"/],
    [body(ok + tlv("54", "1.234") + TAIL), /campo 54/],
    [body(ok + tlv("54", "-5.00") + TAIL), /campo 54/],
    [body(ok + tlv("58", "US") + tlv("59", "F") + tlv("60", "C") + tlv("62", tlv("05", "***"))), /campo 58 .* "BR"/],
    [body(ok + tlv("58", "BR") + tlv("60", "C") + tlv("62", tlv("05", "***"))), /campo 59 .* ausente/],
    [body(ok + tlv("58", "BR") + tlv("59", "N".repeat(26)) + tlv("60", "C") + tlv("62", tlv("05", "***"))), /26 caracteres \(máximo 25\)/],
    [body(ok + tlv("58", "BR") + tlv("59", "N") + tlv("60", "C".repeat(16)) + tlv("62", tlv("05", "***"))), /16 caracteres \(máximo 15\)/],
    [body(ok + tlv("58", "BR") + tlv("59", "N") + tlv("60", "C")), /campo 62 .* ausente/],
    [body(ok + tlv("58", "BR") + tlv("59", "N") + tlv("60", "C") + tlv("62", tlv("50", "x"))), /sem o subcampo 05/],
    [body(ok + tlv("58", "BR") + tlv("58", "BR") + tlv("59", "N") + tlv("60", "C") + tlv("62", tlv("05", "***"))), /campo 58 repetido/],
    [body(`${ok}5899BR${TAIL}`), /campo 58 declara 99 caracteres/],
    [body(`${ok}5A02BR${TAIL}`), /identificador de campo inválido "5A"/],
    [body(`${ok}58X2BR${TAIL}`), /tamanho inválido "X2"/],
  ];
  for (const [payload, reason] of cases) {
    const parsed = parseBrCode(payload);
    assert.equal(parsed.ok, false, payload);
    if (!parsed.ok) assert.match(parsed.reason, reason, payload);
  }
});

test("property: any single-character corruption of a valid payload is rejected", () => {
  const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
  const valid = fc.oneof(
    fc.constantFrom(...vectors.map((v) => v.payload)),
    fc
      .record({ cents: fc.integer({ min: 1, max: 1_000_000 }), id: fc.stringMatching(/^[A-Za-z0-9]{1,25}$/) })
      .map(({ cents, id }) => makeStaticBrCode({ key: "52998224725", name: "Fulano de Tal", city: "Sao Paulo", amountCents: cents, txid: id, info: "Teste" })),
  );
  fc.assert(
    fc.property(valid, fc.nat(), printable, (payload, at, ch) => {
      const index = at % payload.length;
      fc.pre(payload[index] !== ch);
      const corrupted = payload.slice(0, index) + ch + payload.slice(index + 1);
      assert.equal(parseBrCode(corrupted).ok, false, corrupted);
    }),
    { numRuns: 2000 },
  );
  // Exhaustively, for the first vector: every position, a few replacement characters.
  const payload = vectors[0]!.payload;
  for (let i = 0; i < payload.length; i++) {
    for (const ch of ["0", "9", "A", "a", " ", "*"]) {
      if (payload[i] === ch) continue;
      assert.equal(parseBrCode(payload.slice(0, i) + ch + payload.slice(i + 1)).ok, false, `posição ${i + 1} → ${ch}`);
    }
  }
});
