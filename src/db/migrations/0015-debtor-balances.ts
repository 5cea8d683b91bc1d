import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Per-debtor totals of open debts and a table of tags, kept by the database itself so the
 * debtor list sorts and filters a portfolio of any size through an index
 * (app/portfolio/list-debtors.ts).
 *
 * - `debtors.open_cents`, `open_debts`, `oldest_open_due_date`: the sum of `open_cents`, the
 *   count and the earliest `due_date` of the debtor's debts in status `open` (0, 0 and null
 *   when it has none). Triggers on `debts` keep them: every writer (import, payments ledger
 *   with CNAB and PIX, agreements, disputes, holds, future ones) moves them without knowing.
 *   SQLite: row triggers; an inserted open debt adds itself, a partial payment adds the
 *   difference, anything else that moves a debt into or out of the open ones (settled,
 *   disputed, in agreement, written off, another debtor or due date) recounts the debtors
 *   concerned from the covering index `debts_creditor_status_debtor_ix`.
 *   PostgreSQL: statement triggers with transition tables, one update per statement and
 *   debtor however many debts a batch writes; the recount first locks the debtors in id
 *   order and then reads with a fresh snapshot, so concurrent writers of one debtor's debts
 *   (READ COMMITTED) leave the right totals and do not deadlock each other.
 * - `debtor_tags`: one row per tag of a debtor (the JSON array `debtors.tags`), kept by
 *   triggers on `debtors`, so a tag filter is an index lookup.
 *
 * Existing rows are backfilled here.
 */
