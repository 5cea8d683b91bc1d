/**
 * Contact windows: when a debtor may be contacted, in the debtor's local time. Brazil has
 * four time zones (UTC-2 to UTC-5), derived from the debtor's state (UF); holidays are the
 * national and the state ones merged (see calendar/holidays.ts). Pure: instants come in.
 */

import { AppError } from "../../shared/app-error.ts";
import { addDays, instantAt, localPartsOf, weekday } from "../br/dates.ts";
import { timeZoneOf } from "../br/uf.ts";
import { isContactHoliday } from "../calendar/holidays.ts";
import { CHANNELS, type Channel } from "../ladder/channels.ts";

/** The allowed part of one local day, `from` inclusive and `to` exclusive ("HH:MM"); null = no contact that day. */
export type DayWindow = { from: string; to: string } | null;

/**
 * The windows of the week. `holidays` applies on a national or state holiday on top of the
 * day of the week: contact is allowed only where both allow it (a holiday never widens a
 * Sunday), so `holidays: null` means no contact on holidays at all.
 */
export type ContactWindows = { weekday: DayWindow; saturday: DayWindow; sunday: DayWindow; holidays: DayWindow };

/** Mon–Fri 08:00–20:00, Sat 08:00–14:00, never on Sunday, never on a national or state holiday. */
export const DEFAULT_CONTACT_WINDOWS: ContactWindows = Object.freeze({
  weekday: Object.freeze({ from: "08:00", to: "20:00" }),
  saturday: Object.freeze({ from: "08:00", to: "14:00" }),
  sunday: null,
  holidays: null,
});

/** A creditor's windows: `default` for every channel, and optional overrides per channel. */
export type ChannelWindows = { default: ContactWindows } & Partial<Record<Channel, ContactWindows>>;

export const DEFAULT_CHANNEL_WINDOWS: ChannelWindows = Object.freeze({ default: DEFAULT_CONTACT_WINDOWS });

/** How far ahead `nextContactInstant` looks for an allowed instant. */
export const CONTACT_SEARCH_DAYS = 30;

export const DAY_KINDS = ["weekday", "saturday", "sunday", "holidays"] as const;
export type DayKind = (typeof DAY_KINDS)[number];

const DAY_KIND_LABEL: Record<DayKind, string> = { weekday: "dias úteis (segunda a sexta)", saturday: "sábado", sunday: "domingo", holidays: "feriados" };

/** The windows of one channel: its override, else the creditor's default. */
export function windowsFor(config: ChannelWindows, channel: Channel | string): ContactWindows {
  return (config as Partial<Record<string, ContactWindows>>)[channel] ?? config.default;
}

// ---- Instants and local days ------------------------------------------------------

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 instant that names its offset (Z or ±HH:MM); a bare local time is refused. */
function parseInstant(atIso: string): Date {
  const at = ISO_INSTANT.test(atIso) ? new Date(atIso) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new AppError("invalid_input", `instante inválido (use ISO 8601 com fuso, ex.: 2025-06-02T13:00:00Z): ${atIso}`);
  }
  return at;
}

/** "YYYY-MM-DD" of an instant in the debtor's zone (from the UF, or `timeZone` when given). */
export function localDayOf(atIso: string, uf: string, timeZone: string = timeZoneOf(uf)): string {
  return localPartsOf(parseInstant(atIso), timeZone).date;
}

/** The UTC instant (ISO) at which the debtor's wall clock shows `day` `hhmm`. */
export function localInstant(day: string, hhmm: string, uf: string, timeZone: string = timeZoneOf(uf)): string {
  return instantAt(day, hhmm, timeZone).toISOString();
}

// ---- Windows -------------------------------------------------------------------------

/** Minutes since midnight of "HH:MM"; "24:00" only as an end. */
function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** What decides contact on a local day: its kind and the resulting window (null = none). */
export function windowOn(day: string, uf: string, windows: ContactWindows): { kind: DayKind; window: DayWindow } {
  const wd = weekday(day);
  const base = wd === 0 ? windows.sunday : wd === 6 ? windows.saturday : windows.weekday;
  if (!isContactHoliday(day, uf)) return { kind: wd === 0 ? "sunday" : wd === 6 ? "saturday" : "weekday", window: base };
  return { kind: "holidays", window: intersect(base, windows.holidays) };
}

function intersect(a: DayWindow, b: DayWindow): DayWindow {
  if (!a || !b) return null;
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from < to ? { from, to } : null;
}

/**
 * The first instant at or after `at` when contact is allowed in the debtor's local time,
 * as ISO UTC (`at` itself, normalised, when it is inside a window; else the start of the
 * next open window). Looks `CONTACT_SEARCH_DAYS` days ahead; null when nothing opens.
 * `timeZone` overrides the UF's zone (e.g. America/Noronha for Fernando de Noronha, PE).
 */
