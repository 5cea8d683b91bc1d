import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { sqliteTransaction } from "../../db/sqlite-transaction.ts";
import {
  DEBT_COLUMNS, DEBTOR_COLUMNS, HISTORY_COLUMNS, RUN_DEBT_STATUSES,
  supersededJson,
  type ContactRow, type DebtorRow, type DebtRow, type HistoryRow, type NewAction, type OptOutRow, type OtherContactRow, type RawBatch, type RunStore,
} from "./run-store.ts";

const STATUSES = RUN_DEBT_STATUSES.map((s) => `'${s}'`).join(", ");
/** Rows per multi-row INSERT (at most 12 parameters each: well under SQLite's limit). */
const CHUNK = 200;

/** SQLite: prepared statements, one batch of debtors per range of ids. */
export function sqliteRunStore(handle: { db: Kysely<Schema>; sqlite: BetterSqlite3.Database }, creditorId: string): RunStore {
  const { sqlite } = handle;
  // Rows come back as arrays (`raw`): better-sqlite3 builds them far faster than objects, and
  // the objects are made here, where V8 can give them one shape. The debtors' and contacts'
  // rows (many short texts) come as one JSON array of arrays per query instead: SQLite writes
  // it and JSON.parse builds the arrays in one go, faster than the driver does value by value.
  // (Texts, integers and nulls come back the same; these columns hold nothing else. An
  // aggregate's order is SQLite's choice: the debtors are put back in id order here.)
  const debtorsAfter = sqlite
    .prepare(`SELECT json_group_array(json_array(${DEBTOR_COLUMNS})) FROM (SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = ? AND id > ? ORDER BY id LIMIT ?)`)
    .pluck();
  const debtorById = sqlite.prepare(`SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = ? AND id = ?`).raw(true);
  // `+creditor_id`, `+status`: those terms filter, the debtor range picks the index (the planner
  // would otherwise take an index led by the creditor, which spans the whole portfolio). On
  // debts_debtor_ix the rows come in (debtor_id, id) order: no sort.
  const debtsIn = sqlite
    .prepare(`SELECT ${DEBT_COLUMNS} FROM debts WHERE debtor_id BETWEEN ? AND ? AND +creditor_id = ? AND +status IN (${STATUSES}) AND open_cents > 0 AND due_date <= ? ORDER BY debtor_id, id`)
    .raw(true);
  const contactsIn = sqlite.prepare("SELECT json_group_array(json_array(id, debtor_id, kind, validity)) FROM contacts WHERE debtor_id BETWEEN ? AND ? AND +creditor_id = ?").pluck();
  const optOutsIn = sqlite.prepare("SELECT debtor_id, channel FROM opt_outs WHERE debtor_id BETWEEN ? AND ? AND creditor_id = ? AND opted_in_at IS NULL").raw(true);
  const historyIn = sqlite
    .prepare(
      // INDEXED BY: with statistics taken while actions was small, the planner would scan it.
      `SELECT ${HISTORY_COLUMNS} FROM actions a INDEXED BY actions_debtor_day_ix JOIN action_debts ad ON ad.action_id = a.id WHERE a.debtor_id BETWEEN ? AND ? AND a.creditor_id = ?`,
    )
    .raw(true);
  const otherAny = sqlite.prepare(
    "SELECT 1 FROM actions WHERE creditor_id <> ? AND send_at >= ? AND status NOT IN ('cancelled', 'rejected') " +
      "UNION ALL SELECT 1 FROM call_attempts WHERE action_id IS NULL AND at >= ? LIMIT 1",
  );
  // Writes go in multi-row statements (one per CHUNK rows): far fewer calls into SQLite than one per row.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const multi = (head: string, tuple: string, rows: number, tail = "") => {
    const key = `${head}|${tuple}|${rows}`;
    let st = statements.get(key);
    if (!st) statements.set(key, (st = sqlite.prepare(`${head} VALUES ${Array.from({ length: rows }, () => tuple).join(",")} ${tail}`)));
    return st;
  };
  // The ids are given here (what SQLite would give: the largest plus one, in order), so the
  // debts' rows need no RETURNING; the creditor and the instant are bound once per statement.
  const ACTION_HEAD = "INSERT INTO actions (id, creditor_id, debtor_id, ladder_id, ladder_version, step_id, stage, channel, local_day, idempotency_key, status, send_at, contact_id, created_at, updated_at)";
  const ACTION_TUPLE = "(?,@creditor,?,?,?,?,?,?,?,?,?,?,?,@now,@now)";
  const ACTION_TAIL = "ON CONFLICT (idempotency_key) DO NOTHING";
  const LINK_HEAD = "INSERT INTO action_debts (action_id, debt_id, ladder_id, step_id, prior_notice, superseded)";
  const LINK_TUPLE = "(?,?,?,?,?,?)";
  const nextActionId = sqlite.prepare("SELECT coalesce(max(id), 0) + 1 FROM actions").pluck();
  const actionIdsIn = sqlite.prepare("SELECT id FROM actions WHERE id BETWEEN ? AND ?").pluck();

  /** Must run inside a write transaction: the ids read are then the ones to give. */
  const write = (actions: readonly NewAction[], now: string): number => {
    const named = { creditor: creditorId, now };
    let nextId = nextActionId.get() as number;
    let added = 0;
    let links: unknown[] = [];
    let linkRows = 0;
    const flushLinks = () => {
      if (linkRows > 0) multi(LINK_HEAD, LINK_TUPLE, linkRows).run(links);
      links = [];
      linkRows = 0;
    };
    for (let i = 0; i < actions.length; i += CHUNK) {
      const end = Math.min(i + CHUNK, actions.length);
      const firstId = nextId;
      const params: unknown[] = [];
      for (let k = i; k < end; k++) {
        const { debtorId, planned: a } = actions[k]!;
        params.push(nextId++, debtorId, a.ladderId, a.ladderVersion, a.stepId, a.stage, a.channel, a.localDay, a.idempotencyKey, a.status, a.sendAt, a.contactId);
      }
      const changes = multi(ACTION_HEAD, ACTION_TUPLE, end - i, ACTION_TAIL).run(named, params).changes;
      added += changes;
      // An idempotency key already taken (another run of the same day wrote it) leaves its id unused.
      const inserted = changes === end - i ? null : new Set(actionIdsIn.all(firstId, nextId - 1) as number[]);
      for (let k = i, id = firstId; k < end; k++, id++) {
        if (inserted !== null && !inserted.has(id)) continue;
        for (const d of actions[k]!.planned.debts) {
          links.push(id, d.debtId, d.ladderId, d.stepId, d.priorNotice ? 1 : 0, supersededJson(d.superseded));
          if (++linkRows === CHUNK) flushLinks();
        }
      }
    }
    flushLinks();
    return added;
  };
  const writeAlone = sqlite.transaction(write);

  const facts = (debtorRows: unknown[][], dueUntil: string): RawBatch => {
    const debtors = debtorRows.map(toDebtor);
    if (debtors.length === 0) return { debtors, debts: [], contacts: [], optOuts: [], history: [] };
    const first = debtors[0]!.id;
    const last = debtors[debtors.length - 1]!.id;
    return {
      debtors,
      debts: (debtsIn.all(first, last, creditorId, dueUntil) as unknown[][]).map(toDebt),
      contacts: (JSON.parse(contactsIn.get(first, last, creditorId) as string) as unknown[][]).map(toContact),
      optOuts: (optOutsIn.all(first, last, creditorId) as unknown[][]).map(toOptOut),
      history: (historyIn.all(first, last, creditorId) as unknown[][]).map(toHistory),
    };
  };

  return {
    readChunk: 50,
    writeChunk: CHUNK,
    async transaction(fn) {
      // IMMEDIATE takes the write lock up front: a batch never fails half-way on a busy upgrade.
      return sqliteTransaction(handle, "IMMEDIATE", fn);
    },
    async loadBatch(afterDebtorId, limit, dueUntil) {
      const rows = JSON.parse(debtorsAfter.get(creditorId, afterDebtorId, limit) as string) as [number, ...unknown[]][];
      return facts(rows.sort((a, b) => a[0] - b[0]), dueUntil);
    },
    async loadDebtor(debtorId) {
      const row = debtorById.get(creditorId, debtorId) as unknown[] | undefined;
      return facts(row ? [row] : [], "9999-12-31");
    },
    async hasOutsideContacts(since) {
      return otherAny.get(creditorId, since, since) !== undefined;
    },
    async outsideContacts(documents, since) {
      const out: OtherContactRow[] = [];
      for (let i = 0; i < documents.length; i += 500) {
        const chunk = documents.slice(i, i + 500);
        const rows = sqlite
          .prepare(
            `SELECT d.document, a.channel, a.send_at FROM debtors d JOIN actions a ON a.debtor_id = d.id
             WHERE d.document IN (${chunk.map(() => "?").join(",")}) AND d.creditor_id <> ? AND a.send_at >= ? AND a.status NOT IN ('cancelled', 'rejected')
             UNION ALL
             SELECT d.document, 'phone', c.at FROM debtors d JOIN call_attempts c ON c.debtor_id = d.id
             WHERE d.document IN (${chunk.map(() => "?").join(",")}) AND c.action_id IS NULL AND c.at >= ?`,
          )
          .all(...chunk, creditorId, since, ...chunk, since) as OtherContactRow[];
        for (const r of rows) out.push(r);
      }
      return out;
    },
    async writeActions(actions, now) {
      if (actions.length === 0) return 0;
      return sqlite.inTransaction ? write(actions, now) : writeAlone.immediate(actions, now);
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