export function debtorBalances(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("debtors").addColumn("open_cents", t.money, (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable("debtors").addColumn("open_debts", "integer", (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable("debtors").addColumn("oldest_open_due_date", t.date).execute();
      await db.schema
        .createTable("debtor_tags")
        .addColumn("creditor_id", "text", (c) => c.notNull())
        .addColumn("tag", "text", (c) => c.notNull())
        .addColumn("debtor_id", t.ref, (c) => c.notNull().references("debtors.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("debtor_tags_pk", ["creditor_id", "tag", "debtor_id"])
        .execute();

      if (t.dialect === "postgres") await postgres(db);
      else await sqlite(db);

      // The list's orders: by open balance (debtors with open debts only) and by oldest open due date
      // (null = nothing open, which also lists those debtors by id).
      await sql`CREATE INDEX debtors_creditor_balance_ix ON debtors (creditor_id, open_cents, id) WHERE open_debts > 0`.execute(db);
      await db.schema.createIndex("debtors_creditor_oldest_due_ix").on("debtors").columns(["creditor_id", "oldest_open_due_date", "id"]).execute();
      // Statistics of the new columns now, not when autovacuum gets to the rewritten table.
      if (t.dialect === "postgres") await sql`ANALYZE debtors, debtor_tags`.execute(db);
    },
  };
}

async function sqlite(db: Kysely<unknown>): Promise<void> {
  const recount = (who: string) => sql.raw(`UPDATE debtors SET (open_cents, open_debts, oldest_open_due_date) = (
      SELECT coalesce(sum(x.open_cents), 0), count(*), min(x.due_date) FROM debts x
      WHERE x.creditor_id = debtors.creditor_id AND x.status = 'open' AND x.debtor_id = debtors.id)
    WHERE ${who}`);
  await recount("id IN (SELECT debtor_id FROM debts WHERE status = 'open')").execute(db);
  await sql`INSERT OR IGNORE INTO debtor_tags (creditor_id, tag, debtor_id)
    SELECT d.creditor_id, j.value, d.id FROM debtors d, json_each(d.tags) j WHERE d.tags <> '[]' AND j.type = 'text'`.execute(db);

  await sql`CREATE TRIGGER debts_balance_insert AFTER INSERT ON debts WHEN NEW.status = 'open'
    BEGIN
      UPDATE debtors SET open_cents = open_cents + NEW.open_cents, open_debts = open_debts + 1,
        oldest_open_due_date = CASE WHEN oldest_open_due_date IS NULL OR NEW.due_date < oldest_open_due_date THEN NEW.due_date ELSE oldest_open_due_date END
      WHERE id = NEW.debtor_id;
    END`.execute(db);
  // Still open, same debtor and due date: only the balance moved (a partial payment, a re-import with another amount).
  await sql`CREATE TRIGGER debts_balance_amount AFTER UPDATE OF open_cents ON debts
    WHEN OLD.status = 'open' AND NEW.status = 'open' AND OLD.debtor_id = NEW.debtor_id AND OLD.due_date = NEW.due_date AND OLD.open_cents <> NEW.open_cents
    BEGIN
      UPDATE debtors SET open_cents = open_cents + NEW.open_cents - OLD.open_cents WHERE id = NEW.debtor_id;
    END`.execute(db);
  await sql`CREATE TRIGGER debts_balance_update AFTER UPDATE OF debtor_id, status, open_cents, due_date ON debts
    WHEN (OLD.status = 'open' OR NEW.status = 'open') AND NOT (OLD.status = 'open' AND NEW.status = 'open' AND OLD.debtor_id = NEW.debtor_id AND OLD.due_date = NEW.due_date)
    BEGIN
      ${recount("id IN (OLD.debtor_id, NEW.debtor_id)")};
    END`.execute(db);
  await sql`CREATE TRIGGER debts_balance_delete AFTER DELETE ON debts WHEN OLD.status = 'open'
    BEGIN
      ${recount("id = OLD.debtor_id")};
    END`.execute(db);

  await sql`CREATE TRIGGER debtors_tags_insert AFTER INSERT ON debtors WHEN NEW.tags <> '[]'
    BEGIN
      INSERT OR IGNORE INTO debtor_tags (creditor_id, tag, debtor_id) SELECT NEW.creditor_id, j.value, NEW.id FROM json_each(NEW.tags) j WHERE j.type = 'text';
    END`.execute(db);
  await sql`CREATE TRIGGER debtors_tags_update AFTER UPDATE OF tags, creditor_id ON debtors
    WHEN OLD.tags IS NOT NEW.tags OR OLD.creditor_id IS NOT NEW.creditor_id
    BEGIN
      DELETE FROM debtor_tags WHERE creditor_id = OLD.creditor_id AND tag IN (SELECT j.value FROM json_each(OLD.tags) j WHERE j.type = 'text') AND debtor_id = OLD.id;
      INSERT OR IGNORE INTO debtor_tags (creditor_id, tag, debtor_id) SELECT NEW.creditor_id, j.value, NEW.id FROM json_each(NEW.tags) j WHERE j.type = 'text';
    END`.execute(db);
}

async function postgres(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE debtors d SET open_cents = a.cents, open_debts = a.n, oldest_open_due_date = a.oldest
    FROM (SELECT debtor_id, sum(open_cents) AS cents, count(*) AS n, min(due_date) AS oldest FROM debts WHERE status = 'open' GROUP BY debtor_id) a
    WHERE d.id = a.debtor_id`.execute(db);
  await sql`INSERT INTO debtor_tags (creditor_id, tag, debtor_id)
    SELECT d.creditor_id, j.tag, d.id FROM debtors d CROSS JOIN LATERAL json_array_elements_text(d.tags::json) AS j(tag)
    WHERE d.tags <> '[]' ON CONFLICT DO NOTHING`.execute(db);

  // Lock the debtors in id order, then count with a fresh snapshot (each statement of a volatile function takes one).
  await sql`CREATE FUNCTION debtors_recount_open(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF ids IS NULL THEN RETURN; END IF;
      PERFORM 1 FROM debtors WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
      UPDATE debtors d SET (open_cents, open_debts, oldest_open_due_date) = (
          SELECT coalesce(sum(x.open_cents), 0), count(*), min(x.due_date) FROM debts x
          WHERE x.creditor_id = d.creditor_id AND x.status = 'open' AND x.debtor_id = d.id)
        WHERE d.id = ANY(ids);
    END $$`.execute(db);
  await sql`CREATE FUNCTION debts_balance_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE debtors d SET open_cents = d.open_cents + a.cents, open_debts = d.open_debts + a.n, oldest_open_due_date = LEAST(d.oldest_open_due_date, a.oldest)
        FROM (SELECT debtor_id, sum(open_cents) AS cents, count(*) AS n, min(due_date) AS oldest FROM new_debts WHERE status = 'open' GROUP BY debtor_id) a
        WHERE d.id = a.debtor_id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION debts_balance_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM debtors_recount_open((
        SELECT array_agg(DISTINCT x ORDER BY x) FROM old_debts o JOIN new_debts n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.debtor_id), (n.debtor_id)) v(x)
        WHERE (o.status = 'open' OR n.status = 'open')
          AND (o.status <> n.status OR o.open_cents <> n.open_cents OR o.due_date <> n.due_date OR o.debtor_id <> n.debtor_id)));
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION debts_balance_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM debtors_recount_open((SELECT array_agg(DISTINCT debtor_id ORDER BY debtor_id) FROM old_debts WHERE status = 'open'));
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER debts_balance_insert AFTER INSERT ON debts REFERENCING NEW TABLE AS new_debts FOR EACH STATEMENT EXECUTE FUNCTION debts_balance_insert()`.execute(db);
  await sql`CREATE TRIGGER debts_balance_update AFTER UPDATE ON debts REFERENCING OLD TABLE AS old_debts NEW TABLE AS new_debts FOR EACH STATEMENT EXECUTE FUNCTION debts_balance_update()`.execute(db);
  await sql`CREATE TRIGGER debts_balance_delete AFTER DELETE ON debts REFERENCING OLD TABLE AS old_debts FOR EACH STATEMENT EXECUTE FUNCTION debts_balance_delete()`.execute(db);

  await sql`CREATE FUNCTION debtors_tags_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO debtor_tags (creditor_id, tag, debtor_id)
        SELECT n.creditor_id, j.tag, n.id FROM new_debtors n CROSS JOIN LATERAL json_array_elements_text(n.tags::json) AS j(tag)
        WHERE n.tags <> '[]' ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION debtors_tags_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM debtor_tags WHERE creditor_id = OLD.creditor_id AND debtor_id = OLD.id AND tag IN (SELECT json_array_elements_text(OLD.tags::json));
      INSERT INTO debtor_tags (creditor_id, tag, debtor_id) SELECT NEW.creditor_id, j.tag, NEW.id FROM json_array_elements_text(NEW.tags::json) AS j(tag) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER debtors_tags_insert AFTER INSERT ON debtors REFERENCING NEW TABLE AS new_debtors FOR EACH STATEMENT EXECUTE FUNCTION debtors_tags_insert()`.execute(db);
  await sql`CREATE TRIGGER debtors_tags_update AFTER UPDATE OF tags, creditor_id ON debtors FOR EACH ROW
    WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.creditor_id IS DISTINCT FROM NEW.creditor_id) EXECUTE FUNCTION debtors_tags_update()`.execute(db);
}
