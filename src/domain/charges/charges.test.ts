import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addDays, dateOfDayNumber, dayNumber } from "../br/dates.ts";
import {
  allocateAcrossDebts, computeCharges, correctionFor, graceDate, imputePayment, initialChargeState, resolveTerms,
  type ChargeState, type ChargeTerms, type CreditorChargeTerms, type IndexTable,
} from "./charges.ts";

const TERMS: ChargeTerms = { fineBp: 200, interestMonthlyBp: 100, correctionIndex: null };
const fresh = (cents: number): ChargeState => initialChargeState(cents);
const at = (dueDate: string, atDate: string, uf: string | null = "SP", terms = TERMS, state = fresh(100_000), index?: IndexTable) =>
  computeCharges({ dueDate, uf, atDate, terms, state, index });

describe("computeCharges — golden", () => {
  it("R$ 1.000,00 due 2025-01-10 paid 2025-03-11: fine 20,00 and interest 1000 × 1 % / 30 × 60 = 20,00", () => {
    assert.deepEqual(at("2025-01-10", "2025-03-11"), { principalCents: 100_000, fineCents: 2000, interestCents: 2000, correctionCents: 0, totalCents: 104_000, daysLate: 60 });
  });
  it("on the due date and before it nothing is charged", () => {
    assert.deepEqual(at("2025-01-10", "2025-01-10"), { principalCents: 100_000, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 100_000, daysLate: 0 });
    assert.equal(at("2025-01-10", "2024-12-01").totalCents, 100_000);
  });
  it("one day late: fine in full, interest 1/30 of the month rounded half-up", () => {
    assert.deepEqual(at("2025-01-10", "2025-01-11"), { principalCents: 100_000, fineCents: 2000, interestCents: 33, correctionCents: 0, totalCents: 102_033, daysLate: 1 });
    // 150,00 × 1 % / 30 × 1 = 0,05 exactly; 250,00 → 0,0833 → 0,08; 45,00 × 2 % = 0,90; 0,25 × 2 % = 0,005 → 0,01 (half-up)
    assert.equal(at("2025-01-10", "2025-01-11", "SP", TERMS, fresh(15_000)).interestCents, 5);
    assert.equal(at("2025-01-10", "2025-01-11", "SP", TERMS, fresh(25_000)).interestCents, 8);
    assert.equal(at("2025-01-10", "2025-01-11", "SP", TERMS, fresh(25)).fineCents, 1);
    assert.equal(at("2025-01-10", "2025-01-11", "SP", TERMS, fresh(24)).fineCents, 0);
  });
  it("a due date on Saturday moves to Monday: paid Monday = 0; Tuesday counts 3 days from Saturday", () => {
    assert.deepEqual(at("2025-02-08", "2025-02-10"), { principalCents: 100_000, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 100_000, daysLate: 0 });
    assert.deepEqual(at("2025-02-08", "2025-02-11"), { principalCents: 100_000, fineCents: 2000, interestCents: 100, correctionCents: 0, totalCents: 102_100, daysLate: 3 });
  });
  it("Carnival: due Saturday 2026-02-14 may be paid on Ash Wednesday 02-18; Thursday is 5 days late", () => {
    assert.equal(graceDate("2026-02-14", "SP"), "2026-02-18");
    assert.equal(graceDate("2026-02-14", null), "2026-02-18");
    assert.equal(at("2026-02-14", "2026-02-18").totalCents, 100_000);
    assert.deepEqual(at("2026-02-14", "2026-02-19"), { principalCents: 100_000, fineCents: 2000, interestCents: 167, correctionCents: 0, totalCents: 102_167, daysLate: 5 });
    assert.equal(at("2025-03-03", "2025-03-05").totalCents, 100_000, "due on Carnival Monday");
  });
  it("a state holiday (9 July in SP) moves the due date only in SP", () => {
    assert.equal(at("2025-07-09", "2025-07-10", "SP").totalCents, 100_000);
    assert.deepEqual(at("2025-07-09", "2025-07-10", "RJ"), { principalCents: 100_000, fineCents: 2000, interestCents: 33, correctionCents: 0, totalCents: 102_033, daysLate: 1 });
    assert.equal(at("2025-07-09", "2025-07-10", null).daysLate, 1, "without a UF only national and bank holidays count");
  });
  it("national and bank-only closures move the due date everywhere (Corpus Christi, last weekday of the year)", () => {
    assert.equal(graceDate("2025-06-19", null), "2025-06-20");
    assert.equal(graceDate("2025-12-31", "RJ"), "2026-01-02");
    assert.equal(at("2025-12-31", "2026-01-02", "AM").totalCents, 100_000);
    assert.equal(at("2025-12-31", "2026-01-03", "AM").daysLate, 3);
  });
  it("zero rates charge nothing but still count days late", () => {
    assert.deepEqual(at("2025-01-10", "2025-03-11", "SP", { fineBp: 0, interestMonthlyBp: 0, correctionIndex: null }), { principalCents: 100_000, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 100_000, daysLate: 60 });
  });
});

