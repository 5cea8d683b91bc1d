import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { verifyCopyUnsubscribeToken } from "../../channels/email/tracking.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { DEBTOR_LINK_ACTOR } from "./email-actors.ts";
import { trackingSigner } from "./email-context.ts";
import type { OptOutSource } from "./unsubscribe.ts";

/** One copy (Cc) of an action's message, as `actions.copies` keeps it, in the order sent. */
export type CopyRecord = { address: string; status: "sending" | "sent" | "failed" | "uncertain"; response?: string };

/** The lower-case addresses that stopped copies of this creditor's messages (the dispatcher reads them once per pass). */
export async function loadCopyOptOuts(db: Kysely<Schema>, creditorId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("email_copy_opt_outs").select("address").where("creditor_id", "=", creditorId).execute();
  return new Set(rows.map((r) => r.address));
}

export type CopyUnsubscribeTarget = { actionId: number; creditorId: string; debtorId: number; address: string; creditorName: string; alreadyOptedOut: boolean };

/** What a copy's unsubscribe token points at (for the confirmation page), or null when it is not valid. */
export async function describeCopyUnsubscribe(deps: AppDeps, token: string): Promise<CopyUnsubscribeTarget | null> {
  const claim = verifyCopyUnsubscribeToken(await trackingSigner(deps), token);
  if (claim === null) return null;
  const { db } = deps.database;
  const row = await db
    .selectFrom("actions")
    .innerJoin("creditors", "creditors.id", "actions.creditor_id")
    .select(["actions.creditor_id", "actions.debtor_id", "actions.copies", "creditors.legal_name", "creditors.trade_name"])
    .where("actions.id", "=", claim.actionId)
    .executeTakeFirst();
  const address = row?.copies ? (JSON.parse(row.copies) as CopyRecord[])[claim.index]?.address : undefined;
  if (!row || !address) return null;
  const active = await db.selectFrom("email_copy_opt_outs").select("id").where("creditor_id", "=", row.creditor_id).where("address", "=", address).executeTakeFirst();
  return { actionId: claim.actionId, creditorId: row.creditor_id, debtorId: Number(row.debtor_id), address, creditorName: row.trade_name ?? row.legal_name, alreadyOptedOut: Boolean(active) };
}

/**
 * The reader of a copy (a supervisor, the debtor's account representative) stops receiving
 * copies of this creditor's messages, through the copy's signed link (page button, one-click
 * POST or mailto). The debtor's own e-mail is untouched. Idempotent; on the debtor's timeline
 * and in the audit log when new. Null when the token is not valid.
 */
export async function unsubscribeCopyByToken(
  deps: AppDeps,
  token: string,
  source: Exclude<OptOutSource, "complaint">,
): Promise<(CopyUnsubscribeTarget & { created: boolean }) | null> {
  const target = await describeCopyUnsubscribe(deps, token);
  if (!target) return null;
  const now = deps.clock.now();
  const at = now.toISOString();
  const created = await deps.database.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("email_copy_opt_outs")
      .values({ creditor_id: target.creditorId, address: target.address, opted_out_at: at, source, action_id: target.actionId })
      .onConflict((oc) => oc.columns(["creditor_id", "address"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    const data = { actionId: String(target.actionId), address: target.address, source };
    await trx.insertInto("events").values({ creditor_id: target.creditorId, debtor_id: target.debtorId, debt_id: null, kind: "email.copy_unsubscribed", at, actor: DEBTOR_LINK_ACTOR.label, data: JSON.stringify(data) }).execute();
    await recordAudit(trx, DEBTOR_LINK_ACTOR, now, { action: "email.copy_opt_out", entity: "creditor", entityId: target.creditorId, creditorId: target.creditorId, after: { ...data, debtorId: String(target.debtorId) } });
    return true;
  });
  return { ...target, alreadyOptedOut: target.alreadyOptedOut || !created, created };
}
