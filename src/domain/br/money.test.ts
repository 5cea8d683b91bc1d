import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { centsToDecimalString, formatCents, formatCentsPlain, parseAmountToCents } from "./money.ts";

describe("parseAmountToCents — accepted", () => {
  const table: [string, number][] = [
    ["1.234,56", 123456],
    ["1234,56", 123456],
    ["1234.56", 123456],
    ["R$ 1.234,56", 123456],
    ["R$1.234,56", 123456],
    ["R$\u00a01.234,56", 123456], // Intl's pt-BR currency format
    ["r$ 10,00", 1000],
    ["  1.234,56  ", 123456],
    ["1234", 123400],
    ["1,5", 150],
    ["1.5", 150],
    ["0,01", 1],
    ["0,10", 10],
    ["0", 0],
    ["0,00", 0],
    ["007,50", 750],
    ["1,234.56", 123456],
    ["1,234,567.89", 123456789],
    ["1.234.567,89", 123456789],
    ["1.234", 123400], // a lone dot followed by 3 digits is a thousands separator
    ["12.345", 1234500],
    ["123.456", 12345600],
    ["1.234.567", 123456700],
    ["1,234,567", 123456700],
    ["90.071.992.547.409,91", Number.MAX_SAFE_INTEGER],
  ];
  for (const [input, cents] of table) it(JSON.stringify(input), () => assert.deepEqual(parseAmountToCents(input), { ok: true, cents }));
});

describe("parseAmountToCents — rejected with their reasons", () => {
  const table: [string, string][] = [
    ["", "vazio"],
    ["   ", "vazio"],
    ["R$", "vazio"],
    ["-1,00", "valor negativo"],
    ["-R$ 1,00", "valor negativo"],
    ["R$ -1,00", "valor negativo"],
    ["1,00-", "valor negativo"],
    ["(1,00)", "valor negativo"],
    ["abc", "valor contém caracteres inválidos"],
    ["12a,00", "valor contém caracteres inválidos"],
    ["1 234,56", "valor contém caracteres inválidos"],
    ["US$ 10,00", "valor contém caracteres inválidos"],
    ["+10", "valor contém caracteres inválidos"],
    ["1e5", "valor contém caracteres inválidos"],
    ["1,234", "mais de 2 casas decimais"],
    ["1,2345", "mais de 2 casas decimais"],
    ["1.2345", "mais de 2 casas decimais"],
    ["1234.567", "mais de 2 casas decimais"],
    ["1.234,567", "mais de 2 casas decimais"],
    ["12,34.56", "separador de milhar mal posicionado"],
    ["1.23.456", "separador de milhar mal posicionado"],
    ["1234.567,89", "separador de milhar mal posicionado"],
    ["1.234.56", "separador de milhar mal posicionado"],
    ["1.234,56,78", "separador de milhar mal posicionado"],
    ["1,", "formato de valor inválido"],
    [",50", "formato de valor inválido"],
    [".50", "formato de valor inválido"],
    ["90.071.992.547.409,92", "valor grande demais"],
    ["99999999999999999999", "valor grande demais"],
  ];
  for (const [input, reason] of table) it(JSON.stringify(input), () => assert.deepEqual(parseAmountToCents(input), { ok: false, reason }));
});

describe("formatting", () => {
  const table: [number, string, string, string][] = [
    [0, "R$ 0,00", "0,00", "0.00"],
    [1, "R$ 0,01", "0,01", "0.01"],
    [10, "R$ 0,10", "0,10", "0.10"],
    [100, "R$ 1,00", "1,00", "1.00"],
    [99999, "R$ 999,99", "999,99", "999.99"],
    [100000, "R$ 1.000,00", "1.000,00", "1000.00"],
    [123456, "R$ 1.234,56", "1.234,56", "1234.56"],
    [123456789, "R$ 1.234.567,89", "1.234.567,89", "1234567.89"],
    [-100, "-R$ 1,00", "-1,00", "-1.00"],
    [-123456, "-R$ 1.234,56", "-1.234,56", "-1234.56"],
    [Number.MAX_SAFE_INTEGER, "R$ 90.071.992.547.409,91", "90.071.992.547.409,91", "90071992547409.91"],
  ];
  for (const [cents, full, plain, decimal] of table) {
    it(String(cents), () => {
      assert.equal(formatCents(cents), full);
      assert.equal(formatCentsPlain(cents), plain);
      assert.equal(centsToDecimalString(cents), decimal);
    });
  }
  it("uses a regular space after R$", () => assert.equal(formatCents(1).charCodeAt(2), 32));
  it("refuses non-integer centavos", () => {
    assert.throws(() => formatCents(1.5), { code: "invalid_input" });
    assert.throws(() => formatCentsPlain(Number.NaN), { code: "invalid_input" });
    assert.throws(() => centsToDecimalString(2 ** 53), { code: "invalid_input" });
  });
});

describe("properties", () => {
  const cents = fc.maxSafeNat();
  it("parseAmountToCents(formatCentsPlain(c)) === c for any non-negative safe integer", () => {
    fc.assert(fc.property(cents, (c) => assert.deepEqual(parseAmountToCents(formatCentsPlain(c)), { ok: true, cents: c })));
  });
  it("round trips through formatCents and centsToDecimalString too", () => {
    fc.assert(
      fc.property(cents, (c) => {
        assert.deepEqual(parseAmountToCents(formatCents(c)), { ok: true, cents: c });
        assert.deepEqual(parseAmountToCents(centsToDecimalString(c)), { ok: true, cents: c });
      }),
    );
  });
  it("agrees with Intl's pt-BR currency format", () => {
    const intl = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (c) => {
        const s = intl.format(c / 100);
        assert.equal(formatCents(c), s.replace(/\u00a0/g, " "));
        assert.deepEqual(parseAmountToCents(s), { ok: true, cents: c });
      }),
    );
  });
  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => void parseAmountToCents(s)));
  });
});

