import type BetterSqlite3 from "better-sqlite3";
import {
  DEBT_COLUMNS, DEBTOR_COLUMNS, HISTORY_COLUMNS, RUN_DEBT_STATUSES,
  type ContactRow, type DebtorRow, type DebtRow, type HistoryRow, type OptOutRow, type OtherContactRow, type RawBatch, type RunStore,
} from "./run-store.ts";

const STATUSES = RUN_DEBT_STATUSES.map((s) => `'${s}'`).join(", ");
/** Rows per multi-row INSERT (14 parameters each: well under SQLite's limit). */
const CHUNK = 200;

/** SQLite: prepared statements, one batch of debtors per range of ids. */
export function sqliteRunStore(sqlite: BetterSqlite3.Database, creditorId: string): RunStore {
  // Rows come back as arrays (`raw`): better-sqlite3 builds them far faster than objects, and
  // the objects are made here, where V8 can give them one shape.
  const debtorsAfter = sqlite.prepare(`SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = ? AND id > ? ORDER BY id LIMIT ?`).raw(true);
  const debtorById = sqlite.prepare(`SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = ? AND id = ?`).raw(true);
  const debtsIn = sqlite
    .prepare(`SELECT ${DEBT_COLUMNS} FROM debts WHERE debtor_id BETWEEN ? AND ? AND creditor_id = ? AND status IN (${STATUSES}) AND open_cents > 0 AND due_date <= ? ORDER BY debtor_id, id`)
    .raw(true);
  const contactsIn = sqlite.prepare("SELECT id, debtor_id, kind, validity FROM contacts WHERE debtor_id BETWEEN ? AND ? AND creditor_id = ?").raw(true);
  const optOutsIn = sqlite.prepare("SELECT debtor_id, channel FROM opt_outs WHERE debtor_id BETWEEN ? AND ? AND creditor_id = ? AND opted_in_at IS NULL").raw(true);
  const historyIn = sqlite
    .prepare(
      // INDEXED BY: with statistics taken while actions was small, the planner would scan it.
      `SELECT ${HISTORY_COLUMNS} FROM actions a INDEXED BY actions_debtor_day_ix JOIN action_debts ad ON ad.action_id = a.id WHERE a.debtor_id BETWEEN ? AND ? AND a.creditor_id = ?`,
    )
    .raw(true);
  const otherAny = sqlite.prepare("SELECT 1 FROM actions WHERE creditor_id <> ? AND send_at >= ? AND status NOT IN ('cancelled', 'rejected') LIMIT 1");
  // Writes go in multi-row statements (one per CHUNK rows): far fewer calls into SQLite than one per row.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const multi = (head: string, tuple: string, rows: number, tail = "") => {
    const key = `${head}|${rows}`;
    let st = statements.get(key);
    if (!st) statements.set(key, (st = sqlite.prepare(`${head} VALUES ${Array.from({ length: rows }, () => tuple).join(",")} ${tail}`)));
    return st;
  };
  const ACTION_HEAD = "INSERT INTO actions (creditor_id, debtor_id, ladder_id, ladder_version, step_id, stage, channel, local_day, idempotency_key, status, send_at, contact_id, created_at, updated_at)";
  const LINK_HEAD = "INSERT INTO action_debts (action_id, debt_id, ladder_id, step_id, prior_notice, superseded)";

  const facts = (debtorRows: unknown[][], dueUntil: string): RawBatch => {
    const debtors = debtorRows.map(toDebtor);
    if (debtors.length === 0) return { debtors, debts: [], contacts: [], optOuts: [], history: [] };
    const first = debtors[0]!.id;
    const last = debtors[debtors.length - 1]!.id;
    return {
      debtors,
      debts: (debtsIn.all(first, last, creditorId, dueUntil) as unknown[][]).map(toDebt),
      contacts: (contactsIn.all(first, last, creditorId) as unknown[][]).map(toContact),
      optOuts: (optOutsIn.all(first, last, creditorId) as unknown[][]).map(toOptOut),
      history: (historyIn.all(first, last, creditorId) as unknown[][]).map(toHistory),
    };
  };

  return {
    async transaction(fn) {
      // IMMEDIATE takes the write lock up front: a batch never fails half-way on a busy upgrade.
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn();
        sqlite.exec("COMMIT");
        return result;
      } catch (error) {
        sqlite.exec("ROLLBACK");
        throw error;
      }
    },
    async loadBatch(afterDebtorId, limit, dueUntil) {
      return facts(debtorsAfter.all(creditorId, afterDebtorId, limit) as unknown[][], dueUntil);
    },
    async loadDebtor(debtorId) {
      const row = debtorById.get(creditorId, debtorId) as unknown[] | undefined;
      return facts(row ? [row] : [], "9999-12-31");
    },
    async hasOtherCreditorContacts(since) {
      return otherAny.get(creditorId, since) !== undefined;
    },
    async otherCreditorContacts(documents, since) {
      const out: OtherContactRow[] = [];
      for (let i = 0; i < documents.length; i += 500) {
        const chunk = documents.slice(i, i + 500);
        const rows = sqlite
          .prepare(
            `SELECT d.document, a.channel, a.send_at FROM debtors d JOIN actions a ON a.debtor_id = d.id
             WHERE d.document IN (${chunk.map(() => "?").join(",")}) AND d.creditor_id <> ? AND a.send_at >= ? AND a.status NOT IN ('cancelled', 'rejected')`,
          )
          .all(...chunk, creditorId, since) as OtherContactRow[];
        for (const r of rows) out.push(r);
      }
      return out;
    },
    async writeActions(actions, now) {
      let added = 0;
      for (let i = 0; i < actions.length; i += CHUNK) {
        const chunk = actions.slice(i, i + CHUNK);
        const params: unknown[] = [];
        for (const a of chunk) params.push(creditorId, a.debtorId, a.ladderId, a.ladderVersion, a.stepId, a.stage, a.channel, a.localDay, a.idempotencyKey, a.status, a.sendAt, a.contactId, now, now);
        const inserted = multi(ACTION_HEAD, "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", chunk.length, "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key")
          .raw(true)
          .all(...params) as [number, string][];
        if (inserted.length === 0) continue;
        added += inserted.length;
        const idOf = new Map(inserted.map(([id, key]) => [key, id]));
        const links: unknown[][] = [];
        for (const a of chunk) {
          const id = idOf.get(a.idempotencyKey);
          if (id === undefined) continue;
          for (const d of a.debts) links.push([id, d.debtId, d.ladderId, d.stepId, d.priorNotice ? 1 : 0, d.superseded]);
        }
        for (let j = 0; j < links.length; j += CHUNK) {
          const part = links.slice(j, j + CHUNK);
          multi(LINK_HEAD, "(?,?,?,?,?,?)", part.length).run(...part.flat());
        }
      }
      return added;
    },
    async close() {},
  };
}

