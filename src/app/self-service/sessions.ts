import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import type { OpenedLink } from "./open-link.ts";
import { linkKey, selfServiceActor, selfServiceSettingsOf } from "./self-service-context.ts";

/**
 * The short-lived session the identity check opens: a random token in an HttpOnly,
 * SameSite=Strict cookie whose path is the link's own (`/p/{token}`), stored as a hash,
 * valid for one debtor through one link. It ends after `sessionIdleMinutes` without a
 * request, `sessionMaxMinutes` after the check, or when the debtor leaves ("Sair").
 */
export type SelfServiceSession = {
  id: string;
  creditorId: string;
  debtorId: number;
  linkId: string;
  expiresAt: Date;
  /** The debtor, acting for this creditor only. */
  actor: Actor;
};

export const SESSION_COOKIE = "regua_p";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("base64url");

/** Starts a session inside the identity check's transaction; returns the cookie's token. */
export async function startSession(trx: Kysely<Schema>, deps: AppDeps, link: OpenedLink, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + selfServiceSettingsOf(deps).sessionIdleMinutes * 60_000);
  await trx
    .insertInto("self_service_sessions")
    .values({ id: sha256(token), creditor_id: link.creditorId, debtor_id: link.debtorId, link_id: link.linkId, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), ended_at: null })
    .execute();
  return { token, expiresAt };
}

/**
 * The live session of `cookieToken` for this link, its expiry moved ahead (sliding, up
 * to the absolute limit); null when there is none, it ended or expired, or it belongs to
 * another link or debtor.
 */
export async function resumeSession(deps: AppDeps, link: OpenedLink, cookieToken: string | undefined): Promise<SelfServiceSession | null> {
  if (!cookieToken || cookieToken.length > 200) return null;
  const { db } = deps.database;
  const id = sha256(cookieToken);
  const row = await db.selectFrom("self_service_sessions").selectAll().where("id", "=", id).executeTakeFirst();
  const now = deps.clock.now();
  if (!row || row.ended_at !== null || Date.parse(row.expires_at) <= now.getTime()) return null;
  if (row.creditor_id !== link.creditorId || Number(row.debtor_id) !== link.debtorId || row.link_id !== link.linkId) return null;
  const s = selfServiceSettingsOf(deps);
  const limit = Date.parse(row.created_at) + s.sessionMaxMinutes * 60_000;
  const expiresAt = new Date(Math.min(now.getTime() + s.sessionIdleMinutes * 60_000, limit));
  if (expiresAt.getTime() <= now.getTime()) return null;
  await db.updateTable("self_service_sessions").set({ expires_at: expiresAt.toISOString() }).where("id", "=", id).execute();
  return { id, creditorId: row.creditor_id, debtorId: Number(row.debtor_id), linkId: row.link_id, expiresAt, actor: selfServiceActor(row.creditor_id) };
}

/** Ends the session ("Sair"): the cookie no longer opens anything. */
export async function endSession(deps: AppDeps, session: SelfServiceSession): Promise<void> {
  await deps.database.db.updateTable("self_service_sessions").set({ ended_at: deps.clock.now().toISOString() }).where("id", "=", session.id).where("ended_at", "is", null).execute();
}

const csrfMac = (key: Buffer, sessionId: string) => createHmac("sha256", key).update(`regua-self-service:csrf:${sessionId}`).digest().subarray(0, 16);

/** The CSRF token of the session's forms: derived from the session, so it dies with it. */
export async function csrfTokenOf(deps: AppDeps, session: SelfServiceSession): Promise<string> {
  return csrfMac(await linkKey(deps), session.id).toString("base64url");
}

/** Whether `given` is the session's CSRF token (constant time). */
export async function isValidCsrf(deps: AppDeps, session: SelfServiceSession, given: string | undefined): Promise<boolean> {
  if (!given || !/^[A-Za-z0-9_-]{22}$/.test(given)) return false;
  // Compared as text: another spelling of the same bytes (the last character's unused bits) is not the token.
  const expected = Buffer.from(csrfMac(await linkKey(deps), session.id).toString("base64url"), "ascii");
  const bytes = Buffer.from(given, "ascii");
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
