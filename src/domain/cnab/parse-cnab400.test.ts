import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCnabError, type ParseCnabResult } from "./cnab-types.ts";
import { parseCnab } from "./parse-cnab.ts";

/** A line of `width` spaces with the given texts at 1-based positions (independent of the generators). */
function place(width: number, fields: [number, string][]): string {
  const chars = Array.from({ length: width }, () => " ");
  for (const [pos, text] of fields) for (let i = 0; i < text.length; i++) chars[pos - 1 + i] = text[i] as string;
  return chars.join("");
}

function put(line: string, pos: number, text: string): string {
  return line.slice(0, pos - 1) + text + line.slice(pos - 1 + text.length);
}

function header(bank: string, name: string): string {
  return place(400, [[1, "02RETORNO01COBRANCA"], [77, bank], [80, name], [95, "120326"], [395, "000001"]]);
}

function trailer(bank: string, seq: number): string {
  return place(400, [[1, `9201${bank}`], [395, String(seq).padStart(6, "0")]]);
}

/** The value fields shared by the layouts (109–292), as a bank would fill them. */
const COMMON: [number, string][] = [
  [109, "06"],
  [111, "110326"],
  [147, "100326"],
  [153, "0000000015000"],
  [215, "0000000000000"], // IOF
  [228, "0000000000020"], // abatimento
  [241, "0000000000080"], // desconto
  [267, "0000000000050"], // juros de mora
  [280, "0000000000000"],
];

function errorsOf(result: ParseCnabResult): string[] {
  assert.equal(result.ok, false, "esperava erro");
  return result.ok ? [] : result.errors.map(formatCnabError);
}

const EXPECTED_VALUES = {
  movement: "06",
  settlement: true,
  faceValueCents: 15000,
  paidCents: 14950,
  interestCents: 50,
  discountCents: 100,
  feeCents: 250,
  creditedCents: 14700,
  dueDate: "2026-03-10",
  paidDate: "2026-03-11",
  creditDate: "2026-03-12",
  line: 2,
};

// One hand-built detail per bank, with the nosso número, fee, amount and credit date at that bank's positions.
const BANK_DETAILS: { bank: string; name: string; fields: [number, string][]; ourNumber: string }[] = [
  {
    bank: "341",
    name: "BANCO ITAU SA",
    ourNumber: "1234567",
    fields: [[1, "1"], [63, "01234567"], [83, "109"], [86, "01234567"], [94, "8"], [176, "0000000000250"], [254, "0000000014700"], [296, "120326"]],
  },
  {
    bank: "237",
    name: "BRADESCO",
    ourNumber: "1234",
    fields: [[1, "1"], [71, "00000001234"], [82, "P"], [176, "0000000000250"], [254, "0000000014950"], [296, "120326"]],
  },
  {
    bank: "001",
    name: "BANCO DO BRASIL",
    ourNumber: "12345670000000042",
    fields: [[1, "7"], [32, "1234567"], [64, "12345670000000042"], [176, "120326"], [182, "0000250"], [254, "0000000014950"]],
  },
  {
    bank: "104",
    name: "C ECON FEDERAL",
    ourNumber: "14000000000000077",
    fields: [[1, "1"], [57, "14000000000000077"], [176, "0000000000250"], [254, "0000000014950"], [294, "120326"]],
  },
  {
    bank: "033",
    name: "SANTANDER",
    ourNumber: "9876543",
    fields: [[1, "1"], [63, "09876543"], [176, "0000000000250"], [254, "0000000014950"], [296, "120326"]],
  },
  {
    bank: "756",
    name: "BANCOOBCED",
    ourNumber: "55",
    fields: [[1, "1"], [63, "00000000055"], [74, "3"], [176, "120326"], [182, "0000250"], [254, "0000000014950"]],
  },
];

test("each bank's detail record is read from that bank's positions", () => {
  for (const b of BANK_DETAILS) {
    const movement: [number, string][] = b.bank === "104" ? [[109, "21"]] : [];
    const detail = place(400, [...COMMON, ...b.fields, ...movement, [395, "000002"]]);
    const result = parseCnab([header(b.bank, b.name), detail, trailer(b.bank, 3)].join("\r\n"));
    assert.ok(result.ok, `${b.bank}: ${result.ok ? "" : result.errors.map(formatCnabError).join("; ")}`);
    assert.deepEqual(
      result.value,
      { format: "cnab400", bank: b.bank, records: [{ ourNumber: b.ourNumber, ...EXPECTED_VALUES, movement: b.bank === "104" ? "21" : "06" }] },
      b.bank,
    );
  }
});

test("Itaú: 254–266 is the credited amount (valor principal); paid = credited + fee, zero when nothing was credited", () => {
  const b = BANK_DETAILS[0]!;
  const entry = place(400, [...COMMON, ...b.fields, [109, "02"], [254, "0000000000000"], [395, "000002"]]);
  const result = parseCnab([header("341", b.name), entry, trailer("341", 3)].join("\n"));
  assert.ok(result.ok);
  assert.equal(result.value.records[0]?.paidCents, 0);
  assert.equal(result.value.records[0]?.creditedCents, 0);
  assert.equal(result.value.records[0]?.feeCents, 250);
  assert.equal(result.value.records[0]?.settlement, false);
});

