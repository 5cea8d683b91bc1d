// The app-level check of the PIX webhook. Real PSPs call the webhook over mTLS, which the
// reverse proxy terminates; behind it, Régua accepts a notification only when the URL
// carries the creditor's webhook token (`?token=…`, 256 random bits). Only its SHA-256 is
// stored, and it is compared in constant time. A new token is made at each registration.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");
// Compared against when the creditor has no token, so timing does not tell which creditors have one.
const DUMMY_HASH = sha256("regua-sem-token");

export function newWebhookToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Stores the hash of `token` as the creditor's webhook token (and where it was registered). */
export async function saveWebhookToken(db: Kysely<Schema>, creditorId: string, token: string, at: string, registration: { pixKey: string; url: string } | null): Promise<void> {
  const values = { token_hash: sha256(token), pix_key: registration?.pixKey ?? null, url: registration?.url ?? null, registered_at: registration ? at : null, updated_at: at };
  const updated = await db.updateTable("pix_webhooks").set(values).where("creditor_id", "=", creditorId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto("pix_webhooks").values({ creditor_id: creditorId, created_at: at, ...values }).execute();
}

/**
 * Makes a new webhook token for the creditor without registering it at the PSP (for a
 * PSP configured by hand, and for tests). The previous token stops working.
 */
export async function createPixWebhookToken(deps: AppDeps, actor: Actor, creditorId: string): Promise<{ token: string }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "creditor.update");
  const token = newWebhookToken();
  const now = deps.clock.now();
  await deps.database.db.transaction().execute(async (trx) => {
    await saveWebhookToken(trx, scope.creditorId, token, now.toISOString(), null);
    await recordAudit(trx, actor, now, { action: "pix.webhook.token", entity: "pix_webhook", entityId: scope.creditorId, creditorId: scope.creditorId });
  });
  return { token };
}

/** True when `token` is the creditor's current webhook token (constant-time comparison of hashes). */
export async function verifyPixWebhookToken(deps: AppDeps, creditorId: string, token: string | undefined): Promise<boolean> {
  const row = await deps.database.db.selectFrom("pix_webhooks").select("token_hash").where("creditor_id", "=", creditorId).executeTakeFirst();
  const expected = Buffer.from(row?.token_hash ?? DUMMY_HASH);
  const given = Buffer.from(sha256(token ?? ""));
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  return same && row !== undefined && token !== undefined && token !== "";
}
