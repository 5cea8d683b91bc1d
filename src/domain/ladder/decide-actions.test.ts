import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DEFAULT_CHANNEL_WINDOWS } from "../guard/contact-window.ts";
import { DEFAULT_FREQUENCY_CAPS } from "../guard/rules.ts";
import {
  SKIP_REASONS, decideActions, idempotencyKeyOf, resolveLadder,
  type DebtFacts, type DebtorDecision, type DebtorFacts, type DecideContext, type HistoryFacts, type StoredLadder,
} from "./decide-actions.ts";
import { debtorZone } from "./debtor-zone.ts";
import type { Ladder } from "./ladder-document.ts";

const VAREJO: Ladder = {
  id: "varejo",
  name: "Varejo padrão",
  exemptTags: ["vip"],
  priorNoticeDays: 10,
  steps: [
    { id: "d-3", offsetDays: -3, stage: "friendly", channel: "email", template: "lembrete" },
    { id: "d+1", offsetDays: 1, stage: "friendly", channel: "email" },
    { id: "d+5", offsetDays: 5, stage: "firm", channel: "sms" },
    { id: "d+10", offsetDays: 10, stage: "firm", channel: "email" },
    { id: "d+25", offsetDays: 25, stage: "firm", channel: "phone" },
    { id: "d+30", offsetDays: 30, stage: "formal", channel: "letter", priorNotice: true },
    { id: "d+45", offsetDays: 45, stage: "extrajudicial", channel: "credit_bureau" },
  ],
};

const stored = (ladder: Ladder, position = 0, version = 1): StoredLadder => ({ ladder, version, position });

function ctxAt(at: string, ladders: StoredLadder[] = [stored(VAREJO)]): DecideContext {
  return { at, ladders, windows: DEFAULT_CHANNEL_WINDOWS, caps: DEFAULT_FREQUENCY_CAPS };
}

let nextDebtId = 100;
function debt(dueDate: string, extra: Partial<DebtFacts> = {}): DebtFacts {
  const id = extra.id ?? nextDebtId++;
  return { id, externalId: `T${id}`, openCents: 15_000, dueDate, status: "open", pause: { pausedAt: null, pausedUntil: null }, ladderId: null, ...extra };
}

function debtor(debts: DebtFacts[], extra: Partial<DebtorFacts> & { state?: string; city?: string } = {}): DebtorFacts {
  const { state = "SP", city = null, ...rest } = extra;
  const zone = debtorZone(state, city, null);
  return {
    id: 7,
    document: "52998224725",
    uf: zone.uf,
    timeZone: zone.timeZone,
    segment: null,
    tags: [],
    riskBand: null,
    pause: { pausedAt: null, pausedUntil: null },
    ladderId: null,
    contacts: [
      { id: 1, kind: "email", validity: "unknown" },
      { id: 2, kind: "phone", validity: "unknown" },
      { id: 3, kind: "address", validity: "unknown" },
    ],
    hasAddress: true,
    optOuts: new Set(),
    debts,
    history: [],
    otherContacts: [],
    ...rest,
  };
}

/** An action of this creditor covering `debtId` at `stepId`. */
function history(debtId: number, stepId: string, channel: string, sendAt: string, extra: Partial<HistoryFacts> = {}): HistoryFacts {
  return {
    actionId: extra.actionId ?? 900 + debtId, debtId, ladderId: "varejo", stepId, priorNotice: stepId === "d+30", actionStepId: stepId, channel, status: "sent",
    localDay: sendAt.slice(0, 10), sendAt, cancelReason: null, ...extra,
  };
}

/** The run's entries for one decision, as the JSON contract shows them. */
function entries(d: DebtorDecision) {
  return {
    planned: d.planned.map((p) => ({ ids: p.debts.map((x) => x.externalId), stepId: p.stepId, channel: p.channel, sendAt: p.sendAt, status: p.status })),
    skipped: d.skipped.map((s) => ({ ids: s.debts.map((x) => x.externalId), stepId: s.stepId, channel: s.channel, reason: s.reason })),
  };
}

// 2025-06-02 is a Monday; 10:00 in São Paulo.
const MONDAY_10_SP = "2025-06-02T13:00:00Z";

