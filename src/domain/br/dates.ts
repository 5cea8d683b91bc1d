/**
 * Calendar dates as `YYYY-MM-DD` strings: parsing the forms Brazilian spreadsheets use,
 * arithmetic without time zones (day numbers, never Date), and conversions between UTC
 * instants and local wall time in an IANA zone (cached Intl formatters).
 */

import { AppError } from "../../shared/app-error.ts";

export type DateParse = { ok: true; date: string } | { ok: false; reason: string };

/** Years accepted by parseDate: anything outside is a typo in a portfolio ("0226", "20226"). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const CH_0 = 48;
const CH_9 = 57;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n);
}

function iso(y: number, m: number, d: number): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** Reads a run of digits [from, to) as a number. */
function num(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - CH_0);
  return v;
}

/** Length of the trailing time part we tolerate after a date (" 00:00", " 00:00:00", "T00:00:00Z"…), or -1. */
function timeSuffixStart(s: string): number {
  const sp = s.indexOf(" ");
  const t = s.indexOf("T");
  const at = sp >= 0 ? sp : t;
  if (at < 0) return s.length;
  let i = at + 1;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  // HH:MM[:SS[.fff]][Z]
  const rest = s.slice(i);
  if (rest.length < 5 || !isDigit(rest.charCodeAt(0)) || !isDigit(rest.charCodeAt(1)) || rest[2] !== ":") return -1;
  for (let k = 3; k < rest.length; k++) {
    const c = rest.charCodeAt(k);
    if (!isDigit(c) && c !== 58 && c !== 46 && c !== 90) return -1;
  }
  return at;
}

/**
 * Parses dd/mm/aaaa, d/m/aaaa, dd/mm/aa (aa ≤ 69 → 20aa, else 19aa), aaaa-mm-dd,
 * dd-mm-aaaa and dd.mm.aaaa (same separator twice) to `YYYY-MM-DD`. A trailing time
 * ("10/03/2026 00:00:00", "2026-03-10T00:00:00Z", as spreadsheet exports write) is
 * ignored. Impossible dates are rejected: "data inexistente: 31/02/2026".
 */
export function parseDate(raw: string): DateParse {
  const s0 = raw.trim();
  if (s0.length === 0) return { ok: false, reason: "vazio" };
  const unrecognised: DateParse = { ok: false, reason: `formato de data não reconhecido (use dd/mm/aaaa): ${s0}` };
  const cut = timeSuffixStart(s0);
  if (cut < 0) return unrecognised;
  const s = cut === s0.length ? s0 : s0.slice(0, cut);

  // Find the two separators; all other characters must be digits.
  let sep = -1;
  let p1 = -1;
  let p2 = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) continue;
    if (c !== 47 && c !== 45 && c !== 46) return unrecognised;
    if (p1 < 0) {
      p1 = i;
      sep = c;
    } else if (p2 < 0 && c === sep) {
      p2 = i;
    } else {
      return unrecognised;
    }
  }
  if (p2 < 0) return unrecognised;
  const l1 = p1;
  const l2 = p2 - p1 - 1;
  const l3 = s.length - p2 - 1;
  let y: number;
  let m: number;
  let d: number;
  if (l1 === 4 && sep !== 46 && l2 >= 1 && l2 <= 2 && l3 >= 1 && l3 <= 2) {
    y = num(s, 0, 4);
    m = num(s, 5, p2);
    d = num(s, p2 + 1, s.length);
  } else if (l1 >= 1 && l1 <= 2 && l2 >= 1 && l2 <= 2 && (l3 === 4 || l3 === 2)) {
    d = num(s, 0, p1);
    m = num(s, p1 + 1, p2);
    y = num(s, p2 + 1, s.length);
    if (l3 === 2) y += y <= 69 ? 2000 : 1900;
  } else {
    return unrecognised;
  }
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, reason: `ano fora do intervalo aceito (${MIN_YEAR}–${MAX_YEAR}): ${s0}` };
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return { ok: false, reason: `data inexistente: ${s0}` };
  return { ok: true, date: iso(y, m, d) };
}

/** True for a strict `YYYY-MM-DD` naming a real day. */
export function isValidIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7 && !isDigit(s.charCodeAt(i))) return false;
  const y = num(s, 0, 4);
  const m = num(s, 5, 7);
  const d = num(s, 8, 10);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function parseIso(date: string): [number, number, number] {
  if (!isValidIsoDate(date)) throw new AppError("invalid_input", `data inválida (esperado AAAA-MM-DD): ${date}`);
  return [num(date, 0, 4), num(date, 5, 7), num(date, 8, 10)];
}

// Day numbers (days since 1970-01-01) — H. Hinnant's civil calendar algorithms.
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): string {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return iso(y, m, d);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  const [y, m, d] = parseIso(date);
  return daysFromCivil(y, m, d);
}

/** The `YYYY-MM-DD` date of a day number (inverse of dayNumber). */
export function dateOfDayNumber(n: number): string {
  return civilFromDays(n);
}

/** `date` plus `n` days (n may be negative). */
export function addDays(date: string, n: number): string {
  return civilFromDays(dayNumber(date) + n);
}

