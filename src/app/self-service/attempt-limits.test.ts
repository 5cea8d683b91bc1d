import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { attemptState, combineStates, DEBTOR_RULE, LINK_RULE, lookbackMinutes, type AttemptRule } from "./attempt-limits.ts";

const T0 = Date.parse("2025-06-02T13:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

describe("identity-check attempt limits", () => {
  it("defaults: 5 per link and 10 per debtor in an hour, an hour locked", () => {
    assert.deepEqual(LINK_RULE, { maxFailures: 5, windowMinutes: 60, lockMinutes: 60 });
    assert.deepEqual(DEBTOR_RULE, { maxFailures: 10, windowMinutes: 60, lockMinutes: 60 });
    assert.equal(lookbackMinutes(LINK_RULE), 120);
  });

  it("boundary table (link rule)", () => {
    type Row = { name: string; failures: number[]; now: number; lockedUntil: number | null; remaining: number };
    const rows: Row[] = [
      { name: "no failures", failures: [], now: 0, lockedUntil: null, remaining: 5 },
      { name: "four quick failures", failures: [0, 1, 2, 3], now: 4, lockedUntil: null, remaining: 1 },
      { name: "the fifth locks for an hour from it", failures: [0, 1, 2, 3, 4], now: 4, lockedUntil: 64, remaining: 0 },
      { name: "still locked a millisecond before the end", failures: [0, 1, 2, 3, 4], now: 63.99999, lockedUntil: 64, remaining: 0 },
      { name: "free at the end, with a fresh count", failures: [0, 1, 2, 3, 4], now: 64, lockedUntil: null, remaining: 5 },
      { name: "five spread over exactly 60 minutes: the first is out of the window", failures: [0, 15, 30, 45, 60], now: 60, lockedUntil: null, remaining: 1 },
      { name: "five within 59 minutes lock", failures: [1, 15, 30, 45, 60], now: 60, lockedUntil: 120, remaining: 0 },
      { name: "old failures age out of the window one by one", failures: [0, 1, 2, 3], now: 61, lockedUntil: null, remaining: 3 },
      { name: "all aged out", failures: [0, 1, 2, 3], now: 63, lockedUntil: null, remaining: 5 },
      { name: "failures recorded during a lock neither count nor extend it", failures: [0, 1, 2, 3, 4, 10, 20], now: 30, lockedUntil: 64, remaining: 0 },
      { name: "after a lock, four more are allowed and the fifth locks again", failures: [0, 1, 2, 3, 4, 64, 65, 66, 67], now: 67, lockedUntil: null, remaining: 1 },
      { name: "second lock", failures: [0, 1, 2, 3, 4, 64, 65, 66, 67, 68], now: 68, lockedUntil: 128, remaining: 0 },
      { name: "failures after now are ignored", failures: [0, 1, 2, 3, 4], now: 3, lockedUntil: null, remaining: 1 },
    ];
    for (const r of rows) {
      const state = attemptState(r.failures.map(iso), at(r.now), LINK_RULE);
      assert.deepEqual(state, { lockedUntil: r.lockedUntil === null ? null : at(r.lockedUntil), remaining: r.remaining }, r.name);
    }
  });

  it("accepts Date or ISO strings in any order", () => {
    const mixed = [at(3), iso(0), at(4), iso(1), iso(2)];
    assert.deepEqual(attemptState(mixed, at(5), LINK_RULE), { lockedUntil: at(64), remaining: 0 });
  });

  it("combines the link's and the debtor's state: the later lock, else the fewer attempts left", () => {
    const free = { lockedUntil: null, remaining: 3 };
    assert.deepEqual(combineStates(free, { lockedUntil: null, remaining: 7 }), { lockedUntil: null, remaining: 3 });
    assert.deepEqual(combineStates(free, { lockedUntil: at(10), remaining: 0 }), { lockedUntil: at(10), remaining: 0 });
    assert.deepEqual(combineStates({ lockedUntil: at(20), remaining: 0 }, { lockedUntil: at(10), remaining: 0 }), { lockedUntil: at(20), remaining: 0 });
  });

  it("property: no window of the rule ever holds more than maxFailures counted failures before a lock, and remaining never exceeds the maximum", () => {
    const rule: AttemptRule = { maxFailures: 3, windowMinutes: 10, lockMinutes: 15 };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }), fc.integer({ min: 0, max: 250 }), (minutes, now) => {
        const state = attemptState(minutes.map(iso), at(now), rule);
        assert.ok(state.remaining >= 0 && state.remaining <= rule.maxFailures);
        if (state.lockedUntil) {
          assert.equal(state.remaining, 0);
          assert.ok(state.lockedUntil.getTime() > at(now).getTime());
          assert.ok(state.lockedUntil.getTime() <= at(now + rule.lockMinutes).getTime());
        }
        // With fewer failures than the maximum there is never a lock.
        if (minutes.filter((m) => m <= now).length < rule.maxFailures) assert.equal(state.lockedUntil, null);
      }),
      { numRuns: 500 },
    );
  });
});
