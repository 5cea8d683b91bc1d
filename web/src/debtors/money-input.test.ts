import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatDecimalInput, formatMoneyInput, parseDecimalInput, parseMoneyInput } from "./money-input.ts";

describe("parseMoneyInput", () => {
  it("reads Brazilian and English amounts, and refuses what is not one", () => {
    const cases: [string, number | null][] = [
      ["1.234,56", 123456], ["1234,56", 123456], ["R$ 1.234,56", 123456], ["R$\u00a010", 1000], ["10", 1000], ["0,5", 50], ["1.234", 123400],
      ["1.234.567,89", 123456789], ["1,234.56", 123456], ["10.5", 1050], ["1,234", 123400], ["150,00", 15000],
      ["", null], ["abc", null], ["-10", null], ["1,234,5", null], ["10,1234", null], ["1.23.4", null], [",50", null],
    ];
    for (const [text, cents] of cases) assert.equal(parseMoneyInput(text), cents, text);
  });
  it("reads back what formatMoneyInput writes, in both languages", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.constantFrom("pt-BR" as const, "en" as const), (cents, locale) => parseMoneyInput(formatMoneyInput(cents, locale)) === cents));
    assert.equal(formatMoneyInput(123456), "1234,56");
    assert.equal(formatMoneyInput(5, "en"), "0.05");
  });
});

describe("parseDecimalInput", () => {
  it("takes a comma or a point", () => {
    assert.equal(parseDecimalInput("2,5"), 2.5);
    assert.equal(parseDecimalInput(" 0.33 "), 0.33);
    assert.equal(parseDecimalInput("10"), 10);
    assert.equal(parseDecimalInput(""), null);
    assert.equal(parseDecimalInput("1,2,3"), null);
    assert.equal(parseDecimalInput("-1"), null);
    assert.equal(formatDecimalInput(1.99), "1,99");
    assert.equal(formatDecimalInput(1.99, "en"), "1.99");
  });
});
