import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A secret kept in the database, sealed with a key that is not there (derived from
 * REGUA_SECRET): AES-256-GCM with a random IV, bound to `context` (what the secret is and
 * whose), as `sealed:v1:` + base64 of IV, tag and ciphertext. A copy of the database alone
 * does not reveal it, and a sealed value moved to another row does not open there.
 */
export function sealSecret(key: Buffer, context: string, plaintext: string): string {
  if (key.length !== 32) throw new Error("chave de 32 bytes esperada");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The plaintext of a sealed value, or null when this key and context do not open it (another key, another row, tampered). */
export function openSealed(key: Buffer, context: string, sealed: string): string | null {
  if (!isSealed(sealed) || key.length !== 32) return null;
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