describe("monetary correction", () => {
  const IPCA: IndexTable = new Map([["2025-01", 10_000], ["2025-02", 20_000]]);
  const withIpca: ChargeTerms = { ...TERMS, correctionIndex: "IPCA" };
  it("a full month applies its variation; fine and interest fall on the corrected principal", () => {
    // correction 2 % of 1000 = 20,00; fine 2 % of 1020 = 20,40; interest 1020 × 1 % × 28/30 = 9,52
    assert.deepEqual(at("2025-01-31", "2025-02-28", "SP", withIpca, fresh(100_000), IPCA), { principalCents: 100_000, fineCents: 2040, interestCents: 952, correctionCents: 2000, totalCents: 104_992, daysLate: 28 });
  });
  it("partial months count pro rata die and months compound: (1 + 1 % × 21/31)(1 + 2 %) − 1 on 1000 = 26,91", () => {
    assert.equal(correctionFor(100_000, "2025-01-10", "2025-03-11", IPCA), 2691);
    assert.equal(at("2025-01-10", "2025-03-11", "SP", withIpca, fresh(100_000), IPCA).correctionCents, 2691);
  });
  it("unpublished months count as 0; no index name or no table means no correction", () => {
    assert.equal(correctionFor(100_000, "2025-02-28", "2025-04-30", IPCA), 0);
    assert.equal(at("2025-01-31", "2025-02-28", "SP", TERMS, fresh(100_000), IPCA).correctionCents, 0);
    assert.equal(at("2025-01-31", "2025-02-28", "SP", withIpca, fresh(100_000)).correctionCents, 0);
  });
  it("negative months reduce the correction but never below 0", () => {
    const mixed: IndexTable = new Map([["2025-01", -5_000], ["2025-02", 10_000]]);
    // (1 − 0,5 %)(1 + 1 %) − 1 = 0,495 % → 4,95
    assert.equal(correctionFor(100_000, "2024-12-31", "2025-02-28", mixed), 495);
    assert.equal(correctionFor(100_000, "2024-12-31", "2025-01-31", mixed), 0);
  });
  it("refuses a variation of −100 % or below", () => {
    assert.throws(() => correctionFor(100, "2024-12-31", "2025-01-31", new Map([["2025-01", -1_000_000]])), /variação inválida/);
  });
});

describe("imputePayment", () => {
  const base = { dueDate: "2025-01-10", uf: "SP", paidDate: "2025-03-11", terms: TERMS, state: fresh(100_000) };
  it("pays interest, then fine, then principal; the rest accrues from the payment date", () => {
    const r = imputePayment({ ...base, amountCents: 30_000 });
    assert.deepEqual(r, {
      allocation: { interestCents: 2000, fineCents: 2000, correctionCents: 0, principalCents: 26_000 },
      leftoverCents: 0,
      newState: { principalCents: 74_000, fineCents: 0, interestCents: 0, correctionCents: 0, accrualFromDate: "2025-03-11" },
      settled: false,
    });
    // 30 days on 740,00 at 1 %: 7,40; the fine is never assessed again
    assert.deepEqual(at("2025-01-10", "2025-04-10", "SP", TERMS, r.newState), { principalCents: 74_000, fineCents: 0, interestCents: 740, correctionCents: 0, totalCents: 74_740, daysLate: 90 });
  });
  it("a payment below the interest carries the unpaid interest and the fine, without interest on them", () => {
    const r = imputePayment({ ...base, amountCents: 1500 });
    assert.deepEqual(r.newState, { principalCents: 100_000, fineCents: 2000, interestCents: 500, correctionCents: 0, accrualFromDate: "2025-03-11" });
    assert.deepEqual(at("2025-01-10", "2025-04-10", "SP", TERMS, r.newState), { principalCents: 100_000, fineCents: 2000, interestCents: 1500, correctionCents: 0, totalCents: 103_500, daysLate: 90 });
  });
  it("paying the total settles and returns the excess", () => {
    const r = imputePayment({ ...base, amountCents: 105_000 });
    assert.deepEqual(r.allocation, { interestCents: 2000, fineCents: 2000, correctionCents: 0, principalCents: 100_000 });
    assert.equal(r.leftoverCents, 1000);
    assert.equal(r.settled, true);
  });
  it("an on-time partial payment leaves the fine unassessed and accrual from the due date", () => {
    const r = imputePayment({ ...base, paidDate: "2025-01-05", amountCents: 40_000 });
    assert.deepEqual(r.newState, { principalCents: 60_000, fineCents: null, interestCents: 0, correctionCents: 0, accrualFromDate: null });
    assert.deepEqual(at("2025-01-10", "2025-03-11", "SP", TERMS, r.newState), { principalCents: 60_000, fineCents: 1200, interestCents: 1200, correctionCents: 0, totalCents: 62_400, daysLate: 60 });
  });
  it("correction comes after the fine and before the principal", () => {
    const r = imputePayment({ ...base, dueDate: "2025-01-31", paidDate: "2025-02-28", terms: { ...TERMS, correctionIndex: "IPCA" }, index: new Map([["2025-02", 20_000]]), amountCents: 4000 });
    assert.deepEqual(r.allocation, { interestCents: 952, fineCents: 2040, correctionCents: 1008, principalCents: 0 });
    assert.deepEqual(r.newState, { principalCents: 100_000, fineCents: 0, interestCents: 0, correctionCents: 992, accrualFromDate: "2025-02-28" });
  });
  it("refuses a negative or fractional amount", () => {
    assert.throws(() => imputePayment({ ...base, amountCents: -1 }), /amountCents/);
    assert.throws(() => imputePayment({ ...base, amountCents: 1.5 }), /amountCents/);
  });
});