describe("decideActions: which step", () => {
  it("catch-up: a debt first seen 40 days late gets the 30-day step; the older ones are superseded, recorded once", () => {
    const d = debt("2025-04-23", { id: 1 });
    const decision = decideActions(debtor([d]), ctxAt(MONDAY_10_SP));
    assert.deepEqual(entries(decision), { planned: [{ ids: ["T1"], stepId: "d+30", channel: "letter", sendAt: "2025-06-02T13:00:00.000Z", status: "planned" }], skipped: [] });
    assert.deepEqual(decision.planned[0]!.debts[0]!.superseded, ["d-3", "d+1", "d+5", "d+10", "d+25"]);
    assert.equal(decision.planned[0]!.idempotencyKey, "2025-06-02:000000000007:letter:varejo/d+30");
    assert.equal(decision.planned[0]!.contactId, 3);
  });

  it("catch-up after days without a run: the latest arrived step only, the skipped day's step is superseded", () => {
    // d+1 was sent on 2025-05-29; no run on the d+5 day (06-02) nor after; on 06-07 the d+10 step is due.
    const d = debt("2025-05-28", { id: 1 });
    const facts = debtor([d], { history: [history(1, "d+1", "email", "2025-05-29T11:00:00.000Z")] });
    const decision = decideActions(facts, ctxAt("2025-06-09T13:00:00Z"));
    assert.deepEqual(entries(decision).planned, [{ ids: ["T1"], stepId: "d+10", channel: "email", sendAt: "2025-06-09T13:00:00.000Z", status: "planned" }]);
    assert.deepEqual(decision.planned[0]!.debts[0]!.superseded, ["d+5"], "only what lies between the last performed step and today's");
  });

  it("a performed latest step means nothing to do; a future step waits for its day", () => {
    const d = debt("2025-05-28", { id: 1 });
    const facts = debtor([d], { history: [history(1, "d+5", "sms", "2025-06-02T13:00:00.000Z")] });
    assert.deepEqual(entries(decideActions(facts, ctxAt("2025-06-04T13:00:00Z"))), { planned: [], skipped: [] });
    assert.deepEqual(entries(decideActions(debtor([debt("2025-06-20")]), ctxAt(MONDAY_10_SP))), { planned: [], skipped: [] }, "d-3 falls on 06-17");
  });

  it("a cancelled action does not count as performed: the step is owed again", () => {
    const d = debt("2025-05-28", { id: 1 });
    const facts = debtor([d], { history: [history(1, "d+5", "sms", "2025-06-02T13:00:00.000Z", { status: "cancelled", localDay: "2025-06-02", cancelReason: "paused" })] });
    assert.deepEqual(entries(decideActions(facts, ctxAt("2025-06-03T13:00:00Z"))).planned.map((p) => p.stepId), ["d+5"]);
  });

  it("a step cancelled today (pause, then resume) is planned again under a new key", () => {
    const d = debt("2025-05-28", { id: 1 });
    const cancelled = history(1, "d+5", "sms", "2025-06-02T13:00:00.000Z", { status: "cancelled", localDay: "2025-06-02", actionId: 70 });
    const decision = decideActions(debtor([d], { history: [cancelled] }), ctxAt("2025-06-02T18:00:00Z"));
    assert.equal(decision.planned[0]!.idempotencyKey, "2025-06-02:000000000007:sms:varejo/d+5#2");
    const twice = decideActions(debtor([d], { history: [cancelled, { ...cancelled, actionId: 71 }] }), ctxAt("2025-06-02T18:00:00Z"));
    assert.equal(twice.planned[0]!.idempotencyKey, "2025-06-02:000000000007:sms:varejo/d+5#3");
  });

  it("a rejected formal step is closed for good (not planned again)", () => {
    const d = debt("2025-04-01", { id: 1 });
    const facts = debtor([d], {
      history: [history(1, "d+30", "letter", "2025-05-01T13:00:00.000Z"), history(1, "d+45", "credit_bureau", "2025-05-16T13:00:00.000Z", { status: "rejected", actionId: 950 })],
    });
    assert.deepEqual(entries(decideActions(facts, ctxAt(MONDAY_10_SP))), { planned: [], skipped: [] });
  });
});

