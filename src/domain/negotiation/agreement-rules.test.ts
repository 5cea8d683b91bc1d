import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeCharges, imputePayment, initialChargeState, type ChargeTerms } from "../charges/charges.ts";
import { breakDateOf, imputeAfterBreak, promiseReminderDay, reviewAgreement, reviewPromise, splitProportionally, type InstalmentFacts } from "./agreement-rules.ts";
import { DEFAULT_NEGOTIATION_POLICY } from "./negotiation-policy.ts";
import { proposeTerms, splitDiscount } from "./propose-terms.ts";

const TERMS: ChargeTerms = { fineBp: 200, interestMonthlyBp: 100, correctionIndex: null };
const inst = (number: number, dueDate: string, status: InstalmentFacts["status"] = "open"): InstalmentFacts => ({ number, dueDate, status });

describe("reviewAgreement — boundary table (break after 10 days)", () => {
  const plan = [inst(1, "2025-06-06", "paid"), inst(2, "2025-07-07"), inst(3, "2025-08-06")];
  const table: [string, string][] = [
    ["2025-07-07", "active"], // due today
    ["2025-07-17", "active"], // 10 days after: still payable
    ["2025-07-18", "broken"], // the 11th day
  ];
  for (const [at, kind] of table) it(`${at}: ${kind}`, () => assert.equal(reviewAgreement(plan, at, 10).kind, kind));
  it("the break names the earliest unpaid instalment and its days late", () => {
    assert.deepEqual(reviewAgreement(plan, "2025-08-20", 10), { kind: "broken", number: 2, dueDate: "2025-07-07", daysLate: 44 });
    assert.equal(breakDateOf("2025-07-07", 10), "2025-07-18");
  });
  it("all paid: settled, whatever the date; an empty plan is never settled", () => {
    assert.deepEqual(reviewAgreement(plan.map((i) => ({ ...i, status: "paid" as const })), "2030-01-01", 10), { kind: "settled" });
    assert.deepEqual(reviewAgreement([], "2030-01-01", 10), { kind: "active" });
  });
});

describe("imputeAfterBreak — the payment rules on the originals", () => {
  it("payments in date order, oldest debt first, interest → fine → principal, charges from the original due dates", () => {
    const a = { id: 1, dueDate: "2025-01-10", uf: "SP", terms: TERMS, state: initialChargeState(100_000) };
    const b = { id: 2, dueDate: "2025-02-10", uf: "SP", terms: TERMS, state: initialChargeState(50_000) };
    const r = imputeAfterBreak([b, a], [{ paymentId: 8, paidDate: "2025-07-07", amountCents: 30_000 }, { paymentId: 7, paidDate: "2025-06-06", amountCents: 40_000 }]);
    // By hand, the same as imputing each payment in turn with imputePayment:
    const a1 = imputePayment({ dueDate: a.dueDate, uf: "SP", paidDate: "2025-06-06", terms: TERMS, state: a.state, amountCents: 40_000 });
    assert.equal(a1.leftoverCents, 0);
    const a2 = imputePayment({ dueDate: a.dueDate, uf: "SP", paidDate: "2025-07-07", terms: TERMS, state: a1.newState, amountCents: 30_000 });
    assert.deepEqual(r.states.get(1), a2.newState);
    assert.deepEqual(r.states.get(2), b.state, "the newer debt received nothing");
    assert.deepEqual(r.allocations.map((x) => [x.paymentId, x.debtId]), [[7, 1], [8, 1]]);
    assert.equal(r.surplusCents, 0);
    // 2025-06-06: 147 days from 2025-01-10 → interest 49,00, fine 20,00, principal 331,00.
    assert.deepEqual(a1.allocation, { interestCents: 4900, fineCents: 2000, correctionCents: 0, principalCents: 33_100 });
  });
  it("more than everything owed: every original settled and the rest is surplus", () => {
    const a = { id: 1, dueDate: "2025-01-10", uf: "SP", terms: TERMS, state: initialChargeState(10_000) };
    const owed = computeCharges({ dueDate: a.dueDate, uf: "SP", atDate: "2025-06-06", terms: TERMS, state: a.state }).totalCents;
    const r = imputeAfterBreak([a], [{ paymentId: 1, paidDate: "2025-06-06", amountCents: owed + 500 }]);
    assert.deepEqual([...r.settled], [1]);
    assert.equal(r.surplusCents, 500);
  });
});

