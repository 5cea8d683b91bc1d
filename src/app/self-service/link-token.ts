import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The token of a self-service link (`/p/{token}`): who it is for (one debtor of one
 * creditor) and until when, signed with HMAC-SHA256 under a key derived from REGUA_SECRET.
 * Nothing in it is secret — the debtor's id and the creditor's id — but nothing in it can
 * be changed either: the page trusts a token only after its MAC checks (constant time),
 * and only until its expiry.
 *
 * Binary, then base64url, so that an SMS can carry it (44 to 47 characters for a creditor
 * id of `newId` and a debtor id below 2^21; 51 to 54 for the UUIDs creditors had before):
 *
 *   version (1 byte) = 1: creditor UUID as 16 bytes
 *                    = 2: creditor id as length (1 byte) + UTF-8 (any other id)
 *   debtor id         unsigned LEB128
 *   expiry            uint32 big-endian, Unix seconds (good until 2106)
 *   MAC               first 16 bytes of HMAC-SHA256(key, "regua-self-service:v1:" ‖ all of the above)
 *
 * A token is accepted only in its canonical base64url spelling (no padding, no other
 * characters), so one link has exactly one spelling and one `linkId`.
 */

export const MAC_BYTES = 16;
const MAC_LABEL = Buffer.from("regua-self-service:v1:", "utf8");
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_TOKEN_CHARS = 400;
const MAX_EXPIRY_SECONDS = 0xffff_ffff;

export type LinkClaims = { creditorId: string; debtorId: number; expiresAt: Date };

export type LinkCheck =
  | { ok: true; creditorId: string; debtorId: number; expiresAt: Date; linkId: string }
  /** malformed: not a token at all; forged: well-formed, but the MAC is not ours; expired: ours, and past its expiry. */
  | { ok: false; reason: "malformed" | "forged" | "expired" };

/** The signing key of self-service links, derived from the system's secret (one purpose per key). */
export function deriveLinkKey(secret: string): Buffer {
  if (secret.length < 16) throw new Error("REGUA_SECRET curto demais (mínimo 16 caracteres)");
  return createHmac("sha256", secret).update("regua/self-service/v1").digest();
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac("sha256", key).update(MAC_LABEL).update(payload).digest().subarray(0, MAC_BYTES);
}

function encodeVarint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  do {
    const byte = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? byte | 0x80 : byte);
  } while (v > 0);
  return Buffer.from(out);
}

/** Signs the claims: the token for `/p/{token}`. */
export function signLinkToken(key: Buffer, claims: LinkClaims): string {
  const { creditorId, debtorId } = claims;
  if (!Number.isSafeInteger(debtorId) || debtorId <= 0) throw new Error(`id de devedor inválido: ${debtorId}`);
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000);
  if (!Number.isSafeInteger(expiry) || expiry <= 0 || expiry > MAX_EXPIRY_SECONDS) throw new Error(`validade inválida: ${claims.expiresAt.toISOString()}`);
  let head: Buffer;
  if (UUID_RE.test(creditorId)) head = Buffer.concat([Buffer.from([1]), Buffer.from(creditorId.replace(/-/g, ""), "hex")]);
  else {
    const id = Buffer.from(creditorId, "utf8");
    if (id.length === 0 || id.length > 64) throw new Error(`id de credor inválido: ${creditorId}`);
    head = Buffer.concat([Buffer.from([2, id.length]), id]);
  }
  const exp = Buffer.alloc(4);
  exp.writeUInt32BE(expiry);
  const payload = Buffer.concat([head, encodeVarint(debtorId), exp]);
  return Buffer.concat([payload, mac(key, payload)]).toString("base64url");
}

/** The claims of a well-formed payload, or null. */
function parsePayload(payload: Buffer): LinkClaims | null {
  let at = 0;
  let creditorId: string;
  if (payload[0] === 1) {
    if (payload.length < 17) return null;
    const hex = payload.subarray(1, 17).toString("hex");
    creditorId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    at = 17;
  } else if (payload[0] === 2) {
    const length = payload[1] ?? 0;
    if (length === 0 || payload.length < 2 + length) return null;
    creditorId = payload.subarray(2, 2 + length).toString("utf8");
    at = 2 + length;
  } else return null;
  let debtorId = 0;
  let scale = 1;
  for (let i = 0; ; i++) {
    if (i >= 8 || at >= payload.length) return null;
    const byte = payload[at++]!;
    debtorId += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) break;
  }
  if (!Number.isSafeInteger(debtorId) || debtorId <= 0) return null;
  if (payload.length !== at + 4) return null;
  return { creditorId, debtorId, expiresAt: new Date(payload.readUInt32BE(at) * 1000) };
}

/** A short stable id of one link (a hash of its bytes): what attempts and sessions are counted by. */
export function linkIdOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url").slice(0, 22);
}

/**
 * Checks a token: canonical spelling, MAC (constant time, before anything in the payload
 * is believed), then expiry against `now`.
 */
export function verifyLinkToken(key: Buffer, token: string, now: Date): LinkCheck {
  if (token.length === 0 || token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: "malformed" };
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length <= MAC_BYTES + 5 || bytes.toString("base64url") !== token) return { ok: false, reason: "malformed" };
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  const given = bytes.subarray(bytes.length - MAC_BYTES);
  if (!timingSafeEqual(given, mac(key, payload))) return { ok: false, reason: "forged" };
  const claims = parsePayload(payload);
  // Signed by us but unreadable: only a future version could do that; treat it as not ours.
  if (!claims) return { ok: false, reason: "malformed" };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, ...claims, linkId: linkIdOf(token) };
}
