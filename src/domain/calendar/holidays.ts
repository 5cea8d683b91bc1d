/**
 * National, state and bank holidays of Brazil, from date-holidays with our corrections,
 * and the business-day rules built on them (contact windows, due-date shifting).
 */

import Holidays from "date-holidays";
import type { HolidaysTypes } from "date-holidays";
import { AppError } from "../../shared/app-error.ts";
import { addDays, isValidIsoDate, weekday } from "../br/dates.ts";
import { isUf } from "../br/uf.ts";

/**
 * national: federal law, everyone stops; state: state law in that UF;
 * bank: not an official holiday but banks do not open (Carnival Monday and Tuesday,
 * Corpus Christi, the last weekday of the year), so payments and due dates move, while
 * contacting the debtor is allowed.
 */
export type HolidayScope = "national" | "state" | "bank";

export type Holiday = { date: string; name: string; scope: HolidayScope };

/** 20 November became a national holiday with Lei 14.759/2023, from 2024 on. */
const CONSCIENCIA_NEGRA_FROM = 2024;
const CONSCIENCIA_NEGRA_NAME = "Dia Nacional de Zumbi e da Consciência Negra";

// date-holidays parses its rule set on construction and on init(): keep one engine for
// the module and cache what it computes per year (national) and per (year, UF).
const ENGINE = new Holidays();

function rawHolidays(year: number, uf?: string): HolidaysTypes.Holiday[] {
  if (uf) ENGINE.init("BR", uf);
  else ENGINE.init("BR");
  return ENGINE.getHolidays(year, "pt");
}

type YearCalendar = { list: readonly Holiday[]; byDate: ReadonlyMap<string, Holiday> };

const NATIONAL = new Map<number, Map<string, Holiday>>();
const CALENDARS = new Map<string, YearCalendar>();

function isCarnival(name: string): boolean {
  return name.toLowerCase().startsWith("carnaval");
}

function isGoodFriday(name: string): boolean {
  return name.toLowerCase().startsWith("sexta-feira santa");
}

/** National and bank holidays of a year, one entry per date. */
function nationalOf(year: number): Map<string, Holiday> {
  const cached = NATIONAL.get(year);
  if (cached) return cached;
  const byDate = new Map<string, Holiday>();
  for (const h of rawHolidays(year)) {
    const date = h.date.slice(0, 10);
    let entry: Holiday | undefined;
    if (h.type === "public") {
      entry = { date, name: h.name, scope: "national" };
    } else if (isCarnival(h.name)) {
      // date-holidays lists Saturday to Wednesday; banks close Monday and Tuesday only.
      const wd = weekday(date);
      if (wd === 1) entry = { date, name: "Carnaval (segunda-feira)", scope: "bank" };
      else if (wd === 2) entry = { date, name: "Carnaval (terça-feira)", scope: "bank" };
    } else if (h.type === "bank" || isGoodFriday(h.name)) {
      entry = { date, name: h.name === "Corpo de Deus" ? "Corpus Christi" : h.name, scope: "bank" };
    }
    if (!entry) continue;
    const existing = byDate.get(date);
    if (!existing || rank(entry.scope) > rank(existing.scope)) byDate.set(date, entry);
  }
  // Banks close to the public and clear nothing on the last weekday of the year
  // (31 December, or the Friday before when it falls on a weekend); Febraban lets bills
  // due that day be paid on the next business day without charges.
  const lastWeekday = lastWeekdayOfYear(year);
  if (!byDate.has(lastWeekday)) byDate.set(lastWeekday, { date: lastWeekday, name: "Último dia útil do ano (sem expediente bancário)", scope: "bank" });
  if (year >= CONSCIENCIA_NEGRA_FROM) {
    const date = `${year}-11-20`;
    byDate.set(date, { date, name: CONSCIENCIA_NEGRA_NAME, scope: "national" });
  }
  NATIONAL.set(year, byDate);
  return byDate;
}

function lastWeekdayOfYear(year: number): string {
  const dec31 = `${year}-12-31`;
  const wd = weekday(dec31);
  return wd === 0 ? `${year}-12-29` : wd === 6 ? `${year}-12-30` : dec31;
}

function rank(scope: HolidayScope): number {
  return scope === "national" ? 3 : scope === "state" ? 2 : 1;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new AppError("invalid_input", `ano inválido: ${year}`);
}

function calendarOf(year: number, uf: string): YearCalendar {
  const key = `${year}${uf}`;
  const cached = CALENDARS.get(key);
  if (cached) return cached;
  assertYear(year);
  if (!isUf(uf)) throw new AppError("invalid_input", `UF desconhecida: ${uf}`);
  const byDate = new Map(nationalOf(year));
  for (const h of rawHolidays(year, uf)) {
    if (h.type !== "public") continue;
    const date = h.date.slice(0, 10);
    const existing = byDate.get(date);
    if (existing?.scope === "national") continue;
    // A state law can make a bank-only day a real holiday (Carnival Tuesday in RJ).
    byDate.set(date, { date, name: isCarnival(h.name) && existing ? existing.name : h.name, scope: "state" });
  }
  const list = Object.freeze([...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((h) => Object.freeze(h)));
  const calendar: YearCalendar = { list, byDate: new Map(list.map((h) => [h.date, h])) };
  CALENDARS.set(key, calendar);
  return calendar;
}

function yearOf(date: string): number {
  if (!isValidIsoDate(date)) throw new AppError("invalid_input", `data inválida (esperado AAAA-MM-DD): ${date}`);
  return Number(date.slice(0, 4));
}

/**
 * The holidays of a year in a UF, sorted by date, one per date (national wins over state
 * over bank): national ones, the state's, and bank closures (Carnival Monday/Tuesday,
 * Corpus Christi, last weekday of the year). 20 November is national from 2024 on in every UF. Cached.
 */
export function holidaysOf(year: number, uf: string): readonly Holiday[] {
  return calendarOf(year, uf).list;
}

/** The holiday on `date` in `uf`, if any. */
export function holidayOn(date: string, uf: string): Holiday | undefined {
  return calendarOf(yearOf(date), uf).byDate.get(date);
}

/** A day on which the debtor must not be contacted: national or state holiday (Carnival only where state law makes it one). */
export function isContactHoliday(date: string, uf: string): boolean {
  const h = holidayOn(date, uf);
  return h !== undefined && h.scope !== "bank";
}

/** A day banks do not open: national, state or bank holiday (Carnival Monday and Tuesday, Corpus Christi, last weekday of the year). */
export function isBankHoliday(date: string, uf: string): boolean {
  return holidayOn(date, uf) !== undefined;
}

/** Monday to Friday and not a bank holiday in `uf`. */
export function isBusinessDay(date: string, uf: string): boolean {
  const wd = weekday(date);
  return wd !== 0 && wd !== 6 && !isBankHoliday(date, uf);
}

/** `date` itself when it is a business day, else the next one (a due date on a holiday moves here). */
export function nextBusinessDay(date: string, uf: string): string {
  let d = date;
  while (!isBusinessDay(d, uf)) d = addDays(d, 1);
  return d;
}
