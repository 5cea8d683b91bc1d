import type { PixPsp } from "../../channels/pix-psp/psp-client.ts";
import { AppError } from "../../shared/app-error.ts";
import type { AppDeps } from "../deps.ts";

/** What the PIX use cases need besides the database and the clock. */
export type PixDeps = {
  psp: PixPsp;
  /** The receiver's Pix key (PIX_KEY), named in every charge. */
  pixKey: string;
  /**
   * Public base URL of this Régua, where the PSP reaches the webhook (REGUA_PUBLIC_URL,
   * or the local address when the simulator runs in-process). Null: no webhook is registered.
   */
  webhookBaseUrl: string | null;
  /** How long an immediate charge (cob) stays payable, in seconds; default 86400 (the API's default). */
  cobExpirationSeconds?: number;
};

/** AppDeps with the PSP attached (`regua serve` and tests attach it; see configure-pix.ts). */
export type PixAppDeps = AppDeps & { pix?: PixDeps };

export function pixOf(deps: PixAppDeps): PixDeps {
  if (!deps.pix) throw new AppError("internal", "Pix dinâmico não configurado: defina PIX_PSP_URL, PIX_PSP_CLIENT_ID, PIX_PSP_CLIENT_SECRET e PIX_KEY (ou use `regua serve`, que sobe o simulador).");
  return deps.pix;
}