describe("decideActions: grouping", () => {
  it("one message per debtor per channel: the most advanced step's template, every debt listed by due date", () => {
    const a = debt("2025-05-28", { id: 1, externalId: "B-2" }); // d+5 sms
    const b = debt("2025-05-23", { id: 2, externalId: "A-1" }); // d+10 email
    const c = debt("2025-06-01", { id: 3, externalId: "C-3" }); // d+1 email
    const e = debt("2025-06-05", { id: 4, externalId: "D-4" }); // d-3 email
    const decision = decideActions(debtor([a, b, c, e]), ctxAt(MONDAY_10_SP));
    assert.deepEqual(entries(decision).planned, [
      { ids: ["A-1", "C-3", "D-4"], stepId: "d+10", channel: "email", sendAt: "2025-06-02T13:00:00.000Z", status: "planned" },
      { ids: ["B-2"], stepId: "d+5", channel: "sms", sendAt: "2025-06-02T13:00:00.000Z", status: "planned" },
    ]);
    const email = decision.planned[0]!;
    assert.deepEqual(email.debts.map((x) => x.stepId), ["d+10", "d+1", "d-3"], "each debt keeps its own step in the history");
  });

  it("skipped debts are grouped per channel and reason, with the most advanced step", () => {
    const a = debt("2025-05-23", { id: 1, status: "disputed" });
    const b = debt("2025-06-01", { id: 2, status: "disputed" });
    const c = debt("2025-06-01", { id: 3, status: "in_agreement" });
    assert.deepEqual(entries(decideActions(debtor([a, b, c]), ctxAt(MONDAY_10_SP))).skipped, [
      { ids: ["T1", "T2"], stepId: "d+10", channel: "email", reason: "disputed" },
      { ids: ["T3"], stepId: "d+1", channel: "email", reason: "in_agreement" },
    ]);
  });

  it("steps on the same day on different channels act together", () => {
    const ladder: Ladder = { id: "l", name: "L", priorNoticeDays: 10, steps: [{ id: "e", offsetDays: 30, stage: "firm", channel: "email" }, { id: "s", offsetDays: 30, stage: "firm", channel: "sms" }] };
    const decision = decideActions(debtor([debt("2025-05-01", { id: 1 })]), ctxAt(MONDAY_10_SP, [stored(ladder)]));
    assert.deepEqual(entries(decision).planned.map((p) => `${p.channel}:${p.stepId}`), ["email:e", "sms:s"]);
  });
});

