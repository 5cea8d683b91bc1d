import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { isSealed, openSealed, sealSecret } from "./sealed-secret.ts";

describe("sealed secrets", () => {
  const key = randomBytes(32);
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIE…\n-----END PRIVATE KEY-----\n";

  it("round-trips, never shows the plaintext, and seals the same secret differently each time", () => {
    const sealed = sealSecret(key, "dkim:alfa", pem);
    assert.ok(isSealed(sealed));
    assert.ok(!sealed.includes("PRIVATE KEY"));
    assert.equal(openSealed(key, "dkim:alfa", sealed), pem);
    assert.notEqual(sealSecret(key, "dkim:alfa", pem), sealed);
  });

  it("opens only with its key and its context, and not when tampered", () => {
    const sealed = sealSecret(key, "dkim:alfa", pem);
    assert.equal(openSealed(randomBytes(32), "dkim:alfa", sealed), null, "another key");
    assert.equal(openSealed(key, "dkim:beta", sealed), null, "moved to another creditor");
    const raw = Buffer.from(sealed.slice("sealed:v1:".length), "base64");
    raw[raw.length - 1]! ^= 1;
    assert.equal(openSealed(key, "dkim:alfa", `sealed:v1:${raw.toString("base64")}`), null, "ciphertext changed");
    assert.equal(openSealed(key, "dkim:alfa", "sealed:v1:AAAA"), null, "cut short");
    assert.equal(openSealed(key, "dkim:alfa", pem), null, "not sealed");
    assert.equal(isSealed(pem), false);
  });
});
