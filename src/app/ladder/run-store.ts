import type { PlannedAction } from "../../domain/ladder/decide-actions.ts";

/** Debt statuses the run looks at: settled and written-off debts never appear. */
export const RUN_DEBT_STATUSES = ["open", "disputed", "in_agreement"] as const;

export type DebtorRow = {
  id: number; document: string; name: string; state: string | null; city: string | null; segment: string | null; tags: string;
  paused_at: string | null; paused_until: string | null; ladder_id: string | null; risk_band: string | null; address: string | null;
};
export type DebtRow = { id: number; debtor_id: number; external_id: string; open_cents: number; due_date: string; status: string; paused_at: string | null; paused_until: string | null; ladder_id: string | null };
export type ContactRow = { id: number; debtor_id: number; kind: string; validity: string };
export type OptOutRow = { debtor_id: number; channel: string };
export type HistoryRow = {
  action_id: number; debtor_id: number; channel: string; action_step_id: string; status: string; local_day: string; send_at: string; cancel_reason: string | null;
  debt_id: number; ladder_id: string | null; step_id: string | null; prior_notice: number;
};
export type OtherContactRow = { document: string; channel: string; send_at: string };

/** Everything the decision needs about a batch of debtors, in a few queries. */
export type RawBatch = { debtors: DebtorRow[]; debts: DebtRow[]; contacts: ContactRow[]; optOuts: OptOutRow[]; history: HistoryRow[] };

/** An action the run decided to write: the decision's planned action and its debtor. */
export type NewAction = { debtorId: number; planned: PlannedAction };

/** `action_debts.superseded`: the steps a debt skipped, as a JSON array, or null when none. */
export function supersededJson(steps: readonly string[]): string | null {
  return steps.length === 0 ? null : JSON.stringify(steps);
}

/**
 * What the daily run needs from a database, batch by batch. One implementation per
 * dialect, like the import's: prepared statements on SQLite, array parameters (`unnest`)
 * on PostgreSQL. Every query is scoped to the creditor the store was opened for.
 */
export type RunStore = {
  /**
   * Debtors the run reads and decides at a time. Small on SQLite (reads are in-process: what
   * is alive at once stays small, and the young generation's collections copy it); a whole
   * batch on PostgreSQL, where each read is a round trip.
   */
  readonly readChunk: number;
  /** Actions the run gathers before writing them: whole multi-row statements (Infinity = once per batch). */
  readonly writeChunk: number;
  /** Runs `fn` in one transaction (the batch's reads and writes). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Up to `limit` debtors with id > `afterDebtorId`, and their debts due until `dueUntil`. */
  loadBatch(afterDebtorId: number, limit: number, dueUntil: string): Promise<RawBatch>;
  /** One debtor with all its open debts. */
  loadDebtor(debtorId: number): Promise<RawBatch>;
  /**
   * True when some contact since `since` is outside the creditor's own actions: another
   * creditor's action (sent or planned, not cancelled or rejected), or a call a collector
   * made by hand (a call attempt that performed no planned action), of any creditor.
   */
  hasOutsideContacts(since: string): Promise<boolean>;
  /** Those contacts, for people with these documents (manual calls as channel `phone` at the call's instant). */
  outsideContacts(documents: string[], since: string): Promise<OtherContactRow[]>;
  /** Writes actions and their debts; an idempotency key already taken is left alone. Returns how many were new. */
  writeActions(actions: readonly NewAction[], now: string): Promise<number>;
  close(): Promise<void>;
};

export const DEBTOR_COLUMNS = "id, document, name, state, city, segment, tags, paused_at, paused_until, ladder_id, risk_band, address";
export const DEBT_COLUMNS = "id, debtor_id, external_id, open_cents, due_date, status, paused_at, paused_until, ladder_id";
export const HISTORY_COLUMNS =
  "a.id AS action_id, a.debtor_id, a.channel, a.step_id AS action_step_id, a.status, a.local_day, a.send_at, a.cancel_reason, ad.debt_id, ad.ladder_id, ad.step_id, ad.prior_notice";
