import type { PixPspTls } from "../../channels/pix-psp/mtls-fetch.ts";
import { createPixPspClient } from "../../channels/pix-psp/psp-client.ts";
import { startPixSimulator, type PixSimulator } from "../../channels/pix-psp/simulator.ts";
import { validatePixKey } from "../../domain/pix/pix-key.ts";
import { AppError } from "../../shared/app-error.ts";
import type { PixDeps } from "./pix-deps.ts";

/**
 * The PSP settings of the environment (PIX_PSP_URL, PIX_PSP_CLIENT_ID, PIX_PSP_CLIENT_SECRET,
 * PIX_KEY; `tls` from PIX_PSP_CERT/PIX_PSP_KEY or PIX_PSP_PFX and PIX_PSP_CA, read by src/config.ts).
 */
export type PixSettings = { pspUrl?: string; clientId?: string; clientSecret?: string; key?: string; tls?: PixPspTls };

/** The receiver key of the demonstration (a random key, EVP) when PIX_KEY is not set and the simulator runs. */
export const DEMO_PIX_KEY = "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc";

export type PixSetup = { pix: PixDeps; simulator: PixSimulator | null; close(): Promise<void> };

/**
 * The PSP for this process: the one PIX_PSP_URL names, or, without it and when
 * `allowSimulator`, the simulator started in-process on a free loopback port.
 * `webhookBaseUrl` is the public address of this Régua (REGUA_PUBLIC_URL), if known.
 */
export async function setupPix(settings: PixSettings, options: { allowSimulator: boolean; webhookBaseUrl?: string | null; log?: (line: string) => void }): Promise<PixSetup> {
  const key = settings.key ? validatePixKey(settings.key) : null;
  if (key && !key.ok) throw new AppError("validation", `PIX_KEY: ${key.reason}`, [{ field: "PIX_KEY", reason: key.reason }]);
  const webhookBaseUrl = options.webhookBaseUrl ?? null;
  if (settings.pspUrl) {
    const missing = [!settings.clientId && "PIX_PSP_CLIENT_ID", !settings.clientSecret && "PIX_PSP_CLIENT_SECRET", !key && "PIX_KEY"].filter((m): m is string => Boolean(m));
    if (missing.length) throw new AppError("validation", `Com PIX_PSP_URL defina também ${missing.join(", ")}.`, missing.map((field) => ({ field, reason: "obrigatório" })));
    const psp = createPixPspClient({ baseUrl: settings.pspUrl, clientId: settings.clientId!, clientSecret: settings.clientSecret!, tls: settings.tls });
    return { pix: { psp, pixKey: key!.ok ? key!.value.key : "", webhookBaseUrl }, simulator: null, close: async () => {} };
  }
  if (!options.allowSimulator) {
    throw new AppError("validation", "PSP Pix não configurado: defina PIX_PSP_URL, PIX_PSP_CLIENT_ID, PIX_PSP_CLIENT_SECRET e PIX_KEY (para testar, `regua pix simulator` sobe um PSP local).", [{ field: "PIX_PSP_URL", reason: "obrigatório" }]);
  }
  const pixKey = key?.ok ? key.value.key : DEMO_PIX_KEY;
  const simulator = await startPixSimulator({ keys: [pixKey], receiver: { nome: "Regua Demonstracao", cidade: "Sao Paulo" }, log: options.log });
  const psp = createPixPspClient({ baseUrl: simulator.url, clientId: simulator.clientId, clientSecret: simulator.clientSecret });
  return { pix: { psp, pixKey, webhookBaseUrl }, simulator, close: () => simulator.close() };
}
