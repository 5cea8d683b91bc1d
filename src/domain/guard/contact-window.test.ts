import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AppError } from "../../shared/app-error.ts";
import { UFS } from "../br/uf.ts";
import {
  DEFAULT_CHANNEL_WINDOWS, DEFAULT_CONTACT_WINDOWS, formatDayWindow, isContactAllowed, localDayOf, localInstant, nextContactInstant, parseDayWindow,
  validateChannelWindows, validateContactWindows, windowOn, windowsFor, type ContactWindows,
} from "./contact-window.ts";

const D = DEFAULT_CONTACT_WINDOWS;

describe("nextContactInstant: boundary table (default windows)", () => {
  // [case, at, uf, expected]
  const table: [string, string, string, string | null][] = [
    // São Paulo, UTC-3 (Mon 2025-06-02 … Sun 2025-06-08)
    ["SP Monday 07:59 → 08:00 the same day", "2025-06-02T10:59:00Z", "SP", "2025-06-02T11:00:00.000Z"],
    ["SP Monday 07:59:59.999 → 08:00", "2025-06-02T10:59:59.999Z", "SP", "2025-06-02T11:00:00.000Z"],
    ["SP Monday 08:00 is allowed", "2025-06-02T11:00:00Z", "SP", "2025-06-02T11:00:00.000Z"],
    ["SP Monday 10:00 is allowed (at itself, normalised)", "2025-06-02T10:00:00-03:00", "SP", "2025-06-02T13:00:00.000Z"],
    ["SP Monday 19:59 is allowed", "2025-06-02T22:59:00Z", "SP", "2025-06-02T22:59:00.000Z"],
    ["SP Monday 20:00 → Tuesday 08:00", "2025-06-02T23:00:00Z", "SP", "2025-06-03T11:00:00.000Z"],
    ["SP Friday 19:59 is allowed", "2025-06-06T22:59:00Z", "SP", "2025-06-06T22:59:00.000Z"],
    ["SP Friday 20:00 → Saturday 08:00", "2025-06-06T23:00:00Z", "SP", "2025-06-07T11:00:00.000Z"],
    ["SP Saturday 07:00 → Saturday 08:00", "2025-06-07T10:00:00Z", "SP", "2025-06-07T11:00:00.000Z"],
    ["SP Saturday 13:59 is allowed", "2025-06-07T16:59:00Z", "SP", "2025-06-07T16:59:00.000Z"],
    ["SP Saturday 14:00 → Monday 08:00", "2025-06-07T17:00:00Z", "SP", "2025-06-09T11:00:00.000Z"],
    ["SP Sunday noon → Monday 08:00", "2025-06-08T15:00:00Z", "SP", "2025-06-09T11:00:00.000Z"],
    ["SP Sunday 23:59 → Monday 08:00", "2025-06-09T02:59:00Z", "SP", "2025-06-09T11:00:00.000Z"],
    // Manaus, UTC-4
    ["AM Sunday → Monday 08:00 = 12:00Z", "2025-06-08T15:00:00Z", "AM", "2025-06-09T12:00:00.000Z"],
    ["AM Monday 07:59 (11:59Z) → 12:00Z", "2025-06-09T11:59:00Z", "AM", "2025-06-09T12:00:00.000Z"],
    ["AM Monday 08:00 is allowed", "2025-06-09T12:00:00Z", "AM", "2025-06-09T12:00:00.000Z"],
    ["AM Saturday 13:59 (17:59Z) is allowed", "2025-06-07T17:59:00Z", "AM", "2025-06-07T17:59:00.000Z"],
    ["AM Saturday 14:00 (18:00Z) → Monday 12:00Z", "2025-06-07T18:00:00Z", "AM", "2025-06-09T12:00:00.000Z"],
    // Acre, UTC-5
    ["AC Sunday → Monday 08:00 = 13:00Z", "2025-06-08T15:00:00Z", "AC", "2025-06-09T13:00:00.000Z"],
    ["AC Monday 07:59 (12:59Z) → 13:00Z", "2025-06-09T12:59:00Z", "AC", "2025-06-09T13:00:00.000Z"],
    ["AC Friday 19:59 is Saturday 00:59Z", "2025-06-07T00:59:00Z", "AC", "2025-06-07T00:59:00.000Z"],
    ["AC Friday 20:00 (Sat 01:00Z) → Saturday 08:00 (13:00Z)", "2025-06-07T01:00:00Z", "AC", "2025-06-07T13:00:00.000Z"],
    ["AC Monday 21:00 while it is already Tuesday in SP → Tuesday 08:00 AC", "2025-06-10T02:00:00Z", "AC", "2025-06-10T13:00:00.000Z"],
    // Other zones of the mapping: Cuiabá and Porto Velho are UTC-4, Fortaleza and Recife UTC-3
    ["MT Sunday → Monday 12:00Z", "2025-06-08T15:00:00Z", "MT", "2025-06-09T12:00:00.000Z"],
    ["RO Sunday → Monday 12:00Z", "2025-06-08T15:00:00Z", "RO", "2025-06-09T12:00:00.000Z"],
    ["PE Sunday → Monday 11:00Z", "2025-06-08T15:00:00Z", "PE", "2025-06-09T11:00:00.000Z"],
    // National holidays
    ["Tiradentes (Mon 21/04/2025) in SP → Tuesday 08:00", "2025-04-21T13:00:00Z", "SP", "2025-04-22T11:00:00.000Z"],
    ["Labour Day (Thu 01/05/2025) in AM → Friday 08:00 Manaus", "2025-05-01T13:00:00Z", "AM", "2025-05-02T12:00:00.000Z"],
    ["Labour Day eve at 20:00 SP → skips the holiday to Friday", "2025-04-30T23:00:00Z", "SP", "2025-05-02T11:00:00.000Z"],
    // State holidays
    ["SP state holiday 09/07/2025 (Wed) → Thursday 08:00", "2025-07-09T13:00:00Z", "SP", "2025-07-10T11:00:00.000Z"],
    ["…the same instant in RJ is allowed", "2025-07-09T13:00:00Z", "RJ", "2025-07-09T13:00:00.000Z"],
    ["AM state holiday Fri 05/09/2025 → Saturday 08:00 Manaus", "2025-09-05T13:00:00Z", "AM", "2025-09-06T12:00:00.000Z"],
    ["RJ São Jorge 23/04/2025 (Wed) → Thursday", "2025-04-23T13:00:00Z", "RJ", "2025-04-24T11:00:00.000Z"],
    // 20 November (national from 2024; date-holidays drops it for SP)
    ["20/11/2025 (Thu) in SP → Friday 08:00", "2025-11-20T13:00:00Z", "SP", "2025-11-21T11:00:00.000Z"],
    ["20/11/2025 in AM → Friday 08:00 Manaus", "2025-11-20T13:00:00Z", "AM", "2025-11-21T12:00:00.000Z"],
    ["19/11/2025 20:00 SP → skips 20/11", "2025-11-19T23:00:00Z", "SP", "2025-11-21T11:00:00.000Z"],
    // Carnival: only a bank holiday, except where state law makes it one (Tuesday in RJ)
    ["Carnival Tuesday 04/03/2025 in SP is allowed", "2025-03-04T13:00:00Z", "SP", "2025-03-04T13:00:00.000Z"],
    ["Carnival Monday 03/03/2025 in RJ is allowed", "2025-03-03T13:00:00Z", "RJ", "2025-03-03T13:00:00.000Z"],
    ["Carnival Tuesday 04/03/2025 in RJ → Ash Wednesday 08:00", "2025-03-04T13:00:00Z", "RJ", "2025-03-05T11:00:00.000Z"],
    // A holiday followed by a weekend, and a holiday on a Saturday
    ["20/11/2026 (Fri) SP → Saturday 21/11 08:00", "2026-11-20T18:00:00Z", "SP", "2026-11-21T11:00:00.000Z"],
    ["Good Friday 03/04/2026 SP → Saturday 08:00", "2026-04-03T12:00:00Z", "SP", "2026-04-04T11:00:00.000Z"],
    ["Good Friday 03/04/2026 AC → Saturday 08:00 Rio Branco", "2026-04-03T12:00:00Z", "AC", "2026-04-04T13:00:00.000Z"],
    ["Christmas 2026 (Fri) 16:00 → Saturday 26/12 08:00", "2026-12-25T19:00:00Z", "SP", "2026-12-26T11:00:00.000Z"],
    ["Proclamação 15/11/2025 (Sat) → Monday 17/11 08:00", "2025-11-15T12:00:00Z", "SP", "2025-11-17T11:00:00.000Z"],
    ["Thursday before Good Friday 2026, 20:00 → Saturday 08:00", "2026-04-02T23:00:00Z", "SP", "2026-04-04T11:00:00.000Z"],
    // Under the daylight saving time Brazil had until 2019 (UTC-2 in summer)
    ["SP Sunday 13/01/2019 (DST) → Monday 08:00 = 10:00Z", "2019-01-13T15:00:00Z", "SP", "2019-01-14T10:00:00.000Z"],
    ["SP Friday 15/02/2019 20:00 (last DST weekend) → Saturday 08:00 -03", "2019-02-15T22:00:00Z", "SP", "2019-02-16T10:00:00.000Z"],
    ["SP Sunday 17/02/2019 (DST ended at midnight) → Monday 08:00 -03", "2019-02-17T15:00:00Z", "SP", "2019-02-18T11:00:00.000Z"],
  ];
  for (const [name, at, uf, expected] of table) {
    it(name, () => assert.equal(nextContactInstant(at, uf, D), expected));
  }

  it("Fernando de Noronha (PE, UTC-2) when the caller passes its zone: the UF mapping gives Recife", () => {
    assert.equal(nextContactInstant("2025-06-08T15:00:00Z", "PE", D, "America/Noronha"), "2025-06-09T10:00:00.000Z");
    assert.equal(nextContactInstant("2025-06-09T09:59:00Z", "PE", D, "America/Noronha"), "2025-06-09T10:00:00.000Z");
    assert.equal(isContactAllowed("2025-06-09T21:59:00Z", "PE", D, "America/Noronha"), true);
    assert.equal(isContactAllowed("2025-06-09T22:00:00Z", "PE", D, "America/Noronha"), false, "20:00 in Noronha");
    assert.equal(isContactAllowed("2025-06-09T22:00:00Z", "PE", D), true, "19:00 in Recife");
    // PE's state holidays still apply: Revolução Pernambucana (Sun 02/03/2025) is followed by Carnival Monday, allowed.
    assert.equal(nextContactInstant("2025-03-02T12:00:00Z", "PE", D, "America/Noronha"), "2025-03-03T10:00:00.000Z");
  });

  it("returns null when nothing opens within the horizon, and the horizon is 30 days", () => {
    const never: ContactWindows = { weekday: null, saturday: null, sunday: null, holidays: null };
    assert.equal(nextContactInstant("2025-06-02T13:00:00Z", "SP", never), null);
    const sundaysOnly: ContactWindows = { weekday: null, saturday: null, sunday: { from: "10:00", to: "11:00" }, holidays: null };
    assert.equal(nextContactInstant("2025-06-02T13:00:00Z", "SP", sundaysOnly), "2025-06-08T13:00:00.000Z");
    // Sundays only, and 7 September 2025 is a Sunday holiday: the next Sunday after it.
    assert.equal(nextContactInstant("2025-09-01T13:00:00Z", "SP", sundaysOnly), "2025-09-14T13:00:00.000Z");
  });

  it("a holiday window narrows the day, it never opens a closed day", () => {
    const w: ContactWindows = { ...D, holidays: { from: "10:00", to: "12:00" } };
    assert.equal(nextContactInstant("2025-04-21T11:00:00Z", "SP", w), "2025-04-21T13:00:00.000Z", "Tiradentes, Monday 08:00 → 10:00");
    assert.equal(nextContactInstant("2025-04-21T15:00:00Z", "SP", w), "2025-04-22T11:00:00.000Z", "after 12:00 → Tuesday");
    assert.equal(isContactAllowed("2025-09-07T14:00:00Z", "SP", w), false, "7 September 2025 is a Sunday");
    assert.equal(nextContactInstant("2025-11-15T12:00:00Z", "SP", w), "2025-11-15T13:00:00.000Z", "Saturday holiday 10:00–12:00");
    assert.deepEqual(windowOn("2025-11-15", "SP", w), { kind: "holidays", window: { from: "10:00", to: "12:00" } });
    assert.deepEqual(windowOn("2025-11-15", "SP", { ...D, holidays: { from: "13:00", to: "18:00" } }), { kind: "holidays", window: { from: "13:00", to: "14:00" } });
    assert.deepEqual(windowOn("2025-06-07", "SP", D), { kind: "saturday", window: { from: "08:00", to: "14:00" } });
  });

  it("a window ending at 24:00 covers the last minute of the day", () => {
    const w: ContactWindows = { ...D, weekday: { from: "08:00", to: "24:00" } };
    assert.equal(isContactAllowed("2025-06-03T02:59:00Z", "SP", w), true, "Monday 23:59 SP");
    assert.equal(nextContactInstant("2025-06-03T03:00:00Z", "SP", w), "2025-06-03T11:00:00.000Z");
  });

  it("refuses instants without an offset and unknown UFs", () => {
    for (const bad of ["2025-06-02T10:00:00", "2025-06-02", "ontem", "2025-13-02T10:00:00Z"]) {
      assert.throws(() => nextContactInstant(bad, "SP", D), (e: unknown) => e instanceof AppError && e.code === "invalid_input" && e.message.includes(bad), bad);
    }
    assert.throws(() => nextContactInstant("2025-06-02T10:00:00Z", "XX", D), /UF desconhecida: XX/);
  });
});