describe("decideActions: the guard, one reason code at a time", () => {
  const due = "2025-04-01"; // d+45 (credit bureau) on 2025-05-16; latest step on 06-02
  const cb = (extra: Partial<DebtorFacts> = {}, debtExtra: Partial<DebtFacts> = {}) => {
    const d = debt(due, { id: 1, ...debtExtra });
    return debtor([d], { history: [history(1, "d+30", "letter", "2025-05-01T13:00:00.000Z")], ...extra });
  };
  const reasonOf = (facts: DebtorFacts, at = MONDAY_10_SP, ladders?: StoredLadder[]) => {
    const d = decideActions(facts, ctxAt(at, ladders));
    return d.skipped.map((s) => s.reason).join(",") || (d.planned.length ? "planned" : "nothing");
  };

  it("a credit-bureau step with a prior notice ≥ 10 days earlier is planned and awaits approval", () => {
    const d = decideActions(cb(), ctxAt(MONDAY_10_SP));
    assert.deepEqual(entries(d).planned, [{ ids: ["T1"], stepId: "d+45", channel: "credit_bureau", sendAt: "2025-06-02T13:00:00.000Z", status: "awaiting_approval" }]);
    assert.equal(d.planned[0]!.contactId, null);
  });

  const table: [string, () => DebtorFacts, string?, StoredLadder[]?][] = [
    ["disputed", () => cb({}, { status: "disputed" })],
    ["paused", () => cb({}, { pause: { pausedAt: "2025-05-20T12:00:00Z", pausedUntil: null } })],
    ["paused", () => cb({ pause: { pausedAt: "2025-05-20T12:00:00Z", pausedUntil: null } })],
    ["exempt", () => cb({ tags: ["vip"] })],
    ["in_agreement", () => cb({}, { status: "in_agreement" })],
    ["condition_not_met", () => debtor([debt("2025-05-28", { id: 1, openCents: 9_999 })]), MONDAY_10_SP, [stored({ ...VAREJO, steps: VAREJO.steps.map((s) => (s.id === "d+5" ? { ...s, conditions: { minOpenCents: 10_000 } } : s)) })]],
    ["too_old_for_phone", () => debtor([debt("2020-05-08", { id: 1 })]), MONDAY_10_SP, [stored({ id: "p", name: "P", priorNoticeDays: 10, steps: [{ id: "call", offsetDays: 1826, stage: "firm", channel: "phone" }] })]],
    ["too_old_for_credit_bureau", () => cb({}, { dueDate: "2020-05-31" }), MONDAY_10_SP],
    ["opted_out", () => debtor([debt("2025-05-28", { id: 1 })], { optOuts: new Set(["sms"]) })],
    ["missing_prior_notice", () => debtor([debt(due, { id: 1 })])],
    ["no_valid_contact", () => debtor([debt("2025-05-28", { id: 1 })], { contacts: [{ id: 2, kind: "phone", validity: "invalid" }] })],
    ["frequency_cap", () => debtor([debt("2025-05-28", { id: 1 })], { otherContacts: [{ channel: "sms", sendAt: "2025-06-02T12:00:00.000Z" }] })],
  ];
  for (const [reason, facts, at, ladders] of table) {
    it(`${reason}`, () => assert.equal(reasonOf(facts(), at, ladders), reason));
  }

  it("phone: day 1,825 may still be called, day 1,826 not", () => {
    const ladder = [stored({ id: "p", name: "P", priorNoticeDays: 10, steps: [{ id: "call", offsetDays: 1, stage: "firm", channel: "phone" }] })];
    // due 2020-06-03: 2025-06-02 is day 1,825.
    assert.equal(reasonOf(debtor([debt("2020-06-03", { id: 1 })]), MONDAY_10_SP, ladder), "planned");
    assert.equal(reasonOf(debtor([debt("2020-06-02", { id: 1 })]), MONDAY_10_SP, ladder), "too_old_for_phone");
  });

  it("credit bureau: the due date's fifth anniversary may still be listed, the day after not", () => {
    assert.equal(reasonOf(cb({}, { dueDate: "2020-06-02" })), "planned");
    assert.equal(reasonOf(cb({}, { dueDate: "2020-06-01" })), "too_old_for_credit_bureau");
  });

  it("prior notice: performed 9 days before is not enough, 10 days is", () => {
    const notice = (sendAt: string) => debtor([debt(due, { id: 1 })], { history: [history(1, "d+30", "letter", sendAt)] });
    assert.equal(reasonOf(notice("2025-05-24T13:00:00.000Z")), "missing_prior_notice");
    assert.equal(reasonOf(notice("2025-05-23T13:00:00.000Z")), "planned");
    const cancelled = debtor([debt(due, { id: 1 })], { history: [history(1, "d+30", "letter", "2025-05-01T13:00:00.000Z", { status: "cancelled" })] });
    // A cancelled notice is no notice; the listing step (the latest arrived) waits, and explain says why.
    assert.equal(reasonOf(cancelled), "missing_prior_notice");
  });

  it("an invalid contact is never used: the valid one is, and an unverified one before none", () => {
    const facts = debtor([debt("2025-06-01", { id: 1 })], { contacts: [{ id: 1, kind: "email", validity: "invalid" }, { id: 5, kind: "email", validity: "unknown" }, { id: 9, kind: "email", validity: "valid" }] });
    assert.equal(decideActions(facts, ctxAt(MONDAY_10_SP)).planned[0]!.contactId, 9);
  });

  it("a letter may go to the debtor's postal address without an address contact", () => {
    const facts = debtor([debt("2025-05-01", { id: 1 })], { contacts: [], hasAddress: true });
    assert.equal(reasonOf(facts, MONDAY_10_SP), "planned");
    assert.equal(reasonOf({ ...facts, hasAddress: false }, MONDAY_10_SP), "no_valid_contact");
  });

  it("opt-out of all message channels, and a pause with an end day", () => {
    assert.equal(reasonOf(debtor([debt("2025-05-28", { id: 1 })], { optOuts: new Set(["all"]) })), "opted_out");
    const ended = debtor([debt("2025-05-28", { id: 1 })], { pause: { pausedAt: "2025-05-20T12:00:00Z", pausedUntil: "2025-06-01" } });
    assert.equal(reasonOf(ended), "planned", "the pause's last day has passed");
  });

  it("frequency caps count the person's contacts on the send day and the rolling week, across debts", () => {
    const phoneLadder = [stored({ id: "p", name: "P", priorNoticeDays: 10, steps: [{ id: "call", offsetDays: 2, stage: "firm", channel: "phone" }] })];
    const calls = (days: string[]) => days.map((d, i) => history(50 + i, "x", "phone", `${d}T13:00:00.000Z`, { actionId: 800 + i, ladderId: "other" }));
    const facts = (days: string[]) => debtor([debt("2025-05-31", { id: 1 })], { history: calls(days) });
    assert.equal(reasonOf(facts(["2025-05-27", "2025-05-28"]), MONDAY_10_SP, phoneLadder), "planned");
    assert.equal(reasonOf(facts(["2025-05-27", "2025-05-28", "2025-05-29"]), MONDAY_10_SP, phoneLadder), "frequency_cap", "3 calls in the 7 days ending on the send day");
    assert.equal(reasonOf(facts(["2025-05-26", "2025-05-28", "2025-05-29"]), MONDAY_10_SP, phoneLadder), "planned", "05-26 is outside the rolling week 05-27…06-02");
  });

  it("precedence: when every rule fails, the first of SKIP_REASONS is reported; removing it reveals the next", () => {
    // A debt that trips disputed, paused, exempt, condition_not_met, too_old_for_phone, opted_out and no_valid_contact at once.
    const ladder = [stored({ id: "p", name: "P", priorNoticeDays: 10, exemptTags: ["vip"], steps: [{ id: "call", offsetDays: 1, stage: "firm", channel: "phone", conditions: { minOpenCents: 1_000_000 } }] })];
    const base = {
      d: { id: 1, status: "disputed" as const, pause: { pausedAt: "2025-01-01T00:00:00Z", pausedUntil: null } },
      r: { tags: ["vip"], optOuts: new Set(["phone"]), contacts: [], otherContacts: ["2025-05-30", "2025-05-31", "2025-06-01"].map((d) => ({ channel: "phone", sendAt: `${d}T13:00:00.000Z` })) },
    };
    const order: string[] = [];
    let dExtra: Partial<DebtFacts> = { ...base.d };
    let rExtra: Partial<DebtorFacts> = { ...base.r };
    for (let i = 0; i < 12; i++) {
      const reason = reasonOf(debtor([debt("2020-01-01", dExtra)], rExtra), MONDAY_10_SP, ladder);
      order.push(reason);
      if (reason === "disputed") dExtra = { ...dExtra, status: "open" };
      else if (reason === "paused") dExtra = { ...dExtra, pause: { pausedAt: null, pausedUntil: null } };
      else if (reason === "exempt") rExtra = { ...rExtra, tags: [] };
      else if (reason === "condition_not_met") dExtra = { ...dExtra, openCents: 2_000_000 };
      else if (reason === "too_old_for_phone") dExtra = { ...dExtra, dueDate: "2025-05-01" };
      else if (reason === "opted_out") rExtra = { ...rExtra, optOuts: new Set() };
      else if (reason === "no_valid_contact") rExtra = { ...rExtra, contacts: [{ id: 2, kind: "phone", validity: "unknown" }] };
      else if (reason === "frequency_cap") rExtra = { ...rExtra, otherContacts: [] };
      else break;
    }
    assert.deepEqual(order, ["disputed", "paused", "exempt", "condition_not_met", "too_old_for_phone", "opted_out", "no_valid_contact", "frequency_cap", "planned"]);
    // The credit-bureau rules, on a listing step.
    const cbOrder: string[] = [];
    let d2: Partial<DebtFacts> = { id: 1, status: "in_agreement", dueDate: "2020-01-01" };
    let r2: Partial<DebtorFacts> = { tags: ["vip"], otherContacts: [{ channel: "credit_bureau", sendAt: "2025-06-02T12:00:00.000Z" }] };
    for (let i = 0; i < 10; i++) {
      const reason = reasonOf(debtor([debt(d2.dueDate!, d2)], r2));
      cbOrder.push(reason);
      if (reason === "exempt") r2 = { ...r2, tags: [] };
      else if (reason === "in_agreement") d2 = { ...d2, status: "open" };
      else if (reason === "too_old_for_credit_bureau") d2 = { ...d2, dueDate: "2025-04-01" };
      else if (reason === "missing_prior_notice") r2 = { ...r2, history: [history(1, "d+30", "letter", "2025-05-01T13:00:00.000Z")] };
      else if (reason === "frequency_cap") r2 = { ...r2, otherContacts: [] };
      else break;
    }
    assert.deepEqual(cbOrder, ["exempt", "in_agreement", "too_old_for_credit_bureau", "missing_prior_notice", "frequency_cap", "planned"]);
    assert.deepEqual(SKIP_REASONS, ["disputed", "paused", "exempt", "in_agreement", "condition_not_met", "below_exit_point", "too_old_for_phone", "too_old_for_credit_bureau", "opted_out", "missing_prior_notice", "no_valid_contact", "frequency_cap"]);
  });
});

