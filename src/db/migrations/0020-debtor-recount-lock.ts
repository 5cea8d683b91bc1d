import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * PostgreSQL: the debtor recount (0015) locked its debtors FOR UPDATE, the strength that
 * waits for every open transaction which inserted a row referencing them (an event, a
 * contact, a payment: each foreign key check holds FOR KEY SHARE on the debtor). It only
 * writes the balance columns, so FOR NO KEY UPDATE is enough: still one recount at a time
 * per debtor, no longer queued behind a ladder run or an import that wrote its timeline.
 * SQLite has no row locks: nothing to do.
 */
export function debtorRecountLock(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (t.dialect !== "postgres") return;
      await sql`CREATE OR REPLACE FUNCTION debtors_recount_open(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          IF ids IS NULL THEN RETURN; END IF;
          PERFORM 1 FROM debtors WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
          UPDATE debtors d SET (open_cents, open_debts, oldest_open_due_date) = (
              SELECT coalesce(sum(x.open_cents), 0), count(*), min(x.due_date) FROM debts x
              WHERE x.creditor_id = d.creditor_id AND x.status = 'open' AND x.debtor_id = d.id)
            WHERE d.id = ANY(ids);
        END $$`.execute(db);
    },
  };
}