// Column order of DEBTOR_COLUMNS, DEBT_COLUMNS and HISTORY_COLUMNS.
const toDebtor = (r: unknown[]): DebtorRow => ({
  id: r[0] as number, document: r[1] as string, name: r[2] as string, state: r[3] as string | null, city: r[4] as string | null, segment: r[5] as string | null,
  tags: r[6] as string, paused_at: r[7] as string | null, paused_until: r[8] as string | null, ladder_id: r[9] as string | null, risk_band: r[10] as string | null,
  address: r[11] as string | null,
});
const toDebt = (r: unknown[]): DebtRow => ({
  id: r[0] as number, debtor_id: r[1] as number, external_id: r[2] as string, open_cents: r[3] as number, due_date: r[4] as string, status: r[5] as string,
  paused_at: r[6] as string | null, paused_until: r[7] as string | null, ladder_id: r[8] as string | null,
});
const toContact = (r: unknown[]): ContactRow => ({ id: r[0] as number, debtor_id: r[1] as number, kind: r[2] as string, validity: r[3] as string });
const toOptOut = (r: unknown[]): OptOutRow => ({ debtor_id: r[0] as number, channel: r[1] as string });
const toHistory = (r: unknown[]): HistoryRow => ({
  action_id: r[0] as number, debtor_id: r[1] as number, channel: r[2] as string, action_step_id: r[3] as string, status: r[4] as string, local_day: r[5] as string,
  send_at: r[6] as string, cancel_reason: r[7] as string | null, debt_id: r[8] as number, ladder_id: r[9] as string | null, step_id: r[10] as string | null,
  prior_notice: r[11] as number,
});
