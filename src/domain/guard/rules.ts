/**
 * The compliance guard's rules besides the contact windows: why an action is skipped, the
 * age limits of the CDC for phone collection and credit-bureau listing, the written prior
 * notice, and the frequency caps. Pure: local days come in as arguments.
 */

import { AppError } from "../../shared/app-error.ts";
import { addDays, daysInMonth, diffDays, isValidIsoDate } from "../br/dates.ts";
import { CHANNELS, type Channel } from "../ladder/channels.ts";

/**
 * Why an action was not taken, in precedence order: when several apply, the first one is reported.
 * `below_exit_point` (the step costs more than it can recover, see domain/exit-point) comes
 * right after `condition_not_met`: both are the creditor's own economic choices about a step,
 * checked before the legal limits and the contact rules, so a debt not worth collecting is
 * reported as such (and listed for write-off or sale) whatever else would also stop it.
 */
export const SKIP_REASONS = [
  "disputed",
  "paused",
  "exempt",
  "in_agreement",
  "condition_not_met",
  "below_exit_point",
  "too_old_for_phone",
  "too_old_for_credit_bureau",
  "opted_out",
  "missing_prior_notice",
  "no_valid_contact",
  "frequency_cap",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export function isSkipReason(s: string): s is SkipReason {
  return (SKIP_REASONS as readonly string[]).includes(s);
}

/** The reason that wins among those that apply (the earliest in SKIP_REASONS), or null when none. */
export function firstReason(reasons: Iterable<SkipReason>): SkipReason | null {
  let best = -1;
  for (const r of reasons) {
    const i = SKIP_REASONS.indexOf(r);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best < 0 ? null : SKIP_REASONS[best]!;
}

function checkDay(date: string, field: string): void {
  if (!isValidIsoDate(date)) throw new AppError("invalid_input", `${field}: data inválida (esperado AAAA-MM-DD): ${date}`);
}

// ---- Age limits ----------------------------------------------------------------------

/** No phone collection of a debt overdue more than this many days. */
export const PHONE_MAX_DAYS_OVERDUE = 1825;

/** Days from the due date to the debtor's local day (0 on the due date, negative before it). */
export function daysOverdue(dueDate: string, localDay: string): number {
  checkDay(dueDate, "vencimento");
  checkDay(localDay, "dia");
  return diffDays(localDay, dueDate);
}

/** More than 1,825 days overdue on `localDay`: day 1,825 may still be called, day 1,826 not. */
export function isTooOldForPhone(dueDate: string, localDay: string): boolean {
  return daysOverdue(dueDate, localDay) > PHONE_MAX_DAYS_OVERDUE;
}

/** A credit-bureau listing may not concern a debt more than this many years past due (CDC art. 43 §1 and §5, STJ Súmula 323). */
export const CREDIT_BUREAU_MAX_YEARS = 5;

/**
 * The last local day on which a debt may still be listed: the due date's anniversary
 * CREDIT_BUREAU_MAX_YEARS calendar years later (Código Civil art. 132 §3: a term in years
 * ends on the day of the same number, or the next day when there is none, so 29 February
 * 2020 → 1 March 2025). Calendar years, not 1,825 days: with leap days five years are 1,826
 * or 1,827 days, so this limit falls one or two days after the phone limit.
 */
export function creditBureauDeadline(dueDate: string): string {
  checkDay(dueDate, "vencimento");
  const y = Number(dueDate.slice(0, 4)) + CREDIT_BUREAU_MAX_YEARS;
  const m = Number(dueDate.slice(5, 7));
  const d = Number(dueDate.slice(8, 10));
  const mm = String(m).padStart(2, "0");
  if (d <= daysInMonth(y, m)) return `${y}-${mm}-${String(d).padStart(2, "0")}`;
  return addDays(`${y}-${mm}-${String(daysInMonth(y, m)).padStart(2, "0")}`, 1);
}

/** More than five calendar years past due on `localDay` (the day after `creditBureauDeadline`). */
export function isTooOldForCreditBureau(dueDate: string, localDay: string): boolean {
  checkDay(localDay, "dia");
  return localDay > creditBureauDeadline(dueDate);
}

// ---- Prior notice -------------------------------------------------------------------

/** A credit-bureau or protest step needs a written prior notice performed at least this many days earlier. */
export const PRIOR_NOTICE_MIN_DAYS = 10;

/** True when some prior notice was performed (local day) at least `minDays` days before `localDay`. */
export function hasPriorNotice(performedPriorNoticeDays: readonly string[], localDay: string, minDays: number = PRIOR_NOTICE_MIN_DAYS): boolean {
  checkDay(localDay, "dia");
  return performedPriorNoticeDays.some((d) => {
    checkDay(d, "notificação prévia");
    return diffDays(localDay, d) >= minDays;
  });
}

// ---- Pauses ----------------------------------------------------------------------------

/** The current pause of a debtor or debt: since when, and the last paused local day (inclusive; null = until resumed). */
export type PauseState = { pausedAt: string | null; pausedUntil: string | null };

/** Paused on `localDay`: a pause is set and has no end or its last day has not passed. */
export function isPausedOn(state: PauseState, localDay: string): boolean {
  return state.pausedAt !== null && (state.pausedUntil === null || localDay <= state.pausedUntil);
}

// ---- Frequency caps ----------------------------------------------------------------

/** Limits per channel (`default` for channels not listed); null = no limit. */
export type ChannelLimits = { default: number | null } & Partial<Record<Channel, number | null>>;

/**
 * How many contacts a debtor may receive, counted across all the debtor's debts:
 * per channel per local day, per channel per week, and all channels together.
 * The week is rolling: the local day and the six before it (see `rollingWeekStart`).
 * A calendar week would allow 3 calls on a Saturday and 3 more on the Monday after;
 * a rolling week never allows more than the cap in any 7 consecutive days.
 */
export type FrequencyCaps = {
  perDay: ChannelLimits;
  perWeek: ChannelLimits;
  totalPerDay: number | null;
  totalPerWeek: number | null;
};

/** One message per channel per day; at most 3 phone attempts in any 7 days. */
export const DEFAULT_FREQUENCY_CAPS: FrequencyCaps = Object.freeze({
  perDay: Object.freeze({ default: 1 }),
  perWeek: Object.freeze({ default: null, phone: 3 }),
  totalPerDay: null,
  totalPerWeek: null,
});

/** The first local day of the rolling week that ends on `localDay` (six days before it). */
export function rollingWeekStart(localDay: string): string {
  checkDay(localDay, "dia");
  return addDays(localDay, -6);
}

function limitOf(limits: ChannelLimits, channel: Channel | string): number | null {
  const own = (limits as Partial<Record<string, number | null>>)[channel];
  return own !== undefined ? own : limits.default;
}

/** The limits that apply to one channel. */
export function capsFor(caps: FrequencyCaps, channel: Channel | string): { perDay: number | null; perWeek: number | null; totalPerDay: number | null; totalPerWeek: number | null } {
  return { perDay: limitOf(caps.perDay, channel), perWeek: limitOf(caps.perWeek, channel), totalPerDay: caps.totalPerDay, totalPerWeek: caps.totalPerWeek };
}

/**
 * Contacts the debtor already has (sent or still planned, not cancelled) before the one
 * being decided: on this channel and on all channels, on the local day and in the rolling week.
 */
export type ContactCounts = { channelToday: number; channelWeek: number; totalToday: number; totalWeek: number };

export type CapHit = { cap: "per_day" | "per_week" | "total_per_day" | "total_per_week"; limit: number; count: number };

/** The first cap one more contact on `channel` would exceed, or null when it is within every cap. */
export function capReached(caps: FrequencyCaps, channel: Channel | string, counts: ContactCounts): CapHit | null {
  // In this order (called once per planned message of a run: no intermediate values).
  const perDay = limitOf(caps.perDay, channel);
  if (perDay !== null && counts.channelToday >= perDay) return { cap: "per_day", limit: perDay, count: counts.channelToday };
  const perWeek = limitOf(caps.perWeek, channel);
  if (perWeek !== null && counts.channelWeek >= perWeek) return { cap: "per_week", limit: perWeek, count: counts.channelWeek };
  if (caps.totalPerDay !== null && counts.totalToday >= caps.totalPerDay) return { cap: "total_per_day", limit: caps.totalPerDay, count: counts.totalToday };
  if (caps.totalPerWeek !== null && counts.totalWeek >= caps.totalPerWeek) return { cap: "total_per_week", limit: caps.totalPerWeek, count: counts.totalWeek };
  return null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function invalidCap(field: string, reason: string): AppError {
  return new AppError("validation", `${field}: ${reason}`, [{ field, reason }]);
}

/** A limit given as data: a whole number from 0 to 1000, or null for no limit. */
export function validateLimit(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw invalidCap(field, `use um número inteiro de 0 a 1000, ou null para sem limite (recebido ${JSON.stringify(value)})`);
  }
  return value;
}

function validateChannelLimits(value: unknown, field: string): ChannelLimits {
  if (!isRecord(value)) throw invalidCap(field, "use {\"default\": N, \"phone\": N, …}");
  if (!("default" in value)) throw invalidCap(`${field}.default`, "obrigatório (limite dos canais não listados, ou null)");
  const out: Record<string, number | null> = {};
  for (const [key, limit] of Object.entries(value)) {
    if (key !== "default" && !(CHANNELS as readonly string[]).includes(key)) throw invalidCap(`${field}.${key}`, `canal desconhecido (use ${CHANNELS.join(", ")})`);
    out[key] = validateLimit(limit, `${field}.${key}`);
  }
  return out as ChannelLimits;
}

/** Checks frequency caps given as data; every field is required. */
export function validateFrequencyCaps(value: unknown, field = "caps"): FrequencyCaps {
  if (!isRecord(value)) throw invalidCap(field, "use {perDay, perWeek, totalPerDay, totalPerWeek}");
  const keys = ["perDay", "perWeek", "totalPerDay", "totalPerWeek"];
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length) throw invalidCap(field, `campo desconhecido: ${extra.join(", ")} (use ${keys.join(", ")})`);
  for (const k of keys) if (!(k in value)) throw invalidCap(`${field}.${k}`, "obrigatório");
  return {
    perDay: validateChannelLimits(value.perDay, `${field}.perDay`),
    perWeek: validateChannelLimits(value.perWeek, `${field}.perWeek`),
    totalPerDay: validateLimit(value.totalPerDay, `${field}.totalPerDay`),
    totalPerWeek: validateLimit(value.totalPerWeek, `${field}.totalPerWeek`),
  };
}
