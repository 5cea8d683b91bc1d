import type { ChannelLimits, DayWindow, FrequencyCaps, WeekWindows } from "../api/types.ts";

/** The channels a policy may name (src/domain/ladder/channels.ts), after the creditor-wide "default". */
export const POLICY_CHANNELS = ["email", "sms", "whatsapp", "letter", "phone", "credit_bureau", "protest", "legal"] as const;
export const DAY_KINDS = ["weekday", "saturday", "sunday", "holidays"] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export type DayForm = { allowed: boolean; from: string; to: string };
export type WeekForm = Record<DayKind, DayForm>;
/** `default` always has a week; a channel has its own week or null (it follows the default). */
export type WindowsForm = Record<string, WeekForm | null>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function dayForm(window: DayWindow, fallback: DayForm): DayForm {
  return window ? { allowed: true, from: window.from, to: window.to } : { allowed: false, from: fallback.from, to: fallback.to };
}

export function weekForm(week: WeekWindows): WeekForm {
  const fallback = { allowed: false, from: "08:00", to: "20:00" };
  return { weekday: dayForm(week.weekday, fallback), saturday: dayForm(week.saturday, fallback), sunday: dayForm(week.sunday, fallback), holidays: dayForm(week.holidays, fallback) };
}

export function windowsToForm(windows: Record<string, WeekWindows>): WindowsForm {
  const form: WindowsForm = { default: weekForm(windows.default ?? { weekday: null, saturday: null, sunday: null, holidays: null }) };
  for (const channel of POLICY_CHANNELS) form[channel] = windows[channel] ? weekForm(windows[channel]!) : null;
  return form;
}

/** Why a day's window is wrong (a message key), or null. */
export function dayProblem(day: DayForm): "contactPolicy.timeInvalid" | "contactPolicy.timeOrder" | null {
  if (!day.allowed) return null;
  if (!HHMM.test(day.from) || !(HHMM.test(day.to) || day.to === "24:00")) return "contactPolicy.timeInvalid";
  if (day.from >= day.to) return "contactPolicy.timeOrder";
  return null;
}

/** The windows as the API takes them, or the first problem (`<channel>.<day>`). */
export function formToWindows(form: WindowsForm): { ok: true; windows: Record<string, WeekWindows> } | { ok: false; at: string } {
  const windows: Record<string, WeekWindows> = {};
  for (const [channel, week] of Object.entries(form)) {
    if (!week) continue;
    const out = {} as Record<DayKind, DayWindow>;
    for (const kind of DAY_KINDS) {
      const day = week[kind];
      if (dayProblem(day)) return { ok: false, at: `${channel}.${kind}` };
      out[kind] = day.allowed ? { from: day.from, to: day.to } : null;
    }
    windows[channel] = out;
  }
  return { ok: true, windows };
}

/** Cap cells as typed: "" (default row: no limit; channel rows: same as the default), a number, or the "no limit" word. */
export type CapsForm = { perDay: Record<string, string>; perWeek: Record<string, string>; totalPerDay: string; totalPerWeek: string };

export const UNLIMITED_WORDS = ["sem limite", "no limit", "-", "∞"];

function limitsToForm(limits: ChannelLimits, unlimited: string): Record<string, string> {
  const out: Record<string, string> = { default: limits.default === null || limits.default === undefined ? "" : String(limits.default) };
  for (const channel of POLICY_CHANNELS) {
    const value = limits[channel];
    out[channel] = value === undefined ? "" : value === null ? unlimited : String(value);
  }
  return out;
}

export function capsToForm(caps: FrequencyCaps, unlimited: string): CapsForm {
  return {
    perDay: limitsToForm(caps.perDay, unlimited),
    perWeek: limitsToForm(caps.perWeek, unlimited),
    totalPerDay: caps.totalPerDay === null ? "" : String(caps.totalPerDay),
    totalPerWeek: caps.totalPerWeek === null ? "" : String(caps.totalPerWeek),
  };
}

/** One cell: a limit (0–1000), null (no limit) or undefined (a channel following the default); "invalid" otherwise. */
export function parseCap(text: string, isDefaultRow: boolean): number | null | undefined | "invalid" {
  const plain = text.trim().toLowerCase();
  if (plain === "") return isDefaultRow ? null : undefined;
  if (UNLIMITED_WORDS.includes(plain)) return null;
  if (!/^\d{1,4}$/.test(plain)) return "invalid";
  const n = Number(plain);
  return n <= 1000 ? n : "invalid";
}

/** The caps as the API takes them, or the first invalid cell (`perDay.sms`, `totalPerWeek`…). */
export function formToCaps(form: CapsForm): { ok: true; caps: FrequencyCaps } | { ok: false; at: string } {
  const limits = (name: "perDay" | "perWeek"): ChannelLimits | string => {
    const out: ChannelLimits = {};
    for (const [channel, text] of Object.entries(form[name])) {
      const value = parseCap(text, channel === "default");
      if (value === "invalid") return `${name}.${channel}`;
      if (value !== undefined) out[channel] = value;
    }
    return out;
  };
  const perDay = limits("perDay");
  if (typeof perDay === "string") return { ok: false, at: perDay };
  const perWeek = limits("perWeek");
  if (typeof perWeek === "string") return { ok: false, at: perWeek };
  const totalPerDay = parseCap(form.totalPerDay, true);
  if (totalPerDay === "invalid" || totalPerDay === undefined) return { ok: false, at: "totalPerDay" };
  const totalPerWeek = parseCap(form.totalPerWeek, true);
  if (totalPerWeek === "invalid" || totalPerWeek === undefined) return { ok: false, at: "totalPerWeek" };
  return { ok: true, caps: { perDay, perWeek, totalPerDay, totalPerWeek } };
}
