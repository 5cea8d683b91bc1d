import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCents, formatDate, formatInstant, formatNumber } from "./format.ts";

const NBSP = "\u00a0";

describe("formatCents", () => {
  const cases: [number, string][] = [
    [0, `R$${NBSP}0,00`],
    [1, `R$${NBSP}0,01`],
    [99, `R$${NBSP}0,99`],
    [100, `R$${NBSP}1,00`],
    [123456, `R$${NBSP}1.234,56`],
    [100000000, `R$${NBSP}1.000.000,00`],
    [-500, `-R$${NBSP}5,00`],
  ];
  for (const [cents, expected] of cases) {
    it(`${cents} → ${expected}`, () => assert.equal(formatCents(cents), expected));
  }
  it("follows the English number style when asked", () => {
    assert.equal(formatCents(123456, "en"), "R$1,234.56");
  });
});

describe("formatDate", () => {
  it("writes DD/MM/YYYY without a time-zone shift", () => {
    assert.equal(formatDate("2026-03-10"), "10/03/2026");
    assert.equal(formatDate("2026-01-01"), "01/01/2026");
    assert.equal(formatDate("2025-12-31"), "31/12/2025");
    assert.equal(formatDate("2024-02-29"), "29/02/2024");
  });
  it("writes an unambiguous English date", () => {
    assert.equal(formatDate("2026-03-10", "en"), "Mar 10, 2026");
    assert.equal(formatDate("2026-01-01", "en"), "Jan 1, 2026");
  });
  it("returns anything that is not YYYY-MM-DD unchanged", () => {
    assert.equal(formatDate("10/03/2026"), "10/03/2026");
    assert.equal(formatDate(""), "");
  });
});

describe("formatInstant", () => {
  it("shows a UTC instant in the given zone", () => {
    assert.equal(formatInstant("2026-03-10T17:05:00Z", "pt-BR", "America/Sao_Paulo"), "10/03/2026 14:05");
    assert.equal(formatInstant("2026-03-10T02:30:00Z", "pt-BR", "America/Sao_Paulo"), "09/03/2026 23:30");
    assert.equal(formatInstant("2026-03-10T17:05:00Z", "pt-BR", "America/Manaus"), "10/03/2026 13:05");
  });
  it("uses a 12-hour clock in English", () => {
    assert.equal(formatInstant("2026-03-10T17:05:00Z", "en", "America/Sao_Paulo"), "Mar 10, 2026, 02:05 PM");
  });
  it("returns an unparseable value unchanged", () => {
    assert.equal(formatInstant("ontem"), "ontem");
  });
});

describe("formatNumber", () => {
  it("groups thousands by locale", () => {
    assert.equal(formatNumber(12345), "12.345");
    assert.equal(formatNumber(12345, "en"), "12,345");
  });
});
