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
  pix: { pspUrl?: string; clientId?: string; clientSecret?: string; key?: string };
  /** E-mail: without smtpUrl, `regua serve` runs the embedded SMTP sink on loopback (sinkPort, 0 = a free port). */
  email: { smtpUrl?: string; sinkPort: number; sinkMode: "normal" | "drop_after_data" | "bounce_all"; mailDomain: string; maxConnections: number };
};

export function readConfig(env: Record<string, string | undefined>): Config {
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
    },
    pix: { pspUrl: env.PIX_PSP_URL || undefined, clientId: env.PIX_PSP_CLIENT_ID || undefined, clientSecret: env.PIX_PSP_CLIENT_SECRET || undefined, key: env.PIX_KEY || undefined },
  };
}
