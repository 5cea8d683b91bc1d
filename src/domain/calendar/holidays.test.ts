import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UFS } from "../br/uf.ts";
import { holidayOn, holidaysOf, isBankHoliday, isBusinessDay, isContactHoliday, nextBusinessDay } from "./holidays.ts";

const NATIONAL_2025 = [
  "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-09-07", "2025-10-12", "2025-11-02", "2025-11-15",
  "2025-11-20", "2025-12-25",
];
const NATIONAL_2026 = [
  "2026-01-01", "2026-04-03", "2026-04-21", "2026-05-01", "2026-09-07", "2026-10-12", "2026-11-02", "2026-11-15",
  "2026-11-20", "2026-12-25",
];

describe("holidaysOf", () => {
  it("has every national holiday of 2025 and 2026 in every UF", () => {
    for (const { code } of UFS) {
      for (const date of [...NATIONAL_2025, ...NATIONAL_2026]) {
        assert.equal(holidayOn(date, code)?.scope, "national", `${date} ${code}`);
      }
    }
  });
  it("names the main ones", () => {
    assert.deepEqual(holidayOn("2026-04-03", "SP"), { date: "2026-04-03", name: "Sexta-Feira Santa", scope: "national" });
    assert.deepEqual(holidayOn("2026-11-20", "SP"), { date: "2026-11-20", name: "Dia Nacional de Zumbi e da Consciência Negra", scope: "national" });
    assert.deepEqual(holidayOn("2026-12-25", "RJ"), { date: "2026-12-25", name: "Natal", scope: "national" });
  });
  it("has 20 November for every UF from 2024 on (date-holidays drops it for SP, RJ, AM, MT)", () => {
    for (const year of [2024, 2025, 2026, 2030]) {
      for (const { code } of UFS) assert.equal(holidayOn(`${year}-11-20`, code)?.scope, "national", `${year} ${code}`);
    }
    assert.equal(isContactHoliday("2026-11-20", "SP"), true);
    assert.equal(isBusinessDay("2026-11-20", "SP"), false);
  });
  it("Carnival Monday and Tuesday are bank holidays, not contact holidays", () => {
    for (const date of ["2026-02-16", "2026-02-17", "2025-03-03", "2025-03-04"]) {
      assert.equal(holidayOn(date, "SP")?.scope, "bank", date);
      assert.equal(isContactHoliday(date, "SP"), false, date);
      assert.equal(isBankHoliday(date, "SP"), true, date);
      assert.equal(isBusinessDay(date, "SP"), false, date);
    }
    assert.equal(holidayOn("2026-02-16", "SP")?.name, "Carnaval (segunda-feira)");
    assert.equal(holidayOn("2026-02-18", "SP"), undefined, "Ash Wednesday: banks open at noon");
    assert.equal(holidayOn("2026-02-14", "SP"), undefined);
  });
  it("Carnival Tuesday is a state holiday in RJ (state law)", () => {
    assert.equal(holidayOn("2026-02-17", "RJ")?.scope, "state");
    assert.equal(isContactHoliday("2026-02-17", "RJ"), true);
    assert.equal(isContactHoliday("2026-02-16", "RJ"), false);
  });
  it("Corpus Christi closes banks but is not a contact holiday", () => {
    assert.deepEqual(holidayOn("2026-06-04", "SP"), { date: "2026-06-04", name: "Corpus Christi", scope: "bank" });
    assert.equal(isContactHoliday("2026-06-04", "SP"), false);
    assert.equal(isBusinessDay("2026-06-04", "SP"), false);
  });
  it("state holidays belong to their state only", () => {
    assert.equal(holidayOn("2025-07-09", "SP")?.name, "Revolução Constitucionalista");
    assert.equal(holidayOn("2025-07-09", "SP")?.scope, "state");
    assert.equal(holidayOn("2025-07-09", "RJ"), undefined);
    assert.equal(isContactHoliday("2025-07-09", "SP"), true);
    assert.equal(isContactHoliday("2025-07-09", "RJ"), false);
    assert.deepEqual(holidayOn("2026-04-23", "RJ"), { date: "2026-04-23", name: "Dia de São Jorge", scope: "state" });
    assert.equal(holidayOn("2026-04-23", "SP"), undefined);
    assert.equal(holidayOn("2026-07-02", "BA")?.scope, "state");
    assert.equal(holidayOn("2026-09-05", "AM")?.scope, "state");
  });
  it("leaves municipal holidays out (São Paulo city's anniversary on 25 January)", () => {
    assert.equal(holidayOn("2026-01-25", "SP"), undefined);
    assert.equal(isContactHoliday("2026-01-25", "SP"), false);
  });
  it("skips observances (Mother's Day, Valentine's Day, Christmas Eve, Easter Sunday)", () => {
    for (const date of ["2026-05-10", "2026-06-12", "2026-12-24", "2026-04-05"]) assert.equal(holidayOn(date, "SP"), undefined, date);
  });
  it("the last weekday of the year is a bank holiday (Febraban), not a contact holiday", () => {
    for (const date of ["2025-12-31", "2026-12-31", "2023-12-29", "2022-12-30"]) {
      assert.equal(holidayOn(date, "MG")?.scope, "bank", date);
      assert.equal(isContactHoliday(date, "MG"), false, date);
    }
    assert.equal(holidayOn("2023-12-31", "MG"), undefined);
    assert.equal(holidayOn("2023-12-28", "MG"), undefined);
  });
  it("is sorted, one entry per date, and cached (same array on each call)", () => {
    const list = holidaysOf(2026, "SP");
    assert.deepEqual([...list].map((h) => h.date), [...new Set(list.map((h) => h.date))].sort());
    assert.equal(holidaysOf(2026, "SP"), list);
    assert.ok(Object.isFrozen(list));
  });
  it("rejects unknown UFs and bad dates", () => {
    assert.throws(() => holidaysOf(2026, "XX"), { code: "invalid_input" });
    assert.throws(() => holidaysOf(2026, "sp"), { code: "invalid_input" });
    assert.throws(() => isBusinessDay("2026-02-30", "SP"), { code: "invalid_input" });
  });
});