describe("allocateAcrossDebts", () => {
  const debts = [
    { id: 3, dueDate: "2025-03-01" },
    { id: 1, dueDate: "2025-02-01" },
    { id: 2, dueDate: "2025-02-01" },
    { id: 4, dueDate: "2025-01-01" },
  ];
  it("oldest first, ties by id", () => {
    assert.deepEqual(allocateAcrossDebts(debts, null).map((d) => d.id), [4, 1, 2, 3]);
  });
  it("the named debt first", () => {
    assert.deepEqual(allocateAcrossDebts(debts, 3).map((d) => d.id), [3, 4, 1, 2]);
    assert.deepEqual(allocateAcrossDebts(debts, 99).map((d) => d.id), [4, 1, 2, 3]);
    assert.deepEqual(debts.map((d) => d.id), [3, 1, 2, 4], "input untouched");
  });
});

describe("resolveTerms", () => {
  const creditor = { fineBp: 200, businessFineBp: 500, interestMonthlyBp: 100, correctionIndex: "IPCA" };
  it("consumers get the consumer fine, never above 2 %", () => {
    assert.deepEqual(resolveTerms({ creditor, debtorKind: "person" }), { fineBp: 200, interestMonthlyBp: 100, correctionIndex: "IPCA" });
    assert.equal(resolveTerms({ creditor, debtorKind: "person", debt: { fineBp: 900, interestMonthlyBp: null } }).fineBp, 200);
  });
  it("companies get the business fine, or the consumer one when unset; debt overrides win", () => {
    assert.equal(resolveTerms({ creditor, debtorKind: "company" }).fineBp, 500);
    assert.equal(resolveTerms({ creditor: { ...creditor, businessFineBp: null }, debtorKind: "company" }).fineBp, 200);
    assert.deepEqual(resolveTerms({ creditor, debtorKind: "company", debt: { fineBp: 1000, interestMonthlyBp: 50 } }), { fineBp: 1000, interestMonthlyBp: 50, correctionIndex: "IPCA" });
    assert.equal(resolveTerms({ creditor, debtorKind: "company", debt: { fineBp: 5000, interestMonthlyBp: null } }).fineBp, 1000);
  });
  it("computeCharges refuses terms above the legal bounds", () => {
    assert.throws(() => at("2025-01-10", "2025-03-11", "SP", { ...TERMS, fineBp: 1001 }), /multa fora do intervalo/);
    assert.throws(() => at("2025-01-10", "2025-03-11", "SP", { ...TERMS, interestMonthlyBp: -1 }), /juros fora do intervalo/);
  });
});

