import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newId } from "./ids.ts";

describe("newId", () => {
  it("is 10 characters of Crockford's base 32 in lower case, all of it used, none repeated", () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of ids) assert.match(id, /^[0-9a-hjkmnp-tv-z]{10}$/);
    assert.equal(new Set(ids).size, ids.length);
    const seen = new Set(ids.join(""));
    assert.equal(seen.size, 32);
  });

  it("spreads every position evenly over the alphabet", () => {
    const counts = Array.from({ length: 10 }, () => new Map<string, number>());
    const n = 32_000;
    for (let i = 0; i < n; i++) [...newId()].forEach((c, p) => counts[p]!.set(c, (counts[p]!.get(c) ?? 0) + 1));
    // 1,000 expected per character and position; a bias of one bit would put some at 0 or 2,000.
    for (const position of counts) for (const [, k] of position) assert.ok(k > 800 && k < 1200, `${k}`);
  });
});
