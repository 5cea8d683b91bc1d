import { randomBytes } from "node:crypto";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { emailContextOf } from "../email/email-context.ts";
import { DEBTOR_RULE, LINK_RULE, type AttemptRule } from "./attempt-limits.ts";
import { deriveLinkKey } from "./link-token.ts";

/**
 * What the self-service page of one running system knows beyond the database: how long
 * links and sessions last, the attempt limits, and the key that signs links. The public
 * URL and REGUA_SECRET are the e-mail context's (`configureEmail`, set by `regua serve`):
 * one system, one public address, one secret (each use gets its own derived key).
 */
export type SelfServiceSettings = {
  /** Validity of a new link, in days (default 30). */
  linkDays: number;
  /** A session ends after this many minutes without a request (default 30)… */
  sessionIdleMinutes: number;
  /** …and this many after the identity check, whatever happens (default 240). */
  sessionMaxMinutes: number;
  linkRule: AttemptRule;
  debtorRule: AttemptRule;
  /** How many characters of the CPF/CNPJ the page asks for, from the start (default 3). */
  documentChars: number;
};

export const DEFAULT_SELF_SERVICE_SETTINGS: SelfServiceSettings = {
  linkDays: 30,
  sessionIdleMinutes: 30,
  sessionMaxMinutes: 240,
  linkRule: LINK_RULE,
  debtorRule: DEBTOR_RULE,
  documentChars: 3,
};

/** The label every self-service action carries on timelines and in the audit log. */
export const SELF_SERVICE_ACTOR_LABEL = "debtor:self-service";

/**
 * The debtor acting on the page, for one creditor only. Made only after the identity
 * check, for the creditor and debtor of the session; the collector role gives exactly what
 * the page offers (read, issue PIX/boleto, agreements, promises, disputes, opt-outs).
 */
export function selfServiceActor(creditorId: string): Actor {
  return { kind: "system", id: "self-service", role: "collector", creditorIds: [creditorId], label: SELF_SERVICE_ACTOR_LABEL };
}

const settings = new WeakMap<AppDeps, SelfServiceSettings>();
const keys = new WeakMap<AppDeps, { secret: string | undefined; key: Promise<Buffer> }>();

/** Overrides settings for `deps` (tests, `serve`); what is left out keeps its value. */
export function configureSelfService(deps: AppDeps, patch: Partial<SelfServiceSettings>): SelfServiceSettings {
  const next = { ...selfServiceSettingsOf(deps), ...patch };
  if (!Number.isInteger(next.linkDays) || next.linkDays < 1 || next.linkDays > 365) throw new Error(`validade do link inválida: ${next.linkDays} dias (1 a 365)`);
  if (!Number.isInteger(next.documentChars) || next.documentChars < 2 || next.documentChars > 6) throw new Error(`dígitos pedidos inválidos: ${next.documentChars}`);
  settings.set(deps, next);
  return next;
}

export function selfServiceSettingsOf(deps: AppDeps): SelfServiceSettings {
  return settings.get(deps) ?? DEFAULT_SELF_SERVICE_SETTINGS;
}

/** Base of the links, e.g. https://cobranca.exemplo.com.br (REGUA_PUBLIC_URL). */
export function publicUrlOf(deps: AppDeps): string {
  return emailContextOf(deps).publicUrl.replace(/\/+$/, "");
}

/** The key that signs links (and CSRF tokens): from REGUA_SECRET, else the database's random key. */
export function linkKey(deps: AppDeps): Promise<Buffer> {
  const { secret } = emailContextOf(deps);
  const cached = keys.get(deps);
  if (cached && cached.secret === secret) return cached.key;
  const key = (secret ? Promise.resolve(secret) : databaseSecret(deps)).then(deriveLinkKey);
  // A failed load (database down) is retried on the next request, not remembered.
  key.catch(() => keys.delete(deps));
  keys.set(deps, { secret, key });
  return key;
}

const KEY_ID = "links";

async function databaseSecret(deps: AppDeps): Promise<string> {
  const { db } = deps.database;
  const found = await db.selectFrom("self_service_keys").select("secret").where("id", "=", KEY_ID).executeTakeFirst();
  if (found) return found.secret;
  await db
    .insertInto("self_service_keys")
    .values({ id: KEY_ID, secret: randomBytes(32).toString("hex"), created_at: deps.clock.now().toISOString() })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  return (await db.selectFrom("self_service_keys").select("secret").where("id", "=", KEY_ID).executeTakeFirstOrThrow()).secret;
}
