/**
 * Who the collector calls next, and whether the guard lets the call happen now. Pure:
 * facts and the instant come in as arguments (the queue's loader gathers them).
 *
 * Priority, in three tiers:
 * 1. callbacks the debtor asked for, once their time has come (oldest first);
 * 2. the ladder's planned phone actions that are due (`actions`, channel phone, status
 *    planned, send_at ≤ now; oldest first);
 * 3. everyone else with overdue debts, by score = expected recovery × contactability.
 *
 * Expected recovery = Σ over the debtor's callable debts of open balance × the recovery rate
 * of the debt's aging bucket (RECOVERY_RATE_BP: defaults, not measured data — the older a
 * debt, the less of it comes back). Contactability ∈ (0, 1]: a phone marked valid counts
 * 1, one never checked 0.7; each attempt already made in the rolling week divides by
 * (1 + attempts). A debtor's score is therefore never above its expected recovery, which
 * lets the queue walk debtors by expected recovery and stop as soon as no one further
 * down can beat the best score found.
 *
 * The guard (every tier): the phone contact window in the debtor's local time, no pause
 * (debtor or promise), no phone opt-out, a phone contact not marked invalid, only debts
 * late (past their due date, moved to the next business day as the charges move it) and at
 * most 1,825 days overdue (no phone collection of older ones), not paused or disputed,
 * not called today and under the weekly phone cap of the creditor's policy, no callback
 * scheduled for later, and no other collector working the debtor. A due callback is the
 * debtor's own request: it is exempt from "not called today" and the weekly cap, never
 * from the window, pauses or opt-outs.
 */

import { addDays, diffDays, localDateOf } from "../../domain/br/dates.ts";
import { graceDate } from "../../domain/charges/charges.ts";
import { isContactAllowed, type ContactWindows } from "../../domain/guard/contact-window.ts";
import { isPausedOn, PHONE_MAX_DAYS_OVERDUE, rollingWeekStart, type PauseState } from "../../domain/guard/rules.ts";