export function nextContactInstant(atIso: string, uf: string, windows: ContactWindows, timeZone: string = timeZoneOf(uf)): string | null {
  const at = parseInstant(atIso);
  const local = localPartsOf(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  for (let k = 0; k <= CONTACT_SEARCH_DAYS; k++) {
    const day = k === 0 ? local.date : addDays(local.date, k);
    const { window } = windowOn(day, uf, windows);
    if (!window) continue;
    const from = minutesOf(window.from);
    const to = minutesOf(window.to);
    if (k === 0) {
      if (minute >= to) continue;
      if (minute >= from) return at.toISOString();
    }
    return instantAt(day, window.from, timeZone).toISOString();
  }
  return null;
}

/** True when `at` falls inside the debtor's contact window of that local day. */
export function isContactAllowed(atIso: string, uf: string, windows: ContactWindows, timeZone: string = timeZoneOf(uf)): boolean {
  const local = localPartsOf(parseInstant(atIso), timeZone);
  const { window } = windowOn(local.date, uf, windows);
  if (!window) return false;
  const minute = local.hour * 60 + local.minute;
  return minute >= minutesOf(window.from) && minute < minutesOf(window.to);
}

// ---- Parsing and validation -------------------------------------------------------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const NONE_WORDS = new Set(["nenhum", "nenhuma", "none", "fechado", "-"]);

function invalidWindow(field: string, reason: string): AppError {
  return new AppError("validation", `${field}: ${reason}`, [{ field, reason }]);
}

function checkDayWindow(from: unknown, to: unknown, field: string): DayWindow {
  if (typeof from !== "string" || !HHMM.test(from)) throw invalidWindow(field, `horário inicial inválido (use HH:MM, de 00:00 a 23:59): ${String(from)}`);
  if (typeof to !== "string" || !(HHMM.test(to) || to === "24:00")) throw invalidWindow(field, `horário final inválido (use HH:MM, de 00:01 a 24:00): ${String(to)}`);
  if (from >= to) throw invalidWindow(field, `o início (${from}) deve ser antes do fim (${to})`);
  return { from, to };
}

/** "09:00-18:00" (also with "–" or " a ") → window; "nenhum" → null (no contact that day). */
export function parseDayWindow(text: string, field: string): DayWindow {
  const t = text.trim().toLowerCase();
  if (NONE_WORDS.has(t)) return null;
  const m = /^(\d{1,2}:\d{2})\s*(?:-|–|a|às|as)\s*(\d{1,2}:\d{2})$/.exec(t);
  if (!m) throw invalidWindow(field, `use HH:MM-HH:MM (ex.: 09:00-18:00) ou "nenhum" (recebido "${text}")`);
  const pad = (s: string) => (s.length === 4 ? `0${s}` : s);
  return checkDayWindow(pad(m[1]!), pad(m[2]!), field);
}

/** "09:00–18:00", or "nenhum" for no contact. */
export function formatDayWindow(w: DayWindow): string {
  return w ? `${w.from}–${w.to}` : "nenhum";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks one day window given as data: `{from, to}` or null. */
export function validateDayWindow(value: unknown, field: string): DayWindow {
  if (value === null) return null;
  if (!isRecord(value)) throw invalidWindow(field, "use {\"from\": \"HH:MM\", \"to\": \"HH:MM\"} ou null (sem contato no dia)");
  const extra = Object.keys(value).filter((k) => k !== "from" && k !== "to");
  if (extra.length) throw invalidWindow(field, `campo desconhecido: ${extra.join(", ")}`);
  return checkDayWindow(value.from, value.to, field);
}

/** Checks a week of windows given as data; every day kind is required. */
export function validateContactWindows(value: unknown, field = "windows"): ContactWindows {
  if (!isRecord(value)) throw invalidWindow(field, "use {weekday, saturday, sunday, holidays}");
  const extra = Object.keys(value).filter((k) => !(DAY_KINDS as readonly string[]).includes(k));
  if (extra.length) throw invalidWindow(field, `campo desconhecido: ${extra.join(", ")} (use weekday, saturday, sunday, holidays)`);
  const out = {} as Record<DayKind, DayWindow>;
  for (const kind of DAY_KINDS) {
    if (!(kind in value)) throw invalidWindow(`${field}.${kind}`, `obrigatório (janela de ${DAY_KIND_LABEL[kind]} ou null)`);
    out[kind] = validateDayWindow(value[kind], `${field}.${kind}`);
  }
  return out;
}

/** Checks a creditor's windows given as data: `default` required, overrides keyed by channel. */
export function validateChannelWindows(value: unknown, field = "windows"): ChannelWindows {
  if (!isRecord(value)) throw invalidWindow(field, "use {\"default\": {...}, \"sms\": {...}, …}");
  if (!("default" in value)) throw invalidWindow(`${field}.default`, "obrigatório (janelas padrão de todos os canais)");
  const out: Record<string, ContactWindows> = { default: validateContactWindows(value.default, `${field}.default`) };
  for (const [key, windows] of Object.entries(value)) {
    if (key === "default") continue;
    if (!(CHANNELS as readonly string[]).includes(key)) throw invalidWindow(`${field}.${key}`, `canal desconhecido (use ${CHANNELS.join(", ")})`);
    out[key] = validateContactWindows(windows, `${field}.${key}`);
  }
  return out as ChannelWindows;
}
