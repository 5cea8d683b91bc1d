import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { deriveLinkKey, linkIdOf, signLinkToken, verifyLinkToken } from "./link-token.ts";

const KEY = deriveLinkKey("segredo-de-teste-0123456789");
const CREDITOR = "11111111-2222-4333-8444-555555555555";
const EXPIRES = new Date("2025-07-02T13:00:00.000Z");
const NOW = new Date("2025-06-02T13:00:00.000Z");

/** Golden: the exact token of fixed claims under a fixed secret (any change to the format changes it). */
const GOLDEN = "AREREREiIkMzhERVVVVVVVUqaGUtUGfKY3rUB7xfhnfChDFked0";

describe("self-service link tokens", () => {
  it("signs to the golden token and verifies back to the same claims", () => {
    const token = signLinkToken(KEY, { creditorId: CREDITOR, debtorId: 42, expiresAt: EXPIRES });
    assert.equal(token, GOLDEN);
    assert.equal(token.length, 51);
    assert.deepEqual(verifyLinkToken(KEY, token, NOW), { ok: true, creditorId: CREDITOR, debtorId: 42, expiresAt: EXPIRES, linkId: linkIdOf(token) });
    assert.equal(linkIdOf(token), "gPkWxoi2aeMsv8f9yzdhFT");
  });

  it("expiry boundary: valid until the instant before, expired at the instant itself and after", () => {
    const table: [string, "ok" | "expired"][] = [
      ["2025-06-02T13:00:00.000Z", "ok"],
      ["2025-07-02T12:59:59.999Z", "ok"],
      ["2025-07-02T13:00:00.000Z", "expired"],
      ["2025-07-02T13:00:00.001Z", "expired"],
      ["2026-01-01T00:00:00.000Z", "expired"],
    ];
    for (const [at, expected] of table) {
      const r = verifyLinkToken(KEY, GOLDEN, new Date(at));
      assert.equal(r.ok ? "ok" : r.reason, expected, at);
    }
  });

  it("expiry is kept to the second (sub-second parts are dropped when signing)", () => {
    const token = signLinkToken(KEY, { creditorId: CREDITOR, debtorId: 42, expiresAt: new Date("2025-07-02T13:00:00.999Z") });
    assert.equal(token, GOLDEN);
  });

  it("any changed bit of the token is refused (never ok), and a changed MAC is 'forged'", () => {
    const bytes = Buffer.from(GOLDEN, "base64url");
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ (1 << bit);
        const r = verifyLinkToken(KEY, copy.toString("base64url"), NOW);
        assert.equal(r.ok, false, `byte ${i} bit ${bit}`);
        if (!r.ok) assert.ok(r.reason === "forged" || r.reason === "malformed", `byte ${i} bit ${bit}: ${r.reason}`);
      }
    }
    // The payload's debtor id changed to 43 with the original MAC: forged, not debtor 43.
    const tampered = Buffer.from(bytes);
    tampered[17] = 43;
    assert.deepEqual(verifyLinkToken(KEY, tampered.toString("base64url"), NOW), { ok: false, reason: "forged" });
  });

  it("another key's token is forged; expired is only said of tokens we signed", () => {
    const other = deriveLinkKey("outro-segredo-0123456789");
    assert.deepEqual(verifyLinkToken(other, GOLDEN, NOW), { ok: false, reason: "forged" });
    assert.deepEqual(verifyLinkToken(other, GOLDEN, new Date("2030-01-01T00:00:00Z")), { ok: false, reason: "forged" });
  });

  it("malformed: empty, too long, characters outside base64url, padding, truncation, non-canonical spelling", () => {
    const cases = ["", "a", "A".repeat(401), `${GOLDEN}=`, `${GOLDEN}.`, GOLDEN.replace("A", "+"), GOLDEN.slice(0, -1), `${GOLDEN} `, "../../etc/passwd"];
    for (const token of cases) assert.equal(verifyLinkToken(KEY, token, NOW).ok, false, JSON.stringify(token));
    // 38 bytes = 304 bits: the last character carries 2 unused bits; another spelling of the same bytes is refused.
    const last = GOLDEN.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelled = GOLDEN.slice(0, -1) + sibling;
    assert.deepEqual(Buffer.from(respelled, "base64url"), Buffer.from(GOLDEN, "base64url"));
    assert.deepEqual(verifyLinkToken(KEY, respelled, NOW), { ok: false, reason: "malformed" });
  });

  it("creditor ids that are not UUIDs and large debtor ids round-trip", () => {
    const token = signLinkToken(KEY, { creditorId: "credor-legado", debtorId: 2 ** 40, expiresAt: EXPIRES });
    const r = verifyLinkToken(KEY, token, NOW);
    assert.ok(r.ok);
    assert.equal(r.creditorId, "credor-legado");
    assert.equal(r.debtorId, 2 ** 40);
  });

  it("refuses to sign what it could not read back", () => {
    assert.throws(() => signLinkToken(KEY, { creditorId: CREDITOR, debtorId: 0, expiresAt: EXPIRES }));
    assert.throws(() => signLinkToken(KEY, { creditorId: "", debtorId: 1, expiresAt: EXPIRES }));
    assert.throws(() => signLinkToken(KEY, { creditorId: CREDITOR, debtorId: 1, expiresAt: new Date("2200-01-01T00:00:00Z") }));
    assert.throws(() => deriveLinkKey("curto"));
  });

  it("property: every signed token verifies to its claims, and every other string of the same length does not verify to them", () => {
    const uuid = fc.uuid().map((u) => u.toLowerCase());
    fc.assert(
      fc.property(uuid, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1_800_000_000, max: 4_000_000_000 }), fc.nat(), fc.integer({ min: 1, max: 63 }), (creditorId, debtorId, expiry, pos, delta) => {
        const expiresAt = new Date(expiry * 1000);
        const token = signLinkToken(KEY, { creditorId, debtorId, expiresAt });
        const r = verifyLinkToken(KEY, token, new Date(expiresAt.getTime() - 1));
        assert.deepEqual(r, { ok: true, creditorId, debtorId, expiresAt, linkId: linkIdOf(token) });
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const i = pos % token.length;
        const changed = token.slice(0, i) + alphabet[(alphabet.indexOf(token[i]!) + delta) % 64] + token.slice(i + 1);
        assert.equal(verifyLinkToken(KEY, changed, new Date(expiresAt.getTime() - 1)).ok, false);
      }),
      { numRuns: 300 },
    );
  });
});