describe("decideActions: when (time zones, Sunday, Saturday afternoon, holidays)", () => {
  const at = (iso: string, state: string, city?: string) => decideActions(debtor([debt("2025-05-28", { id: 1 })], { state, city }), ctxAt(iso));

  const cases: [string, string, string | undefined, string | null, string][] = [
    // [at, UF, city, sendAt (null = nothing), what]
    ["2025-06-02T13:00:00Z", "SP", undefined, "2025-06-02T13:00:00.000Z", "Monday 10:00 in São Paulo: now"],
    ["2025-06-02T10:59:00Z", "SP", undefined, "2025-06-02T11:00:00.000Z", "Monday 07:59 in São Paulo: 08:00"],
    ["2025-06-02T11:59:00Z", "AM", undefined, "2025-06-02T12:00:00.000Z", "Monday 07:59 in Manaus (UTC−4): 08:00 local"],
    ["2025-06-02T12:30:00Z", "AC", undefined, "2025-06-02T13:00:00.000Z", "Monday 07:30 in Rio Branco (UTC−5): 08:00 local"],
    ["2025-06-02T09:30:00Z", "PE", "Fernando de Noronha", "2025-06-02T10:00:00.000Z", "Monday 07:30 in Noronha (UTC−2): 08:00 local"],
    ["2025-06-02T09:30:00Z", "PE", "Recife", "2025-06-02T11:00:00.000Z", "Monday 06:30 in Recife (UTC−3): 08:00 local"],
    ["2025-06-02T23:30:00Z", "SP", undefined, "2025-06-03T11:00:00.000Z", "Monday 20:30 in São Paulo: Tuesday 08:00"],
  ];
  for (const [iso, uf, city, expected, what] of cases) {
    it(what, () => assert.equal(at(iso, uf, city).planned[0]?.sendAt ?? null, expected));
  }

  it("a step whose day has arrived in São Paulo but not yet in Manaus or Rio Branco", () => {
    // d+5 of a debt due 05-28 is 06-02. At 03:30Z it is 00:30 of 06-02 in SP, 23:30 of 06-01 in Manaus, 22:30 in Rio Branco.
    const iso = "2025-06-02T03:30:00Z";
    assert.equal(at(iso, "SP").planned[0]?.stepId, "d+5");
    assert.equal(at(iso, "SP").planned[0]?.sendAt, "2025-06-02T11:00:00.000Z");
    assert.equal(at(iso, "AM").planned[0]?.stepId, "d+1", "Manaus is still on 06-01: the d+1 step (05-29) is the latest arrived");
    assert.equal(at(iso, "AC").planned[0]?.stepId, "d+1");
    assert.equal(at(iso, "AM").planned[0]?.localDay, "2025-06-01");
  });

  it("Sunday: Monday 08:00 local, in UTC", () => {
    const sunday = "2025-06-01T15:00:00Z";
    assert.equal(at(sunday, "SP").planned[0]?.sendAt, "2025-06-02T11:00:00.000Z");
    assert.equal(at(sunday, "AM").planned[0]?.sendAt, "2025-06-02T12:00:00.000Z");
    assert.equal(at(sunday, "AC").planned[0]?.sendAt, "2025-06-02T13:00:00.000Z");
    assert.equal(at(sunday, "SP").planned[0]?.localDay, "2025-06-01", "the action belongs to the run's local day");
  });

  it("Saturday: 13:59 is inside the window, 14:30 waits for Monday 08:00", () => {
    assert.equal(at("2025-05-31T16:59:00Z", "SP").planned[0]?.sendAt, "2025-05-31T16:59:00.000Z");
    assert.equal(at("2025-05-31T17:30:00Z", "SP").planned[0]?.sendAt, "2025-06-02T11:00:00.000Z");
  });

  it("20 November in São Paulo is a holiday: the next morning at 08:00", () => {
    const facts = debtor([debt("2025-11-15", { id: 1 })]);
    const d = decideActions(facts, ctxAt("2025-11-20T13:00:00Z"));
    assert.equal(d.planned[0]?.stepId, "d+5");
    assert.equal(d.planned[0]?.sendAt, "2025-11-21T11:00:00.000Z");
  });

  it("a cap on the send day, not on the run day: Saturday night's plan for Monday counts on Monday", () => {
    // On Saturday 05-31 the d+1 e-mail (05-29) is due; after 14:00 it goes on Monday, which already has an e-mail.
    const facts = debtor([debt("2025-05-28", { id: 1 })], { otherContacts: [{ channel: "email", sendAt: "2025-06-02T11:00:00.000Z" }] });
    assert.equal(decideActions(facts, ctxAt("2025-05-31T22:00:00Z")).skipped[0]?.reason, "frequency_cap");
    assert.equal(decideActions(facts, ctxAt("2025-05-31T13:00:00Z")).planned[0]?.sendAt, "2025-05-31T13:00:00.000Z", "sent on Saturday morning: no clash");
  });
});

