import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DEFAULT_CONTACT_WINDOWS } from "../../domain/guard/contact-window.ts";
import {
  actionStatusOfOutcome, assessCandidate, bucketDueDates, CALL_OUTCOMES, callBucketOf, contactability, expectedRecoveryCents, pickPhone,
  type CandidateFacts, type GuardPolicy,
} from "./call-priority.ts";

const POLICY: GuardPolicy = { windows: DEFAULT_CONTACT_WINDOWS, perDay: 1, perWeek: 3 };
/** Monday 2 June 2025, 10:00 in São Paulo. */
const NOW = "2025-06-02T13:00:00.000Z";
const ME = "user:operador@teste.regua";
const NO_PAUSE = { pausedAt: null, pausedUntil: null };

function facts(patch: Partial<CandidateFacts> = {}): CandidateFacts {
  return {
    debtorId: 1, uf: "SP", timeZone: "America/Sao_Paulo", pause: NO_PAUSE,
    phones: [{ id: 10, value: "+5511987654321", validity: "unknown" }], phoneOptedOut: false,
    // 23 days late on 2025-06-02.
    debts: [{ id: 100, dueDate: "2025-05-10", openCents: 15_000, pause: NO_PAUSE }],
    attemptDays: [], callbackAt: null, claim: null,
    ...patch,
  };
}

const reason = (f: CandidateFacts, now = NOW, policy = POLICY) => {
  const a = assessCandidate(f, policy, now, ME);
  return a.ok ? "ok" : a.reason;
};

