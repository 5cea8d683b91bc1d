import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchPath, safeNextPath } from "./match-path.ts";

describe("matchPath", () => {
  it("matches static and parameterised patterns", () => {
    assert.deepEqual(matchPath("/", "/"), {});
    assert.deepEqual(matchPath("/devedores", "/devedores"), {});
    assert.deepEqual(matchPath("/devedores", "/devedores/"), {});
    assert.deepEqual(matchPath("/devedores/:debtorId", "/devedores/d-42"), { debtorId: "d-42" });
    assert.deepEqual(matchPath("/devedores/:debtorId", "/devedores/a%20b"), { debtorId: "a b" });
  });
  it("rejects other paths", () => {
    assert.equal(matchPath("/devedores", "/"), null);
    assert.equal(matchPath("/devedores/:debtorId", "/devedores"), null);
    assert.equal(matchPath("/devedores/:debtorId", "/devedores/1/extra"), null);
    assert.equal(matchPath("/reguas", "/modelos"), null);
    assert.equal(matchPath("/devedores/:debtorId", "/devedores/%E0%A4%A"), null);
  });
});

describe("safeNextPath", () => {
  it("keeps same-site paths with their query", () => {
    assert.equal(safeNextPath("/devedores?q=ana"), "/devedores?q=ana");
  });
  it("refuses anything that could leave the site or loop to login", () => {
    for (const next of [null, "", "https://evil.example", "//evil.example", "/\\evil.example", "devedores", "/login", "/login?next=/x"]) {
      assert.equal(safeNextPath(next), "/", String(next));
    }
  });
});
