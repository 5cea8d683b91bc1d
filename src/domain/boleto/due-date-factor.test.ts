import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AppError } from "../../shared/app-error.ts";
import { dateOfDayNumber, dayNumber } from "../br/dates.ts";
import { dueDateFromFactor, factorFromDueDate, MAX_FACTOR_DATE, MIN_FACTOR_DATE } from "./due-date-factor.ts";

describe("dueDateFromFactor", () => {
  it("resolves factor 1001 in the cycle nearest the reference date", () => {
    assert.equal(dueDateFromFactor(1001, "2001-01-01"), "2000-07-04");
    assert.equal(dueDateFromFactor(1001, "2025-03-01"), "2025-02-23");
  });

  it("knows the ends of both cycles", () => {
    const table: [number, string, string][] = [
      [1000, "2000-07-01", "2000-07-03"],
      [1002, "2000-07-01", "2000-07-05"],
      [1667, "2002-01-01", "2002-05-01"],
      [4789, "2010-11-01", "2010-11-17"],
      [9999, "2025-02-01", "2025-02-21"],
      [1000, "2025-02-22", "2025-02-22"],
      [9999, "2049-01-01", "2049-10-13"],
      [0, "2025-01-01", ""],
    ];
    for (const [factor, reference, expected] of table) {
      assert.equal(dueDateFromFactor(factor, reference), expected === "" ? null : expected, `fator ${factor}`);
    }
  });

  it("switches cycle half-way (4500 days) between the two candidate dates", () => {
    // factor 5500: 2012-09-?? in the first cycle, 2037-05-?? in the second
    const first = dateOfDayNumber(dayNumber("1997-10-07") + 5500);
    const second = dateOfDayNumber(dayNumber("1997-10-07") + 5500 + 9000);
    const mid = dayNumber(first) + 4500;
    assert.equal(dueDateFromFactor(5500, dateOfDayNumber(mid - 1)), first);
    assert.equal(dueDateFromFactor(5500, dateOfDayNumber(mid)), second); // a tie goes to the later cycle
    assert.equal(dueDateFromFactor(5500, dateOfDayNumber(mid + 1)), second);
  });

  it("refuses an invalid reference date or factor", () => {
    assert.throws(() => dueDateFromFactor(1000, "2025-02-30"), AppError);
    assert.throws(() => dueDateFromFactor(10000, "2025-02-20"), AppError);
  });
});

describe("factorFromDueDate", () => {
  it("uses the old cycle until 2025-02-21 and the new one from 2025-02-22", () => {
    assert.equal(factorFromDueDate("2000-07-03"), 1000);
    assert.equal(factorFromDueDate("2017-01-05"), 7030);
    assert.equal(factorFromDueDate("2022-05-10"), 8981);
    assert.equal(factorFromDueDate("2025-02-21"), 9999);
    assert.equal(factorFromDueDate("2025-02-22"), 1000);
    assert.equal(factorFromDueDate("2025-02-23"), 1001);
    assert.equal(factorFromDueDate("2049-10-13"), 9999);
    assert.equal(MIN_FACTOR_DATE, "2000-07-03");
    assert.equal(MAX_FACTOR_DATE, "2049-10-13");
  });

  it("refuses dates it cannot represent, in Portuguese", () => {
    for (const date of ["2000-07-02", "2049-10-14", "1999-01-01"]) {
      assert.throws(
        () => factorFromDueDate(date),
        (e: unknown) => e instanceof AppError && /fora do intervalo representável .*03\/07\/2000 a 13\/10\/2049/.test(e.message),
      );
    }
    assert.throws(() => factorFromDueDate("13/10/2030"), /data inválida/);
  });

  it("round-trips with dueDateFromFactor when the due date is the reference", () => {
    const min = dayNumber(MIN_FACTOR_DATE);
    const max = dayNumber(MAX_FACTOR_DATE);
    fc.assert(
      fc.property(fc.integer({ min, max }), (day) => {
        const date = dateOfDayNumber(day);
        assert.equal(dueDateFromFactor(factorFromDueDate(date), date), date);
      }),
    );
  });
});
