import type { DebtorFacts, DebtStatus, HistoryFacts, OtherContact } from "../../domain/ladder/decide-actions.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import type { DebtorRow, RawBatch, RunStore } from "./run-store.ts";

/** Where the contacts counted by frequency caps start for a run at `at`: the rolling week before any debtor's send day, with a day to spare for time zones. */
export function capsWindowStart(at: string): string {
  return new Date(Date.parse(at) - 8 * 86_400_000).toISOString();
}

/**
 * The person's contacts since `since` that are not this creditor's actions (another
 * creditor's messages, calls a collector made by hand), by document: frequency caps count
 * them as the creditor's own. Empty without a query when there are none at all.
 */
export async function outsideContactsOf(store: RunStore, documents: string[], since: string, anyAtAll: boolean): Promise<Map<string, OtherContact[]>> {
  const out = new Map<string, OtherContact[]>();
  if (!anyAtAll || documents.length === 0) return out;
  for (const r of await store.outsideContacts(documents, since)) {
    let list = out.get(r.document);
    if (!list) out.set(r.document, (list = []));
    list.push({ channel: r.channel, sendAt: r.send_at });
  }
  return out;
}

/** Turns a batch of rows into the facts the decision reads, one entry per debtor in id order. */
export function debtorFactsOf(raw: RawBatch, creditorState: string | null, others: ReadonlyMap<string, OtherContact[]> = new Map()): { row: DebtorRow; facts: DebtorFacts }[] {
  const byDebtor = new Map<number, DebtorFacts>();
  const out: { row: DebtorRow; facts: DebtorFacts }[] = [];
  for (const d of raw.debtors) {
    const zone = debtorZone(d.state, d.city, creditorState);
    const facts: DebtorFacts = {
      id: d.id,
      document: d.document,
      uf: zone.uf,
      timeZone: zone.timeZone,
      segment: d.segment,
      tags: d.tags === "[]" ? [] : (JSON.parse(d.tags) as string[]),
      riskBand: d.risk_band,
      pause: { pausedAt: d.paused_at, pausedUntil: d.paused_until },
      ladderId: d.ladder_id,
      contacts: [],
      hasAddress: Boolean(d.address && d.address.trim() !== ""),
      optOuts: new Set<string>(),
      debts: [],
      history: [],
      otherContacts: others.get(d.document) ?? [],
    };
    byDebtor.set(d.id, facts);
    out.push({ row: d, facts });
  }
  type Mutable = { contacts: DebtorFacts["contacts"][number][]; debts: DebtorFacts["debts"][number][]; history: HistoryFacts[]; optOuts: Set<string> };
  const m = (id: number) => byDebtor.get(id) as unknown as Mutable | undefined;
  for (const c of raw.contacts) m(c.debtor_id)?.contacts.push({ id: c.id, kind: c.kind, validity: c.validity });
  for (const o of raw.optOuts) m(o.debtor_id)?.optOuts.add(o.channel);
  for (const d of raw.debts) {
    m(d.debtor_id)?.debts.push({
      id: d.id, externalId: d.external_id, openCents: d.open_cents, dueDate: d.due_date, status: d.status as DebtStatus,
      pause: { pausedAt: d.paused_at, pausedUntil: d.paused_until }, ladderId: d.ladder_id,
    });
  }
  for (const h of raw.history) {
    m(h.debtor_id)?.history.push({
      actionId: h.action_id, debtId: h.debt_id, ladderId: h.ladder_id, stepId: h.step_id, priorNotice: Number(h.prior_notice) === 1, actionStepId: h.action_step_id,
      channel: h.channel, status: h.status, localDay: h.local_day, sendAt: h.send_at, cancelReason: h.cancel_reason,
    });
  }
  return out;
}
