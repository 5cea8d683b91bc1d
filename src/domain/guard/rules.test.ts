import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../../shared/app-error.ts";
import { addDays } from "../br/dates.ts";
import {
  capReached, capsFor, creditBureauDeadline, DEFAULT_FREQUENCY_CAPS, firstReason, hasPriorNotice, isPausedOn, isTooOldForCreditBureau, isTooOldForPhone,
  rollingWeekStart, SKIP_REASONS, validateFrequencyCaps, type ContactCounts,
} from "./rules.ts";

describe("skip reasons", () => {
  it("are in the contract's precedence order", () => {
    assert.deepEqual([...SKIP_REASONS], [
      "disputed", "paused", "exempt", "in_agreement", "condition_not_met", "below_exit_point", "too_old_for_phone", "too_old_for_credit_bureau",
      "opted_out", "missing_prior_notice", "no_valid_contact", "frequency_cap",
    ]);
  });
  it("firstReason picks the earliest in that order", () => {
    assert.equal(firstReason([]), null);
    assert.equal(firstReason(["frequency_cap", "opted_out", "paused"]), "paused");
    assert.equal(firstReason(new Set(["no_valid_contact", "missing_prior_notice"] as const)), "missing_prior_notice");
    assert.equal(firstReason(["frequency_cap", "disputed"]), "disputed");
    for (let i = 0; i < SKIP_REASONS.length; i++) assert.equal(firstReason([...SKIP_REASONS].reverse().slice(0, SKIP_REASONS.length - i)), SKIP_REASONS[i]);
  });
});

describe("age limits", () => {
  it("phone: day 1,825 overdue may be called, day 1,826 not", () => {
    const due = "2020-01-10";
    const table: [number, boolean][] = [[-3, false], [0, false], [1824, false], [1825, false], [1826, true], [4000, true]];
    for (const [days, expected] of table) assert.equal(isTooOldForPhone(due, addDays(due, days)), expected, String(days));
    assert.equal(addDays(due, 1826), "2025-01-09", "day 1,826 comes before the fifth anniversary (two leap days in between)");
    assert.equal(isTooOldForCreditBureau(due, "2025-01-09"), false);
  });
  it("credit bureau: five calendar years, the anniversary still allowed", () => {
    const table: [string, string, boolean][] = [
      ["2020-03-10", "2025-03-10", false],
      ["2020-03-10", "2025-03-11", true],
      ["2019-06-15", "2024-06-15", false],
      ["2019-06-15", "2024-06-16", true],
      // 29 February: the term ends on 1 March (Código Civil art. 132 §3)
      ["2020-02-29", "2025-03-01", false],
      ["2020-02-29", "2025-03-02", true],
      ["2024-02-29", "2029-03-01", false],
      ["2024-12-31", "2029-12-31", false],
      ["2024-12-31", "2030-01-01", true],
    ];
    for (const [due, day, expected] of table) assert.equal(isTooOldForCreditBureau(due, day), expected, `${due} ${day}`);
    assert.equal(creditBureauDeadline("2020-02-29"), "2025-03-01");
    assert.equal(creditBureauDeadline("2028-02-29"), "2033-03-01");
    assert.equal(creditBureauDeadline("2023-02-28"), "2028-02-28");
  });
  it("the phone limit falls one or two days before the bureau limit", () => {
    // 2021-03-10 + 5 years spans one leap day (2024): 1,826 days; day 1,826 is the anniversary itself.
    assert.equal(isTooOldForPhone("2021-03-10", "2026-03-09"), false);
    assert.equal(isTooOldForPhone("2021-03-10", "2026-03-10"), true);
    assert.equal(isTooOldForCreditBureau("2021-03-10", "2026-03-10"), false);
    assert.equal(isTooOldForCreditBureau("2021-03-10", "2026-03-11"), true);
    // 2019-06-15 + 5 years spans two leap days: 1,827 days; the phone stops on day 1,826 (14/06/2024).
    assert.equal(isTooOldForPhone("2019-06-15", "2024-06-13"), false);
    assert.equal(isTooOldForPhone("2019-06-15", "2024-06-14"), true);
    assert.equal(isTooOldForCreditBureau("2019-06-15", "2024-06-14"), false);
    assert.equal(isTooOldForPhone("2019-06-15", "2024-06-15"), true);
    assert.equal(isTooOldForCreditBureau("2019-06-15", "2024-06-15"), false);
  });
  it("refuses malformed dates", () => {
    assert.throws(() => isTooOldForPhone("10/01/2020", "2025-01-01"), (e: unknown) => e instanceof AppError && e.message === "vencimento: data inválida (esperado AAAA-MM-DD): 10/01/2020");
    assert.throws(() => isTooOldForCreditBureau("2020-01-10", "2025-02-30"), /dia: data inválida/);
  });
});

describe("prior notice", () => {
  it("needs a notice at least 10 days (or minDays) before", () => {
    assert.equal(hasPriorNotice([], "2025-06-02"), false);
    assert.equal(hasPriorNotice(["2025-05-23"], "2025-06-02"), true, "exactly 10 days");
    assert.equal(hasPriorNotice(["2025-05-24"], "2025-06-02"), false, "9 days");
    assert.equal(hasPriorNotice(["2025-06-02", "2025-05-01"], "2025-06-02"), true);
    assert.equal(hasPriorNotice(["2025-06-10"], "2025-06-02"), false, "a notice in the future does not count");
    assert.equal(hasPriorNotice(["2025-05-23"], "2025-06-02", 15), false);
    assert.equal(hasPriorNotice(["2025-05-18"], "2025-06-02", 15), true);
  });
});

