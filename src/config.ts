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
};

export function readConfig(env: Record<string, string | undefined>): Config {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} deve ser um número inteiro (recebido "${raw}")`);
    return n;
  };
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
  };
}
