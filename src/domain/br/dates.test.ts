import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { UFS } from "./uf.ts";
import {
  addDays, addMonths, dateOfDayNumber, dayNumber, diffDays, formatDateBr, instantAt, isValidIsoDate, localDateOf, localPartsOf,
  parseDate, weekday,
} from "./dates.ts";

/** Arbitrary real dates 1900-01-01 … 2199-12-31 as YYYY-MM-DD (built with Date only as an oracle). */
const isoDate = fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2199, 11, 31) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

describe("parseDate — accepted", () => {
  const table: [string, string][] = [
    ["10/03/2026", "2026-03-10"],
    ["1/3/2026", "2026-03-01"],
    ["01/3/2026", "2026-03-01"],
    ["10/03/26", "2026-03-10"],
    ["10/03/69", "2069-03-10"],
    ["10/03/70", "1970-03-10"],
    ["01/01/00", "2000-01-01"],
    ["2026-03-10", "2026-03-10"],
    ["2026-3-1", "2026-03-01"],
    ["2026/03/10", "2026-03-10"],
    ["10-03-2026", "2026-03-10"],
    ["10.03.2026", "2026-03-10"],
    [" 10/03/2026 ", "2026-03-10"],
    ["29/02/2024", "2024-02-29"],
    ["29/02/2000", "2000-02-29"],
    ["31/12/2199", "2199-12-31"],
    ["01/01/1900", "1900-01-01"],
    ["10/03/2026 00:00:00", "2026-03-10"],
    ["10/03/2026 00:00", "2026-03-10"],
    ["2026-03-10T00:00:00", "2026-03-10"],
    ["2026-03-10T00:00:00.000Z", "2026-03-10"],
  ];
  for (const [input, date] of table) it(JSON.stringify(input), () => assert.deepEqual(parseDate(input), { ok: true, date }));
});

describe("parseDate — rejected with their reasons", () => {
  const table: [string, string][] = [
    ["", "vazio"],
    ["  ", "vazio"],
    ["31/02/2026", "data inexistente: 31/02/2026"],
    ["29/02/2026", "data inexistente: 29/02/2026"],
    ["29/02/1900", "data inexistente: 29/02/1900"],
    ["31/04/2026", "data inexistente: 31/04/2026"],
    ["00/01/2026", "data inexistente: 00/01/2026"],
    ["10/13/2026", "data inexistente: 10/13/2026"],
    ["10/00/2026", "data inexistente: 10/00/2026"],
    ["2026-02-30", "data inexistente: 2026-02-30"],
    ["10/03/1899", "ano fora do intervalo aceito (1900–2199): 10/03/1899"],
    ["10/03/0226", "ano fora do intervalo aceito (1900–2199): 10/03/0226"],
    ["10/03/20226", "formato de data não reconhecido (use dd/mm/aaaa): 10/03/20226"],
    ["10/03/226", "formato de data não reconhecido (use dd/mm/aaaa): 10/03/226"],
    ["10/03-2026", "formato de data não reconhecido (use dd/mm/aaaa): 10/03-2026"],
    ["2026.03.10", "formato de data não reconhecido (use dd/mm/aaaa): 2026.03.10"],
    ["10 de março de 2026", "formato de data não reconhecido (use dd/mm/aaaa): 10 de março de 2026"],
    ["46090", "formato de data não reconhecido (use dd/mm/aaaa): 46090"],
    ["10/03", "formato de data não reconhecido (use dd/mm/aaaa): 10/03"],
    ["10/03/2026 25h", "formato de data não reconhecido (use dd/mm/aaaa): 10/03/2026 25h"],
    ["10/03/2026/1", "formato de data não reconhecido (use dd/mm/aaaa): 10/03/2026/1"],
  ];
  for (const [input, reason] of table) it(JSON.stringify(input), () => assert.deepEqual(parseDate(input), { ok: false, reason }));
});

