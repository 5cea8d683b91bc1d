import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addDays, dateOfDayNumber, dayNumber } from "../br/dates.ts";
import { computeCharges, initialChargeState, type ChargeBreakdown } from "../charges/charges.ts";
import {
  affordableCapCents, firstDueDateFor, isBusinessDayIn, maxDiscount, minDownPaymentCents, planNegotiation, presentOptions, scheduleOf, type NegotiationDebt,
} from "./negotiation-options.ts";
import { bucketFor, DEFAULT_NEGOTIATION_POLICY, parseNegotiationPolicy, percentToBp, type NegotiationPolicy } from "./negotiation-policy.ts";
import { priceInstalmentCents } from "./price-table.ts";

const TERMS = { fineBp: 200, interestMonthlyBp: 100, correctionIndex: null };
const debt = (debtId: number, dueDate: string, cents: number, atDate: string): NegotiationDebt => ({
  debtId, dueDate, breakdown: computeCharges({ dueDate, uf: "SP", atDate, terms: TERMS, state: initialChargeState(cents) }),
});

describe("negotiation options — golden", () => {
  // R$ 1.000,00 due Monday 2025-03-03 (Carnival: payable on Ash Wednesday), on 2025-06-02: 91 days late → bucket 91–180.
  // Charges: fine 2 % = 20,00; interest 1 % a.m. / 30 × 91 days = 30,33 → owed 1.050,33 (charges 50,33).
  const debts = [debt(1, "2025-03-03", 100_000, "2025-06-02")];
  const plan = planNegotiation({ debts, policy: DEFAULT_NEGOTIATION_POLICY, today: "2025-06-02", uf: "SP" });

  it("bucket by the most overdue debt, discounts and the single payment", () => {
    assert.equal(plan.daysLate, 91);
    assert.equal(plan.bucket?.fromDays, 91);
    assert.deepEqual([plan.debtCents, plan.principalCents, plan.chargesCents], [105_033, 100_000, 5033]);
    // À vista: 100 % of the charges (50,33) + 10 % of the principal (100,00) = 150,33 off → 900,00,
    // due on the latest business day within 10 days: Thursday 2025-06-12.
    assert.deepEqual(presentOptions(plan).options[0], { instalments: 1, downPaymentCents: 90_000, instalmentCents: 0, totalCents: 90_000, discountCents: 15_033, firstDueDate: "2025-06-12" });
  });

  it("plans: 50 % of the charges off (25,16), equal payments at 1,49 % a.m. by the price table", () => {
    const [, two, three] = presentOptions(plan).options;
    // Owed after the discount: 1.050,33 − 25,16 = 1.025,17. Two payments, the first at once:
    // equal share = 1025,17 × 0,0149 × 1,0149 / (1,0149² − 1) = 1025,17 × 1,0149 / 2,0149 = 516,3755… → 516,37 down;
    // the remaining 508,80 in one month: 508,80 × 1,0149 = 516,3811… → 516,39 (rounded up). Total 1.032,76.
    assert.deepEqual(two, { instalments: 2, downPaymentCents: 51_637, instalmentCents: 51_639, totalCents: 103_276, discountCents: 2516, firstDueDate: "2025-06-12" });
    // Three: share 346,78; 678,39 financed over 2 months → PMT 346,7975… → 346,80. Total 346,78 + 2 × 346,80 = 1.040,38.
    assert.deepEqual(three, { instalments: 3, downPaymentCents: 34_678, instalmentCents: 34_680, totalCents: 104_038, discountCents: 2516, firstDueDate: "2025-06-12" });
    assert.equal(priceInstalmentCents(102_517 - 34_678, 2, 149), 34_680);
    assert.deepEqual(presentOptions(plan).options.map((o) => o.instalments), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("the schedule: a month apart, moved to business days; the amounts add up to the total", () => {
    const three = plan.terms[2]!;
    assert.deepEqual(scheduleOf(three, "SP"), [
      { number: 1, dueDate: "2025-06-12", amountCents: 34_678 },
      { number: 2, dueDate: "2025-07-14", amountCents: 34_680 }, // 07-12 is a Saturday
      { number: 3, dueDate: "2025-08-12", amountCents: 34_680 },
    ]);
  });

  it("affordability: income R$ 1.200,00 → at most R$ 360,00 a payment; the two-payment plan is left out and the result says so", () => {
    const limited = presentOptions(planNegotiation({ debts, policy: DEFAULT_NEGOTIATION_POLICY, today: "2025-06-02", uf: "SP", monthlyIncomeCents: 120_000 }));
    assert.deepEqual(limited.options.map((o) => o.instalments), [1, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(limited.affordability, {
      monthlyIncomeCents: 120_000, sharePercent: 30, maxInstalmentCents: 36_000, omittedOptions: 1,
      note: "Renda mensal informada de R$ 1.200,00: nenhuma parcela acima de R$ 360,00 (30 % da renda, preservado o mínimo existencial de R$ 600,00 — Lei 14.181/2021). 1 opção de parcelamento foi omitida por exceder esse valor.",
    });
    // A low income: 30 % of 700,00 = 210,00, but only 100,00 above the mínimo existencial.
    assert.equal(affordableCapCents(DEFAULT_NEGOTIATION_POLICY, 70_000), 10_000);
    assert.equal(affordableCapCents(DEFAULT_NEGOTIATION_POLICY, 50_000), 0);
  });

  it("the exact JSON contract: debtCents and options, nothing else without an income", () => {
    const json = JSON.stringify(presentOptions(planNegotiation({ debts: [debt(1, "2025-05-10", 15_000, "2025-06-02")], policy: DEFAULT_NEGOTIATION_POLICY, today: "2025-06-02", uf: "SP" })));
    // 150,00 due Saturday 2025-05-10, 23 days late (bucket 1–30): fine 3,00 + interest 1,15 = 154,15; à vista 50 % of 4,15 off.
    // Plans: no discount; the minimum down payment max(20 % = 30,83; 50,00) = 50,00 is below the equal shares.
    // 2 payments at 1,99 %: share 154,15 × 1,0199 / 2,0199 = 77,834… → 77,83; 76,32 × 1,0199 = 77,8387 → 77,84.
    // 3 payments: share 154,15 × 0,0199 × 1,0199² / (1,0199³ − 1) = 52,399… → 52,39; 101,76 over 2 months → 52,4039… → 52,41.
    assert.equal(json, '{"debtCents":15415,"options":[' +
      '{"instalments":1,"downPaymentCents":15208,"instalmentCents":0,"totalCents":15208,"discountCents":207,"firstDueDate":"2025-06-06"},' +
      '{"instalments":2,"downPaymentCents":7783,"instalmentCents":7784,"totalCents":15567,"discountCents":0,"firstDueDate":"2025-06-06"},' +
      '{"instalments":3,"downPaymentCents":5239,"instalmentCents":5241,"totalCents":15721,"discountCents":0,"firstDueDate":"2025-06-06"}]}');
  });

  it("nothing overdue: no options, and a note", () => {
    const r = presentOptions(planNegotiation({ debts: [debt(1, "2025-06-10", 15_000, "2025-06-02")], policy: DEFAULT_NEGOTIATION_POLICY, today: "2025-06-02", uf: "SP" }));
    assert.deepEqual(r, { debtCents: 15_000, options: [], note: "Nenhum título em atraso: a negociação vale para títulos vencidos." });
    assert.deepEqual(presentOptions(planNegotiation({ debts: [], policy: DEFAULT_NEGOTIATION_POLICY, today: "2025-06-02", uf: "SP" })), {
      debtCents: 0, options: [], note: "Nenhum título vencido em aberto: não há o que negociar.",
    });
  });

  it("first due date: the latest business day within the limit", () => {
    // 2025-06-02 + 5 = Saturday 06-07 → Friday 06-06; + 17 = Thursday 06-19, Corpus Christi (bank holiday) → 06-18.
    assert.equal(firstDueDateFor("2025-06-02", 5, "SP"), "2025-06-06");
    assert.equal(firstDueDateFor("2025-06-02", 17, "SP"), "2025-06-18");
    assert.equal(firstDueDateFor("2025-06-02", 0, "SP"), "2025-06-02");
    // Saturday with 1 day: no business day in [Sat, Sun] → the limit itself.
    assert.equal(firstDueDateFor("2025-06-07", 1, null), "2025-06-08");
  });
});

// ---- properties -----------------------------------------------------------------------

const pct = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);

const limitsPair = fc.tuple(pct(100), pct(99.99), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([c, p, fc1, fp]) => ({
  single: { chargesPercent: c, principalPercent: p },
  instalments: { chargesPercent: Math.floor(c * fc1 * 100) / 100, principalPercent: Math.floor(p * fp * 100) / 100 },
}));

const bucketBody = fc.record({
  limits: limitsPair,
  maxInstalments: fc.integer({ min: 1, max: 36 }),
  minInstalmentCents: fc.integer({ min: 0, max: 30_000 }),
  minDownPaymentPercent: pct(60),
  minDownPaymentCents: fc.integer({ min: 0, max: 50_000 }),
  interestMonthlyPercent: fc.oneof(fc.constant(0), pct(5)),
  firstDueDays: fc.integer({ min: 0, max: 30 }),
});

const policyArb: fc.Arbitrary<NegotiationPolicy> = fc
  .record({
    widths: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 0, maxLength: 4 }),
    bodies: fc.array(bucketBody, { minLength: 5, maxLength: 5 }),
    affordabilityPercent: fc.integer({ min: 100, max: 10_000 }).map((n) => n / 100),
    minimumExistentialCents: fc.integer({ min: 0, max: 150_000 }),
  })
  .map(({ widths, bodies, affordabilityPercent, minimumExistentialCents }) => {
    let from = 1;
    const buckets = [...widths, null].map((w, i) => {
      const { limits, ...b } = bodies[i]!;
      const bucket = { fromDays: from, toDays: w === null ? null : from + w - 1, ...limits, ...b };
      if (w !== null) from += w;
      return bucket;
    });
    const parsed = parseNegotiationPolicy({ buckets, affordabilityPercent, minimumExistentialCents });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.policy;
  });

const breakdownArb: fc.Arbitrary<ChargeBreakdown> = fc
  .record({ p: fc.integer({ min: 0, max: 5_000_000 }), f: fc.integer({ min: 0, max: 100_000 }), i: fc.integer({ min: 0, max: 800_000 }), c: fc.integer({ min: 0, max: 100_000 }), late: fc.integer({ min: 0, max: 2500 }) })
  .map(({ p, f, i, c, late }) => ({ principalCents: p, fineCents: f, interestCents: i, correctionCents: c, totalCents: p + f + i + c, daysLate: late }));

const debtsArb = fc.array(breakdownArb, { minLength: 1, maxLength: 4 }).map((bs) => bs.map((breakdown, k): NegotiationDebt => ({ debtId: k + 1, dueDate: "2020-01-01", breakdown })));
const todayArb = fc.integer({ min: dayNumber("2024-01-01"), max: dayNumber("2027-12-31") }).map(dateOfDayNumber);
const ufArb = fc.constantFrom(null, "SP", "RJ", "AM", "BA");
const incomeArb = fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: undefined });