describe("business days", () => {
  it("weekends are not business days", () => {
    assert.equal(isBusinessDay("2026-03-07", "SP"), false);
    assert.equal(isBusinessDay("2026-03-08", "SP"), false);
    assert.equal(isBusinessDay("2026-03-09", "SP"), true);
  });
  const table: [string, string, string][] = [
    ["2026-03-10", "SP", "2026-03-10"], // a Tuesday
    ["2026-03-07", "SP", "2026-03-09"], // Saturday → Monday
    ["2026-04-03", "SP", "2026-04-06"], // Good Friday + weekend
    ["2026-02-14", "SP", "2026-02-18"], // Carnival Saturday → Ash Wednesday
    ["2026-11-20", "SP", "2026-11-23"], // Friday 20 November → Monday
    ["2026-04-21", "RJ", "2026-04-22"], // Tiradentes, Tuesday
    ["2026-04-22", "RJ", "2026-04-22"],
    ["2026-04-23", "RJ", "2026-04-24"], // São Jorge in RJ
    ["2026-04-23", "SP", "2026-04-23"],
    ["2025-07-09", "SP", "2025-07-10"], // Revolução Constitucionalista
    ["2026-12-25", "SP", "2026-12-28"], // Christmas Friday → Monday
    ["2025-12-31", "SP", "2026-01-02"], // no bank business on 31 December, then New Year
    ["2025-12-30", "SP", "2025-12-30"],
    ["2026-01-01", "SP", "2026-01-02"],
  ];
  for (const [date, uf, expected] of table) {
    it(`nextBusinessDay(${date}, ${uf}) = ${expected}`, () => assert.equal(nextBusinessDay(date, uf), expected));
  }
});