describe("calendar arithmetic", () => {
  it("addDays across month, year and leap day", () => {
    assert.equal(addDays("2026-02-28", 1), "2026-03-01");
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2025-12-31", 1), "2026-01-01");
    assert.equal(addDays("2026-01-01", -1), "2025-12-31");
    assert.equal(addDays("2026-03-10", 0), "2026-03-10");
    assert.equal(addDays("2026-03-10", 365), "2027-03-10");
    assert.equal(addDays("1970-01-01", -1), "1969-12-31");
  });
  it("diffDays", () => {
    assert.equal(diffDays("2026-03-10", "2026-03-10"), 0);
    assert.equal(diffDays("2026-03-01", "2026-02-28"), 1);
    assert.equal(diffDays("2025-01-01", "2020-01-01"), 1827);
    assert.equal(diffDays("2020-01-01", "2025-01-01"), -1827);
  });
  it("weekday (0 = Sunday)", () => {
    assert.equal(weekday("2026-03-08"), 0);
    assert.equal(weekday("2026-03-10"), 2);
    assert.equal(weekday("2026-03-14"), 6);
    assert.equal(weekday("1970-01-01"), 4);
    assert.equal(weekday("1969-12-28"), 0);
  });
  it("addMonths clamps to the end of the month", () => {
    assert.equal(addMonths("2026-01-31", 1), "2026-02-28");
    assert.equal(addMonths("2024-01-31", 1), "2024-02-29");
    assert.equal(addMonths("2026-03-31", 1), "2026-04-30");
    assert.equal(addMonths("2026-01-15", 12), "2027-01-15");
    assert.equal(addMonths("2026-01-15", -1), "2025-12-15");
    assert.equal(addMonths("2026-03-31", -1), "2026-02-28");
    assert.equal(addMonths("2026-05-10", -17), "2024-12-10");
    assert.equal(addMonths("2026-05-10", 0), "2026-05-10");
  });
  it("isValidIsoDate", () => {
    for (const s of ["2026-03-10", "2024-02-29", "2000-02-29"]) assert.equal(isValidIsoDate(s), true, s);
    for (const s of ["2026-02-29", "1900-02-29", "2026-3-10", "2026-13-01", "2026-00-10", "2026-01-00", "10/03/2026", "2026-03-10T00:00", "", "2026_03_10"]) {
      assert.equal(isValidIsoDate(s), false, s);
    }
  });
  it("rejects bad input with invalid_input", () => {
    assert.throws(() => addDays("2026-02-30", 1), { code: "invalid_input" });
    assert.throws(() => formatDateBr("10/03/2026"), { code: "invalid_input" });
  });
  it("formatDateBr", () => {
    assert.equal(formatDateBr("2026-03-10"), "10/03/2026");
    assert.equal(formatDateBr("1999-12-01"), "01/12/1999");
  });
});

describe("calendar properties", () => {
  it("parseDate(formatDateBr(d)) round trips", () => {
    fc.assert(fc.property(isoDate, (d) => assert.deepEqual(parseDate(formatDateBr(d)), { ok: true, date: d })));
  });
  it("addDays, diffDays and weekday agree with Date.UTC", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const ms = Date.parse(`${d}T00:00:00Z`);
        const expected = new Date(ms + n * 86_400_000).toISOString().slice(0, 10);
        assert.equal(addDays(d, n), expected);
        assert.equal(diffDays(expected, d), n);
        assert.equal(weekday(d), new Date(ms).getUTCDay());
        assert.equal(dateOfDayNumber(dayNumber(d)), d);
      }),
    );
  });
  it("addMonths keeps the day when it exists and never leaves the target month", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -120, max: 120 }), (d, n) => {
        const r = addMonths(d, n);
        assert.ok(isValidIsoDate(r));
        const months = (Number(r.slice(0, 4)) - Number(d.slice(0, 4))) * 12 + Number(r.slice(5, 7)) - Number(d.slice(5, 7));
        assert.equal(months, n);
        if (Number(d.slice(8)) <= 28) assert.equal(r.slice(8), d.slice(8));
      }),
    );
  });
});