describe("decideActions: today's actions are re-reported, never planned twice", () => {
  it("a re-run on the same local day reports the written action with its sendAt and plans nothing new", () => {
    const d = debt("2025-05-28", { id: 1 });
    const written = history(1, "d+5", "sms", "2025-06-02T13:00:00.000Z", { status: "planned", localDay: "2025-06-02", actionId: 77 });
    const decision = decideActions(debtor([d], { history: [written] }), ctxAt("2025-06-02T18:00:00Z"));
    assert.deepEqual(entries(decision), { planned: [{ ids: ["T1"], stepId: "d+5", channel: "sms", sendAt: "2025-06-02T13:00:00.000Z", status: "planned" }], skipped: [] });
    assert.equal(decision.planned[0]!.existingActionId, 77);
  });

  it("a debt that became due after today's message waits: the channel's daily cap is taken", () => {
    const d1 = debt("2025-05-28", { id: 1 });
    const d2 = debt("2025-05-28", { id: 2 });
    const written = history(1, "d+5", "sms", "2025-06-02T13:00:00.000Z", { status: "planned", localDay: "2025-06-02", actionId: 77 });
    const decision = decideActions(debtor([d1, d2], { history: [written] }), ctxAt("2025-06-02T18:00:00Z"));
    assert.deepEqual(entries(decision).skipped, [{ ids: ["T2"], stepId: "d+5", channel: "sms", reason: "frequency_cap" }]);
  });
});

