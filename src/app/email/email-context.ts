import { createHmac, randomBytes } from "node:crypto";
import { createTokenSigner, type TokenSigner } from "../../channels/email/tracking.ts";
import type { EmailTransport } from "../../channels/email/smtp-transport.ts";
import type { SmtpSink } from "../../channels/email/smtp-sink.ts";
import type { AppDeps } from "../deps.ts";
import type { RenderPool } from "../dispatch/render-pool.ts";

/**
 * What the e-mail channel of one running system knows beyond the database: where links
 * point, the domain of its addresses, how to sign tracking links, and (when `serve` or a
 * worker started it) the transport and the embedded sink.
 */
export type EmailContext = {
  /** Base of tracking and unsubscribe links, e.g. https://cobranca.exemplo.com.br (REGUA_PUBLIC_URL). */
  publicUrl: string;
  /** Domain of the default From, the bounce address and unsubscribe mailbox (REGUA_MAIL_DOMAIN). */
  mailDomain: string;
  /** REGUA_SECRET; absent, a random key kept in the database signs the links. */
  secret: string | undefined;
  transport: EmailTransport | null;
  sink: SmtpSink | null;
  /** Worker threads that render the dispatcher's messages (REGUA_RENDER_WORKERS); null: rendered on the main thread. */
  renderPool: RenderPool | null;
};

export const DEFAULT_MAIL_DOMAIN = "localhost";
export const DEFAULT_PUBLIC_URL = "http://localhost:3000";

const contexts = new WeakMap<AppDeps, EmailContext>();
const signers = new WeakMap<AppDeps, Promise<TokenSigner>>();

/**
 * Sets the e-mail context of `deps` (serve, workers, tests). Without it the channel still
 * answers links and lists the sink, with the defaults above and the database key.
 */
export function configureEmail(deps: AppDeps, context: Partial<EmailContext>): EmailContext {
  const previous = contexts.get(deps);
  const next: EmailContext = {
    publicUrl: (context.publicUrl ?? previous?.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, ""),
    mailDomain: context.mailDomain ?? previous?.mailDomain ?? DEFAULT_MAIL_DOMAIN,
    secret: "secret" in context ? context.secret : previous?.secret,
    transport: context.transport ?? previous?.transport ?? null,
    sink: context.sink ?? previous?.sink ?? null,
    renderPool: "renderPool" in context ? (context.renderPool ?? null) : (previous?.renderPool ?? null),
  };
  if (previous?.secret !== next.secret) signers.delete(deps);
  contexts.set(deps, next);
  return next;
}

export function emailContextOf(deps: AppDeps): EmailContext {
  return contexts.get(deps) ?? configureEmail(deps, {});
}

/** The signer of tracking and unsubscribe tokens (`REGUA_SECRET`, else the database key). */
export function trackingSigner(deps: AppDeps): Promise<TokenSigner> {
  let signer = signers.get(deps);
  if (!signer) {
    signer = trackingKey(deps).then(createTokenSigner);
    // A failed load (database down) must be retried on the next link, not remembered.
    signer.catch(() => signers.delete(deps));
    signers.set(deps, signer);
  }
  return signer;
}

/** The derived key behind `trackingSigner`, for a render worker to sign with. */
export async function trackingKey(deps: AppDeps): Promise<Buffer> {
  const { secret } = emailContextOf(deps);
  return deriveKey(secret ? secret : await databaseSecret(deps));
}

/**
 * The key that seals secrets the database keeps (creditors' DKIM private keys), derived from
 * REGUA_SECRET; null without it (then they are kept as given: a key kept in the same
 * database would protect nothing).
 */
export function secretsKey(deps: AppDeps): Buffer | null {
  const { secret } = emailContextOf(deps);
  return secret ? createHmac("sha256", secret).update("regua/secrets-at-rest/v1").digest() : null;
}

/** One purpose per key: REGUA_SECRET signs other things too (sessions, self-service links). */
function deriveKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("regua/email-tracking/v1").digest();
}

const KEY_ID = "tracking";

/** The random key of this database, created on first use (every process of the system shares it). */
async function databaseSecret(deps: AppDeps): Promise<string> {
  const { db } = deps.database;
  const found = await db.selectFrom("email_keys").select("secret").where("id", "=", KEY_ID).executeTakeFirst();
  if (found) return found.secret;
  await db
    .insertInto("email_keys")
    .values({ id: KEY_ID, secret: randomBytes(32).toString("hex"), created_at: deps.clock.now().toISOString() })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const row = await db.selectFrom("email_keys").select("secret").where("id", "=", KEY_ID).executeTakeFirstOrThrow();
  return row.secret;
}
