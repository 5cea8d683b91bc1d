import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { CONTACT_KIND_OF_CHANNEL, type Channel } from "../../domain/ladder/channels.ts";
import { AppError } from "../../shared/app-error.ts";
import { cancelPendingActionsForDebtor } from "../outbox/outbox.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkReason, findDebtor, lockRows, type DebtorRef } from "./hold-targets.ts";

/**
 * Opt-out per channel ("descadastro"), honoured at once: recording it cancels the debtor's
 * pending actions on that channel in the same transaction. An active opt-out is an
 * `opt_outs` row with `opted_in_at` null; opting in closes it (the row stays as history).
 * Repeating either is not an error (`changed: false`): an SMS "SAIR" sent twice is one opt-out.
 */

/** The channels a debtor can opt out of: those that contact the person (not formal measures). */
export const OPT_OUT_CHANNELS = Object.keys(CONTACT_KIND_OF_CHANNEL) as Channel[];

export type OptOutView = { debtorId: string; document: string; channel: string; optedOut: boolean; optedOutAt: string | null; source: string | null };
export type OptOutResult = { changed: boolean; optOut: OptOutView; cancelledActions: number };

export function checkOptOutChannel(channel: string): Channel {
  if (!(OPT_OUT_CHANNELS as string[]).includes(channel)) {
    throw new AppError("validation", `channel: canal sem descadastro: ${channel} (use ${OPT_OUT_CHANNELS.join(", ")})`, [{ field: "channel", reason: `use ${OPT_OUT_CHANNELS.join(", ")}` }]);
  }
  return channel as Channel;
}

function checkSource(source: string | undefined): string {
  const s = source ?? "manual";
  if (!/^[a-z][a-z_]{0,39}$/.test(s)) throw new AppError("validation", `source: use letras minúsculas e _ (ex.: manual, unsubscribe_link, sms_keyword): ${s}`, [{ field: "source", reason: "formato inválido" }]);
  return s;
}

export type OptOutFacts = { creditorId: string; debtorId: number; channel: Channel; source: string; reason: string | null; actor: Actor; now: Date };

/**
 * Records an opt-out inside the caller's transaction, without authorisation: for callers
 * that already checked who may do it (an unsubscribe link's signature, an inbound SMS from
 * the debtor's number). Cancels the channel's pending actions, writes event and audit.
 */
export async function recordOptOut(trx: Kysely<Schema>, f: OptOutFacts): Promise<{ changed: boolean; optedOutAt: string; source: string; cancelledActions: number }> {
  const at = f.now.toISOString();
  const active = await trx.selectFrom("opt_outs").select(["opted_out_at", "source"]).where("debtor_id", "=", f.debtorId).where("channel", "=", f.channel).where("opted_in_at", "is", null).orderBy("id").executeTakeFirst();
  if (active) return { changed: false, optedOutAt: active.opted_out_at, source: active.source, cancelledActions: 0 };
  await trx.insertInto("opt_outs").values({ creditor_id: f.creditorId, debtor_id: f.debtorId, channel: f.channel, opted_out_at: at, opted_in_at: null, source: f.source, actor: f.actor.label, reason: f.reason }).execute();
  const cancelled = await cancelPendingActionsForDebtor(trx, f.debtorId, "opted_out", at, f.channel);
  await trx.insertInto("events").values({
    creditor_id: f.creditorId, debtor_id: f.debtorId, debt_id: null, kind: "contact.opted_out", at, actor: f.actor.label,
    data: JSON.stringify({ channel: f.channel, source: f.source, reason: f.reason, cancelledActions: cancelled.length }),
  }).execute();
  await recordAudit(trx, f.actor, f.now, {
    action: "contact.opt_out", entity: "debtor", entityId: String(f.debtorId), creditorId: f.creditorId,
    after: { channel: f.channel, source: f.source, reason: f.reason, cancelledActions: cancelled.length },
  });
  return { changed: true, optedOutAt: at, source: f.source, cancelledActions: cancelled.length };
}

/** The debtor no longer wants `channel`: honoured at once. */
export async function optOut(deps: AppDeps, actor: Actor, creditorId: string, debtor: DebtorRef, input: { channel: string; reason?: string; source?: string }): Promise<OptOutResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "optout.write");
  const channel = checkOptOutChannel(input.channel);
  const reason = checkReason(input.reason, false);
  const source = checkSource(input.source);
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebtor(trx, scope, debtor, lockRows(deps.database));
    const r = await recordOptOut(trx, { creditorId: scope.creditorId, debtorId: d.id, channel, source, reason, actor, now });
    return { changed: r.changed, optOut: { debtorId: String(d.id), document: d.document, channel, optedOut: true, optedOutAt: r.optedOutAt, source: r.source }, cancelledActions: r.cancelledActions };
  });
}

/** The debtor agrees to be contacted on `channel` again. */
export async function optIn(deps: AppDeps, actor: Actor, creditorId: string, debtor: DebtorRef, input: { channel: string; reason?: string }): Promise<OptOutResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "optin.write");
  const channel = checkOptOutChannel(input.channel);
  const reason = checkReason(input.reason, false);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const d = await findDebtor(trx, scope, debtor, lockRows(deps.database));
    const active = await trx.selectFrom("opt_outs").select(["id", "opted_out_at", "source"]).where("debtor_id", "=", d.id).where("channel", "=", channel).where("opted_in_at", "is", null).execute();
    const view: OptOutView = { debtorId: String(d.id), document: d.document, channel, optedOut: false, optedOutAt: null, source: null };
    if (active.length === 0) return { changed: false, optOut: view, cancelledActions: 0 };
    await trx.updateTable("opt_outs").set({ opted_in_at: at }).where("id", "in", active.map((a) => a.id)).execute();
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: d.id, debt_id: null, kind: "contact.opted_in", at, actor: actor.label, data: JSON.stringify({ channel, reason }) }).execute();
    await recordAudit(trx, actor, now, {
      action: "contact.opt_in", entity: "debtor", entityId: String(d.id), creditorId: scope.creditorId,
      before: { channel, optedOutAt: active[0]!.opted_out_at, source: active[0]!.source }, after: { channel, optedInAt: at, reason },
    });
    return { changed: true, optOut: view, cancelledActions: 0 };
  });
}
