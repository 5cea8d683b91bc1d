import type BetterSqlite3 from "better-sqlite3";
import type { PaymentStatus } from "../../db/schema/payments.ts";
import { SQLITE_RECOUNT } from "../../db/migrations/0018-balance-deferral.ts";
import { LEDGER_DEBT_COLUMNS, type LedgerDebtRow, type LedgerStore, type LedgerStoreContext } from "./ledger-store.ts";

/** Debts per UPDATE statement (7 values each, well under SQLite's 32,766 variables). */
const UPDATE_ROWS = 500;
/** Rows per INSERT statement. */
const INSERT_ROWS = 50;
/** Values per IN list of a lookup. */
const KEYS = 500;

/**
 * Prepared statements, once per connection; those whose text depends on a row count (the
 * UPDATE's VALUES list, IN lists) once per count.
 */
class StatementCache {
  private readonly byText = new Map<string, BetterSqlite3.Statement>();
  private readonly byShape = new Map<string, BetterSqlite3.Statement>();
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  /**
   * The statement `text(n)` for `n` rows, found by a short key: a 500-row UPDATE's text is
   * kilobytes, too long to build and hash again for every chunk.
   */
  forRows(kind: string, n: number, text: (n: number) => string, raw = false): BetterSqlite3.Statement {
    const key = `${kind}:${n}:${raw ? 1 : 0}`;
    let s = this.byShape.get(key);
    if (!s) {
      s = this.get(text(n), raw);
      this.byShape.set(key, s);
    }
    return s;
  }

  /** `raw`: rows come back as arrays, cheaper for the driver than objects. */
  get(text: string, raw = false): BetterSqlite3.Statement {
    const key = raw ? `raw:${text}` : text;
    let s = this.byText.get(key);
    if (!s) {
      s = this.sqlite.prepare(text);
      if (raw) s.raw(true);
      this.byText.set(key, s);
    }
    return s;
  }
}

const caches = new WeakMap<BetterSqlite3.Database, StatementCache>();

const placeholders = (n: number, row: string) => Array.from({ length: n }, () => row).join(",");

/** A row of LEDGER_DEBT_COLUMNS, in that order. */
function debtRowOf(r: unknown[]): LedgerDebtRow {
  return {
    id: r[0] as number, debtor_id: r[1] as number, external_id: r[2] as string, due_date: r[3] as string, status: r[4] as string, our_number: r[5] as string | null,
    open_cents: r[6] as number, fine_cents: r[7] as number | null, interest_cents: r[8] as number, correction_cents: r[9] as number, accrual_from_date: r[10] as string | null,
    fine_bp: r[11] as number | null, interest_monthly_bp: r[12] as number | null, debtor_kind: r[13] as string, debtor_state: r[14] as string | null,
  };
}

const DEBTS = `SELECT ${LEDGER_DEBT_COLUMNS} FROM debts d JOIN debtors r ON r.id = d.debtor_id`;
const PAYMENT_COLUMNS =
  "creditor_id, debtor_id, source, method, amount_cents, paid_date, credited_date, fee_cents, credit_cents, our_number, txid, end_to_end_id, " +
  "idempotency_key, status, unmatched_reason, actor, note, received_at, cnab_file_id, details";
const PAYMENT_ROW = `(${placeholders(20, "?")})`;
const ALLOCATION_ROW = "(?,?,?,?,?,?,?,?,?)";
const EVENT_ROW = "(?,?,?,?,?,?,?)";
const AUDIT_ROW = "(?,?,?,?,?,?,NULL,?)";
const DEBT_ROW = "(?,?,?,?,?,?,?)";