test("per-bank liquidation codes decide settlement; movement keeps the bank's own code", () => {
  const table: Record<string, { yes: string[]; no: string[] }> = {
    "341": { yes: ["06", "07", "08"], no: ["02", "09", "10", "17", "21"] },
    "237": { yes: ["06", "15", "17"], no: ["02", "07", "09", "10", "21"] },
    "001": { yes: ["05", "06", "07", "08", "15"], no: ["02", "09", "10", "17", "21"] },
    "104": { yes: ["21", "22"], no: ["01", "02", "06", "17", "23"] },
    "033": { yes: ["06", "07", "08", "17"], no: ["02", "09", "15", "16", "21"] },
    "756": { yes: ["05", "06", "15"], no: ["02", "07", "09", "17", "21"] },
  };
  for (const b of BANK_DETAILS) {
    const { yes, no } = table[b.bank]!;
    for (const [code, expected] of [...yes.map((c) => [c, true] as const), ...no.map((c) => [c, false] as const)]) {
      const detail = place(400, [...COMMON, ...b.fields, [109, code], [395, "000002"]]);
      const result = parseCnab([header(b.bank, b.name), detail, trailer(b.bank, 3)].join("\r\n"));
      assert.ok(result.ok);
      assert.equal(result.value.records[0]?.movement, code);
      assert.equal(result.value.records[0]?.settlement, expected, `${b.bank} ${code}`);
    }
  }
});

test("CNAB 400 errors name the line", () => {
  const b = BANK_DETAILS[1]!; // Bradesco
  const detail = place(400, [...COMMON, ...b.fields, [395, "000002"]]);
  const h = header("237", b.name);
  const cases: [string[], string[]][] = [
    [[h, detail], ["linha 2: trailer (registro tipo 9) ausente no fim do arquivo"]],
    [[h, put(detail, 395, "000005"), trailer("237", 3)], ["linha 2: número sequencial do registro 5, esperado 2"]],
    [[h, put(detail, 395, "00000X"), trailer("237", 3)], ['linha 2: campo "número sequencial do registro" (posições 395–400) não numérico: "00000X"']],
    [[h, put(detail, 254, "00000000149A0"), trailer("237", 3)], ['linha 2: campo "valor pago" (posições 254–266) não numérico: "00000000149A0"']],
    [[h, put(detail, 147, "310226"), trailer("237", 3)], ['linha 2: data "vencimento" (posições 147–152) inválida: "310226"']],
    [[h, put(detail, 109, "0A"), trailer("237", 3)], ['linha 2: campo "código de ocorrência" (posições 109–110) não numérico: "0A"']],
    [[h, put(detail, 71, " ".repeat(11)), trailer("237", 3)], ["linha 2: nosso número (posições 71–81) em branco"]],
    [[h, trailer("237", 2), put(detail, 395, "000003")], ["linha 3: registro após o trailer (registro tipo 9 na linha 2)"]],
    [[put(h, 2, "1"), detail, trailer("237", 3)], ['linha 1: header não é de retorno: posição 2 é "1", esperado "2" (RETORNO)']],
    [[put(h, 77, "999"), detail, trailer("237", 3)], ['linha 1: banco "999" (posições 77–79) sem layout CNAB 400 suportado (suportados: 001, 033, 104, 237, 341, 756)']],
    [[put(h, 1, "1"), detail, trailer("237", 3)], ['linha 1: o arquivo deve começar pelo header (registro tipo 0), encontrado tipo "1"']],
    [[h, detail.slice(0, 399), trailer("237", 3)], ["linha 2: linha com 399 posições, esperado 400"]],
  ];
  for (const [lines, expected] of cases) assert.deepEqual(errorsOf(parseCnab(lines.join("\r\n"))), expected, expected[0]);
});

test("Banco do Brasil: type 7 is the convênio-7 detail; a type 1 detail (convênio 6) is refused explicitly", () => {
  const b = BANK_DETAILS[2]!;
  const detail = place(400, [...COMMON, ...b.fields, [395, "000002"]]);
  assert.deepEqual(errorsOf(parseCnab([header("001", b.name), put(detail, 1, "1"), trailer("001", 3)].join("\r\n"))), [
    "linha 2: registro de detalhe tipo 1 do Banco do Brasil (convênio de 6 posições) não suportado: use o layout de convênio de 7 posições (registro tipo 7)",
  ]);
});

test("optional record types (e.g. Itaú's type 3 PIX line) are skipped but keep the sequence", () => {
  const b = BANK_DETAILS[0]!;
  const detail = place(400, [...COMMON, ...b.fields, [395, "000002"]]);
  const pix = place(400, [[1, "3"], [2, "00020101021226..."], [395, "000003"]]);
  const result = parseCnab([header("341", b.name), detail, pix, trailer("341", 4)].join("\r\n") + "\r\n\x1a");
  assert.ok(result.ok);
  assert.equal(result.value.records.length, 1);
});

test("two-digit years: 00–69 are 20xx, 70–99 are 19xx; zeros are null", () => {
  const b = BANK_DETAILS[1]!;
  const detail = place(400, [...COMMON, ...b.fields, [147, "311269"], [111, "010170"], [296, "000000"], [395, "000002"]]);
  const result = parseCnab([header("237", b.name), detail, trailer("237", 3)].join("\n"));
  assert.ok(result.ok);
  assert.equal(result.value.records[0]?.dueDate, "2069-12-31");
  assert.equal(result.value.records[0]?.paidDate, "1970-01-01");
  assert.equal(result.value.records[0]?.creditDate, null);
});
