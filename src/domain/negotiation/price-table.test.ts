import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { amortizationTable, anticipatedShareCents, priceInstalmentCents } from "./price-table.ts";

describe("Tabela Price — golden, worked by hand", () => {
  it("R$ 1.000,00 at 1,99 % a.m. in 5 months: PMT = R$ 212,10", () => {
    // (1,0199)^5 = 1,0199 × 1,0199 = 1,04019601; ² = 1,08200774…; × 1,0199 = 1,10353969…
    // PMT = 1000 × 0,0199 × 1,10353969 / (1,10353969 − 1) = 21,96044 / 0,10353969 = 212,0968… → R$ 212,10 (rounded up)
    assert.equal(priceInstalmentCents(100_000, 5, 199), 21_210);
  });
  it("its amortisation table, month by month (interest = balance × 1,99 %, half-up), ends at zero", () => {
    // 1: 1000,00 × 1,99 % = 19,90; 212,10 − 19,90 = 192,20 amortised; balance 807,80
    // 2: 807,80 × 1,99 % = 16,075 → 16,08; 196,02; 611,78
    // 3: 611,78 × 1,99 % = 12,174 → 12,17; 199,93; 411,85
    // 4: 411,85 × 1,99 % = 8,196 → 8,20; 203,90; 207,95
    // 5: 207,95 × 1,99 % = 4,138 → 4,14; the last payment is 207,95 + 4,14 = 212,09
    assert.deepEqual(amortizationTable(100_000, 5, 199, 21_210).map((r) => [r.paymentCents, r.interestCents, r.amortizationCents, r.balanceCents]), [
      [21_210, 1990, 19_220, 80_780],
      [21_210, 1608, 19_602, 61_178],
      [21_210, 1217, 19_993, 41_185],
      [21_210, 820, 20_390, 20_795],
      [21_209, 414, 20_795, 0],
    ]);
  });
  it("one month: the balance plus one month of interest; rate 0: the balance split, rounded up", () => {
    assert.equal(priceInstalmentCents(100_000, 1, 199), 101_990);
    assert.equal(priceInstalmentCents(100_000, 3, 0), 33_334);
    assert.equal(priceInstalmentCents(0, 3, 199), 0);
  });
  it("série antecipada: R$ 1.000,00 in 3 equal payments, the first at once, at 1,99 % = R$ 339,92", () => {
    // 1000 × 0,0199 × 1,0199² / (1,0199³ − 1) = 20,7000… / 0,0608966… = 339,9227 → 339,92 (rounded down)
    assert.equal(anticipatedShareCents(100_000, 3, 199), 33_992);
    assert.equal(anticipatedShareCents(100_000, 3, 0), 33_333);
  });
});

describe("Tabela Price — properties", () => {
  it("in realistic plans (≤ 36 months, ≤ 3 % a.m.) the rounded-up payment repays the balance and the last one differs by rounding centavos only", () => {
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 100_000_000 }), fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 300 }), (f, m, bp) => {
        const pmt = priceInstalmentCents(f, m, bp);
        const table = amortizationTable(f, m, bp, pmt);
        assert.equal(table[table.length - 1]!.balanceCents, 0);
        // Rounding up never makes the last payment materially larger (half a centavo of interest rounding a month at most).
        const last = table[table.length - 1]!.paymentCents;
        assert.ok(last > 0 && last <= pmt + Math.ceil(m / 2), `última parcela ${last} × ${pmt}`);
        assert.ok(pmt * m >= f);
        if (pmt > 1 && bp === 0) assert.ok((pmt - 1) * m < f);
      }),
      { numRuns: 300 },
    );
  });
});
