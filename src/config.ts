import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import type { PixPspTls } from "./channels/pix-psp/mtls-fetch.ts";

/** Configuration from environment variables; every one is documented in the README. */
export type Config = {
  databaseUrl: string | undefined;
  port: number;
  host: string;
  secret: string | undefined;
  adminPassword: string | undefined;
  demoOnFirstStart: boolean;
  demoDebtors: number;
  logLevel: string;
  publicUrl: string | undefined;
  /** Dynamic PIX through a PSP (API Pix); without pspUrl, `regua serve` runs the simulator in-process. */
  pix: { pspUrl?: string; clientId?: string; clientSecret?: string; key?: string; tls?: PixPspTls };
  /** E-mail: without smtpUrl, `regua serve` runs the embedded SMTP sink on loopback (sinkPort, 0 = a free port). */
  email: { smtpUrl?: string; sinkPort: number; sinkMode: "normal" | "drop_after_data" | "bounce_all"; mailDomain: string; maxConnections: number; renderWorkers: number };
};

/** `cwd`: where relative paths (PIX_PSP_CERT…) are resolved; default the process's. */
export function readConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} deve ser um número inteiro (recebido "${raw}")`);
    return n;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    if (!(values as readonly string[]).includes(raw)) throw new Error(`${name} deve ser ${values.join(", ")} (recebido "${raw}")`);
    return raw as T;
  };
  // Links in messages are signed with it: a short secret is refused before anything runs.
  if (env.REGUA_SECRET && env.REGUA_SECRET.length < 16) throw new Error("REGUA_SECRET deve ter pelo menos 16 caracteres");
  return {
    databaseUrl: env.DATABASE_URL,
    port: int("PORT", 3000),
    host: env.HOST || "0.0.0.0",
    secret: env.REGUA_SECRET || undefined,
    adminPassword: env.REGUA_ADMIN_PASSWORD || undefined,
    demoOnFirstStart: env.REGUA_DEMO !== "0",
    demoDebtors: int("REGUA_DEMO_DEBTORS", 2000),
    logLevel: env.LOG_LEVEL || "info",
    publicUrl: env.REGUA_PUBLIC_URL || undefined,
    email: {
      smtpUrl: env.SMTP_URL || undefined,
      sinkPort: int("SMTP_SINK_PORT", 0),
      sinkMode: oneOf("SMTP_SINK_MODE", ["normal", "drop_after_data", "bounce_all"] as const, "normal"),
      mailDomain: (env.REGUA_MAIL_DOMAIN || "localhost").trim().toLowerCase(),
      maxConnections: int("SMTP_MAX_CONNECTIONS", 5) || 5,
      renderWorkers: int("REGUA_RENDER_WORKERS", 1),
    },
    pix: {
      pspUrl: env.PIX_PSP_URL || undefined, clientId: env.PIX_PSP_CLIENT_ID || undefined, clientSecret: env.PIX_PSP_CLIENT_SECRET || undefined, key: env.PIX_KEY || undefined,
      tls: readPixTls(env, cwd),
    },
  };
}

/**
 * The PSP's mutual TLS (PIX_PSP_CERT + PIX_PSP_KEY in PEM, or PIX_PSP_PFX in PKCS#12 with
 * PIX_PSP_PFX_PASSPHRASE; PIX_PSP_CA for a PSP whose server certificate is not one the
 * system trusts): the files are read and checked now, so a wrong path, a key that does not
 * match its certificate or a wrong password stops the start with the variable named.
 */
function readPixTls(env: Record<string, string | undefined>, cwd: string): PixPspTls | undefined {
  const certPath = env.PIX_PSP_CERT || undefined;
  const keyPath = env.PIX_PSP_KEY || undefined;
  const pfxPath = env.PIX_PSP_PFX || undefined;
  const passphrase = env.PIX_PSP_PFX_PASSPHRASE || undefined;
  const caPath = env.PIX_PSP_CA || undefined;
  if (!certPath && !keyPath && !pfxPath && !passphrase && !caPath) return undefined;
  if (pfxPath && (certPath || keyPath)) {
    throw new Error("certificado do cliente Pix definido de duas formas: use PIX_PSP_PFX (PKCS#12) ou PIX_PSP_CERT e PIX_PSP_KEY (PEM), não ambas");
  }
  if (certPath && !keyPath) throw new Error("PIX_PSP_CERT exige PIX_PSP_KEY (a chave privada do certificado de cliente)");
  if (keyPath && !certPath) throw new Error("PIX_PSP_KEY exige PIX_PSP_CERT (o certificado de cliente da chave)");
  if (passphrase && !pfxPath) throw new Error("PIX_PSP_PFX_PASSPHRASE só se aplica com PIX_PSP_PFX");
  if (!env.PIX_PSP_URL) throw new Error("certificado do PSP Pix (PIX_PSP_CERT, PIX_PSP_PFX ou PIX_PSP_CA) sem PIX_PSP_URL: defina o endereço do PSP");
  if (!env.PIX_PSP_URL.startsWith("https://")) throw new Error(`PIX_PSP_URL deve usar https:// com certificado de cliente (mTLS) (recebido "${env.PIX_PSP_URL}")`);

  const tls: PixPspTls = {};
  if (caPath) {
    const ca = readTlsFile("PIX_PSP_CA", caPath, cwd);
    try {
      new X509Certificate(ca);
    } catch {
      throw new Error(`PIX_PSP_CA: ${resolve(cwd, caPath)} não é um certificado (PEM ou DER) de autoridade certificadora`);
    }
    tls.ca = ca;
  }
  if (pfxPath) {
    const pfx = readTlsFile("PIX_PSP_PFX", pfxPath, cwd);
    try {
      createSecureContext({ pfx, passphrase });
    } catch (error) {
      const detail = /mac verify|bad decrypt|password/i.test(String((error as Error).message)) ? "senha errada (PIX_PSP_PFX_PASSPHRASE)" : "não é um arquivo PKCS#12 (.pfx/.p12) válido";
      throw new Error(`PIX_PSP_PFX: não foi possível abrir ${resolve(cwd, pfxPath)}: ${detail}`);
    }
    tls.pfx = pfx;
    tls.passphrase = passphrase;
  } else if (certPath && keyPath) {
    const cert = readTlsFile("PIX_PSP_CERT", certPath, cwd);
    const key = readTlsFile("PIX_PSP_KEY", keyPath, cwd);
    try {
      createSecureContext({ cert });
    } catch {
      throw new Error(`PIX_PSP_CERT: ${resolve(cwd, certPath)} não é um certificado PEM (-----BEGIN CERTIFICATE-----)`);
    }
    try {
      createSecureContext({ key });
    } catch {
      throw new Error(`PIX_PSP_KEY: ${resolve(cwd, keyPath)} não é uma chave privada PEM sem senha (-----BEGIN PRIVATE KEY-----)`);
    }
    try {
      createSecureContext({ cert, key });
    } catch {
      throw new Error(`PIX_PSP_CERT e PIX_PSP_KEY não formam um par: a chave privada ${resolve(cwd, keyPath)} não corresponde ao certificado ${resolve(cwd, certPath)}`);
    }
    tls.cert = cert;
    tls.key = key;
  }
  return tls;
}

function readTlsFile(name: string, path: string, cwd: string): Buffer {
  const full = resolve(cwd, path);
  try {
    return readFileSync(full);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") throw new Error(`${name}: arquivo não encontrado: ${full}`);
    if (code === "EISDIR") throw new Error(`${name}: ${full} é um diretório, não um arquivo`);
    throw new Error(`${name}: não foi possível ler ${full} (${code ?? (error as Error).message})`);
  }
}