describe("time zones", () => {
  it("localDateOf: late evening in Manaus is still the previous day there", () => {
    const at = new Date("2026-03-10T02:00:00Z");
    assert.equal(localDateOf(at, "America/Manaus"), "2026-03-09");
    assert.equal(localDateOf(at, "America/Sao_Paulo"), "2026-03-09");
    assert.equal(localDateOf(at, "America/Noronha"), "2026-03-10");
    assert.equal(localDateOf(new Date("2026-03-10T04:00:00Z"), "America/Rio_Branco"), "2026-03-09");
    assert.equal(localDateOf(new Date("2026-03-10T05:00:00Z"), "America/Rio_Branco"), "2026-03-10");
  });
  it("localPartsOf: a debtor in Manaus at 07:59 on a Tuesday", () => {
    assert.deepEqual(localPartsOf(new Date("2026-03-10T11:59:00Z"), "America/Manaus"), { date: "2026-03-10", hour: 7, minute: 59, weekday: 2 });
    assert.deepEqual(localPartsOf(new Date("2026-03-10T11:59:00Z"), "America/Sao_Paulo"), { date: "2026-03-10", hour: 8, minute: 59, weekday: 2 });
  });
  it("instantAt: 08:00 local in each Brazilian offset", () => {
    assert.equal(instantAt("2026-03-10", "08:00", "America/Sao_Paulo").toISOString(), "2026-03-10T11:00:00.000Z");
    assert.equal(instantAt("2026-03-10", "08:00", "America/Manaus").toISOString(), "2026-03-10T12:00:00.000Z");
    assert.equal(instantAt("2026-03-10", "08:00", "America/Rio_Branco").toISOString(), "2026-03-10T13:00:00.000Z");
    assert.equal(instantAt("2026-03-10", "00:00", "America/Fortaleza").toISOString(), "2026-03-10T03:00:00.000Z");
  });
  it("instantAt was right in Brazil's last DST season (2018-11-04 to 2019-02-16)", () => {
    assert.equal(instantAt("2019-01-15", "08:00", "America/Sao_Paulo").toISOString(), "2019-01-15T10:00:00.000Z");
    assert.equal(instantAt("2019-01-15", "08:00", "America/Manaus").toISOString(), "2019-01-15T12:00:00.000Z");
    // 2018-11-04 00:00 did not exist in São Paulo: clocks went from 23:59:59 to 01:00
    assert.equal(instantAt("2018-11-04", "00:30", "America/Sao_Paulo").toISOString(), "2018-11-04T03:30:00.000Z");
  });
  it("instantAt handles DST gaps and overlaps in other zones", () => {
    // New York 2026-03-08 02:30 does not exist: the instant just after the jump (03:30 EDT)
    assert.equal(instantAt("2026-03-08", "02:30", "America/New_York").toISOString(), "2026-03-08T07:30:00.000Z");
    const overlap = instantAt("2026-11-01", "01:30", "America/New_York");
    assert.deepEqual(localPartsOf(overlap, "America/New_York"), { date: "2026-11-01", hour: 1, minute: 30, weekday: 0 });
    assert.equal(instantAt("2026-07-01", "12:00", "Europe/Lisbon").toISOString(), "2026-07-01T11:00:00.000Z");
    assert.equal(instantAt("2026-07-01", "12:00", "Asia/Kolkata").toISOString(), "2026-07-01T06:30:00.000Z");
  });
  it("rejects bad zones and times", () => {
    assert.throws(() => localDateOf(new Date(0), "America/Atlantida"), { code: "invalid_input" });
    assert.throws(() => instantAt("2026-03-10", "8:00", "America/Sao_Paulo"), { code: "invalid_input" });
    assert.throws(() => instantAt("2026-03-10", "24:00", "America/Sao_Paulo"), { code: "invalid_input" });
    assert.throws(() => localPartsOf(new Date(Number.NaN), "America/Sao_Paulo"), { code: "invalid_input" });
  });
  it("instantAt / localPartsOf round trip for all 27 UF zones", () => {
    const zones = [...new Set(UFS.map((u) => u.timeZone))];
    fc.assert(
      fc.property(fc.constantFrom(...zones), isoDate.filter((d) => d >= "1990-01-01" && d <= "2100-12-31"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (zone, date, h, m) => {
        const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
        const at = instantAt(date, time, zone);
        const parts = localPartsOf(at, zone);
        if (parts.date === date && parts.hour === h && parts.minute === m) {
          assert.equal(parts.weekday, weekday(date));
          assert.equal(localDateOf(at, zone), date);
        } else {
          // only a wall time skipped by a DST jump (Brazil had DST until 2019) may move, and only forward by under two hours
          const wall = Date.parse(`${date}T${time}:00Z`);
          const shown = Date.parse(`${parts.date}T${String(parts.hour).padStart(2, "0")}:${String(parts.minute).padStart(2, "0")}:00Z`);
          assert.ok(shown > wall && shown - wall <= 2 * 3_600_000, `${zone} ${date} ${time} → ${JSON.stringify(parts)}`);
          assert.ok(date < "2020-01-01", `no DST in Brazil since 2019: ${zone} ${date} ${time}`);
        }
      }),
      { numRuns: 500 },
    );
  });
  it("localPartsOf agrees with Intl on arbitrary instants", () => {
    const zones = [...new Set(UFS.map((u) => u.timeZone)), "America/New_York", "Europe/Lisbon", "Australia/Lord_Howe"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2080, 0, 1) }), (zone, ms) => {
        const f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
        const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
        const parts = localPartsOf(new Date(ms), zone);
        assert.deepEqual([parts.date, parts.hour, parts.minute], [`${p.year}-${p.month}-${p.day}`, Number(p.hour), Number(p.minute)]);
      }),
      { numRuns: 500 },
    );
  });
});
