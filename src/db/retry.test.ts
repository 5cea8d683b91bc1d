import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lostRace, retryLostRace } from "./retry.ts";

const failure = (code: string) => Object.assign(new Error(code), { code });

describe("retryLostRace", () => {
  it("runs again after a lost race and answers what the later attempt returned", async () => {
    const codes = ["40P01", "SQLITE_BUSY"];
    let calls = 0;
    const result = await retryLostRace(async () => {
      const code = codes[calls++];
      if (code) throw failure(code);
      return "ok";
    });
    assert.deepEqual([result, calls], ["ok", 3]);
  });

  it("gives up after three attempts with the last error", async () => {
    let calls = 0;
    await assert.rejects(retryLostRace(async () => { calls++; throw failure("40001"); }), { code: "40001" });
    assert.equal(calls, 3);
  });

  it("throws any other error at once", async () => {
    let calls = 0;
    await assert.rejects(retryLostRace(async () => { calls++; throw failure("23503"); }), { code: "23503" });
    assert.equal(calls, 1);
  });

  it("knows the codes of both dialects and nothing else", () => {
    assert.deepEqual(["23505", "40001", "40P01", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT"].filter((c) => !lostRace(failure(c))), []);
    assert.deepEqual([failure("23503"), failure("SQLITE_CONSTRAINT_CHECK"), new Error("x"), null, "40P01"].filter(lostRace), []);
  });
});
