import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays, CALL_OUTCOMES, centsToInput, isTypingTarget, needsIdentity, outcomeKey, outcomeOfKey, parseReais, zonedLocalToIso } from "./call-keys.ts";

describe("call workspace helpers", () => {
  it("keys 1–7 select the outcomes in order, nothing else does", () => {
    assert.deepEqual(CALL_OUTCOMES.map(outcomeKey), ["1", "2", "3", "4", "5", "6", "7"]);
    assert.deepEqual(["1", "4", "5", "7"].map(outcomeOfKey), ["right_party_contact", "no_answer", "promise", "callback"]);
    assert.deepEqual(["0", "8", "n", "12", ""].map(outcomeOfKey), [null, null, null, null, null]);
    assert.deepEqual(CALL_OUTCOMES.filter(needsIdentity), ["right_party_contact", "promise", "refusal"]);
  });

  it("reads amounts typed the Brazilian way", () => {
    const table: [string, number | null][] = [
      ["154,15", 15_415], ["1.234,56", 123_456], ["R$ 1.234,5", 123_450], ["1234.56", 123_456], ["50", 5_000], ["1.000", 100_000], ["0,01", 1],
      ["", null], ["abc", null], ["1,234,56", null], ["12,345", null], ["-5", null],
    ];
    for (const [text, cents] of table) assert.equal(parseReais(text), cents, text);
    assert.deepEqual([centsToInput(15_415), centsToInput(5), centsToInput(100_000)], ["154,15", "0,05", "1000,00"]);
  });

  it("turns the debtor's wall clock into an instant with the zone's offset", () => {
    assert.equal(zonedLocalToIso("2025-06-02T15:00", "America/Sao_Paulo"), "2025-06-02T15:00:00-03:00");
    assert.equal(zonedLocalToIso("2025-06-02T08:30", "America/Rio_Branco"), "2025-06-02T08:30:00-05:00");
    assert.equal(zonedLocalToIso("2025-06-02T08:30", "America/Noronha"), "2025-06-02T08:30:00-02:00");
    assert.equal(zonedLocalToIso("2025-06-02 15:00", "America/Sao_Paulo"), null);
    assert.equal(addDays("2025-06-30", 3), "2025-07-03");
  });

  it("leaves keys typed into text fields alone", () => {
    assert.equal(isTypingTarget({ tagName: "INPUT", type: "text" } as unknown as EventTarget), true);
    assert.equal(isTypingTarget({ tagName: "TEXTAREA" } as unknown as EventTarget), true);
    assert.equal(isTypingTarget({ tagName: "INPUT", type: "radio" } as unknown as EventTarget), false);
    assert.equal(isTypingTarget({ tagName: "BUTTON" } as unknown as EventTarget), false);
    assert.equal(isTypingTarget(null), false);
  });
});
