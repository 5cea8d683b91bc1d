import type { DebtorFacts, DebtStatus, HistoryFacts, OtherContact } from "../../domain/ladder/decide-actions.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import type { DebtorRow, RawBatch } from "./run-store.ts";

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
