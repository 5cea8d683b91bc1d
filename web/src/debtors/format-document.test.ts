import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDocument } from "./format-document.ts";

describe("formatDocument", () => {
  const cases: [string, string][] = [
    ["12345678909", "123.456.789-09"],
    ["123.456.789-09", "123.456.789-09"],
    ["00000000191", "000.000.001-91"],
    ["11222333000181", "11.222.333/0001-81"],
    ["11.222.333/0001-81", "11.222.333/0001-81"],
    ["12ABC34501DE35", "12.ABC.345/01DE-35"],
    ["12abc34501de35", "12.ABC.345/01DE-35"],
    ["1234", "1234"],
    ["", ""],
    ["1234567890A", "1234567890A"],
    ["12ABC34501DEXY", "12ABC34501DEXY"],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(formatDocument(input), expected));
  }
});
