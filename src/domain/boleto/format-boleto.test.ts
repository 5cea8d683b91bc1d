import assert from "node:assert/strict";
import { formatCents } from "../br/money.ts";
import { describe, it } from "node:test";
import { bankCodeWithDigit, bankName, collectionSegmentName, formatDigitableLine } from "./format-boleto.ts";

describe("formatCents", () => {
  it("formats centavos as reais with Brazilian separators", () => {
    const table: [number, string][] = [
      [0, "R$ 0,00"],
      [5, "R$ 0,05"],
      [200, "R$ 2,00"],
      [123456, "R$ 1.234,56"],
      [100000000, "R$ 1.000.000,00"],
      [9999999999, "R$ 99.999.999,99"],
      [-150, "-R$ 1,50"],
    ];
    for (const [cents, text] of table) assert.equal(formatCents(cents), text);
  });
});

describe("formatDigitableLine", () => {
  it("groups bank and collection lines as printed, and leaves other input as digits", () => {
    assert.equal(formatDigitableLine("23790001245000566314687123456706810010000000200"), "23790.00124 50005.663146 87123.456706 8 10010000000200");
    assert.equal(formatDigitableLine("838600000050096000190009000801782309000343062712"), "83860000005-0 09600019000-9 00080178230-9 00034306271-2");
    assert.equal(formatDigitableLine("123.45"), "12345");
  });
});

describe("bank names and codes", () => {
  it("prints the code with its check digit for the supported banks", () => {
    const table: [string, string, string][] = [
      ["001", "001-9", "Banco do Brasil"],
      ["033", "033-7", "Santander"],
      ["104", "104-0", "Caixa Econômica Federal"],
      ["237", "237-2", "Bradesco"],
      ["341", "341-7", "Itaú Unibanco"],
      ["756", "756-0", "Sicoob"],
    ];
    for (const [bank, code, name] of table) {
      assert.equal(bankCodeWithDigit(bank), code);
      assert.equal(bankName(bank), name);
    }
    assert.equal(bankCodeWithDigit("999"), "999");
    assert.equal(bankName("999"), undefined);
  });

  it("names collection segments", () => {
    assert.equal(collectionSegmentName("3"), "Energia elétrica e gás");
    assert.equal(collectionSegmentName("8"), undefined);
  });
});
