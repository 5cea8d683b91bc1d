import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AppError } from "../../shared/app-error.ts";
import { DEFAULT_CHANNEL_WINDOWS } from "../guard/contact-window.ts";
import { DEFAULT_FREQUENCY_CAPS } from "../guard/rules.ts";
import { decideActions, type DebtFacts, type DebtorFacts, type DecideContext } from "../ladder/decide-actions.ts";
import { debtorZone } from "../ladder/debtor-zone.ts";
import type { Ladder } from "../ladder/ladder-document.ts";
import {
  BUCKETS, DEFAULT_COSTS, DEFAULT_RECOVERY_RATES, bucketOf, checkExitPoint, costKeyOf, expectedRecoveryCents, exitPointWhy, formatRateBp, type ExitPointPolicy,
} from "./exit-point.ts";
import { customizedFields, effectiveSettings, normalizeOverrides, validateExitPointOverrides } from "./exit-point-settings.ts";
import { cohortDueRange, estimateRecoveryRates, measureCohorts, ratesOf, type HistoryDebt } from "./recovery-rates.ts";

const POLICY: ExitPointPolicy = { costs: { ...DEFAULT_COSTS }, rates: { ...DEFAULT_RECOVERY_RATES } };

describe("exit point: buckets, costs and the decision boundary", () => {
  it("bucketOf: every boundary day", () => {
    const table: [number, string][] = [
      [-30, "current"], [0, "current"], [1, "1-30"], [30, "1-30"], [31, "31-90"], [90, "31-90"], [91, "91-180"], [180, "91-180"],
      [181, "181-360"], [360, "181-360"], [361, "361+"], [5000, "361+"],
    ];
    for (const [days, key] of table) assert.equal(bucketOf(days).key, key, String(days));
    assert.deepEqual(BUCKETS.map((b) => b.key), ["current", "1-30", "31-90", "91-180", "181-360", "361+"]);
  });

  it("costKeyOf: a letter from the formal stage on goes registered; every other channel is its own key", () => {
    assert.equal(costKeyOf({ channel: "letter", stage: "friendly" }), "letter");
    assert.equal(costKeyOf({ channel: "letter", stage: "firm" }), "letter");
    assert.equal(costKeyOf({ channel: "letter", stage: "formal" }), "registered_letter");
    assert.equal(costKeyOf({ channel: "letter", stage: "extrajudicial" }), "registered_letter");
    assert.equal(costKeyOf({ channel: "phone", stage: "formal" }), "phone");
    assert.equal(costKeyOf({ channel: "credit_bureau", stage: "extrajudicial" }), "credit_bureau");
  });

  it("the documented defaults (centavos and basis points)", () => {
    assert.deepEqual(DEFAULT_COSTS, { email: 1, sms: 9, whatsapp: 8, letter: 350, registered_letter: 1400, phone: 300, credit_bureau: 600, protest: 1500, legal: 150000 });
    assert.deepEqual(DEFAULT_RECOVERY_RATES, { current: 9000, "1-30": 5000, "31-90": 2500, "91-180": 1200, "181-360": 600, "361+": 200 });
  });

  it("expectedRecoveryCents: floor of balance × rate, exact far beyond 2^53 / 10000", () => {
    const table: [number, number, number][] = [[0, 5000, 0], [1, 5000, 0], [2, 5000, 1], [2400, 2500, 600], [2399, 2500, 599], [10_000, 10_000, 10_000], [15_000, 0, 0], [-5, 5000, 0]];
    for (const [open, bp, expected] of table) assert.equal(expectedRecoveryCents(open, bp), expected, `${open} × ${bp}`);
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (open, bp) => {
      assert.equal(BigInt(expectedRecoveryCents(open, bp)), (BigInt(open) * BigInt(bp)) / 10_000n);
    }));
  });

  it("the boundary: cost equal to the expected recovery is still worth it, one centavo more is not", () => {
    // Credit bureau (R$ 6,00) at 31–90 days (25 %): R$ 24,00 expects exactly R$ 6,00.
    const cb = { channel: "credit_bureau" as const, stage: "extrajudicial" as const };
    const table: [number, number, boolean][] = [
      [2400, 45, false], [2399, 45, true], [2403, 45, false], [2396, 45, true],
      // 30 days late is still 1–30 (50 %): R$ 12,00 is enough there; a day later it is not.
      [1200, 30, false], [1200, 31, true],
    ];
    for (const [open, days, below] of table) assert.equal(checkExitPoint(POLICY, cb, open, days).below, below, `${open} at ${days} days`);
    // E-mail at 1 centavo: any balance from R$ 0,02 at 50 % is worth an e-mail.
    assert.equal(checkExitPoint(POLICY, { channel: "email", stage: "friendly" }, 2, 5).below, false);
    assert.equal(checkExitPoint(POLICY, { channel: "email", stage: "friendly" }, 1, 5).below, true);
    // A zero cost is never above the recovery.
    assert.equal(checkExitPoint({ ...POLICY, costs: { ...POLICY.costs, protest: 0 } }, { channel: "protest", stage: "extrajudicial" }, 0, 400).below, false);
  });

  it("says why in Portuguese, with the figures", () => {
    const c = checkExitPoint(POLICY, { channel: "letter", stage: "formal" }, 9_900, 200);
    assert.deepEqual(c, { below: true, costKey: "registered_letter", costCents: 1400, bucket: "181-360", rateBp: 600, openCents: 9_900, expectedCents: 594 });
    assert.equal(
      exitPointWhy(c),
      "abaixo do ponto de saída: carta registrada (AR) custa R$ 14,00 e a recuperação esperada é R$ 5,94 (saldo R$ 99,00 × 6,0 % de recuperação na faixa 181–360 dias de atraso); título indicado para baixa ou venda",
    );
    assert.equal(formatRateBp(1234), "12,3 %");
    assert.equal(formatRateBp(10_000), "100,0 %");
    assert.equal(formatRateBp(5), "0,1 %");
  });
});