describe("isContactAllowed", () => {
  const table: [string, string, boolean][] = [
    ["2025-06-02T10:59:00Z", "SP", false],
    ["2025-06-02T11:00:00Z", "SP", true],
    ["2025-06-02T22:59:59Z", "SP", true],
    ["2025-06-02T23:00:00Z", "SP", false],
    ["2025-06-07T16:59:00Z", "SP", true],
    ["2025-06-07T17:00:00Z", "SP", false],
    ["2025-06-08T15:00:00Z", "SP", false],
    ["2025-06-02T11:00:00Z", "AM", false],
    ["2025-06-02T12:00:00Z", "AM", true],
    ["2025-06-02T12:00:00Z", "AC", false],
    ["2025-06-02T13:00:00Z", "AC", true],
    ["2025-11-20T13:00:00Z", "SP", false],
    ["2025-03-04T13:00:00Z", "SP", true],
    ["2025-03-04T13:00:00Z", "RJ", false],
  ];
  for (const [at, uf, expected] of table) it(`${at} ${uf} → ${expected}`, () => assert.equal(isContactAllowed(at, uf, D), expected));
});

describe("localDayOf and localInstant", () => {
  it("gives the debtor's calendar day", () => {
    assert.equal(localDayOf("2025-06-10T02:00:00Z", "SP"), "2025-06-09");
    assert.equal(localDayOf("2025-06-10T03:00:00Z", "SP"), "2025-06-10");
    assert.equal(localDayOf("2025-06-10T03:00:00Z", "AM"), "2025-06-09");
    assert.equal(localDayOf("2025-06-10T04:59:59Z", "AC"), "2025-06-09");
    assert.equal(localDayOf("2025-06-10T05:00:00Z", "AC"), "2025-06-10");
    assert.equal(localDayOf("2025-06-10T01:59:00Z", "PE", "America/Noronha"), "2025-06-09");
    assert.equal(localDayOf("2025-06-10T02:00:00Z", "PE", "America/Noronha"), "2025-06-10");
  });
  it("gives the UTC instant of a local wall time in each zone", () => {
    assert.equal(localInstant("2025-06-09", "08:00", "SP"), "2025-06-09T11:00:00.000Z");
    assert.equal(localInstant("2025-06-09", "08:00", "AM"), "2025-06-09T12:00:00.000Z");
    assert.equal(localInstant("2025-06-09", "08:00", "AC"), "2025-06-09T13:00:00.000Z");
    assert.equal(localInstant("2025-06-09", "08:00", "PE", "America/Noronha"), "2025-06-09T10:00:00.000Z");
    assert.equal(localInstant("2025-06-09", "23:30", "AC"), "2025-06-10T04:30:00.000Z");
    assert.equal(localInstant("2019-01-14", "08:00", "SP"), "2019-01-14T10:00:00.000Z", "summer time of 2019");
    // 4 November 2018: clocks jumped from 00:00 to 01:00; 00:30 did not exist and maps after the jump.
    assert.equal(localInstant("2018-11-04", "00:30", "SP"), "2018-11-04T03:30:00.000Z");
  });
  it("round-trips for every UF", () => {
    for (const { code } of UFS) {
      const at = localInstant("2025-08-12", "09:15", code);
      assert.equal(localDayOf(at, code), "2025-08-12", code);
      assert.equal(isContactAllowed(at, code, D), true, code);
    }
  });
});