describe("pauses", () => {
  it("a pause holds until resumed, or through its last day", () => {
    assert.equal(isPausedOn({ pausedAt: null, pausedUntil: null }, "2025-06-02"), false);
    assert.equal(isPausedOn({ pausedAt: "2025-06-01T10:00:00.000Z", pausedUntil: null }, "2030-01-01"), true);
    assert.equal(isPausedOn({ pausedAt: "2025-06-01T10:00:00.000Z", pausedUntil: "2025-06-10" }, "2025-06-10"), true);
    assert.equal(isPausedOn({ pausedAt: "2025-06-01T10:00:00.000Z", pausedUntil: "2025-06-10" }, "2025-06-11"), false);
  });
});

describe("frequency caps", () => {
  const none: ContactCounts = { channelToday: 0, channelWeek: 0, totalToday: 0, totalWeek: 0 };
  it("defaults: one per channel per day, three phone attempts in any 7 days, no total cap", () => {
    assert.deepEqual(capsFor(DEFAULT_FREQUENCY_CAPS, "email"), { perDay: 1, perWeek: null, totalPerDay: null, totalPerWeek: null });
    assert.deepEqual(capsFor(DEFAULT_FREQUENCY_CAPS, "phone"), { perDay: 1, perWeek: 3, totalPerDay: null, totalPerWeek: null });
    assert.equal(capReached(DEFAULT_FREQUENCY_CAPS, "email", none), null);
    assert.deepEqual(capReached(DEFAULT_FREQUENCY_CAPS, "email", { ...none, channelToday: 1 }), { cap: "per_day", limit: 1, count: 1 });
    assert.equal(capReached(DEFAULT_FREQUENCY_CAPS, "email", { ...none, channelWeek: 6, totalToday: 4, totalWeek: 30 }), null);
    assert.equal(capReached(DEFAULT_FREQUENCY_CAPS, "phone", { ...none, channelWeek: 2 }), null);
    assert.deepEqual(capReached(DEFAULT_FREQUENCY_CAPS, "phone", { ...none, channelWeek: 3 }), { cap: "per_week", limit: 3, count: 3 });
    assert.deepEqual(capReached(DEFAULT_FREQUENCY_CAPS, "phone", { ...none, channelToday: 1, channelWeek: 3 }), { cap: "per_day", limit: 1, count: 1 }, "the day cap is reported first");
  });
  it("totals and per-channel overrides", () => {
    const caps = validateFrequencyCaps({ perDay: { default: 2, sms: 1 }, perWeek: { default: null, phone: 3, sms: 0 }, totalPerDay: 3, totalPerWeek: 10 });
    assert.equal(capReached(caps, "email", { ...none, channelToday: 1 }), null);
    assert.deepEqual(capReached(caps, "sms", none), { cap: "per_week", limit: 0, count: 0 }, "0 disables the channel");
    assert.deepEqual(capReached(caps, "email", { ...none, totalToday: 3 }), { cap: "total_per_day", limit: 3, count: 3 });
    assert.deepEqual(capReached(caps, "whatsapp", { ...none, totalWeek: 10 }), { cap: "total_per_week", limit: 10, count: 10 });
  });
  it("the week is rolling: the day and the six before it", () => {
    assert.equal(rollingWeekStart("2025-06-08"), "2025-06-02");
    assert.equal(rollingWeekStart("2025-03-03"), "2025-02-25");
  });
  it("validates caps given as data, naming the field", () => {
    assert.deepEqual(validateFrequencyCaps(structuredClone(DEFAULT_FREQUENCY_CAPS)), DEFAULT_FREQUENCY_CAPS);
    const expectError = (value: unknown, field: string, fragment: string) =>
      assert.throws(() => validateFrequencyCaps(value), (e: unknown) => e instanceof AppError && e.code === "validation" && e.errors[0]?.field === field && e.message.includes(fragment), field);
    expectError({ perDay: { default: 1 }, perWeek: { default: null }, totalPerDay: null }, "caps.totalPerWeek", "obrigatório");
    expectError({ perDay: { default: 1.5 }, perWeek: { default: null }, totalPerDay: null, totalPerWeek: null }, "caps.perDay.default", "use um número inteiro de 0 a 1000");
    expectError({ perDay: { sms: 1 }, perWeek: { default: null }, totalPerDay: null, totalPerWeek: null }, "caps.perDay.default", "obrigatório");
    expectError({ perDay: { default: 1, fax: 1 }, perWeek: { default: null }, totalPerDay: null, totalPerWeek: null }, "caps.perDay.fax", "canal desconhecido");
    expectError({ perDay: { default: 1 }, perWeek: { default: null }, totalPerDay: -1, totalPerWeek: null }, "caps.totalPerDay", "recebido -1");
    expectError({ perDay: { default: 1 }, perWeek: { default: null }, totalPerDay: null, totalPerWeek: null, perMonth: 3 }, "caps", "campo desconhecido: perMonth");
  });
});