describe("resolveLadder", () => {
  const a = stored({ ...VAREJO, id: "a", name: "A" }, 0);
  const b = stored({ ...VAREJO, id: "b", name: "B", assign: { segments: ["telecom"] } }, 1);
  const c = stored({ ...VAREJO, id: "c", name: "C", assign: { tags: ["primeiro-atraso"] } }, 2);
  const ladders = [a, b, c];
  const cases: [string, { ladderId: string | null; segment: string | null; tags: string[] }, { ladderId: string | null }, string, string][] = [
    ["default", { ladderId: null, segment: null, tags: [] }, { ladderId: null }, "a", "default"],
    ["segment", { ladderId: null, segment: "telecom", tags: [] }, { ladderId: null }, "b", "segment"],
    ["tag", { ladderId: null, segment: null, tags: ["primeiro-atraso"] }, { ladderId: null }, "c", "tag"],
    ["the earlier ladder wins", { ladderId: null, segment: "telecom", tags: ["primeiro-atraso"] }, { ladderId: null }, "b", "segment"],
    ["debtor override", { ladderId: "c", segment: "telecom", tags: [] }, { ladderId: null }, "c", "debtor"],
    ["debt override over the debtor's", { ladderId: "c", segment: null, tags: [] }, { ladderId: "b" }, "b", "debt"],
    ["an override naming a ladder that no longer exists falls back to the rules", { ladderId: "zz", segment: null, tags: [] }, { ladderId: null }, "a", "default"],
  ];
  for (const [what, who, d, id, via] of cases) {
    it(what, () => {
      const r = resolveLadder(ladders, who, d)!;
      assert.deepEqual([r.stored.ladder.id, r.via], [id, via]);
    });
  }
  it("no ladder: nothing", () => assert.equal(resolveLadder([], { ladderId: null, segment: null, tags: [] }, { ladderId: null }), null));
});

describe("decideActions: explain traces", () => {
  it("every step of every debt has an outcome and a rule in Portuguese", () => {
    const d = debt("2025-05-01", { id: 1 });
    const facts = debtor([d], { history: [history(1, "d+10", "email", "2025-05-11T13:00:00.000Z", { actionId: 42 })] });
    const trace = decideActions(facts, ctxAt(MONDAY_10_SP), { trace: true }).traces[0]!;
    assert.deepEqual(trace.ladder, { id: "varejo", name: "Varejo padrão", version: 1, via: "default" });
    assert.deepEqual(trace.steps.map((s) => [s.stepId, s.outcome]), [
      ["d-3", "superseded"], ["d+1", "superseded"], ["d+5", "superseded"], ["d+10", "performed"], ["d+25", "superseded"], ["d+30", "planned"], ["d+45", "future"],
    ]);
    const by = Object.fromEntries(trace.steps.map((s) => [s.stepId, s.rule]));
    assert.equal(by["d+10"], "Realizada: acionamento #42 de 11/05/2025, enviado, envio previsto para 11/05/2025 às 10:00 (horário local).");
    assert.equal(by["d+30"], "Planejada para 02/06/2025 às 10:00 (horário local): é a etapa mais recente já alcançada e ainda não realizada; o envio é no primeiro horário permitido da janela de contato.");
    assert.equal(by["d+45"], "Futura: o dia desta etapa é 15/06/2025 (45 dia(s) após o vencimento).");
    assert.match(by["d+25"]!, /^Substituída: o dia desta etapa passou sem envio e a etapa "d\+30" \(dia \+30\) é mais recente/);
  });

  it("a skipped step says which rule and why", () => {
    const facts = debtor([debt("2025-05-28", { id: 1, openCents: 9_999 })]);
    const ladders = [stored({ ...VAREJO, steps: VAREJO.steps.map((s) => (s.id === "d+5" ? { ...s, conditions: { minOpenCents: 10_000 } } : s)) })];
    const step = decideActions(facts, ctxAt(MONDAY_10_SP, ladders), { trace: true }).traces[0]!.steps.find((s) => s.stepId === "d+5")!;
    assert.equal(step.outcome, "skipped");
    assert.equal(step.reason, "condition_not_met");
    assert.equal(step.rule, "Não enviada (condition_not_met): condição da etapa não atendida: saldo em aberto R$ 99,99 abaixo do mínimo da etapa, R$ 100,00.");
  });
});

