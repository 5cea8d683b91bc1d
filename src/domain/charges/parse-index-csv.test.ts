import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatVariationPercent, parseIndexCsv, parseIndexMonth, parseVariationPercent } from "./parse-index-csv.ts";

describe("parseIndexMonth", () => {
  const table: [string, string | null][] = [
    ["01/2025", "2025-01"], ["1/2025", "2025-01"], [" 12/2024 ", "2024-12"], ["2025-03", "2025-03"],
    ["13/2025", null], ["00/2025", null], ["2025-13", null], ["2025-3", null], ["01/25", null], ["01/1899", null], ["jan/2025", null], ["", null],
  ];
  for (const [raw, expected] of table) it(JSON.stringify(raw), () => assert.equal(parseIndexMonth(raw), expected));
});

describe("parseVariationPercent", () => {
  const table: [string, number | null][] = [
    ["0,56", 5600], ["0.56", 5600], ["1", 10_000], ["-0,1", -1000], ["+0,25", 2500], ["1,2345", 12_345], ["0,56%", 5600], ["-0,00", 0],
    ["0,12345", null], ["abc", null], ["", null], ["1.000,5", null], ["-100", null], ["-99,9999", -999_999],
  ];
  for (const [raw, expected] of table) it(JSON.stringify(raw), () => assert.equal(parseVariationPercent(raw), expected));
  it("formats back and round-trips", () => {
    assert.equal(formatVariationPercent(5600), "0,56");
    assert.equal(formatVariationPercent(-1000), "-0,10");
    assert.equal(formatVariationPercent(12_345), "1,2345");
    assert.equal(formatVariationPercent(0), "0,00");
    fc.assert(fc.property(fc.integer({ min: -999_999, max: 99_999_999 }), (ppm) => assert.equal(parseVariationPercent(formatVariationPercent(ppm)), ppm)));
  });
});

describe("parseIndexCsv", () => {
  it("reads a header, both month forms, CRLF, a BOM and blank lines, sorted by month", () => {
    assert.deepEqual(parseIndexCsv("\ufeffmes;variacao\r\n02/2025;1,31\r\n\r\n2025-01;0,16\r\n"), {
      ok: true,
      values: [{ month: "2025-01", variationPpm: 1600 }, { month: "2025-02", variationPpm: 13_100 }],
    });
    assert.deepEqual(parseIndexCsv("01/2025\t0,16\n"), { ok: true, values: [{ month: "2025-01", variationPpm: 1600 }] });
  });
  it("names every bad line, field and reason", () => {
    assert.deepEqual(parseIndexCsv("mês;variação\n01/2025;0,16\n01/2025;0,20\n2025/02;x\n03/2025\n"), {
      ok: false,
      errors: [
        { line: 3, field: "mes", reason: "mês 2025-01 repetido (já na linha 2)" },
        { line: 4, field: "mes", reason: 'mês inválido (use MM/AAAA ou AAAA-MM): "2025/02"' },
        { line: 4, field: "variacao", reason: 'variação inválida (percentual como 0,56, até 4 casas, acima de -100): "x"' },
        { line: 5, field: "linha", reason: "esperadas 2 colunas (mes;variacao), encontradas 1" },
      ],
    });
  });
  it("refuses an empty file", () => {
    assert.deepEqual(parseIndexCsv("mes;variacao\n"), { ok: false, errors: [{ line: 1, field: "arquivo", reason: "nenhuma linha de dados" }] });
  });
});
