import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bancoDoBrasilDv, bankBarcodeDv, bradescoDv, mod10, mod11, sicoobDv } from "./check-digits.ts";

describe("mod10", () => {
  it("matches the worked FEBRABAN example and edge cases", () => {
    assert.equal(mod10("01230067896"), 3); // sum of digits 37
    assert.equal(mod10("0000000000"), 0);
    assert.equal(mod10("237900012"), 4); // field 1 of 23790.00124
    assert.equal(mod10("5"), 9); // 5×2 = 10 → 1+0 = 1 → 9
  });
});

describe("bankBarcodeDv", () => {
  it("gives the general check digit of real barcodes", () => {
    // 23798100100000002000001250005663148712345670 without position 5
    assert.equal(bankBarcodeDv("2379100100000002000001250005663148712345670"), 8);
    assert.equal(bankBarcodeDv("1049898100000214032006561000100040099726390"), 9);
  });
  it("never returns 0: 0, 10 and 11 become 1", () => {
    for (let n = 0; n < 200; n++) {
      const dv = bankBarcodeDv(String(n * 7919).padStart(43, "0"));
      assert.ok(dv >= 1 && dv <= 9, `dv ${dv}`);
    }
  });
});

describe("mod11 (remainder 0 or 1 → 0)", () => {
  it("matches Santander's nosso número examples", () => {
    assert.equal(mod11("566612457800"), 2);
    assert.equal(mod11("400000192433"), 0); // remainder 1
    assert.equal(mod11("000001234567"), 9);
  });
  it("matches Caixa's beneficiary code and nosso número digits", () => {
    assert.equal(mod11("200656"), 1); // remainder 10 → 1
    assert.equal(mod11("245274"), 0);
    assert.equal(mod11("654321"), 9);
    assert.equal(mod11("14000000000000001"), 4);
  });
});

describe("bank-specific nosso número digits", () => {
  it("Banco do Brasil: module 11 with X", () => {
    assert.equal(bancoDoBrasilDv("12387989000004042"), "4");
    assert.equal(bancoDoBrasilDv("12387989000061900"), "7");
    assert.equal(bancoDoBrasilDv("12387989000000719"), "2");
    assert.equal(bancoDoBrasilDv("4042"), "8");
    assert.equal(bancoDoBrasilDv("0719"), "6");
    // 10-digit value whose weighted sum leaves remainder 1 → "X"
    assert.equal(bancoDoBrasilDv("6"), "X"); // 6×2 = 12, remainder 1
  });
  it("Bradesco: module 11 base 7 with P", () => {
    assert.equal(bradescoDv("1900000000002"), "8");
    assert.equal(bradescoDv("1900000000001"), "P");
    assert.equal(bradescoDv("2500056631487"), "2");
  });
  it("Sicoob: weights 3197", () => {
    assert.equal(sicoobDv("000100000000190000021"), 8);
    assert.equal(sicoobDv("300900001363525931151"), 6);
    const dvs = Array.from({ length: 13 }, (_, i) => sicoobDv(`4327${"229385".padStart(10, "0")}${String(i + 1).padStart(7, "0")}`));
    assert.deepEqual(dvs, [7, 4, 1, 9, 6, 3, 0, 8, 5, 3, 0, 8, 5]);
  });
});
