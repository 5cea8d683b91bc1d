import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { approvalsFor, changePercent, debtorsInBucket, OPEN_DEBTORS, outboxFor, paymentsIn } from "./dashboard-links.ts";

describe("dashboard links", () => {
  const month = { from: "2025-06-01", to: "2025-06-30" };
  it("name the filtered list behind each figure", () => {
    assert.equal(debtorsInBucket("31_90"), "/devedores?bucket=31_90");
    assert.equal(OPEN_DEBTORS, "/devedores?status=open");
    assert.equal(outboxFor("failed", "sms", month), "/caixa-de-saida?status=failed&channel=sms&from=2025-06-01&to=2025-06-30");
    assert.equal(outboxFor("opened", "email", month), "/caixa-de-saida?status=sent&channel=email&from=2025-06-01&to=2025-06-30");
    assert.equal(outboxFor("planned", null, month), "/caixa-de-saida?status=planned&from=2025-06-01&to=2025-06-30");
    assert.equal(approvalsFor("credit_bureau"), "/caixa-de-saida?status=awaiting_approval&channel=credit_bureau");
    assert.equal(approvalsFor(null), "/caixa-de-saida?status=awaiting_approval");
    assert.equal(paymentsIn({ from: "2025-06-01", to: "2025-06-02" }), "/pagamentos?aba=todos&situacao=applied&de=2025-06-01&ate=2025-06-02");
  });
  it("compare months in whole percent", () => {
    assert.deepEqual([changePercent(15_000, 10_000), changePercent(5_000, 10_000), changePercent(1, 0), changePercent(0, 3)], [50, -50, null, -100]);
    assert.equal(changePercent(10_005, 10_000), 0);
  });
});
