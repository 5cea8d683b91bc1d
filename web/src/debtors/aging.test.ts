import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agingBucketOf, daysLate, todayIn } from "./aging.ts";

describe("daysLate and agingBucketOf", () => {
  it("count calendar days and bucket them at the boundaries", () => {
    assert.equal(daysLate("2026-11-23", "2026-11-23"), 0);
    assert.equal(daysLate("2026-10-24", "2026-11-23"), 30);
    assert.equal(daysLate("2026-12-01", "2026-11-23"), -8);
    assert.equal(daysLate("2024-02-28", "2024-03-01"), 2);
    const table: [number, string | null][] = [[-5, "not_due"], [0, "not_due"], [1, "1_30"], [30, "1_30"], [31, "31_90"], [90, "31_90"], [91, "91_180"], [180, "91_180"], [181, "181_360"], [360, "181_360"], [361, "361_plus"]];
    for (const [late, bucket] of table) {
      const due = new Date(Date.parse("2026-11-23T00:00:00Z") - late * 86_400_000).toISOString().slice(0, 10);
      assert.equal(agingBucketOf(due, "2026-11-23"), bucket, `${late}`);
    }
    assert.equal(agingBucketOf(null, "2026-11-23"), null);
  });
  it("knows today in a zone", () => {
    assert.equal(todayIn("America/Sao_Paulo", new Date("2026-11-24T02:30:00Z")), "2026-11-23");
    assert.equal(todayIn("America/Sao_Paulo", new Date("2026-11-24T03:30:00Z")), "2026-11-24");
    assert.equal(todayIn("America/Manaus", new Date("2026-11-24T03:30:00Z")), "2026-11-23");
  });
});
