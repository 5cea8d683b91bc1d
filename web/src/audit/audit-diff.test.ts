import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { auditDiff, showValue } from "./audit-diff.ts";

describe("auditDiff", () => {
  it("lists changed fields first, nested paths flattened", () => {
    assert.deepEqual(auditDiff({ city: "Santos", state: "SP", charges: { fine: 2, interest: 1 } }, { city: "Niterói", state: "SP", charges: { fine: 2, interest: 1.5 } }), [
      { field: "city", before: "Santos", after: "Niterói", changed: true },
      { field: "charges.interest", before: "1", after: "1.5", changed: true },
      { field: "state", before: "SP", after: "SP", changed: false },
      { field: "charges.fine", before: "2", after: "2", changed: false },
    ]);
  });
  it("handles creation (no before), removal (no after), arrays and nulls", () => {
    assert.deepEqual(auditDiff(null, { email: "a@b.c", creditorIds: ["x", "y"] }), [
      { field: "email", before: null, after: "a@b.c", changed: true },
      { field: "creditorIds", before: null, after: '["x","y"]', changed: true },
    ]);
    assert.deepEqual(auditDiff({ validity: "valid", invalidReason: null }, { validity: "invalid", invalidReason: "número de outra pessoa" }), [
      { field: "validity", before: "valid", after: "invalid", changed: true },
      { field: "invalidReason", before: "null", after: "número de outra pessoa", changed: true },
    ]);
    assert.deepEqual(auditDiff(null, null), []);
    assert.deepEqual(auditDiff(null, "texto"), [{ field: "", before: null, after: "texto", changed: true }]);
  });
  it("shows values compactly", () => {
    assert.equal(showValue(undefined), null);
    assert.equal(showValue(true), "true");
    assert.equal(showValue({ a: 1 }), '{"a":1}');
  });
});
