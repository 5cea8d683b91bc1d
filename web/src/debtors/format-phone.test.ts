import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatPhone } from "./format-phone.ts";

describe("formatPhone", () => {
  const cases: [string, string][] = [
    ["+5511969946782", "+55 11 96994-6782"],
    ["+551133334444", "+55 11 3333-4444"],
    ["+55 (11) 96994-6782", "+55 11 96994-6782"],
    ["+14155550100", "+14155550100"],
    ["11969946782", "11969946782"],
    ["+55119699467821", "+55119699467821"],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => assert.equal(formatPhone(input), expected));
  }
});