describe("call priority", () => {
  it("buckets days overdue at the boundaries", () => {
    const table: [number, string | null][] = [[-3, null], [0, null], [1, "1_30"], [30, "1_30"], [31, "31_90"], [90, "31_90"], [91, "91_180"], [180, "91_180"], [181, "181_360"], [360, "181_360"], [361, "361_plus"], [1825, "361_plus"]];
    for (const [days, bucket] of table) assert.equal(callBucketOf(days), bucket, `${days} dias`);
    assert.deepEqual(bucketDueDates("2025-06-02"), [
      { bucket: "1_30", minDueDate: "2025-05-03", rateBp: 6000 },
      { bucket: "31_90", minDueDate: "2025-03-04", rateBp: 4000 },
      { bucket: "91_180", minDueDate: "2024-12-04", rateBp: 2500 },
      { bucket: "181_360", minDueDate: "2024-06-07", rateBp: 1200 },
      { bucket: "361_plus", minDueDate: null, rateBp: 500 },
    ]);
  });

  it("expects open balance × the bucket's rate, each debt rounded down, nothing before the due date", () => {
    assert.equal(expectedRecoveryCents([{ openCents: 15_000, daysLate: 23 }]), 9_000);
    assert.equal(expectedRecoveryCents([{ openCents: 15_000, daysLate: 23 }, { openCents: 999, daysLate: 400 }, { openCents: 50_000, daysLate: 0 }]), 9_000 + 49);
    assert.equal(expectedRecoveryCents([{ openCents: 1_000_00, daysLate: 120 }]), 25_000);
  });

  it("contactability: a valid phone beats an unchecked one, each attempt this week divides", () => {
    assert.equal(contactability("valid", 0), 1);
    assert.equal(contactability("unknown", 0), 0.7);
    assert.equal(contactability("valid", 1), 0.5);
    assert.equal(contactability("unknown", 2), 0.7 / 3);
  });

  it("a call that reaches the debtor performs the ladder's phone step; one that does not, fails it", () => {
    assert.deepEqual(Object.fromEntries(CALL_OUTCOMES.map((o) => [o, actionStatusOfOutcome(o)])), {
      right_party_contact: "sent", third_party: "failed", wrong_number: "failed", no_answer: "failed", promise: "sent", refusal: "sent", callback: "sent",
    });
  });

  it("dials a valid phone first, then the newest unchecked one, never an invalid one", () => {
    assert.equal(pickPhone([{ id: 1, value: "a", validity: "unknown" }, { id: 2, value: "b", validity: "valid" }, { id: 3, value: "c", validity: "unknown" }])?.id, 2);
    assert.equal(pickPhone([{ id: 1, value: "a", validity: "unknown" }, { id: 3, value: "c", validity: "unknown" }])?.id, 3);
    assert.equal(pickPhone([{ id: 1, value: "a", validity: "invalid" }]), null);
  });

  it("the guard, case by case", () => {
    const cases: [string, CandidateFacts, string, string?][] = [
      ["a plain debtor", facts(), "ok"],
      ["claimed by another collector", facts({ claim: { actor: "user:outra@teste.regua", expiresAt: "2025-06-02T13:10:00.000Z" } }), "claimed"],
      ["claimed by me", facts({ claim: { actor: ME, expiresAt: "2025-06-02T13:10:00.000Z" } }), "ok"],
      ["another's claim expired", facts({ claim: { actor: "user:outra@teste.regua", expiresAt: NOW } }), "ok"],
      ["paused until resumed", facts({ pause: { pausedAt: "2025-05-01T00:00:00.000Z", pausedUntil: null } }), "paused"],
      ["paused through today", facts({ pause: { pausedAt: "2025-05-01T00:00:00.000Z", pausedUntil: "2025-06-02" } }), "paused"],
      ["pause ended yesterday", facts({ pause: { pausedAt: "2025-05-01T00:00:00.000Z", pausedUntil: "2025-06-01" } }), "ok"],
      ["opted out of calls", facts({ phoneOptedOut: true }), "opted_out"],
      ["only a debt due today", facts({ debts: [{ id: 1, dueDate: "2025-06-02", openCents: 100, pause: NO_PAUSE }] }), "no_callable_debt"],
      ["due last Friday", facts({ debts: [{ id: 1, dueDate: "2025-05-30", openCents: 100, pause: NO_PAUSE }] }), "ok"],
      ["due on Sunday: payable without charges until today, Monday", facts({ debts: [{ id: 1, dueDate: "2025-06-01", openCents: 100, pause: NO_PAUSE }] }), "no_callable_debt"],
      ["due on Saturday, a week ago", facts({ debts: [{ id: 1, dueDate: "2025-05-24", openCents: 100, pause: NO_PAUSE }] }), "ok"],
      ["1,825 days overdue", facts({ debts: [{ id: 1, dueDate: "2020-06-03", openCents: 100, pause: NO_PAUSE }] }), "ok"],
      ["1,826 days overdue: no phone collection", facts({ debts: [{ id: 1, dueDate: "2020-06-02", openCents: 100, pause: NO_PAUSE }] }), "no_callable_debt"],
      ["its only debt paused", facts({ debts: [{ id: 1, dueDate: "2025-05-10", openCents: 100, pause: { pausedAt: "2025-05-20T00:00:00.000Z", pausedUntil: null } }] }), "no_callable_debt"],
      ["no phone", facts({ phones: [] }), "no_phone"],
      ["only an invalid phone", facts({ phones: [{ id: 1, value: "x", validity: "invalid" }] }), "no_phone"],
      ["07:59 in Manaus", facts({ uf: "AM", timeZone: "America/Manaus" }), "outside_window", "2025-06-02T11:59:00.000Z"],
      ["08:00 in Manaus", facts({ uf: "AM", timeZone: "America/Manaus" }), "ok", "2025-06-02T12:00:00.000Z"],
      ["19:59 in São Paulo", facts(), "ok", "2025-06-02T22:59:00.000Z"],
      ["20:00 in São Paulo", facts(), "outside_window", "2025-06-02T23:00:00.000Z"],
      ["a Sunday", facts(), "outside_window", "2025-06-01T13:00:00.000Z"],
      ["Saturday 13:59", facts(), "ok", "2025-06-07T16:59:00.000Z"],
      ["Saturday 14:00", facts(), "outside_window", "2025-06-07T17:00:00.000Z"],
      ["Tiradentes (21 April), a national holiday", facts({ debts: [{ id: 1, dueDate: "2025-03-01", openCents: 100, pause: NO_PAUSE }] }), "outside_window", "2025-04-21T13:00:00.000Z"],
      ["the day after Tiradentes", facts({ debts: [{ id: 1, dueDate: "2025-03-01", openCents: 100, pause: NO_PAUSE }] }), "ok", "2025-04-22T13:00:00.000Z"],
      ["a callback later today", facts({ callbackAt: "2025-06-02T18:00:00.000Z" }), "callback_scheduled"],
      ["called today", facts({ attemptDays: ["2025-06-02"] }), "called_today"],
      ["a callback due, though called today", facts({ attemptDays: ["2025-06-02"], callbackAt: "2025-06-02T12:30:00.000Z" }), "ok"],
      ["three calls in the rolling week", facts({ attemptDays: ["2025-05-27", "2025-05-29", "2025-05-30"] }), "weekly_cap"],
      ["three calls, the first eight days ago", facts({ attemptDays: ["2025-05-26", "2025-05-29", "2025-05-30"] }), "ok"],
      ["a callback due, over the weekly cap", facts({ attemptDays: ["2025-05-27", "2025-05-29", "2025-05-30"], callbackAt: NOW }), "ok"],
    ];
    for (const [name, f, expected, now] of cases) assert.equal(reason(f, now ?? NOW), expected, name);
    assert.equal(reason(facts({ attemptDays: ["2025-05-27", "2025-05-29", "2025-05-30"] }), NOW, { ...POLICY, perWeek: null }), "ok", "no weekly cap");
    assert.equal(reason(facts(), NOW, { ...POLICY, perDay: 0 }), "called_today", "a policy without phone calls");
  });

  it("presents the callable debts oldest first with the score", () => {
    const a = assessCandidate(facts({
      phones: [{ id: 10, value: "+5511987654321", validity: "valid" }],
      debts: [
        { id: 3, dueDate: "2025-05-20", openCents: 10_000, pause: NO_PAUSE },
        { id: 2, dueDate: "2025-01-10", openCents: 20_000, pause: NO_PAUSE },
        { id: 1, dueDate: "2025-07-01", openCents: 99_000, pause: NO_PAUSE },
      ],
      attemptDays: ["2025-05-30"],
    }), POLICY, NOW, ME);
    assert.ok(a.ok);
    // 10.000 × 60 % + 20.000 × 25 % (143 days) = 6.000 + 5.000; the debt not yet due is not the call's.
    assert.deepEqual([a.debtIds, a.expectedRecoveryCents, a.contactability, a.score, a.attemptsToday, a.attemptsThisWeek, a.callbackDue, a.today], [[2, 3], 11_000, 0.5, 5_500, 0, 1, false, "2025-06-02"]);
  });

  it("a score never exceeds the expected recovery, which never exceeds 60 % of the balance", () => {
    const debt = fc.record({ id: fc.integer({ min: 1, max: 1e6 }), dueDate: fc.integer({ min: 0, max: 2500 }).map((d) => new Date(Date.UTC(2025, 5, 2) - d * 86_400_000).toISOString().slice(0, 10)), openCents: fc.integer({ min: 0, max: 1e10 }), pause: fc.constant(NO_PAUSE) });
    fc.assert(
      fc.property(fc.array(debt, { minLength: 1, maxLength: 8 }), fc.constantFrom("valid", "unknown"), fc.array(fc.constantFrom("2025-05-28", "2025-05-30", "2025-06-01"), { maxLength: 2 }), (debts, validity, attemptDays) => {
        const a = assessCandidate(facts({ debts, phones: [{ id: 1, value: "x", validity }], attemptDays }), POLICY, NOW, ME);
        if (!a.ok) return a.reason === "no_callable_debt";
        const open = debts.filter((d) => a.debtIds.includes(d.id)).reduce((s, d) => s + d.openCents, 0);
        return a.score <= a.expectedRecoveryCents && a.expectedRecoveryCents <= Math.floor(open * 0.6) && a.score >= 0;
      }),
    );
  });
});