describe("properties", () => {
  const day0 = dayNumber("2020-01-01");
  const date = fc.integer({ min: 0, max: 365 * 8 }).map((n) => dateOfDayNumber(day0 + n));
  const uf = fc.constantFrom<string | null>(null, "SP", "RJ", "AM", "BA", "RS");
  const principal = fc.integer({ min: 0, max: 1_000_000_000_00 });
  const index: fc.Arbitrary<IndexTable> = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 12 * 10 }), fc.integer({ min: -20_000, max: 50_000 })), { maxLength: 40 })
    .map((pairs) => new Map(pairs.map(([m, v]) => [`${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`, v])));
  const creditorTerms = fc.record({
    fineBp: fc.integer({ min: 0, max: 1000 }),
    businessFineBp: fc.option(fc.integer({ min: 0, max: 1000 })),
    interestMonthlyBp: fc.integer({ min: 0, max: 1000 }),
    correctionIndex: fc.constantFrom<string | null>(null, "IPCA"),
  });
  const kind = fc.constantFrom("person", "company");
  const scenario = fc.record({ due: date, days: fc.integer({ min: -30, max: 900 }), uf, principal, creditor: creditorTerms, kind, index });
  type Scenario = { due: string; days: number; uf: string | null; principal: number; creditor: CreditorChargeTerms; kind: string; index: IndexTable };
  const run = (s: Scenario) => {
    const terms = resolveTerms({ creditor: s.creditor, debtorKind: s.kind });
    const atDate = addDays(s.due, s.days);
    return { terms, atDate, b: computeCharges({ dueDate: s.due, uf: s.uf, atDate, terms, state: fresh(s.principal), index: s.index }) };
  };
  const params = { numRuns: 300 };

  it("charges are never negative, the total adds up, the fine stays within its legal cap", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { b } = run(s);
        for (const v of Object.values(b)) assert.ok(Number.isSafeInteger(v) && v >= 0);
        assert.equal(b.totalCents, b.principalCents + b.fineCents + b.interestCents + b.correctionCents);
        const capBp = s.kind === "person" ? 200 : 1000;
        // half-up rounding: fine ≤ cap × (principal + correction) + ½ centavo
        assert.ok(b.fineCents * 10_000 <= (b.principalCents + b.correctionCents) * capBp + 5000, JSON.stringify(b));
        if (b.daysLate === 0) assert.equal(b.totalCents, s.principal);
      }),
      params,
    );
  });

  it("nothing is charged up to the grace date; after it daysLate counts from the original due date", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { b, atDate } = run(s);
        const grace = graceDate(s.due, s.uf);
        if (atDate <= grace) assert.equal(b.daysLate, 0);
        else assert.equal(b.daysLate, dayNumber(atDate) - dayNumber(s.due));
      }),
      params,
    );
  });

  it("what is owed never decreases with time when the index never falls", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 60 }), (s, more) => {
        const positive = { ...s, index: new Map([...s.index].map(([k, v]) => [k, Math.abs(v)])) };
        const a = run(positive).b;
        const later = run({ ...positive, days: s.days + more }).b;
        assert.ok(later.totalCents >= a.totalCents);
        assert.ok(later.interestCents >= a.interestCents);
      }),
      params,
    );
  });

  it("imputation conserves money, pays in legal order, and the rest owed is the total minus the payment", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 2_000_000_000_00 }), (s, amount) => {
        const { terms, atDate, b } = run(s);
        const r = imputePayment({ dueDate: s.due, uf: s.uf, paidDate: atDate, terms, state: fresh(s.principal), index: s.index, amountCents: amount });
        const a = r.allocation;
        assert.equal(a.interestCents + a.fineCents + a.correctionCents + a.principalCents + r.leftoverCents, amount);
        assert.ok(a.interestCents <= b.interestCents && a.fineCents <= b.fineCents && a.correctionCents <= b.correctionCents && a.principalCents <= b.principalCents);
        if (a.fineCents > 0) assert.equal(a.interestCents, b.interestCents);
        if (a.correctionCents > 0) assert.equal(a.fineCents, b.fineCents);
        if (a.principalCents > 0) assert.equal(a.correctionCents, b.correctionCents);
        const after = computeCharges({ dueDate: s.due, uf: s.uf, atDate, terms, state: r.newState, index: s.index });
        assert.equal(after.totalCents, Math.max(0, b.totalCents - amount));
        assert.equal(r.settled, amount >= b.totalCents);
      }),
      params,
    );
  });

  it("paying exactly the total settles with nothing left over, and stays settled later", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 400 }), (s, more) => {
        const { terms, atDate, b } = run(s);
        const r = imputePayment({ dueDate: s.due, uf: s.uf, paidDate: atDate, terms, state: fresh(s.principal), index: s.index, amountCents: b.totalCents });
        assert.equal(r.leftoverCents, 0);
        assert.equal(r.settled, true);
        assert.equal(computeCharges({ dueDate: s.due, uf: s.uf, atDate: addDays(atDate, more), terms, state: r.newState, index: s.index }).totalCents, 0);
      }),
      params,
    );
  });
});
