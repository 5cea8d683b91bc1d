import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_NEGOTIATION_POLICY, parseNegotiationPolicy } from "../../../src/domain/negotiation/negotiation-policy.ts";
import { addBucket, formToPolicy, policyToForm, removeBucket } from "./negotiation-policy-form.ts";

describe("negotiation policy form", () => {
  it("round-trips the default policy in both languages, and the server accepts it", () => {
    for (const locale of ["pt-BR", "en"] as const) {
      const form = policyToForm(DEFAULT_NEGOTIATION_POLICY, locale);
      const back = formToPolicy(form);
      assert.ok(back.ok);
      assert.deepEqual(back.policy, DEFAULT_NEGOTIATION_POLICY);
      assert.ok(parseNegotiationPolicy(back.policy).ok);
    }
    const pt = policyToForm(DEFAULT_NEGOTIATION_POLICY, "pt-BR");
    assert.equal(pt.buckets[0]!.interestMonthlyPercent, "1,99");
    assert.equal(pt.minimumExistential, "600,00");
    assert.equal(pt.buckets[4]!.toDays, "", "the last bucket has no end");
  });
  it("names the cells that are not numbers by their server path", () => {
    const form = policyToForm(DEFAULT_NEGOTIATION_POLICY, "pt-BR");
    form.buckets[1]!.maxInstalments = "seis";
    form.buckets[2]!.minInstalment = "R$ 10,9,9";
    form.breakAfterDays = "";
    assert.deepEqual(formToPolicy(form), { ok: false, invalid: ["buckets[1].maxInstalments", "buckets[2].minInstalmentCents", "breakAfterDays"] });
  });
  it("adds a bucket after the last and removes one keeping the days covered", () => {
    const form = policyToForm(DEFAULT_NEGOTIATION_POLICY, "pt-BR");
    const added = addBucket(form);
    assert.deepEqual(added.buckets.slice(-2).map((b) => [b.fromDays, b.toDays]), [["361", "390"], ["391", ""]]);
    const added2 = formToPolicy(added);
    assert.ok(added2.ok && parseNegotiationPolicy(added2.policy).ok);
    const removed = removeBucket(form, 1);
    assert.deepEqual(removed.buckets.map((b) => [b.fromDays, b.toDays]), [["1", "90"], ["91", "180"], ["181", "360"], ["361", ""]]);
    const removedLast = removeBucket(form, 4);
    assert.deepEqual(removedLast.buckets.map((b) => b.toDays).slice(-1), [""]);
    const back = formToPolicy(removedLast);
    assert.ok(back.ok && parseNegotiationPolicy(back.policy).ok);
  });
});
