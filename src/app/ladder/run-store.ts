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

export type NewActionDebt = { debtId: number; ladderId: string; stepId: string; priorNotice: boolean; superseded: string | null };

export type NewAction = {
  debtorId: number; ladderId: string; ladderVersion: number | null; stepId: string; stage: string; channel: string; localDay: string;
  idempotencyKey: string; status: string; sendAt: string; contactId: number | null; debts: NewActionDebt[];
};

/**
 * What the daily run needs from a database, batch by batch. One implementation per
 * dialect, like the import's: prepared statements on SQLite, array parameters (`unnest`)
 * on PostgreSQL. Every query is scoped to the creditor the store was opened for.
 */
export type RunStore = {
  /** Runs `fn` in one transaction (the batch's reads and writes). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Up to `limit` debtors with id > `afterDebtorId`, and their debts due until `dueUntil`. */
  loadBatch(afterDebtorId: number, limit: number, dueUntil: string): Promise<RawBatch>;
  /** One debtor with all its open debts. */
  loadDebtor(debtorId: number): Promise<RawBatch>;
  /** True when another creditor has contacts (not cancelled) sent or planned since `since`. */
  hasOtherCreditorContacts(since: string): Promise<boolean>;
  /** Those contacts, for people with these documents. */
  otherCreditorContacts(documents: string[], since: string): Promise<OtherContactRow[]>;
  /** Writes actions and their debts; an idempotency key already taken is left alone. Returns how many were new. */
  writeActions(actions: NewAction[], now: string): Promise<number>;
  close(): Promise<void>;
};

export const DEBTOR_COLUMNS = "id, document, name, state, city, segment, tags, paused_at, paused_until, ladder_id, risk_band, address";
export const DEBT_COLUMNS = "id, debtor_id, external_id, open_cents, due_date, status, paused_at, paused_until, ladder_id";
export const HISTORY_COLUMNS =
  "a.id AS action_id, a.debtor_id, a.channel, a.step_id AS action_step_id, a.status, a.local_day, a.send_at, a.cancel_reason, ad.debt_id, ad.ladder_id, ad.step_id, ad.prior_notice";
