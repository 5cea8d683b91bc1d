import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { vectorPath } from "../../../test/support/vectors.ts";
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

const vector = readFileSync(vectorPath("cnab240-one-payment.ret"), "latin1");
const [T, U] = vector.split(/\r?\n/).filter((l) => l.length > 0) as [string, string];

const HEADER = place(240, [[1, "13300000"], [18, "2"], [73, "EMPRESA TESTE"], [143, "2"], [144, "12032026"]]);
const BATCH_HEADER = place(240, [[1, "13300011T01  045"]]);
const BATCH_TRAILER = place(240, [[1, "13300015"], [18, "000004"]]);
const FILE_TRAILER = place(240, [[1, "13399999"], [18, "000001"], [24, "000006"]]);

function wrap(lines: string[], eol = "\r\n"): string {
  return lines.join(eol) + eol;
}

const EXPECTED = {
  ourNumber: "1",
  movement: "06",
  settlement: true,
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

function errorsOf(result: ParseCnabResult): string[] {
  assert.equal(result.ok, false, "esperava erro");
  return result.ok ? [] : result.errors.map(formatCnabError);
}

test("vector positions: the T and U lines hold the documented values where the parser reads them", () => {
  assert.equal(T.length, 240);
  assert.equal(U.length, 240);
  assert.equal(T.slice(13, 14), "T");
  assert.equal(T.slice(37, 57), "00000000000000000001"); // nosso número 38–57
  assert.equal(T.slice(73, 81), "10032026"); // vencimento 74–81
  assert.equal(T.slice(81, 96), "000000000015000"); // valor nominal 82–96
  assert.equal(T.slice(198, 213), "000000000000250"); // tarifa/custas 199–213
  assert.equal(U.slice(77, 92), "000000000015000"); // valor pago 78–92
  assert.equal(U.slice(92, 107), "000000000014750"); // valor líquido 93–107
  assert.equal(U.slice(137, 145), "11032026"); // data da ocorrência 138–145
  assert.equal(U.slice(145, 153), "12032026"); // data do crédito 146–153
});

test("the vector's T and U wrapped in a correct envelope parse to the settled title", () => {
  const result = parseCnab(wrap([HEADER, BATCH_HEADER, T, U, BATCH_TRAILER, FILE_TRAILER]));
  assert.ok(result.ok, result.ok ? "" : result.errors.map(formatCnabError).join("; "));
  assert.deepEqual(result.value, { format: "cnab240", bank: "133", records: [{ ...EXPECTED, line: 3 }] });
});

test("the bare vector (only T and U) is a fragment: rejected strictly, accepted without the envelope", () => {
  assert.deepEqual(errorsOf(parseCnab(vector)), ['linha 1: o arquivo deve começar pelo header de arquivo (registro tipo 0), encontrado tipo "3"']);
  const fragment = parseCnab(vector, { requireEnvelope: false });
  assert.ok(fragment.ok);
  assert.deepEqual(fragment.value, { format: "cnab240", bank: "133", records: [{ ...EXPECTED, line: 1 }] });
  // Without the requirement a full file is still checked in full.
  const full = parseCnab(wrap([HEADER, BATCH_HEADER, T, U, put(BATCH_TRAILER, 18, "000003"), FILE_TRAILER]), { requireEnvelope: false });
  assert.deepEqual(errorsOf(full), ["linha 5: trailer do lote informa 3 registros, mas o lote tem 4"]);
});

test("line endings: LF, CRLF and a trailing EOF mark (0x1A)", () => {
  const lines = [HEADER, BATCH_HEADER, T, U, BATCH_TRAILER, FILE_TRAILER];
  for (const content of [wrap(lines, "\n"), wrap(lines, "\r\n"), `${wrap(lines)}\x1a`, lines.join("\r\n"), `${lines.join("\n")}\x1a`]) {
    const result = parseCnab(content);
    assert.ok(result.ok);
    assert.equal(result.value.records.length, 1);
  }
});

test("wrong counts in the trailers are rejected with the line and both numbers", () => {
  const cases: [string[], string[]][] = [
    [[HEADER, BATCH_HEADER, T, U, put(BATCH_TRAILER, 18, "000003"), FILE_TRAILER], ["linha 5: trailer do lote informa 3 registros, mas o lote tem 4"]],
    [[HEADER, BATCH_HEADER, T, U, put(BATCH_TRAILER, 18, "000005"), FILE_TRAILER], ["linha 5: trailer do lote informa 5 registros, mas o lote tem 4"]],
    [[HEADER, BATCH_HEADER, T, U, BATCH_TRAILER, put(FILE_TRAILER, 18, "000002")], ["linha 6: trailer do arquivo informa 2 lotes, mas o arquivo tem 1"]],
    [[HEADER, BATCH_HEADER, T, U, BATCH_TRAILER, put(FILE_TRAILER, 24, "000007")], ["linha 6: trailer do arquivo informa 7 registros, mas o arquivo tem 6"]],
  ];
  for (const [lines, expected] of cases) assert.deepEqual(errorsOf(parseCnab(wrap(lines))), expected);
});

test("structural errors name the line", () => {
  const cases: [string[], string[]][] = [
    [[HEADER, BATCH_HEADER, T, U, BATCH_TRAILER], ["linha 5: trailer do arquivo (registro tipo 9) ausente no fim do arquivo"]],
    [
      [HEADER, BATCH_HEADER, T, U, FILE_TRAILER],
      ["linha 5: lote 0001 (aberto na linha 2) sem trailer de lote (registro tipo 5)", "linha 5: trailer do arquivo informa 6 registros, mas o arquivo tem 5"],
    ],
    [[HEADER, T, U, put(put(FILE_TRAILER, 18, "000000"), 24, "000004")], [
      "linha 2: registro de detalhe fora de um lote (falta o header de lote, registro tipo 1)",
      "linha 3: registro de detalhe fora de um lote (falta o header de lote, registro tipo 1)",
    ]],
    [[HEADER, BATCH_HEADER, T, put(BATCH_TRAILER, 18, "000003"), put(FILE_TRAILER, 24, "000005")], ["linha 3: segmento T sem o segmento U correspondente"]],
    [[HEADER, BATCH_HEADER, put(U, 9, "00001"), put(BATCH_TRAILER, 18, "000003"), put(FILE_TRAILER, 24, "000005")], ["linha 3: segmento U sem o segmento T anterior"]],
    [[HEADER, BATCH_HEADER, T, put(U, 9, "00003"), BATCH_TRAILER, FILE_TRAILER], ["linha 4: número sequencial no lote 3, esperado 2"]],
    [[HEADER, BATCH_HEADER, T, put(U, 1, "237"), BATCH_TRAILER, FILE_TRAILER], ['linha 4: código do banco "237" difere do header do arquivo ("133")']],
    [[HEADER, BATCH_HEADER, T, put(U, 16, "09"), BATCH_TRAILER, FILE_TRAILER], ['linha 4: código de movimento do segmento U ("09") difere do segmento T ("06")']],
    [[HEADER, BATCH_HEADER, T, U, BATCH_TRAILER, FILE_TRAILER, FILE_TRAILER], ["linha 7: registro após o trailer do arquivo (registro tipo 9)"]],
    [[put(HEADER, 143, "1"), BATCH_HEADER, T, U, BATCH_TRAILER, FILE_TRAILER], ['linha 1: header de arquivo não é de retorno: código remessa/retorno (posição 143) "1", esperado "2"']],
    [[HEADER, BATCH_HEADER, put(T, 8, "4"), U, BATCH_TRAILER, FILE_TRAILER], [
      'linha 3: tipo de registro desconhecido "4" (posição 8)',
      "linha 4: número sequencial no lote 2, esperado 1",
      "linha 4: segmento U sem o segmento T anterior",
      "linha 5: trailer do lote informa 4 registros, mas o lote tem 3",
    ]],
  ];
  for (const [lines, expected] of cases) assert.deepEqual(errorsOf(parseCnab(wrap(lines))), expected, expected[0]);
});

test("malformed values: non-numeric amounts and impossible dates", () => {
  const cases: [string[], string[]][] = [
    [[HEADER, BATCH_HEADER, T, put(U, 78, "00000000001500A"), BATCH_TRAILER, FILE_TRAILER], ['linha 4: campo "valor pago" (posições 78–92) não numérico: "00000000001500A"']],
    [[HEADER, BATCH_HEADER, put(T, 74, "31022026"), U, BATCH_TRAILER, FILE_TRAILER], ['linha 3: data "vencimento" (posições 74–81) inválida: "31022026"']],
    [[HEADER, BATCH_HEADER, T, put(U, 146, "1203202X"), BATCH_TRAILER, FILE_TRAILER], ['linha 4: data "data do crédito" (posições 146–153) não numérica: "1203202X"']],
    [[HEADER, BATCH_HEADER, T, put(U, 138, "29022025"), BATCH_TRAILER, FILE_TRAILER], ['linha 4: data "data da ocorrência" (posições 138–145) inválida: "29022025"']],
    [[HEADER, BATCH_HEADER, put(T, 199, "00000000000 250"), U, BATCH_TRAILER, FILE_TRAILER], ['linha 3: campo "valor da tarifa/custas" (posições 199–213) não numérico: "00000000000 250"']],
    [[HEADER, BATCH_HEADER, put(T, 38, " ".repeat(20)), U, BATCH_TRAILER, FILE_TRAILER], ["linha 3: nosso número (posições 38–57) em branco"]],
  ];
  for (const [lines, expected] of cases) assert.deepEqual(errorsOf(parseCnab(wrap(lines))), expected, expected[0]);
});

test("zero dates are null; 29 Feb of a leap year is valid", () => {
  const result = parseCnab(wrap([HEADER, BATCH_HEADER, put(T, 74, "29022028"), put(U, 146, "00000000"), BATCH_TRAILER, FILE_TRAILER]));
  assert.ok(result.ok);
  assert.equal(result.value.records[0]?.dueDate, "2028-02-29");
  assert.equal(result.value.records[0]?.creditDate, null);
});

test("line length decides the format; other lengths are rejected with the line number", () => {
  assert.deepEqual(errorsOf(parseCnab("")), ["linha 1: arquivo vazio"]);
  assert.deepEqual(errorsOf(parseCnab(`${HEADER.slice(0, 239)}\r\n`)), ["linha 1: linha com 239 posições: esperado 240 (CNAB 240) ou 400 (CNAB 400)"]);
  assert.deepEqual(errorsOf(parseCnab(wrap([HEADER, BATCH_HEADER, `${T} `, U.slice(0, 200), "", BATCH_TRAILER, FILE_TRAILER]))), [
    "linha 3: linha com 241 posições, esperado 240",
    "linha 4: linha com 200 posições, esperado 240",
    "linha 5: linha vazia",
  ]);
});

test("movements: 06 and 17 are settlements, others are not; other segments are skipped", () => {
  const y = place(240, [[1, "1330001300003Y 06"]]);
  for (const [movement, settlement] of [["06", true], ["17", true], ["02", false], ["09", false], ["28", false]] as const) {
    const lines = [HEADER, BATCH_HEADER, put(T, 16, movement), put(U, 16, movement), y, put(BATCH_TRAILER, 18, "000005"), put(FILE_TRAILER, 24, "000007")];
    const result = parseCnab(wrap(lines));
    assert.ok(result.ok, movement);
    assert.equal(result.value.records[0]?.movement, movement);
    assert.equal(result.value.records[0]?.settlement, settlement, movement);
  }
});

test("error lists are capped", () => {
  const bad = put(U, 78, "X".repeat(15));
  const lines = [HEADER, BATCH_HEADER];
  for (let i = 0; i < 150; i++) lines.push(put(T, 9, String(2 * i + 1).padStart(5, "0")), put(bad, 9, String(2 * i + 2).padStart(5, "0")));
  lines.push(put(BATCH_TRAILER, 18, String(302).padStart(6, "0")), put(FILE_TRAILER, 24, String(304).padStart(6, "0")));
  const errors = errorsOf(parseCnab(wrap(lines)));
  assert.equal(errors.length, 101);
  assert.equal(errors[100], "linha 304: outros erros omitidos (mostrando os primeiros 100)");
});