export const CALL_OUTCOMES = ["right_party_contact", "third_party", "wrong_number", "no_answer", "promise", "refusal", "callback"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export function isCallOutcome(value: string): value is CallOutcome {
  return (CALL_OUTCOMES as readonly string[]).includes(value);
}

/**
 * The status a recorded call gives the ladder's planned phone action of the debtor: sent
 * when the debtor was reached (the step happened), failed when not (nobody answered, the
 * number is someone else's, a third party answered). Either way the step is closed and the
 * ladder does not plan it again; the queue keeps offering the debtor by expected recovery.
 */
export function actionStatusOfOutcome(outcome: CallOutcome): "sent" | "failed" {
  return outcome === "no_answer" || outcome === "wrong_number" || outcome === "third_party" ? "failed" : "sent";
}

/** How long the queue hands a debtor to one collector before another may get it. */
export const CLAIM_MINUTES = 15;
/** A callback may be scheduled at most this many days ahead. */
export const CALLBACK_MAX_DAYS = 30;

export const CALL_BUCKETS = ["1_30", "31_90", "91_180", "181_360", "361_plus"] as const;
export type CallBucket = (typeof CALL_BUCKETS)[number];

/** Share of the open balance expected back, in basis points, by days overdue (defaults; see the file comment). */
export const RECOVERY_RATE_BP: Readonly<Record<CallBucket, number>> = Object.freeze({
  "1_30": 6000,
  "31_90": 4000,
  "91_180": 2500,
  "181_360": 1200,
  "361_plus": 500,
});

/** Upper bound (inclusive) in days overdue of each bucket; the last is open-ended. */
const BUCKET_MAX_DAYS: readonly [CallBucket, number][] = [["1_30", 30], ["31_90", 90], ["91_180", 180], ["181_360", 360], ["361_plus", Number.POSITIVE_INFINITY]];

/** The bucket of a debt `daysLate` days overdue; null when not overdue (0 or less). */
export function callBucketOf(daysLate: number): CallBucket | null {
  if (daysLate <= 0) return null;
  for (const [bucket, max] of BUCKET_MAX_DAYS) if (daysLate <= max) return bucket;
  return "361_plus";
}

/** The bucket boundaries as due dates on `today`: a debt is in the first bucket whose `minDueDate` it reaches. */
export function bucketDueDates(today: string): { bucket: CallBucket; minDueDate: string | null; rateBp: number }[] {
  return BUCKET_MAX_DAYS.map(([bucket, max]) => ({ bucket, minDueDate: Number.isFinite(max) ? addDays(today, -max) : null, rateBp: RECOVERY_RATE_BP[bucket] }));
}

/** Open balance × the recovery rate of each debt's bucket, in whole centavos (each debt rounded down). */
export function expectedRecoveryCents(debts: readonly { openCents: number; daysLate: number }[]): number {
  let total = 0;
  for (const d of debts) {
    const bucket = callBucketOf(d.daysLate);
    if (bucket) total += Math.floor((d.openCents * RECOVERY_RATE_BP[bucket]) / 10_000);
  }
  return total;
}

/** 1 for a phone marked valid, 0.7 for one never checked; divided by 1 + the week's attempts. */
export function contactability(phoneValidity: string, attemptsThisWeek: number): number {
  const phone = phoneValidity === "valid" ? 1 : 0.7;
  return phone / (1 + Math.max(0, attemptsThisWeek));
}

export type CallTier = "callback" | "ladder" | "ranked";

export type CandidateFacts = {
  debtorId: number;
  uf: string;
  timeZone: string;
  pause: PauseState;
  /** The debtor's phone contacts (kind phone), any validity. */
  phones: readonly { id: number; value: string; validity: string }[];
  phoneOptedOut: boolean;
  /** The debtor's open debts. */
  debts: readonly { id: number; dueDate: string; openCents: number; pause: PauseState }[];
  /** Local days of the debtor's call attempts in the last week or so. */
  attemptDays: readonly string[];
  /** The debtor's latest call attempt's callback, if it asked for one. */
  callbackAt: string | null;
  /** Who works the debtor now, if anyone (an unexpired claim). */
  claim: { actor: string; expiresAt: string } | null;
};

export type GuardPolicy = {
  windows: ContactWindows;
  /** Phone calls allowed per local day (the policy's per-day cap, at most 1: "not called today"). */
  perDay: number;
  /** Phone calls allowed in any 7 days; null = no cap. */
  perWeek: number | null;
};

export const SKIP_CALL_REASONS = [
  "claimed",
  "paused",
  "opted_out",
  "no_callable_debt",
  "no_phone",
  "outside_window",
  "callback_scheduled",
  "called_today",
  "weekly_cap",
] as const;
export type SkipCallReason = (typeof SKIP_CALL_REASONS)[number];

export type Assessment =
  | { ok: false; reason: SkipCallReason }
  | {
      ok: true;
      today: string;
      phone: { id: number; value: string; validity: string };
      /** The ids of the debts the call may be about, oldest due first. */
      debtIds: number[];
      expectedRecoveryCents: number;
      contactability: number;
      score: number;
      attemptsToday: number;
      attemptsThisWeek: number;
      callbackDue: boolean;
    };

/** The phone to dial: a valid one first, then one never checked; the most recently added within each. */
export function pickPhone(phones: CandidateFacts["phones"]): CandidateFacts["phones"][number] | null {
  const usable = phones.filter((p) => p.validity !== "invalid");
  const rank = (v: string) => (v === "valid" ? 0 : 1);
  return [...usable].sort((a, b) => rank(a.validity) - rank(b.validity) || b.id - a.id)[0] ?? null;
}

/**
 * Whether `actor` may call this debtor at `nowIso`, and how much the call is worth (see the
 * file comment). The first reason that applies, in SKIP_CALL_REASONS order, is reported.
 */
export function assessCandidate(f: CandidateFacts, policy: GuardPolicy, nowIso: string, actor: string): Assessment {
  if (f.claim && f.claim.actor !== actor && f.claim.expiresAt > nowIso) return { ok: false, reason: "claimed" };
  const today = localDateOf(new Date(nowIso), f.timeZone);
  if (isPausedOn(f.pause, today)) return { ok: false, reason: "paused" };
  if (f.phoneOptedOut) return { ok: false, reason: "opted_out" };
  const callable = f.debts
    .map((d) => ({ ...d, daysLate: diffDays(today, d.dueDate) }))
    // Late = past the day it could still be paid without charges (a due date on a weekend or holiday moves to the next business day).
    .filter((d) => d.openCents > 0 && today > graceDate(d.dueDate, f.uf) && d.daysLate <= PHONE_MAX_DAYS_OVERDUE && !isPausedOn(d.pause, today))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id));
  if (callable.length === 0) return { ok: false, reason: "no_callable_debt" };
  const phone = pickPhone(f.phones);
  if (!phone) return { ok: false, reason: "no_phone" };
  if (!isContactAllowed(nowIso, f.uf, policy.windows, f.timeZone)) return { ok: false, reason: "outside_window" };
  const callbackDue = f.callbackAt !== null && f.callbackAt <= nowIso;
  if (f.callbackAt !== null && !callbackDue) return { ok: false, reason: "callback_scheduled" };
  const weekStart = rollingWeekStart(today);
  const attemptsToday = f.attemptDays.filter((d) => d === today).length;
  const attemptsThisWeek = f.attemptDays.filter((d) => d >= weekStart && d <= today).length;
  if (!callbackDue) {
    if (attemptsToday >= policy.perDay) return { ok: false, reason: "called_today" };
    if (policy.perWeek !== null && attemptsThisWeek >= policy.perWeek) return { ok: false, reason: "weekly_cap" };
  }
  const expected = expectedRecoveryCents(callable);
  const factor = contactability(phone.validity, attemptsThisWeek);
  return {
    ok: true, today, phone, debtIds: callable.map((d) => d.id), expectedRecoveryCents: expected, contactability: factor,
    score: Math.floor(expected * factor), attemptsToday, attemptsThisWeek, callbackDue,
  };
}
