import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isRiskBandIn, normalizeRiskBand, riskBandKey } from "./risk-band.ts";

describe("normalizeRiskBand", () => {
  const cases: [string, string][] = [
    ["c", "C"],
    ["  C  ", "C"],
    ["c+", "C+"],
    ["alto risco", "ALTO RISCO"],
    ["médio", "MÉDIO"],
    ["me\u0301dio", "MÉDIO"], // decomposed accent, as some Mac files carry it
    ["score_3", "SCORE_3"],
    ["a-1", "A-1"],
    ["12345678901234567890", "12345678901234567890"],
    [" abcdefghijklmnopqrst ", "ABCDEFGHIJKLMNOPQRST"],
  ];
  for (const [raw, band] of cases) it(`${JSON.stringify(raw)} → ${band}`, () => assert.deepEqual(normalizeRiskBand(raw), { ok: true, band }));

  const refused: [string, string][] = [
    ["", "faixa de risco vazia"],
    ["   ", "faixa de risco vazia"],
    ["123456789012345678901", 'faixa de risco "123456789012345678901" com 21 caracteres (máximo 20)'],
    ["A/B", 'faixa de risco "A/B" com caractere não aceito ("/"): use letras, números, espaço, +, - ou _'],
    ["C*", 'faixa de risco "C*" com caractere não aceito ("*"): use letras, números, espaço, +, - ou _'],
    ["alto\trisco", 'faixa de risco "alto\trisco" com caractere não aceito ("\\t"): use letras, números, espaço, +, - ou _'],
    ["5%", 'faixa de risco "5%" com caractere não aceito ("%"): use letras, números, espaço, +, - ou _'],
  ];
  for (const [raw, reason] of refused) it(`${JSON.stringify(raw)} is refused`, () => assert.deepEqual(normalizeRiskBand(raw), { ok: false, reason }));

  it("property: an accepted band is upper case, trimmed, at most 20 characters, and normalising it again gives itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aAbBcCzZ09+-_ éÉçÇ/*.\t"), maxLength: 30 }), (raw) => {
        const r = normalizeRiskBand(raw);
        if (!r.ok) return;
        assert.equal(r.band, r.band.toUpperCase());
        assert.equal(r.band, r.band.trim());
        assert.ok(r.band.length >= 1 && [...r.band].length <= 20);
        assert.deepEqual(normalizeRiskBand(r.band), r);
        assert.equal(riskBandKey(raw), r.band, "the stored band is the key ladders compare");
      }),
    );
  });
});

describe("isRiskBandIn", () => {
  it("compares without regard to case; no band is in no list", () => {
    assert.equal(isRiskBandIn("C", ["a", "c"]), true);
    assert.equal(isRiskBandIn("c", ["C"]), true);
    assert.equal(isRiskBandIn("C", ["C+"]), false);
    assert.equal(isRiskBandIn(null, ["C"]), false);
  });
});
