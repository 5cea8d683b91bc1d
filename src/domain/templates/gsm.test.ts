import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { gsm7Length, isGsm7, smsSegments, toGsm7 } from "./gsm.ts";

describe("GSM-7 for SMS", () => {
  it("strips every diacritic and replaces typographic characters (golden)", () => {
    assert.equal(toGsm7("Olá, você está em atraso — pague já… “boleto” ou PIX • ação nº 5 ª é É ç Ç ü"), 'Ola, voce esta em atraso - pague ja... "boleto" ou PIX - acao no 5 a e E c C u');
    assert.equal(toGsm7("Emoji 😀 fora"), "Emoji  fora");
    assert.equal(toGsm7("R$ 1.234,56 {x} €"), "R$ 1.234,56 {x} €");
  });

  it("counts extension characters twice and splits at 160 / 153", () => {
    assert.equal(gsm7Length("abc"), 3);
    assert.equal(gsm7Length("{€}"), 6);
    const table: [number, number][] = [[0, 0], [1, 1], [160, 1], [161, 2], [306, 2], [307, 3], [459, 3], [460, 4]];
    for (const [len, seg] of table) assert.equal(smsSegments(len), seg, `${len}`);
  });

  it("property: the transliteration is always pure GSM-7 and idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
        const t = toGsm7(s);
        assert.ok(isGsm7(t), JSON.stringify(t));
        assert.equal(toGsm7(t), t);
      }),
      { numRuns: 300 },
    );
  });
});