describe("decideActions: a step for some risk bands", () => {
  // d+5 is today's step for a debt due 2025-05-28; the ladder names its bands as people type them.
  const ladders = (riskBands: string[]) => [stored({ ...VAREJO, steps: VAREJO.steps.map((s) => (s.id === "d+5" ? { ...s, conditions: { riskBands } } : s)) })];
  const d5 = (riskBand: string | null, bands: string[]) => {
    const decision = decideActions(debtor([debt("2025-05-28", { id: 1 })], { riskBand }), ctxAt(MONDAY_10_SP, ladders(bands)), { trace: true });
    const trace = decision.traces[0]!.steps.find((s) => s.stepId === "d+5")!;
    return { planned: entries(decision).planned.map((p) => p.stepId), skipped: entries(decision).skipped.map((s) => `${s.stepId}:${s.reason}`), rule: trace.rule };
  };

  const table: [string | null, string[], boolean][] = [
    ["C", ["C"], true],
    ["C", ["c"], true],
    ["C", [" c "], true],
    ["ALTO RISCO", ["alto risco"], true],
    ["MÉDIO", ["médio"], true],
    ["c", ["C"], true], // a band stored before normalisation existed
    ["C+", ["C"], false],
    ["B", ["a", "c"], false],
    [null, ["C"], false],
    ["MEDIO", ["médio"], false], // case, not accents
  ];
  for (const [band, bands, applies] of table) {
    it(`band ${JSON.stringify(band)} against ${JSON.stringify(bands)}: ${applies ? "planned" : "condition_not_met"}`, () => {
      const r = d5(band, bands);
      assert.deepEqual([r.planned, r.skipped], applies ? [["d+5"], []] : [[], ["d+5:condition_not_met"]]);
    });
  }

  it("the explanation names the band and the ladder's list as written", () => {
    assert.equal(d5("A", ["c", "D"]).rule, 'Não enviada (condition_not_met): condição da etapa não atendida: faixa de risco "A" fora das da etapa (c, D).');
    assert.equal(d5(null, ["c"]).rule, "Não enviada (condition_not_met): condição da etapa não atendida: faixa de risco não informada fora das da etapa (c).");
  });
});

describe("decideActions: properties", () => {
  const dates = fc.integer({ min: 0, max: 2000 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const debtsArb = fc.array(fc.record({ due: dates, cents: fc.integer({ min: 1, max: 1_000_000 }), status: fc.constantFrom("open", "disputed", "in_agreement") }), { minLength: 1, maxLength: 6 });
  const atArb = fc.integer({ min: 0, max: 2100 * 24 }).map((h) => new Date(Date.UTC(2020, 0, 1) + h * 3_600_000).toISOString());

  it("at most one new action per channel; every debt appears at most once per step; sendAt ≥ at; planned steps have arrived", () => {
    fc.assert(
      fc.property(debtsArb, atArb, fc.constantFrom("SP", "AM", "AC", "RS"), (ds, at, uf) => {
        const debts = ds.map((d, i) => debt(d.due, { id: i + 1, openCents: d.cents, status: d.status as DebtFacts["status"] }));
        const decision = decideActions(debtor(debts, { state: uf }), ctxAt(at));
        const channels = decision.planned.map((p) => p.channel);
        assert.equal(new Set(channels).size, channels.length);
        const seen = new Set<string>();
        for (const p of decision.planned) {
          assert.ok(p.sendAt >= new Date(at).toISOString(), `${p.sendAt} < ${at}`);
          for (const d of p.debts) {
            const key = `${d.debtId}|${d.stepId}`;
            assert.ok(!seen.has(key));
            seen.add(key);
            const step = VAREJO.steps.find((s) => s.id === d.stepId)!;
            const dueDate = debts.find((x) => x.id === d.debtId)!.dueDate;
            const day = new Date(Date.parse(`${dueDate}T00:00:00Z`) + step.offsetDays * 86_400_000).toISOString().slice(0, 10);
            assert.ok(day <= decision.localDay, `step ${d.stepId} of ${dueDate} has not arrived on ${decision.localDay}`);
          }
          assert.equal(p.idempotencyKey, idempotencyKeyOf(decision.localDay, 7, p.channel, p.ladderId, p.stepId));
        }
        for (const s of decision.skipped) for (const d of s.debts) assert.ok(!seen.has(`${d.debtId}|${s.stepId}`));
      }),
      { numRuns: 300 },
    );
  });
});
