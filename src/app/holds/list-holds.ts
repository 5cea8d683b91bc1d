import { localDateOf } from "../../domain/br/dates.ts";
import { isPausedOn } from "../../domain/guard/rules.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { findDebtor, type DebtorRef } from "./hold-targets.ts";

export type HoldsView = {
  debtor: { debtorId: string; document: string; paused: boolean; pausedAt: string | null; pausedUntil: string | null };
  /** Debts that are paused or disputed now. */
  debts: { debtId: string; externalId: string; status: string; disputed: boolean; paused: boolean; pausedAt: string | null; pausedUntil: string | null }[];
  /** Channels the debtor opted out of, still in force. */
  optOuts: { channel: string; optedOutAt: string; source: string; reason: string | null }[];
  /** Every pause and dispute change, oldest first. */
  history: { at: string; kind: string; action: string; debtExternalId: string | null; actor: string; reason: string | null; until: string | null }[];
};

/** What holds a debtor now (pauses, disputes, opt-outs) and the history of pauses and disputes. */
export async function getHolds(deps: AppDeps, actor: Actor, creditorId: string, debtor: DebtorRef): Promise<HoldsView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const d = await findDebtor(db, scope, debtor, false);
  const today = localDateOf(deps.clock.now(), d.timeZone);
  const [debts, optOuts, history] = await Promise.all([
    db.selectFrom("debts").select(["id", "external_id", "status", "paused_at", "paused_until"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", d.id)
      .where((eb) => eb.or([eb("status", "=", "disputed"), eb("paused_at", "is not", null)])).orderBy("due_date").orderBy("id").execute(),
    db.selectFrom("opt_outs").select(["channel", "opted_out_at", "source", "reason"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", d.id).where("opted_in_at", "is", null).orderBy("id").execute(),
    db.selectFrom("holds").leftJoin("debts", "debts.id", "holds.debt_id")
      .select(["holds.at", "holds.kind", "holds.action", "debts.external_id", "holds.actor", "holds.reason", "holds.until"])
      .where("holds.creditor_id", "=", scope.creditorId).where("holds.debtor_id", "=", d.id).orderBy("holds.id").execute(),
  ]);
  return {
    debtor: { debtorId: String(d.id), document: d.document, paused: isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, today), pausedAt: d.paused_at, pausedUntil: d.paused_until },
    debts: debts
      .map((x) => ({
        debtId: String(x.id), externalId: x.external_id, status: x.status, disputed: x.status === "disputed",
        paused: isPausedOn({ pausedAt: x.paused_at, pausedUntil: x.paused_until }, today), pausedAt: x.paused_at, pausedUntil: x.paused_until,
      }))
      .filter((x) => x.disputed || x.paused),
    optOuts: optOuts.map((o) => ({ channel: o.channel, optedOutAt: o.opted_out_at, source: o.source, reason: o.reason })),
    history: history.map((h) => ({ at: h.at, kind: h.kind, action: h.action, debtExternalId: h.external_id ?? null, actor: h.actor, reason: h.reason, until: h.until })),
  };
}
