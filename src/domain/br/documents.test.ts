import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cnpj as cnpjOracle, cpf as cpfOracle } from "cpf-cnpj-validator";
import fc from "fast-check";
import { readVectorJson } from "../../../test/support/vectors.ts";
import { completeCnpj, completeCpf, formatDocument, generateCnpj, generateCpf, isValidDocument, normalizeDocument, validateDocument } from "./documents.ts";

type DocumentVectors = { validCpf: string[]; invalidCpf: string[]; validCnpj: string[]; invalidCnpj: string[] };
const vectors = readVectorJson<DocumentVectors>("documents.json");

/** A PRNG for fast-check: a sequence of doubles turned into a () => number. */
const randomFrom = (xs: number[]) => {
  let i = 0;
  return () => xs[i++ % xs.length] as number;
};
const doubles = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 40 });

describe("validateDocument — shared vectors", () => {
  it("accepts every valid CPF and CNPJ", () => {
    for (const d of vectors.validCpf) assert.deepEqual(validateDocument(d), { ok: true, kind: "cpf", document: d });
    for (const d of vectors.validCnpj) assert.deepEqual(validateDocument(d), { ok: true, kind: "cnpj", document: d });
  });
  it("rejects every invalid CPF and CNPJ", () => {
    for (const d of [...vectors.invalidCpf, ...vectors.invalidCnpj]) assert.equal(validateDocument(d).ok, false, d);
  });
});

describe("validateDocument — golden table", () => {
  const table: [string, ReturnType<typeof validateDocument>][] = [
    ["529.982.247-25", { ok: true, kind: "cpf", document: "52998224725" }],
    [" 529 982 247 25 ", { ok: true, kind: "cpf", document: "52998224725" }],
    ["52998224724", { ok: false, reason: "CPF com dígito verificador inválido" }],
    ["11111111111", { ok: false, reason: "CPF inválido (todos os dígitos iguais)" }],
    ["00000000000", { ok: false, reason: "CPF inválido (todos os dígitos iguais)" }],
    ["5299822472A", { ok: false, reason: "CPF deve conter apenas números" }],
    ["11.222.333/0001-81", { ok: true, kind: "cnpj", document: "11222333000181" }],
    ["11222333000182", { ok: false, reason: "CNPJ com dígito verificador inválido" }],
    ["12.abc.345/01de-35", { ok: true, kind: "cnpj", document: "12ABC34501DE35" }],
    ["12ABC34501DE36", { ok: false, reason: "CNPJ com dígito verificador inválido" }],
    ["12ABC34501DE3A", { ok: false, reason: "CNPJ com dígitos verificadores não numéricos" }],
    ["00000000000000", { ok: false, reason: "CNPJ inválido (todos os caracteres zero)" }],
    ["00.000.000/0000-00", { ok: false, reason: "CNPJ inválido (todos os caracteres zero)" }],
    ["", { ok: false, reason: "vazio" }],
    [" . - / ", { ok: false, reason: "vazio" }],
    ["123", { ok: false, reason: "documento deve ter 11 (CPF) ou 14 (CNPJ) caracteres" }],
    ["529982247250", { ok: false, reason: "documento deve ter 11 (CPF) ou 14 (CNPJ) caracteres" }],
    ["529.982.247_25", { ok: false, reason: "documento contém caracteres inválidos" }],
    ["529.982.247-2ç", { ok: false, reason: "documento contém caracteres inválidos" }],
    // lost leading zeros (a spreadsheet stored the document as a number)
    ["1234567890", { ok: true, kind: "cpf", document: "01234567890" }],
    ["5299822472", { ok: false, reason: "documento deve ter 11 (CPF) ou 14 (CNPJ) caracteres" }],
    ["360305000104", { ok: true, kind: "cnpj", document: "00360305000104" }],
    ["360305000105", { ok: false, reason: "documento deve ter 11 (CPF) ou 14 (CNPJ) caracteres" }],
  ];
  for (const [input, expected] of table) {
    it(JSON.stringify(input), () => assert.deepEqual(validateDocument(input), expected));
  }

  it("accepts a 9-digit CPF that lost two leading zeros", () => {
    const cpf = completeCpf("001234567");
    assert.equal(cpf.slice(0, 2), "00");
    assert.deepEqual(validateDocument(cpf.slice(2)), { ok: true, kind: "cpf", document: cpf });
  });
});

describe("normalizeDocument and formatDocument", () => {
  it("normalises", () => {
    assert.equal(normalizeDocument("12.abc.345/01de-35"), "12ABC34501DE35");
    assert.equal(normalizeDocument(" 529.982.247-25\t"), "52998224725");
    assert.equal(normalizeDocument("52998224725"), "52998224725");
  });
  it("formats CPF, numeric CNPJ and alphanumeric CNPJ", () => {
    assert.equal(formatDocument("52998224725"), "529.982.247-25");
    assert.equal(formatDocument("11222333000181"), "11.222.333/0001-81");
    assert.equal(formatDocument("12ABC34501DE35"), "12.ABC.345/01DE-35");
    assert.equal(formatDocument("12abc34501de35"), "12.ABC.345/01DE-35");
    assert.equal(formatDocument("123"), "123");
  });
  it("completes check digits", () => {
    assert.equal(completeCpf("529982247"), "52998224725");
    assert.equal(completeCnpj("112223330001"), "11222333000181");
    assert.equal(completeCnpj("12ABC34501DE"), "12ABC34501DE35");
    assert.throws(() => completeCpf("12"), { code: "invalid_input" });
  });
});

describe("properties", () => {
  it("generateCpf always validates, formatted or not, and agrees with cpf-cnpj-validator", () => {
    fc.assert(
      fc.property(doubles, (xs) => {
        const d = generateCpf(randomFrom(xs));
        assert.match(d, /^\d{11}$/);
        assert.deepEqual(validateDocument(d), { ok: true, kind: "cpf", document: d });
        assert.deepEqual(validateDocument(formatDocument(d)), { ok: true, kind: "cpf", document: d });
        assert.ok(cpfOracle.isValid(d));
      }),
    );
  });
  it("generateCnpj always validates (numeric and alphanumeric) and agrees with cpf-cnpj-validator", () => {
    fc.assert(
      fc.property(doubles, fc.boolean(), (xs, alphanumeric) => {
        const d = generateCnpj(randomFrom(xs), { alphanumeric });
        assert.match(d, alphanumeric ? /^[0-9A-Z]{12}\d{2}$/ : /^\d{14}$/);
        assert.deepEqual(validateDocument(formatDocument(d)), { ok: true, kind: "cnpj", document: d });
        assert.ok(cnpjOracle.isValid(d));
      }),
    );
  });
  it("a wrong last check digit is always rejected", () => {
    fc.assert(
      fc.property(doubles, fc.boolean(), fc.integer({ min: 1, max: 9 }), (xs, company, by) => {
        const d = company ? generateCnpj(randomFrom(xs), { alphanumeric: true }) : generateCpf(randomFrom(xs));
        const last = (Number(d.slice(-1)) + by) % 10;
        const reason = company ? "CNPJ com dígito verificador inválido" : "CPF com dígito verificador inválido";
        assert.deepEqual(validateDocument(d.slice(0, -1) + String(last)), { ok: false, reason });
      }),
    );
  });
  it("agrees with cpf-cnpj-validator on arbitrary 11 and 14 digit strings", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$|^\d{14}$/), (s) => {
        const oracle = s.length === 11 ? cpfOracle.isValid(s) : cnpjOracle.isValid(s);
        assert.equal(isValidDocument(s), oracle, s);
      }),
    );
  });
});

