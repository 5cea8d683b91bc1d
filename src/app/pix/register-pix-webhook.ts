import { AppError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { pixOf, type PixAppDeps } from "./pix-deps.ts";
import { newWebhookToken, saveWebhookToken } from "./pix-webhook-token.ts";

/** Where the PSP is told to notify a creditor's Pix (it POSTs to this URL + "/pix"). */
export function pixWebhookUrl(baseUrl: string, creditorId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/api/webhooks/pix/${encodeURIComponent(creditorId)}`;
}

/**
 * Registers (or re-registers, with a new token) the creditor's webhook for the Pix key at
 * the PSP: `PUT /webhook/{chave}` with `{base}/api/webhooks/pix/{creditorId}?token=…`.
 */
export async function registerPixWebhook(deps: PixAppDeps, actor: Actor, creditorId: string): Promise<{ url: string; pixKey: string }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "creditor.update");
  return register(deps, scope);
}

async function register(deps: PixAppDeps, scope: CreditorScope): Promise<{ url: string; pixKey: string }> {
  const pix = pixOf(deps);
  if (!pix.webhookBaseUrl) throw new AppError("validation", "Endereço público da Régua desconhecido: defina REGUA_PUBLIC_URL para registrar o webhook Pix.", [{ field: "REGUA_PUBLIC_URL", reason: "obrigatório" }]);
  const url = pixWebhookUrl(pix.webhookBaseUrl, scope.creditorId);
  const token = newWebhookToken();
  await pix.psp.putWebhook(pix.pixKey, `${url}?token=${token}`);
  const now = deps.clock.now();
  await deps.database.db.transaction().execute(async (trx) => {
    await saveWebhookToken(trx, scope.creditorId, token, now.toISOString(), { pixKey: pix.pixKey, url });
    await recordAudit(trx, scope.actor, now, { action: "pix.webhook.register", entity: "pix_webhook", entityId: scope.creditorId, creditorId: scope.creditorId, after: { pixKey: pix.pixKey, url } });
  });
  return { url, pixKey: pix.pixKey };
}

/**
 * Before a charge: makes sure the PSP notifies the Pix key's payments to this Régua.
 * The PSP keeps ONE webhook per key; when creditors share the key, any creditor's
 * registration at the current address will do, since notifications are matched to
 * charges by txid (see receive-pix-webhook.ts). Without a public address, nothing is done.
 */
export async function ensurePixWebhook(deps: PixAppDeps, scope: CreditorScope): Promise<void> {
  const pix = pixOf(deps);
  if (!pix.webhookBaseUrl) return;
  const rows = await deps.database.db.selectFrom("pix_webhooks").select(["creditor_id", "url"]).where("pix_key", "=", pix.pixKey).where("registered_at", "is not", null).execute();
  if (rows.some((r) => r.url === pixWebhookUrl(pix.webhookBaseUrl!, r.creditor_id))) return;
  await register(deps, scope);
}