/**
 * SQLite: prepared statements on the connection the caller's Kysely transaction holds
 * (better-sqlite3 has exactly one), so they are part of it. Lookups are IN lists of 500;
 * inserts write 50 rows per statement, debt updates 500 (UPDATE … FROM a VALUES list).
 * A statement that writes several rows inside a transaction keeps a statement journal of
 * the pages it touches; with `temp_store = MEMORY` (db/database.ts) it stays in memory —
 * on a temporary file it was 1.4 GB of writes for a 200,000-line return. Debt updates defer
 * the balance triggers and recount each debtor once (migration 0018).
 */
export function sqliteLedgerStore(sqlite: BetterSqlite3.Database, ctx: LedgerStoreContext): LedgerStore {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new StatementCache(sqlite);
    caches.set(sqlite, cache);
  }
  const st = cache;
  const { creditorId, now, actor } = ctx;

  /** Runs `SELECT … IN (…)` over `keys` in chunks; `text(n)` is the statement for n keys after the creditor. */
  function lookup<K, R>(kind: string, keys: readonly K[], text: (n: number) => string): R[] {
    const out: R[] = [];
    for (let i = 0; i < keys.length; i += KEYS) {
      const part = keys.slice(i, i + KEYS);
      for (const row of st.forRows(kind, part.length, text).all(creditorId, ...part) as R[]) out.push(row);
    }
    return out;
  }

  /** `lookup` for debts: rows come back as arrays and are named here. */
  function debtLookup<K>(kind: string, keys: readonly K[], text: (n: number) => string): LedgerDebtRow[] {
    const out: LedgerDebtRow[] = [];
    for (let i = 0; i < keys.length; i += KEYS) {
      const part = keys.slice(i, i + KEYS);
      for (const r of st.forRows(kind, part.length, text, true).all(creditorId, ...part) as unknown[][]) out.push(debtRowOf(r));
    }
    return out;
  }

  /**
   * Runs a statement over `rows` in chunks of `per`: `width` values per row written by
   * `fill`, then the `tail` values once; `after` sees each chunk's result and row count.
   */
  function inChunks<T>(
    kind: string, rows: readonly T[], per: number, width: number, text: (n: number) => string, fill: (values: unknown[], row: T) => void, tail: unknown[],
    after?: (info: BetterSqlite3.RunResult, n: number) => void,
  ): void {
    for (let i = 0; i < rows.length; i += per) {
      const n = Math.min(per, rows.length - i);
      const values: unknown[] = [];
      for (let j = i; j < i + n; j++) fill(values, rows[j]!);
      if (values.length !== n * width) throw new Error(`valores: ${values.length}, esperado ${n * width}`);
      for (const v of tail) values.push(v);
      const info = st.forRows(kind, n, text).run(...values);
      after?.(info, n);
    }
  }

  return {
    async findPayments(keys) {
      const rows = lookup<string, { id: number; status: PaymentStatus; idempotency_key: string }>(
        "payments by key",
        keys,
        (n) => `SELECT id, status, idempotency_key FROM payments WHERE creditor_id = ? AND idempotency_key IN (${placeholders(n, "?")})`,
      );
      return new Map(rows.map((r) => [r.idempotency_key, { id: r.id, status: r.status }]));
    },
    async findDebtsByIds(ids) {
      return debtLookup("debts by id", ids, (n) => `${DEBTS} WHERE d.creditor_id = ? AND d.id IN (${placeholders(n, "?")})`);
    },
    async findDebtsByOurNumbers(ourNumbers) {
      return debtLookup("debts by our number", ourNumbers, (n) => `${DEBTS} WHERE d.creditor_id = ? AND d.our_number IN (${placeholders(n, "?")})`);
    },
    async debtorExists(debtorId) {
      return st.get("SELECT 1 FROM debtors WHERE creditor_id = ? AND id = ?").get(creditorId, debtorId) !== undefined;
    },
    async findOpenDebtsOfDebtors(debtorIds) {
      return debtLookup("open debts by debtor", debtorIds, (n) => `${DEBTS} WHERE d.creditor_id = ? AND d.debtor_id IN (${placeholders(n, "?")}) AND d.status = 'open'`);
    },
    async insertPayments(rows) {
      const ids: number[] = [];
      inChunks(
        "insert payments",
        rows,
        INSERT_ROWS,
        20,
        (n) => `INSERT INTO payments (${PAYMENT_COLUMNS}) VALUES ${placeholders(n, PAYMENT_ROW)}`,
        (v, p) => {
          v.push(creditorId, p.debtorId, p.source, p.method, p.amountCents, p.paidDate, p.creditedDate, p.feeCents, p.creditCents, p.ourNumber, p.txid, p.endToEndId,
            p.idempotencyKey, p.status, p.unmatchedReason, actor, p.note, now, p.cnabFileId, p.details);
        },
        [],
        (info, n) => {
          // One statement's rows take consecutive rowids (max + 1 each: no AUTOINCREMENT, one writer): the last is reported.
          const last = Number(info.lastInsertRowid);
          if (info.changes !== n) throw new Error(`pagamentos inseridos: ${info.changes}, esperado ${n}`);
          for (let k = n - 1; k >= 0; k--) ids.push(last - k);
        },
      );
      return ids;
    },
    async insertAllocations(rows) {
      inChunks(
        "insert allocations",
        rows,
        INSERT_ROWS,
        9,
        (n) => `INSERT INTO payment_allocations (payment_id, creditor_id, debt_id, interest_cents, fine_cents, correction_cents, principal_cents, settled, created_at) VALUES ${placeholders(n, ALLOCATION_ROW)}`,
        (v, a) => {
          v.push(a.paymentId, creditorId, a.debtId, a.interestCents, a.fineCents, a.correctionCents, a.principalCents, a.settled ? 1 : 0, now);
        },
        [],
      );
    },
    async updateDebts(rows) {
      if (rows.length === 0) return;
      // The row triggers would recount a debtor after each of its debts: defer them, and recount each debtor once (migration 0018).
      st.get("INSERT INTO debt_balance_deferral (active) VALUES (1)").run();
      try {
        inChunks(
          "update debts",
          rows,
          UPDATE_ROWS,
          7,
          (n) =>
            `WITH v(id, op, f, i, c, a, st) AS (VALUES ${placeholders(n, DEBT_ROW)}) ` +
            "UPDATE debts SET open_cents = v.op, fine_cents = v.f, interest_cents = v.i, correction_cents = v.c, accrual_from_date = v.a, status = v.st, updated_at = ? " +
            "FROM v WHERE debts.id = v.id AND debts.creditor_id = ?",
          (v, d) => {
            v.push(d.id, d.openCents, d.fineCents, d.interestCents, d.correctionCents, d.accrualFromDate, d.status);
          },
          [now, creditorId],
        );
      } finally {
        st.get("DELETE FROM debt_balance_deferral").run();
      }
      inChunks(
        "recount debtors",
        [...new Set(rows.map((r) => r.debtorId))],
        KEYS,
        1,
        (n) => `${SQLITE_RECOUNT} WHERE id IN (${placeholders(n, "?")}) AND +creditor_id = ?`,
        (v, debtorId) => {
          v.push(debtorId);
        },
        [creditorId],
      );
    },
    async insertEvents(rows) {
      inChunks(
        "insert events",
        rows,
        INSERT_ROWS,
        7,
        (n) => `INSERT INTO events (creditor_id, debtor_id, debt_id, kind, at, actor, data) VALUES ${placeholders(n, EVENT_ROW)}`,
        (v, e) => {
          v.push(creditorId, e.debtorId, e.debtId, e.kind, now, actor, e.data);
        },
        [],
      );
    },
    async insertAudits(rows) {
      const insert = st.get(`INSERT INTO audit_log (at, actor, creditor_id, action, entity, entity_id, before, after) VALUES ${AUDIT_ROW}`);
      for (const a of rows) insert.run(now, actor, creditorId, a.action, a.entity, a.entityId, a.after);
    },
  };
}
