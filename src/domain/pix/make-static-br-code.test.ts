import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parsePix, hasError } from "pix-utils";
import { readVectorJson } from "../../../test/support/vectors.ts";
import { AppError } from "../../shared/app-error.ts";
import { makeStaticBrCode, type StaticBrCodeInput } from "./make-static-br-code.ts";
import { normalizeBrCodeText } from "./normalize-br-code-text.ts";
import { parseBrCode } from "./parse-br-code.ts";
import { validatePixKey } from "./pix-key.ts";

type PixVector = { payload: string; key: string; info?: string; amount: string | null; name: string; city: string; txid: string };

function throwsValidation(fn: () => unknown, field: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppError, "AppError esperado");
    assert.equal(error.code, "validation");
    assert.equal(error.errors[0]?.field, field);
    assert.match(error.message, pattern);
    return true;
  });
}

test("makeStaticBrCode rebuilds the vector payloads byte for byte", () => {
  for (const v of readVectorJson<{ payloads: PixVector[] }>("pix.json").payloads) {
    const amountCents = v.amount === null ? undefined : Math.round(Number(v.amount) * 100);
    const made = makeStaticBrCode({ key: v.key, name: v.name, city: v.city, amountCents, info: v.info });
    assert.equal(made, v.payload);
  }
});

test("golden: amount, txid and info, with accents stripped", () => {
  const payload = makeStaticBrCode({
    key: "529.982.247-25",
    name: "Régua Cobranças Ltda",
    city: "São Paulo",
    amountCents: 12345,
    txid: "REGUA2026X1",
    info: "Acordo 42 parcela 1/3",
  });
  assert.equal(
    payload,
    "00020126580014br.gov.bcb.pix0111529982247250221Acordo 42 parcela 1/35204000053039865406123.455802BR5920Regua Cobrancas Ltda6009Sao Paulo62150511REGUA2026X16304B522",
  );
  // pix-utils, an independent implementation, reads the same fields.
  const oracle = parsePix(payload);
  assert.ok(!hasError(oracle) && oracle.type === "STATIC");
  assert.equal(oracle.pixKey, "52998224725");
  assert.equal(oracle.transactionAmount, 123.45);
  assert.equal(oracle.txid, "REGUA2026X1");
  assert.equal(oracle.infoAdicional, "Acordo 42 parcela 1/3");
});

test("golden: long name and city are cut to 25 and 15 characters after stripping accents", () => {
  const payload = makeStaticBrCode({ key: "+5511987654321", name: "Associação Beneficente São José dos Campos", city: "Santa Bárbara d'Oeste", amountCents: 100 });
  assert.equal(
    payload,
    "00020126360014br.gov.bcb.pix0114+551198765432152040000530398654041.005802BR5925Associacao Beneficente Sa6015Santa Barbara d62070503***63040D7D",
  );
});

test("normalizeBrCodeText: exact cuts and stripping", () => {
  const cases: [string, number, string][] = [
    ["José da Conceição Araújo Filho Neto", 25, "Jose da Conceicao Araujo"], // cut at 25 leaves a trailing space, trimmed
    ["ÁÉÍÓÚ àèìòù ÂÊÔ ãõ ç Ç ü", 25, "AEIOU aeiou AEO ao c C u"],
    ["São João del-Rei", 15, "Sao Joao del-Re"],
    ["  Muitos    espaços\t e\nlinhas  ", 25, "Muitos espacos e linhas"],
    ["Café ☕ & Cia 😀 Ltda", 25, "Cafe & Cia Ltda"],
    ["Straße Øresund", 25, "Strae resund"],
    ["ABCDEFGHIJKLMNOPQRSTUVWXYZ", 25, "ABCDEFGHIJKLMNOPQRSTUVWXY"],
    ["ÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇÇ", 15, "CCCCCCCCCCCCCCC"],
  ];
  for (const [input, max, expected] of cases) assert.equal(normalizeBrCodeText(input, max), expected, input);
});

