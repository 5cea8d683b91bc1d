import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { sqliteTransaction } from "../../db/sqlite-transaction.ts";
import { nameKey } from "../portfolio/name-key.ts";
import { DEBT_COLUMNS, DEBTOR_COLUMNS, toStoredDebt, type DebtRow, type ImportStore, type StoredDebt, type StoredDebtor } from "./import-store.ts";

/** SQLite: one prepared statement per row inside the caller's transaction — the fastest path better-sqlite3 has. */
export function sqliteImportStore(handle: { db: Kysely<Schema>; sqlite: BetterSqlite3.Database }, creditorId: string, now: string, actor: string): ImportStore {
  const { sqlite } = handle;
  const findDebtor = sqlite.prepare(`SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = ? AND document = ?`);
  const insertDebtor = sqlite.prepare(
    "INSERT INTO debtors (creditor_id, document, kind, name, name_key, state, city, zip, address, segment, tags, representative_email, risk_band, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
  );
  const updateDebtor = sqlite.prepare("UPDATE debtors SET name=?, name_key=?, state=?, city=?, zip=?, address=?, segment=?, tags=?, representative_email=?, risk_band=?, updated_at=? WHERE id=?");
  const findDebt = sqlite.prepare(
    `SELECT ${DEBT_COLUMNS} FROM debts WHERE creditor_id = ? AND external_id = ?`,
  );
  const insertDebt = sqlite.prepare(
    "INSERT INTO debts (creditor_id, debtor_id, external_id, description, original_cents, open_cents, issue_date, due_date, contract, instalment, our_number, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
  );
  const updateDebt = sqlite.prepare(
    "UPDATE debts SET debtor_id=?, description=?, original_cents=?, open_cents=?, issue_date=?, due_date=?, contract=?, instalment=?, our_number=?, status=?, updated_at=? WHERE id=?",
  );
  const insertContact = sqlite.prepare(
    "INSERT INTO contacts (creditor_id, debtor_id, kind, value, validity, invalid_reason, source, created_at, updated_at) VALUES (?,?,?,?,?,?,'import',?,?) ON CONFLICT (debtor_id, kind, value) DO NOTHING",
  );
  const insertEvent = sqlite.prepare("INSERT INTO events (creditor_id, debtor_id, debt_id, kind, at, actor, data) VALUES (?,?,?,?,?,?,?)");

  return {
    async transaction(fn) {
      // Other requests wait meanwhile (a dry run or all-or-nothing import reads its whole file
      // inside one); IMMEDIATE: another process's writer makes it wait at the start, never fail half-way.
      return sqliteTransaction(handle, "IMMEDIATE", fn);
    },
    async findDebtors(documents) {
      const out: StoredDebtor[] = [];
      for (const d of documents) {
        const row = findDebtor.get(creditorId, d) as StoredDebtor | undefined;
        if (row) out.push(row);
      }
      return out;
    },
    async insertDebtors(debtors) {
      return debtors.map((d) =>
        Number(insertDebtor.run(creditorId, d.document, d.kind, d.name, nameKey(d.name), d.state, d.city, d.zip, d.address, d.segment, d.tags, d.representativeEmail, d.riskBand, now, now).lastInsertRowid),
      );
    },
    async updateDebtors(debtors) {
      for (const d of debtors) updateDebtor.run(d.name, nameKey(d.name), d.state, d.city, d.zip, d.address, d.segment, d.tags, d.representativeEmail, d.riskBand, now, d.id);
    },
    async findDebts(externalIds) {
      const out: StoredDebt[] = [];
      for (const id of externalIds) {
        const row = findDebt.get(creditorId, id) as DebtRow | undefined;
        if (row) out.push(toStoredDebt(row));
      }
      return out;
    },
    async insertDebts(debts) {
      return debts.map((d) =>
        Number(
          insertDebt.run(creditorId, d.debtorId, d.externalId, d.description, d.originalCents, d.openCents, d.issueDate, d.dueDate, d.contract, d.instalment, d.ourNumber, d.status, now, now).lastInsertRowid,
        ),
      );
    },
    async updateDebts(debts) {
      for (const d of debts) {
        updateDebt.run(d.debtorId, d.description, d.originalCents, d.openCents, d.issueDate, d.dueDate, d.contract, d.instalment, d.ourNumber, d.status, now, d.id);
      }
    },
    async insertContacts(contacts) {
      let added = 0;
      for (const c of contacts) added += insertContact.run(creditorId, c.debtorId, c.kind, c.value, c.validity, c.invalidReason, now, now).changes;
      return added;
    },
    async insertEvents(events) {
      for (const e of events) insertEvent.run(creditorId, e.debtorId, e.debtId, e.kind, now, actor, e.data);
    },
    async close() {},
  };
}