describe("exit point: the recovery-rate estimator", () => {
  const AS_OF = "2026-06-30";
  const debt = (dueDate: string, originalCents: number, payments: [string, number][] = [], extra: Partial<HistoryDebt> = {}): HistoryDebt => ({
    dueDate, originalCents, createdDate: "2025-01-01", status: "open", isInstalment: false, payments: payments.map(([paidDate, principalCents]) => ({ paidDate, principalCents })), ...extra,
  });

  it("cohort window: entry day in [asOf − 365, asOf − N]", () => {
    // 1–30 starts 1 day after the due date: entries 2025-06-30 … 2026-05-31 are due 2025-06-29 … 2026-05-30.
    assert.deepEqual(cohortDueRange(1, AS_OF, 30), { firstDue: "2025-06-29", lastDue: "2026-05-30" });
    assert.deepEqual(cohortDueRange(31, AS_OF, 30), { firstDue: "2025-05-30", lastDue: "2026-04-30" });
    assert.equal(cohortDueRange(1, AS_OF, 400), null);
  });

  it("measureCohorts: entry day, window, exposure after earlier payments, exclusions", () => {
    const debts: HistoryDebt[] = [
      // 1–30: entered 2026-05-02, paid 40,00 on 05-10 (within 30 days) and 10,00 on 06-01 (day 30: outside).
      debt("2026-05-01", 10_000, [["2026-05-10", 4_000], ["2026-06-01", 1_000]]),
      // Due 2026-05-30: entered 05-31 = asOf − 30, the last day of the window; nothing paid.
      debt("2026-05-30", 5_000),
      // Due 2026-05-31: entered 06-01, its 30 days are not over: out.
      debt("2026-05-31", 7_000, [["2026-06-05", 7_000]]),
      // Paid in full before entering 1–30 (on its due date): no exposure, out.
      debt("2026-04-01", 3_000, [["2026-04-01", 3_000]]),
      // Imported on 2026-05-20, already late: it entered 1–30 before Régua knew it.
      debt("2026-05-01", 9_000, [], { createdDate: "2026-05-20" }),
      // Cancelled, and an agreement's instalment: out.
      debt("2026-05-01", 9_000, [], { status: "cancelled" }),
      debt("2026-05-01", 9_000, [], { isInstalment: true }),
      // Half paid before day 31, the rest within 31–90's window: 31–90 exposure 2.000, recovered 2.000.
      debt("2026-03-01", 4_000, [["2026-03-10", 2_000], ["2026-04-15", 2_000]]),
    ];
    const c = measureCohorts(debts, AS_OF, 30);
    // The 03-01 debt entered 1–30 on 03-02 with 4.000 open and got 2.000 on 03-10.
    assert.deepEqual(c["1-30"], { debts: 3, exposureCents: 10_000 + 5_000 + 4_000, recoveredCents: 4_000 + 0 + 2_000 });
    // 31–90: entries 2025-06-30 … 2026-04-30 → the 03-01 debt (entered 03-31, 2.000 open, 2.000 paid 04-15)
    // and the 05-01 ones are too recent (entered 05-31 > 04-30).
    assert.deepEqual(c["31-90"], { debts: 1, exposureCents: 2_000, recoveredCents: 2_000 });
    assert.deepEqual(c.current, { debts: 0, exposureCents: 0, recoveredCents: 0 });
  });

  it("estimateRecoveryRates: credibility blend n / (n + K), default with no history, current never learned", () => {
    const rates = estimateRecoveryRates({
      "1-30": { debts: 30, exposureCents: 100_000, recoveredCents: 10_000 }, // observed 10 %, weight 1/2 → (1000 + 5000) / 2
      "31-90": { debts: 0, exposureCents: 0, recoveredCents: 0 },
      "91-180": { debts: 270, exposureCents: 1_000_000, recoveredCents: 0 }, // observed 0 %, weight 0,9 → 0,1 × 1200
      current: { debts: 500, exposureCents: 1_000_000, recoveredCents: 1_000_000 },
    });
    const by = Object.fromEntries(rates.map((r) => [r.bucket, r]));
    assert.deepEqual(by["1-30"], { bucket: "1-30", fromDays: 1, toDays: 30, debts: 30, exposureCents: 100_000, recoveredCents: 10_000, observedBp: 1000, defaultBp: 5000, weightBp: 5000, rateBp: 3000 });
    assert.deepEqual([by["31-90"]!.rateBp, by["31-90"]!.observedBp, by["31-90"]!.weightBp], [2500, null, 0]);
    assert.deepEqual([by["91-180"]!.rateBp, by["91-180"]!.weightBp], [120, 9000]);
    assert.deepEqual([by.current!.rateBp, by.current!.debts], [9000, 0]);
    assert.deepEqual([by["361+"]!.rateBp, by["361+"]!.toDays], [200, null]);
    // K = 0: the history alone as soon as there is any.
    assert.equal(ratesOf(estimateRecoveryRates({ "1-30": { debts: 1, exposureCents: 1000, recoveredCents: 333 } }, DEFAULT_RECOVERY_RATES, 0))["1-30"], 3330);
  });

  it("the rate is always between the observed and the default (fast-check)", () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1000 }),
      (defaultBp, n, exposure, share, k) => {
        const recovered = Math.floor((exposure * share) / 10_000);
        const [, r] = estimateRecoveryRates({ "1-30": { debts: n, exposureCents: exposure, recoveredCents: recovered } }, { ...DEFAULT_RECOVERY_RATES, "1-30": defaultBp }, k);
        const observed = exposure > 0 ? (recovered / exposure) * 10_000 : defaultBp;
        assert.ok(r!.rateBp >= Math.floor(Math.min(observed, defaultBp)) && r!.rateBp <= Math.ceil(Math.max(observed, defaultBp)), JSON.stringify(r));
      },
    ));
  });
});