test("validatePixKey: accepted keys and their BR Code form", () => {
  const cases: [string, string, string][] = [
    ["52998224725", "cpf", "52998224725"],
    ["529.982.247-25", "cpf", "52998224725"],
    ["11.222.333/0001-81", "cnpj", "11222333000181"],
    ["11222333000181", "cnpj", "11222333000181"],
    ["fulano@example.com.br", "email", "fulano@example.com.br"],
    ["+5511987654321", "phone", "+5511987654321"],
    ["+551133334444", "phone", "+551133334444"],
    ["123E4567-E12B-12D1-A456-426655440000", "evp", "123e4567-e12b-12d1-a456-426655440000"],
  ];
  for (const [raw, type, key] of cases) {
    const result = validatePixKey(raw);
    assert.deepEqual(result, { ok: true, value: { type, key } }, raw);
  }
});

test("validatePixKey: rejected keys, with Portuguese reasons", () => {
  const cases: [string, RegExp][] = [
    ["", /chave Pix vazia/],
    ["52998224724", /CPF inválida/],
    ["11111111111", /CPF inválida/],
    ["11222333000182", /CNPJ inválida/],
    ["11987654321x", /chave Pix inválida/],
    ["5511987654321", /chave Pix inválida/], // phone without "+"
    ["+1415555123", /chave Pix inválida/],
    ["fulano@", /chave Pix inválida/],
    ["123e4567-e12b-12d1-a456-42665544000", /chave Pix inválida/],
    [`${"a".repeat(70)}@exemplo.com`, /mais de 77 caracteres/],
  ];
  for (const [raw, reason] of cases) {
    const result = validatePixKey(raw);
    assert.equal(result.ok, false, raw);
    if (!result.ok) assert.match(result.reason, reason, raw);
  }
});

test("makeStaticBrCode: invalid input raises validation errors in Portuguese", () => {
  const base: StaticBrCodeInput = { key: "52998224725", name: "Fulano", city: "Brasilia" };
  throwsValidation(() => makeStaticBrCode({ ...base, key: "123" }), "key", /chave Pix inválida/);
  throwsValidation(() => makeStaticBrCode({ ...base, txid: "PEDIDO-1" }), "txid", /txid inválido/);
  throwsValidation(() => makeStaticBrCode({ ...base, txid: "A".repeat(26) }), "txid", /txid inválido/);
  throwsValidation(() => makeStaticBrCode({ ...base, txid: "" }), "txid", /txid inválido/);
  throwsValidation(() => makeStaticBrCode({ ...base, txid: "Ação1" }), "txid", /txid inválido/);
  throwsValidation(() => makeStaticBrCode({ ...base, amountCents: 0 }), "amount", /valor inválido/);
  throwsValidation(() => makeStaticBrCode({ ...base, amountCents: 10.5 }), "amount", /valor inválido/);
  throwsValidation(() => makeStaticBrCode({ ...base, amountCents: 1_000_000_000_000 }), "amount", /valor grande demais/);
  throwsValidation(() => makeStaticBrCode({ ...base, name: "😀 ☕" }), "name", /nome do recebedor é obrigatório/);
  throwsValidation(() => makeStaticBrCode({ ...base, city: "  " }), "city", /cidade do recebedor é obrigatória/);
  // 18 (GUI) + 4 + 11 (CPF) = 33 of 99: the info may have up to 99 - 33 - 4 = 62 characters.
  assert.ok(makeStaticBrCode({ ...base, info: "x".repeat(62) }).includes(`0262${"x".repeat(62)}`));
  throwsValidation(() => makeStaticBrCode({ ...base, info: "x".repeat(63) }), "info", /não cabem no campo 26.*no máximo 62 caracteres/);
  // A 77-character e-mail fills field 26 (99 characters): no room for any info.
  const longEmail = `${"a".repeat(65)}@exemplo.com`;
  assert.equal(longEmail.length, 77);
  assert.ok(makeStaticBrCode({ ...base, key: longEmail }).includes(`2699`));
  throwsValidation(() => makeStaticBrCode({ ...base, key: longEmail, info: "x" }), "info", /não cabem no campo 26/);
});