/** Whole days from `earlier` to `later` (negative when `later` is before). */
export function diffDays(later: string, earlier: string): number {
  return dayNumber(later) - dayNumber(earlier);
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const n = dayNumber(date);
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** `date` plus `n` months, the day clamped to the end of the target month (31/01 + 1 → 28 or 29/02). */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parseIso(date);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return iso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** "2026-03-10" → "10/03/2026". */
export function formatDateBr(date: string): string {
  parseIso(date);
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

// ---- Zones -------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new AppError("invalid_input", `fuso horário desconhecido: ${timeZone}`);
    }
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

type WallClock = { y: number; m: number; d: number; hour: number; minute: number; second: number };

function wallClockOf(ms: number, timeZone: string): WallClock {
  const w: WallClock = { y: 0, m: 0, d: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterOf(timeZone).formatToParts(ms)) {
    switch (p.type) {
      case "year": w.y = Number(p.value); break;
      case "month": w.m = Number(p.value); break;
      case "day": w.d = Number(p.value); break;
      case "hour": w.hour = Number(p.value); break;
      case "minute": w.minute = Number(p.value); break;
      case "second": w.second = Number(p.value); break;
      default: break;
    }
  }
  return w;
}

/** Offset (local − UTC, in ms) of a zone at an instant, straight from Intl (≈ 5 µs). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClockOf(ms, timeZone);
  const wallAsUtc = daysFromCivil(w.y, w.m, w.d) * DAY_MS + w.hour * HOUR_MS + w.minute * 60_000 + w.second * 1000;
  return wallAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const OFFSETS = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 100_000;

/**
 * Offset of a zone at an instant, cached per UTC hour: an hour whose first and last
 * millisecond share the offset has no transition inside, so every instant in it shares
 * that offset. Hours containing a transition are marked and computed exactly each time.
 */
function offsetOf(ms: number, timeZone: string): number {
  let cache = OFFSETS.get(timeZone);
  if (!cache) {
    formatterOf(timeZone); // validates the zone name
    cache = new Map();
    OFFSETS.set(timeZone, cache);
  }
  const hour = Math.floor(ms / HOUR_MS);
  const hit = cache.get(hour);
  if (hit !== undefined) return Number.isNaN(hit) ? offsetAt(ms, timeZone) : hit;
  const first = offsetAt(hour * HOUR_MS, timeZone);
  const last = offsetAt(hour * HOUR_MS + HOUR_MS - 1, timeZone);
  if (cache.size >= OFFSET_CACHE_LIMIT) cache.clear();
  cache.set(hour, first === last ? first : Number.NaN);
  return first === last ? first : offsetAt(ms, timeZone);
}

function instantMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new AppError("invalid_input", "instante inválido");
  return ms;
}

/** The local calendar date of an instant in a zone: 2026-03-10T02:00Z in Manaus → "2026-03-09". */
export function localDateOf(instant: Date, timeZone: string): string {
  const ms = instantMs(instant);
  return civilFromDays(Math.floor((ms + offsetOf(ms, timeZone)) / DAY_MS));
}

export type LocalParts = { date: string; hour: number; minute: number; weekday: number };

/** Local date, hour (0–23), minute and weekday (0 = Sunday) of an instant in a zone. */
export function localPartsOf(instant: Date, timeZone: string): LocalParts {
  const ms = instantMs(instant);
  const local = ms + offsetOf(ms, timeZone);
  const days = Math.floor(local / DAY_MS);
  const inDay = local - days * DAY_MS;
  return {
    date: civilFromDays(days),
    hour: Math.floor(inDay / HOUR_MS),
    minute: Math.floor((inDay % HOUR_MS) / 60_000),
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

/**
 * The UTC instant at which the wall clock of `timeZone` shows `date` `time` ("HH:MM").
 * Iterates on the zone offset, so it is right in zones with DST too; a wall time skipped
 * by a DST jump maps to the instant just after the jump.
 */
export function instantAt(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = parseIso(date);
  if (time.length !== 5 || time[2] !== ":" || !isDigit(time.charCodeAt(0)) || !isDigit(time.charCodeAt(1)) || !isDigit(time.charCodeAt(3)) || !isDigit(time.charCodeAt(4))) {
    throw new AppError("invalid_input", `hora inválida (esperado HH:MM): ${time}`);
  }
  const hh = num(time, 0, 2);
  const mm = num(time, 3, 5);
  if (hh > 23 || mm > 59) throw new AppError("invalid_input", `hora inválida (esperado HH:MM): ${time}`);
  const wall = daysFromCivil(y, m, d) * DAY_MS + hh * HOUR_MS + mm * 60_000;
  let t = wall - offsetOf(wall, timeZone);
  for (let i = 0; i < 3; i++) {
    const next = wall - offsetOf(t, timeZone);
    if (next === t) return new Date(t);
    t = next;
  }
  // In a gap (spring forward) the iteration oscillates: take the later of the two candidates.
  const a = wall - offsetOf(t, timeZone);
  return new Date(Math.max(a, t));
}
