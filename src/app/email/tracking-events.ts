import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { TrackingEventKind } from "../../db/schema/email.ts";
import { verifyActionToken, verifyClickToken } from "../../channels/email/tracking.ts";
import type { AppDeps } from "../deps.ts";
import { DEBTOR_LINK_ACTOR } from "./email-actors.ts";
import { trackingSigner } from "./email-context.ts";

export type TrackingEventInput = {
  creditorId: string;
  actionId: number | null;
  debtorId: number | null;
  contactId?: number | null;
  kind: TrackingEventKind;
  at: string;
  data?: Record<string, unknown>;
};

/** Appends one tracking event (inside the caller's transaction). */
export async function insertTrackingEvent(db: Kysely<Schema>, e: TrackingEventInput): Promise<void> {
  await db
    .insertInto("tracking_events")
    .values({ creditor_id: e.creditorId, action_id: e.actionId, debtor_id: e.debtorId, contact_id: e.contactId ?? null, kind: e.kind, at: e.at, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

type HitMeta = { userAgent?: string };

/**
 * A pixel load or a click of one action's message: always a tracking event, and a
 * timeline event for the first of its kind (mail clients and scanners load pixels and
 * follow links many times; the timeline says "opened", not how often).
 */
async function recordHit(deps: AppDeps, actionId: number, kind: "opened" | "clicked", data: Record<string, unknown>): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const action = await trx.selectFrom("actions").select(["id", "creditor_id", "debtor_id", "channel"]).where("id", "=", actionId).executeTakeFirst();
    if (!action || action.channel !== "email") return false;
    const earlier = await trx.selectFrom("tracking_events").select("id").where("action_id", "=", actionId).where("kind", "=", kind).limit(1).executeTakeFirst();
    await insertTrackingEvent(trx, { creditorId: action.creditor_id, actionId, debtorId: action.debtor_id, kind, at: now, data });
    if (!earlier) {
      await trx
        .insertInto("events")
        .values({ creditor_id: action.creditor_id, debtor_id: action.debtor_id, debt_id: null, kind: `email.${kind}`, at: now, actor: DEBTOR_LINK_ACTOR.label, data: JSON.stringify({ actionId: String(actionId), ...data }) })
        .execute();
    }
    return true;
  });
}

/** `GET /t/o/{token}`: true when the token was valid and the open recorded. */
export async function recordOpen(deps: AppDeps, token: string, meta: HitMeta = {}): Promise<boolean> {
  const actionId = verifyActionToken(await trackingSigner(deps), "open", token);
  if (actionId === null) return false;
  return recordHit(deps, actionId, "opened", meta.userAgent ? { userAgent: meta.userAgent.slice(0, 300) } : {});
}

/**
 * `GET /t/c/{token}`: the destination the token signs, or null (tampered, unknown action).
 * The click is recorded before the redirect.
 */
export async function recordClick(deps: AppDeps, token: string, meta: HitMeta = {}): Promise<string | null> {
  const click = verifyClickToken(await trackingSigner(deps), token);
  if (!click) return null;
  try {
    const ok = await recordHit(deps, click.actionId, "clicked", { url: click.url, ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 300) } : {}) });
    return ok ? click.url : null;
  } catch {
    // The signature vouches for the destination: a database hiccup must not strand the debtor.
    return click.url;
  }
}
