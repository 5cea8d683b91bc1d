import type { ImportedContact } from "../../domain/import/validate-row.ts";

export type StoredDebtor = {
  id: number;
  document: string;
  name: string;
  state: string | null;
  city: string | null;
  zip: string | null;
  address: string | null;
  segment: string | null;
  tags: string;
  representativeEmail: string | null;
  riskBand: string | null;
};

/** The `debtors` columns both stores select as a `StoredDebtor`. */
export const DEBTOR_COLUMNS = 'id, document, name, state, city, zip, address, segment, tags, representative_email AS "representativeEmail", risk_band AS "riskBand"';

export type NewDebtor = Omit<StoredDebtor, "id"> & { kind: string };

export type StoredDebt = {
  id: number;
  externalId: string;
  debtorId: number;
  description: string | null;
  originalCents: number;
  openCents: number;
  issueDate: string | null;
  dueDate: string;
  contract: string | null;
  instalment: number | null;
  ourNumber: string | null;
  status: string;
};

export type NewDebt = Omit<StoredDebt, "id">;

/** A `debts` row as both stores select it. */
export type DebtRow = {
  id: number; external_id: string; debtor_id: number; description: string | null; original_cents: number; open_cents: number;
  issue_date: string | null; due_date: string; contract: string | null; instalment: number | null; our_number: string | null; status: string;
};

export const DEBT_COLUMNS = "id, external_id, debtor_id, description, original_cents, open_cents, issue_date, due_date, contract, instalment, our_number, status";

export const toStoredDebt = (r: DebtRow): StoredDebt => ({
  id: r.id, externalId: r.external_id, debtorId: r.debtor_id, description: r.description, originalCents: r.original_cents,
  openCents: r.open_cents, issueDate: r.issue_date, dueDate: r.due_date, contract: r.contract, instalment: r.instalment,
  ourNumber: r.our_number, status: r.status,
});

export type NewEvent = { debtorId: number; debtId: number | null; kind: string; data: string };

/**
 * What the importer needs from a database, batch by batch. One implementation per
 * dialect: prepared statements on SQLite, array-parameter statements on PostgreSQL.
 * `findDebts` and `findDebtors` read rows the batch will write from: concurrent writers
 * must not change them before it commits (SQLite: the batch holds the write lock from its
 * start; PostgreSQL: the finds lock the rows).
 */
export type ImportStore = {
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  findDebtors(documents: string[]): Promise<StoredDebtor[]>;
  insertDebtors(debtors: NewDebtor[]): Promise<number[]>;
  updateDebtors(debtors: StoredDebtor[]): Promise<void>;
  findDebts(externalIds: string[]): Promise<StoredDebt[]>;
  insertDebts(debts: NewDebt[]): Promise<number[]>;
  updateDebts(debts: StoredDebt[]): Promise<void>;
  /** Inserts the contacts that do not exist yet (debtor, kind, value); returns how many were new. */
  insertContacts(contacts: (ImportedContact & { debtorId: number })[]): Promise<number>;
  insertEvents(events: NewEvent[]): Promise<void>;
  close(): Promise<void>;
};