describe("promises", () => {
  it("kept as soon as the payments reach the amount; broken the day after the date", () => {
    const p = { amountCents: 10_000, promisedDate: "2025-06-10" };
    assert.equal(reviewPromise({ ...p, paidCents: 10_000 }, "2025-06-05"), "kept");
    assert.equal(reviewPromise({ ...p, paidCents: 9_999 }, "2025-06-10"), "open");
    assert.equal(reviewPromise({ ...p, paidCents: 9_999 }, "2025-06-11"), "broken");
  });
  it("the reminder is the day before, only when that is still ahead", () => {
    assert.equal(promiseReminderDay("2025-06-10", "2025-06-02"), "2025-06-09");
    assert.equal(promiseReminderDay("2025-06-03", "2025-06-02"), null);
  });
});

describe("proposeTerms — a collector's proposal and the limits it exceeds", () => {
  // 150,00 due 2025-05-10, on 2025-06-02: 154,15 (fine 3,00, interest 1,15), bucket 1–30.
  const debts = [{ debtId: 1, dueDate: "2025-05-10", breakdown: computeCharges({ dueDate: "2025-05-10", uf: "SP", atDate: "2025-06-02", terms: TERMS, state: initialChargeState(15_000) }) }];
  const base = { debts, policy: DEFAULT_NEGOTIATION_POLICY, today: "2025-06-02", uf: "SP" };

  it("within the policy: no breach", () => {
    const r = proposeTerms({ ...base, proposal: { instalments: 1, discountCents: 207 } });
    assert.ok(r.ok);
    assert.deepEqual(r.breaches, []);
    assert.deepEqual([r.terms.totalCents, r.terms.chargesDiscountCents, r.terms.principalDiscountCents], [15_208, 207, 0]);
  });
  it("beyond it: every limit named in Portuguese", () => {
    const r = proposeTerms({ ...base, proposal: { instalments: 5, discountCents: 1500, downPaymentCents: 1000, firstDueDate: "2025-06-30" }, monthlyIncomeCents: 100_000 });
    assert.ok(r.ok);
    assert.deepEqual(r.breaches.map((b) => `${b.field}: ${b.reason}`), [
      "instalments: 5 pagamentos: a política permite até 3 na faixa de 1–30 dias",
      "discountCents: desconto de R$ 15,00: a política permite até R$ 0,00 no parcelamento na faixa de 1–30 dias (0 % dos encargos e 0 % do principal)",
      // 154,15 − 15,00 − 10,00 = 129,15 over 4 months at 1,99 %: × 0,0199 × 1,0199⁴ / (1,0199⁴ − 1) ≈ 12915 × 0,26256 = 3390,9… centavos → 33,91 (rounded up)
      "instalmentCents: parcela de R$ 33,91: a mínima da política é R$ 50,00",
      "downPaymentCents: entrada de R$ 10,00: a mínima da política é R$ 50,00",
      "firstDueDate: primeiro vencimento em 30/06/2025: a política permite até 07/06/2025",
    ]);
    assert.equal(r.terms.totalCents, r.terms.downPaymentCents + 4 * r.terms.instalmentCents);
    // 15,00 off: 4,15 on the charges (all of them), 10,85 on the principal.
    assert.deepEqual([r.terms.chargesDiscountCents, r.terms.principalDiscountCents], [415, 1085]);
  });
  it("what no approval can fix is an error", () => {
    const r = proposeTerms({ ...base, proposal: { instalments: 0, discountCents: 15_415, firstDueDate: "2025-06-01" } });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => e.field), ["instalments", "discountCents", "firstDueDate"]);
  });
  it("splitDiscount: within the limits first, then charges, then principal", () => {
    const allowed = { chargesDiscountCents: 50, principalDiscountCents: 100 };
    assert.deepEqual(splitDiscount(120, 100, 1000, allowed), { chargesDiscountCents: 50, principalDiscountCents: 70 });
    assert.deepEqual(splitDiscount(200, 100, 1000, allowed), { chargesDiscountCents: 100, principalDiscountCents: 100 });
    assert.deepEqual(splitDiscount(300, 100, 1000, allowed), { chargesDiscountCents: 100, principalDiscountCents: 200 });
  });
});

describe("splitProportionally", () => {
  it("to the centavo, largest remainders first", () => {
    assert.deepEqual(splitProportionally(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(splitProportionally(2516, [5033]), [2516]);
    assert.deepEqual(splitProportionally(10, [0, 0]), [10, 0]);
    assert.deepEqual(splitProportionally(7, [300, 100]), [5, 2]);
  });
});