test("makeStaticBrCode: an empty or accent-only info is left out", () => {
  const plain = makeStaticBrCode({ key: "52998224725", name: "Fulano", city: "Brasilia" });
  assert.equal(makeStaticBrCode({ key: "52998224725", name: "Fulano", city: "Brasilia", info: " 😀 " }), plain);
});

// ---- property: parse(make(x)) returns x's fields, normalised ----

const digit = fc.integer({ min: 0, max: 9 });

function checkDigit(digits: number[], firstWeight: number): number {
  const sum = digits.reduce((acc, d, i) => acc + d * (firstWeight - i), 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

const cpf = fc.array(digit, { minLength: 9, maxLength: 9 }).filter((d) => new Set(d).size > 1).map((d) => {
  const d1 = checkDigit(d, 10);
  const d2 = checkDigit([...d, d1], 11);
  return [...d, d1, d2].join("");
});
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9._-]{1,20}$/), fc.stringMatching(/^[a-z0-9-]{1,15}$/), fc.constantFrom("com", "com.br", "org"))
  .map(([user, host, tld]) => `${user}@${host}.${tld}`);
const phone = fc.stringMatching(/^\+55[1-9][0-9]9?[0-9]{8}$/);
const evp = fc.uuid();
const key = fc.oneof(cpf, email, phone, evp);

const textChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 áéíóúâêôãõçÁÉÍÓÚÂÊÔÃÕÇüÜ.-&'/😀☕ß\t");
const text = (maxLength: number) => fc.string({ unit: textChar, minLength: 1, maxLength });
const txid = fc.stringMatching(/^[A-Za-z0-9]{1,25}$/);

test("property: parseBrCode(makeStaticBrCode(x)) gives back x's normalised fields, and pix-utils agrees", () => {
  fc.assert(
    fc.property(
      key,
      text(40),
      text(25),
      fc.option(fc.integer({ min: 1, max: 99_999_999_999 }), { nil: undefined }),
      fc.option(txid, { nil: undefined }),
      fc.option(text(30), { nil: undefined }),
      (k, name, city, amountCents, id, info) => {
        fc.pre(normalizeBrCodeText(name, 25) !== "" && normalizeBrCodeText(city, 15) !== "");
        const payload = makeStaticBrCode({ key: k, name, city, amountCents, txid: id, info });
        const parsed = parseBrCode(payload);
        assert.ok(parsed.ok, parsed.ok ? "" : parsed.reason);
        const expectedInfo = info === undefined ? "" : normalizeBrCodeText(info, 99);
        assert.deepEqual(parsed.value, {
          key: k.startsWith("+") || k.includes("@") ? k : k.toLowerCase(),
          amount: amountCents === undefined ? null : `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, "0")}`,
          name: normalizeBrCodeText(name, 25),
          city: normalizeBrCodeText(city, 15),
          txid: id ?? "***",
          ...(expectedInfo === "" ? {} : { info: expectedInfo }),
          crc: payload.slice(-4),
        });
        assert.ok(parsed.value.name.length <= 25 && /^[\x20-\x7e]+$/.test(parsed.value.name));
        assert.ok(parsed.value.city.length <= 15 && /^[\x20-\x7e]+$/.test(parsed.value.city));
        const oracle = parsePix(payload);
        assert.ok(!hasError(oracle) && oracle.type === "STATIC", "pix-utils recusou o payload");
        assert.equal(oracle.pixKey, parsed.value.key);
        assert.equal(oracle.merchantName, parsed.value.name);
        assert.equal(oracle.merchantCity, parsed.value.city);
        assert.equal(oracle.transactionAmount, amountCents === undefined ? 0 : amountCents / 100);
      },
    ),
    { numRuns: 300 },
  );
});