describe("exit point: settings", () => {
  it("validates every field and names the path", () => {
    assert.deepEqual(validateExitPointOverrides({}), {});
    assert.deepEqual(validateExitPointOverrides({ enabled: false, windowDays: 45, credibilityDebts: 0, costs: { letter: 420 }, defaultRates: { "31-90": 3000 } }), {
      enabled: false, windowDays: 45, credibilityDebts: 0, costs: { letter: 420 }, defaultRates: { "31-90": 3000 },
    });
    try {
      validateExitPointOverrides({ windowDays: 0, costs: { fax: 1, sms: -1 }, defaultRates: { "1-30": 10_001 }, extra: 1 });
      assert.fail("deveria recusar");
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, "validation");
      assert.deepEqual(error.errors.map((e) => e.field), ["extra", "windowDays", "costs.fax", "costs.sms", "defaultRates.1-30"]);
      assert.equal(error.errors[1]!.reason, "use um número inteiro de dias, de 1 a 180 (recebido 0)");
    }
  });

  it("effective settings, what is stored, what is customised", () => {
    const o = { costs: { letter: 350, sms: 12 }, windowDays: 30, enabled: false };
    assert.deepEqual(normalizeOverrides(o), { enabled: false, costs: { sms: 12 } });
    assert.deepEqual(customizedFields(o), ["enabled", "costs.sms"]);
    const s = effectiveSettings(o);
    assert.deepEqual([s.enabled, s.windowDays, s.costs.sms, s.costs.letter, s.defaultRates["1-30"]], [false, 30, 12, 350, 5000]);
  });
});

