import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePassword, validatePasswordStrength } from "./password.ts";

describe("generatePassword", () => {
  it("always passes the strength rule (a draw without a digit used to fail user creation about once in twelve)", () => {
    for (let i = 0; i < 3000; i++) {
      const password = generatePassword();
      assert.equal(validatePasswordStrength(password), null, password);
      assert.match(password, /^[a-hj-km-np-zA-HJ-NP-Z2-9]{16}$/);
    }
  });
});
