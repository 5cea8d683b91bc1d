import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { verifyActionToken } from "../../channels/email/tracking.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { cancelPendingActionsForDebtor } from "../outbox/outbox.ts";
import { DEBTOR_LINK_ACTOR } from "./email-actors.ts";
import { trackingSigner } from "./email-context.ts";
import { insertTrackingEvent } from "./tracking-events.ts";

/** How the debtor asked: the page's button, a mail client's RFC 8058 one-click POST, a mailto: message, a spam complaint. */
export type OptOutSource = "unsubscribe_page" | "one_click" | "mailto" | "complaint";

export type EmailOptOutResult = {
  /** False when the debtor had already opted out of e-mail (nothing new was written to opt_outs). */
  created: boolean;
  cancelledActionIds: number[];
};

/**
 * Opts a debtor out of e-mail inside the caller's transaction: the opt-out row (unless one
 * is active), every pending e-mail action cancelled at once (the dispatcher can never send
 * what this stopped), a tracking event, a timeline event and the audit entry — the last
 * three only when something happened (a new opt-out, a cancellation or a complaint).
 */
export async function optOutOfEmail(
  trx: Kysely<Schema>,
  actor: Actor,
  now: Date,
  input: { creditorId: string; debtorId: number; actionId: number | null; source: OptOutSource; reason?: string | null; data?: Record<string, unknown> },
): Promise<EmailOptOutResult> {
  const at = now.toISOString();
  const active = await trx
    .selectFrom("opt_outs")
    .select("id")
    .where("creditor_id", "=", input.creditorId)
    .where("debtor_id", "=", input.debtorId)
    .where("channel", "=", "email")
    .where("opted_in_at", "is", null)
    .executeTakeFirst();
  if (!active) {
    await trx
      .insertInto("opt_outs")
      .values({ creditor_id: input.creditorId, debtor_id: input.debtorId, channel: "email", opted_out_at: at, opted_in_at: null, source: input.source, actor: actor.label, reason: input.reason ?? null })
      .execute();
  }
  const cancelledActionIds = await cancelPendingActionsForDebtor(trx, input.debtorId, "opted_out", at, "email");
  // A repeated request (mail providers retry one-click POSTs) changes nothing and says nothing new.
  if (active && input.source !== "complaint" && cancelledActionIds.length === 0) return { created: false, cancelledActionIds };
  const kind = input.source === "complaint" ? "complained" : "unsubscribed";
  await insertTrackingEvent(trx, { creditorId: input.creditorId, actionId: input.actionId, debtorId: input.debtorId, kind, at, data: { source: input.source, ...input.data } });
  await trx
    .insertInto("events")
    .values({
      creditor_id: input.creditorId, debtor_id: input.debtorId, debt_id: null, kind: input.source === "complaint" ? "email.complained" : "email.unsubscribed", at, actor: actor.label,
      data: JSON.stringify({ actionId: input.actionId === null ? null : String(input.actionId), source: input.source, alreadyOptedOut: Boolean(active), cancelledActionIds: cancelledActionIds.map(String), ...input.data }),
    })
    .execute();
  await recordAudit(trx, actor, now, {
    action: "email.opt_out", entity: "debtor", entityId: String(input.debtorId), creditorId: input.creditorId,
    after: { channel: "email", source: input.source, actionId: input.actionId, alreadyOptedOut: Boolean(active), cancelledActionIds },
  });
  return { created: !active, cancelledActionIds };
}

export type UnsubscribeTarget = { actionId: number; creditorId: string; debtorId: number; creditorName: string; alreadyOptedOut: boolean };

/** What an unsubscribe token points at (for the confirmation page), or null when it is not valid. */
export async function describeUnsubscribe(deps: AppDeps, token: string): Promise<UnsubscribeTarget | null> {
  const actionId = verifyActionToken(await trackingSigner(deps), "unsubscribe", token);
  if (actionId === null) return null;
  const { db } = deps.database;
  const row = await db
    .selectFrom("actions")
    .innerJoin("creditors", "creditors.id", "actions.creditor_id")
    .select(["actions.id", "actions.creditor_id", "actions.debtor_id", "creditors.legal_name", "creditors.trade_name"])
    .where("actions.id", "=", actionId)
    .executeTakeFirst();
  if (!row) return null;
  const active = await db
    .selectFrom("opt_outs")
    .select("id")
    .where("creditor_id", "=", row.creditor_id)
    .where("debtor_id", "=", row.debtor_id)
    .where("channel", "=", "email")
    .where("opted_in_at", "is", null)
    .executeTakeFirst();
  return { actionId, creditorId: row.creditor_id, debtorId: row.debtor_id, creditorName: row.trade_name ?? row.legal_name, alreadyOptedOut: Boolean(active) };
}

/**
 * The debtor unsubscribes through a signed token (page button, one-click POST or mailto).
 * Idempotent: a second request finds the opt-out in place. Null when the token is not valid.
 */
export async function unsubscribeByToken(deps: AppDeps, token: string, source: Exclude<OptOutSource, "complaint">): Promise<(UnsubscribeTarget & EmailOptOutResult) | null> {
  const target = await describeUnsubscribe(deps, token);
  if (!target) return null;
  const now = deps.clock.now();
  const result = await deps.database.db.transaction().execute((trx) =>
    optOutOfEmail(trx, DEBTOR_LINK_ACTOR, now, { creditorId: target.creditorId, debtorId: target.debtorId, actionId: target.actionId, source }),
  );
  return { ...target, ...result };
}
