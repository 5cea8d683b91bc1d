import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * SQLite: a writer of many debts at once may recount the debtors' totals itself, once per
 * debtor, instead of letting the row triggers of 0015 recount after every debt (a bank
 * return settles 200,000 debts: the per-row recount was a third of its time).
 *
 * While `debt_balance_deferral` has a row, the update triggers `debts_balance_amount` and
 * `debts_balance_update` do nothing. The writer inserts the row, updates its debts, deletes
 * the row and recounts the debtors concerned, all in one transaction and without yielding
 * the connection (app/payments/sqlite-ledger-store.ts): no other writer ever sees the row,
 * and a failure rolls it back with everything else. The insert and delete triggers are
 * unchanged (nothing defers them).
 *
 * PostgreSQL keeps its statement triggers, which already recount once per statement and
 * debtor; the table exists there too, empty and unused, so both schemas stay alike.
 */
export function balanceDeferral(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable("debt_balance_deferral").addColumn("active", "integer", (c) => c.notNull().primaryKey()).execute();
      if (t.dialect !== "sqlite") return;
      const deferred = "NOT EXISTS (SELECT 1 FROM debt_balance_deferral)";
      await sql`DROP TRIGGER debts_balance_amount`.execute(db);
      await sql`DROP TRIGGER debts_balance_update`.execute(db);
      await sql`CREATE TRIGGER debts_balance_amount AFTER UPDATE OF open_cents ON debts
        WHEN OLD.status = 'open' AND NEW.status = 'open' AND OLD.debtor_id = NEW.debtor_id AND OLD.due_date = NEW.due_date AND OLD.open_cents <> NEW.open_cents
          AND ${sql.raw(deferred)}
        BEGIN
          UPDATE debtors SET open_cents = open_cents + NEW.open_cents - OLD.open_cents WHERE id = NEW.debtor_id;
        END`.execute(db);
      await sql`CREATE TRIGGER debts_balance_update AFTER UPDATE OF debtor_id, status, open_cents, due_date ON debts
        WHEN (OLD.status = 'open' OR NEW.status = 'open') AND NOT (OLD.status = 'open' AND NEW.status = 'open' AND OLD.debtor_id = NEW.debtor_id AND OLD.due_date = NEW.due_date)
          AND ${sql.raw(deferred)}
        BEGIN
          ${sql.raw(SQLITE_RECOUNT)} WHERE id IN (OLD.debtor_id, NEW.debtor_id);
        END`.execute(db);
    },
  };
}

/** Sets a debtor's totals from its open debts (through the covering index `debts_creditor_status_debtor_ix`); the caller adds the WHERE. */
export const SQLITE_RECOUNT = `UPDATE debtors SET (open_cents, open_debts, oldest_open_due_date) = (
      SELECT coalesce(sum(x.open_cents), 0), count(*), min(x.due_date) FROM debts x
      WHERE x.creditor_id = debtors.creditor_id AND x.status = 'open' AND x.debtor_id = debtors.id)`;
