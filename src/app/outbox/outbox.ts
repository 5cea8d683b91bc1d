import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";

/** Statuses of an action that has not been sent yet and can still be stopped. */
export const PENDING_ACTION_STATUSES = ["planned", "awaiting_approval"] as const;

/**
 * Cancels every pending action that covers any of these debts, inside the caller's
 * transaction (a payment, a pause or a dispute calls it in the same transaction that
 * changes the debt, so the dispatcher can never send what was stopped). An action that
 * covers several debts is cancelled too: the next run plans a new message for the debts
 * still due. Returns the ids of the cancelled actions.
 */
export async function cancelPendingActionsForDebts(
  trx: Kysely<Schema>,
  debtIds: readonly number[],
  reason: string,
  at: string,
): Promise<number[]> {
  if (debtIds.length === 0) return [];
  const ids: number[] = [];
  for (let i = 0; i < debtIds.length; i += 500) {
    const chunk = debtIds.slice(i, i + 500);
    const rows = await trx
      .updateTable("actions")
      .set({ status: "cancelled", cancel_reason: reason, updated_at: at })
      .where("status", "in", PENDING_ACTION_STATUSES)
      .where("id", "in", (qb) => qb.selectFrom("action_debts").select("action_id").where("debt_id", "in", chunk))
      .returning("id")
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  return ids;
}

/** The same for every pending action of a debtor (a debtor paused or opted out of everything). */
export async function cancelPendingActionsForDebtor(
  trx: Kysely<Schema>,
  debtorId: number,
  reason: string,
  at: string,
  channel?: string,
): Promise<number[]> {
  let q = trx
    .updateTable("actions")
    .set({ status: "cancelled", cancel_reason: reason, updated_at: at })
    .where("status", "in", PENDING_ACTION_STATUSES)
    .where("debtor_id", "=", debtorId);
  if (channel) q = q.where("channel", "=", channel);
  const rows = await q.returning("id").execute();
  return rows.map((r) => r.id);
}