describe("negotiation options — properties (random policies and debts)", () => {
  it("every option respects every limit, and the payments add up to the total to the centavo", () => {
    fc.assert(
      fc.property(policyArb, debtsArb, todayArb, ufArb, incomeArb, (policy, debts, today, uf, income) => {
        const plan = planNegotiation({ debts, policy, today, uf, monthlyIncomeCents: income });
        const out = presentOptions(plan);
        const debtCents = debts.reduce((s, d) => s + d.breakdown.totalCents, 0);
        const principal = debts.reduce((s, d) => s + d.breakdown.principalCents, 0);
        const charges = debtCents - principal;
        assert.equal(out.debtCents, debtCents);
        const bucket = bucketFor(policy, Math.max(...debts.map((d) => d.breakdown.daysLate)));
        if (!bucket) {
          assert.deepEqual(out.options, []);
          return;
        }
        const cap = income === undefined ? null : affordableCapCents(policy, income);
        for (const o of out.options) {
          assert.deepEqual(Object.keys(o), ["instalments", "downPaymentCents", "instalmentCents", "totalCents", "discountCents", "firstDueDate"]);
          assert.ok(o.instalments >= 1 && o.instalments <= bucket.maxInstalments, "máximo de pagamentos");
          assert.equal(o.totalCents, o.downPaymentCents + (o.instalments - 1) * o.instalmentCents, "soma exata");
          const sched = scheduleOf(o, uf);
          assert.equal(sched.reduce((s, p) => s + p.amountCents, 0), o.totalCents, "cronograma soma o total");
          for (let k = 1; k < sched.length; k++) {
            assert.ok(sched[k]!.dueDate > sched[k - 1]!.dueDate, "vencimentos crescentes");
            assert.ok(isBusinessDayIn(sched[k]!.dueDate, uf), "vencimento em dia útil");
          }
          assert.ok(o.firstDueDate >= today && o.firstDueDate <= addDays(today, bucket.firstDueDays), "primeiro vencimento");
          const limits = o.instalments === 1 ? bucket.single : bucket.instalments;
          const max = maxDiscount(limits, charges, principal);
          assert.ok(o.discountCents >= 0 && o.discountCents <= max.chargesDiscountCents + max.principalDiscountCents, "desconto máximo");
          assert.ok(o.totalCents >= debtCents - o.discountCents, "nunca abaixo do devido após o desconto");
          assert.ok(o.totalCents > 0);
          if (o.instalments === 1) {
            assert.equal(o.instalmentCents, 0);
            assert.equal(o.downPaymentCents, o.totalCents);
            continue;
          }
          const net = debtCents - o.discountCents;
          assert.ok(o.instalmentCents >= bucket.minInstalmentCents && o.instalmentCents > 0, "parcela mínima");
          assert.ok(o.downPaymentCents >= minDownPaymentCents(bucket, net) && o.downPaymentCents >= bucket.minInstalmentCents, "entrada mínima");
          const rate = percentToBp(bucket.interestMonthlyPercent);
          if (rate === 0) assert.equal(o.totalCents, net, "sem juros: total = devido após o desconto");
          else assert.equal(o.instalmentCents, priceInstalmentCents(net - o.downPaymentCents, o.instalments - 1, rate), "Tabela Price");
          if (cap !== null) assert.ok(o.downPaymentCents <= cap && o.instalmentCents <= cap, "cabe na renda");
        }
        if (out.options.length > 0) {
          assert.equal(out.options[0]!.instalments, 1, "o pagamento à vista vem primeiro");
          for (const o of out.options) assert.ok(out.options[0]!.totalCents <= o.totalCents, "à vista é o mais barato");
        }
        if (income !== undefined) {
          const without = presentOptions(planNegotiation({ debts, policy, today, uf }));
          assert.equal(out.affordability?.omittedOptions, without.options.length - out.options.length);
          assert.equal(out.affordability?.maxInstalmentCents, cap);
        } else {
          assert.equal(out.affordability, undefined);
        }
      }),
      { numRuns: 400 },
    );
  });
});
