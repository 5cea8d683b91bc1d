import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatDigitableLine as domainFormat } from "../../../src/domain/boleto/format-boleto.ts";
import { formatDigitableLine } from "./format-boleto-line.ts";

describe("formatDigitableLine", () => {
  it("groups a bank boleto's 47 digits as the slip prints them", () => {
    assert.equal(formatDigitableLine("34191090080003006123841234510000716420000018125"), "34191.09008 00030.061238 41234.510000 7 16420000018125");
    assert.equal(formatDigitableLine("não é linha"), "não é linha");
  });
  it("agrees with the domain's formatter for 47 and 48 digits", () => {
    fc.assert(fc.property(fc.constantFrom(47, 48), fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 48, maxLength: 48 }), (n, digits) => {
      const line = digits.slice(0, n);
      return formatDigitableLine(line) === domainFormat(line);
    }));
  });
});
