import { createHash, createPublicKey, createVerify, type KeyObject } from "node:crypto";
import { splitMessage, type HeaderField } from "./mime.ts";

/**
 * Verifies the DKIM-Signature of a raw message against a known public key (RFC 6376,
 * rsa-sha256, relaxed or simple canonicalisation). Used by the embedded sink, which
 * knows each creditor's key, and by the tests; in the real world the receiver fetches
 * the key from DNS (`selector._domainkey.domain`).
 */
export type DkimResult =
  | { result: "none" }
  | { result: "pass"; domain: string; selector: string; signedHeaders: string[] }
  | { result: "fail"; domain: string | null; selector: string | null; reason: string };

export function verifyDkim(raw: string | Buffer, publicKey: KeyObject | string): DkimResult {
  const text = typeof raw === "string" ? raw : raw.toString("latin1");
  const { headers, body } = splitMessage(text);
  const signature = headers.find((h) => h.name.toLowerCase() === "dkim-signature");
  if (!signature) return { result: "none" };
  const tags = parseTags(signature.value);
  const domain = tags.d ?? null;
  const selector = tags.s ?? null;
  const fail = (reason: string): DkimResult => ({ result: "fail", domain, selector, reason });
  if (tags.v !== "1") return fail("versão (v=) ausente ou diferente de 1");
  if (tags.a !== "rsa-sha256") return fail(`algoritmo não suportado: ${tags.a ?? "(ausente)"}`);
  if (!domain || !selector || !tags.h || !tags.bh || tags.b === undefined) return fail("tags obrigatórias ausentes (d, s, h, bh, b)");
  const [headerCanon = "simple", bodyCanon = "simple"] = (tags.c ?? "simple/simple").split("/");
  const signedHeaders = tags.h.split(":").map((h) => h.trim()).filter(Boolean);
  if (!signedHeaders.some((h) => h.toLowerCase() === "from")) return fail("o cabeçalho From não está assinado");

  const bodyHash = createHash("sha256").update(canonicalBody(body, bodyCanon === "relaxed"), "latin1").digest("base64");
  if (bodyHash !== tags.bh.replace(/\s+/g, "")) return fail("hash do corpo (bh=) não confere: o corpo foi alterado");

  const relaxed = headerCanon === "relaxed";
  const remaining = [...headers];
  let data = "";
  for (const name of signedHeaders) {
    // Bottom-up: each listed name takes the last not-yet-used instance (RFC 6376 §5.4.2).
    let index = -1;
    for (let i = remaining.length - 1; i >= 0; i--) {
      if (remaining[i] !== signature && remaining[i]!.name.toLowerCase() === name.toLowerCase()) {
        index = i;
        break;
      }
    }
    if (index < 0) continue;
    data += `${canonicalHeader(remaining[index]!, relaxed)}\r\n`;
    remaining.splice(index, 1);
  }
  const unsigned = { ...signature, raw: signature.raw.replace(/(\bb=)[^;]*/, "$1") };
  data += canonicalHeader(unsigned, relaxed);
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const ok = createVerify("RSA-SHA256").update(data, "latin1").verify(key, tags.b.replace(/\s+/g, ""), "base64");
  return ok ? { result: "pass", domain, selector, signedHeaders } : fail("assinatura (b=) não confere: cabeçalhos alterados ou chave diferente");
}

function parseTags(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function canonicalHeader(h: HeaderField, relaxed: boolean): string {
  if (!relaxed) return h.raw;
  const colon = h.raw.indexOf(":");
  const value = h.raw.slice(colon + 1).replace(/\r?\n/g, "").replace(/[ \t]+/g, " ").trim();
  return `${h.raw.slice(0, colon).trim().toLowerCase()}:${value}`;
}

function canonicalBody(body: string, relaxed: boolean): string {
  let lines = body.split(/\r?\n/);
  if (relaxed) lines = lines.map((l) => l.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) return relaxed ? "" : "\r\n";
  return `${lines.join("\r\n")}\r\n`;
}

/** The DNS TXT record that publishes the public half of a DKIM private key (PEM). */
export function dkimDnsRecord(privateKeyPem: string): string {
  const der = createPublicKey(privateKeyPem).export({ type: "spki", format: "der" });
  return `v=DKIM1; k=rsa; p=${der.toString("base64")}`;
}