describe("exit point in the ladder decision", () => {
  const LADDER: Ladder = {
    id: "varejo", name: "Varejo", priorNoticeDays: 10,
    steps: [
      { id: "d+5", offsetDays: 5, stage: "firm", channel: "email" },
      { id: "d+40", offsetDays: 40, stage: "formal", channel: "letter", priorNotice: true, conditions: { minOpenCents: 1_000 } },
    ],
  };
  const AT = "2025-06-02T13:00:00.000Z"; // Monday 10:00 in São Paulo
  const ctx = (exitPoint: ExitPointPolicy | null | undefined): DecideContext => ({ at: AT, ladders: [{ ladder: LADDER, version: 1, position: 0 }], windows: DEFAULT_CHANNEL_WINDOWS, caps: DEFAULT_FREQUENCY_CAPS, exitPoint });
  const debt = (id: number, openCents: number, dueDate: string): DebtFacts => ({ id, externalId: `T${id}`, openCents, dueDate, status: "open", pause: { pausedAt: null, pausedUntil: null }, ladderId: null });
  const debtor = (debts: DebtFacts[], extra: Partial<DebtorFacts> = {}): DebtorFacts => {
    const zone = debtorZone("SP", null, null);
    return {
      id: 1, document: "52998224725", uf: zone.uf, timeZone: zone.timeZone, segment: null, tags: [], riskBand: null, pause: { pausedAt: null, pausedUntil: null }, ladderId: null,
      contacts: [{ id: 1, kind: "email", validity: "valid" }], hasAddress: true, optOuts: new Set(), debts, history: [], otherContacts: [], ...extra,
    };
  };
  const reasons = (d: ReturnType<typeof decideActions>) => ({ planned: d.planned.map((p) => [p.channel, p.debts.map((x) => x.externalId)]), skipped: d.skipped.map((s) => [s.channel, s.reason, s.debts.map((x) => x.externalId)]) });

  it("a tiny debt's registered letter is skipped, a large one's is planned; without the policy both are planned", () => {
    // Due 2025-04-20: 43 days late (31–90, 25 %); a registered letter costs R$ 14,00 → R$ 56,00 is the break-even.
    const facts = debtor([debt(1, 5_599, "2025-04-20"), debt(2, 5_600, "2025-04-20")]);
    assert.deepEqual(reasons(decideActions(facts, ctx(POLICY))), { planned: [["letter", ["T2"]]], skipped: [["letter", "below_exit_point", ["T1"]]] });
    assert.deepEqual(reasons(decideActions(facts, ctx(null))), { planned: [["letter", ["T1", "T2"]]], skipped: [] });
    assert.deepEqual(reasons(decideActions(facts, ctx(undefined))), { planned: [["letter", ["T1", "T2"]]], skipped: [] });
  });

  it("precedence: after condition_not_met, before the legal limits and the contact rules", () => {
    // R$ 9,00: below the step's minimum (R$ 10,00) and below the exit point: condition_not_met wins.
    assert.equal(decideActions(debtor([debt(1, 900, "2025-04-20")]), ctx(POLICY)).skipped[0]!.reason, "condition_not_met");
    // Opted out of letters? Letters cannot be opted out of here; no address → no_valid_contact, yet below_exit_point comes first.
    const noAddress = debtor([debt(1, 2_000, "2025-04-20")], { hasAddress: false, contacts: [] });
    assert.equal(decideActions(noAddress, ctx(POLICY)).skipped[0]!.reason, "below_exit_point");
    assert.equal(decideActions(noAddress, ctx(null)).skipped[0]!.reason, "no_valid_contact");
    // Disputed, paused, in agreement come before it.
    assert.equal(decideActions(debtor([{ ...debt(1, 2_000, "2025-04-20"), status: "in_agreement" }]), ctx(POLICY)).skipped[0]!.reason, "in_agreement");
  });

  it("explain tells it in Portuguese", () => {
    const d = decideActions(debtor([debt(1, 2_000, "2025-04-20")]), ctx(POLICY), { trace: true });
    const step = d.traces[0]!.steps.find((s) => s.stepId === "d+40")!;
    assert.equal(step.outcome, "skipped");
    assert.equal(step.reason, "below_exit_point");
    assert.equal(
      step.rule,
      "Não enviada (below_exit_point): abaixo do ponto de saída: carta registrada (AR) custa R$ 14,00 e a recuperação esperada é R$ 5,00 (saldo R$ 20,00 × 25,0 % de recuperação na faixa 31–90 dias de atraso); título indicado para baixa ou venda.",
    );
  });
});