describe("windows: parsing, formatting and validation", () => {
  it("parses the CLI form", () => {
    assert.deepEqual(parseDayWindow("09:00-18:00", "--weekdays"), { from: "09:00", to: "18:00" });
    assert.deepEqual(parseDayWindow(" 9:00 - 13:30 ", "--saturday"), { from: "09:00", to: "13:30" });
    assert.deepEqual(parseDayWindow("08:00 às 12:00", "--saturday"), { from: "08:00", to: "12:00" });
    assert.deepEqual(parseDayWindow("10:00-24:00", "--weekdays"), { from: "10:00", to: "24:00" });
    assert.equal(parseDayWindow("nenhum", "--sunday"), null);
    assert.equal(parseDayWindow("NENHUM", "--sunday"), null);
    assert.equal(formatDayWindow({ from: "09:00", to: "18:00" }), "09:00–18:00");
    assert.equal(formatDayWindow(null), "nenhum");
  });
  it("refuses malformed windows with clear Portuguese messages", () => {
    const cases: [string, string][] = [
      ["9-13", '--saturday: use HH:MM-HH:MM (ex.: 09:00-18:00) ou "nenhum" (recebido "9-13")'],
      ["14:00-08:00", "--saturday: o início (14:00) deve ser antes do fim (08:00)"],
      ["10:00-10:00", "--saturday: o início (10:00) deve ser antes do fim (10:00)"],
      ["25:00-26:00", "--saturday: horário inicial inválido (use HH:MM, de 00:00 a 23:59): 25:00"],
      ["08:00-24:01", "--saturday: horário final inválido (use HH:MM, de 00:01 a 24:00): 24:01"],
      ["08:60-12:00", "--saturday: horário inicial inválido (use HH:MM, de 00:00 a 23:59): 08:60"],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseDayWindow(text, "--saturday"), (e: unknown) => e instanceof AppError && e.code === "validation" && e.message === message && e.errors[0]?.field === "--saturday", text);
    }
  });
  it("validates windows given as data, naming the field", () => {
    assert.deepEqual(validateContactWindows(structuredClone(D)), D);
    const expectError = (value: unknown, field: string, fragment: string) =>
      assert.throws(() => validateChannelWindows(value), (e: unknown) => e instanceof AppError && e.errors[0]?.field === field && e.message.includes(fragment), `${field}: ${fragment}`);
    expectError({}, "windows.default", "obrigatório");
    expectError({ default: { ...D, saturday: { from: "14:00", to: "08:00" } } }, "windows.default.saturday", "o início (14:00) deve ser antes do fim (08:00)");
    expectError({ default: { weekday: D.weekday, saturday: null, sunday: null } }, "windows.default.holidays", "obrigatório");
    expectError({ default: D, fax: D }, "windows.fax", "canal desconhecido");
    expectError({ default: D, sms: { ...D, sunday: "nenhum" } }, "windows.sms.sunday", "use {\"from\"");
    expectError({ default: { ...D, weekday: { from: "8:00", to: "20:00" } } }, "windows.default.weekday", "horário inicial inválido");
    expectError({ default: { ...D, monday: null } }, "windows.default", "campo desconhecido: monday");
    const ok = validateChannelWindows({ default: D, sms: { ...D, weekday: { from: "09:00", to: "18:00" } } });
    assert.deepEqual(windowsFor(ok, "sms").weekday, { from: "09:00", to: "18:00" });
    assert.deepEqual(windowsFor(ok, "email"), D);
    assert.deepEqual(windowsFor(DEFAULT_CHANNEL_WINDOWS, "phone"), D);
  });
});

describe("nextContactInstant: properties", () => {
  const ufs = UFS.map((u) => u.code);
  const start = Date.parse("2024-01-01T00:00:00Z");
  const end = Date.parse("2027-12-31T00:00:00Z");
  it("answers an allowed instant at or after `at`, the start of a window when later, and is idempotent", () => {
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.constantFrom(...ufs), (ms, uf) => {
        const at = new Date(ms).toISOString();
        const next = nextContactInstant(at, uf, D);
        assert.ok(next !== null);
        assert.ok(next >= at, `${next} < ${at}`);
        assert.equal(isContactAllowed(next, uf, D), true);
        assert.equal(nextContactInstant(next, uf, D), next);
        if (next !== at) {
          const { window } = windowOn(localDayOf(next, uf), uf, D);
          assert.equal(localInstant(localDayOf(next, uf), window!.from, uf), next, "a later answer is the opening of a window");
          const minuteBefore = new Date(Date.parse(next) - 60_000).toISOString();
          if (minuteBefore >= at) assert.equal(isContactAllowed(minuteBefore, uf, D), false);
          assert.equal(isContactAllowed(at, uf, D), false);
        }
      }),
      { numRuns: 400 },
    );
  });
});
