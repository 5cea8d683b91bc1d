import { sql } from "kysely";
import type { PaymentStatus } from "../../db/schema/payments.ts";
import { LEDGER_DEBT_COLUMNS, type LedgerDebtRow, type LedgerStore, type LedgerStoreContext } from "./ledger-store.ts";

/** Rows per statement: arrays travel as one parameter each, so only memory bounds this. */
const CHUNK = 5000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const col = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((r) => r[key]);

/**
 * PostgreSQL: one statement per batch and table inside the caller's transaction, rows
 * passed as arrays and expanded with `unnest`. Debts are read FOR UPDATE, so a payment
 * recorded at the same time by another process waits instead of imputing a stale balance.
 */
export function postgresLedgerStore(ctx: LedgerStoreContext): LedgerStore {
  const { trx, creditorId, now, actor } = ctx;
  const debts = sql.raw(`SELECT ${LEDGER_DEBT_COLUMNS} FROM debts d JOIN debtors r ON r.id = d.debtor_id`);
  return {
    async findPayments(keys) {
      const out = new Map<string, { id: number; status: PaymentStatus }>();
      for (const part of chunks(keys)) {
        const { rows } = await sql<{ id: number; status: PaymentStatus; idempotency_key: string }>`
          SELECT id, status, idempotency_key FROM payments WHERE creditor_id = ${creditorId} AND idempotency_key = ANY(${part}::text[])`.execute(trx);
        for (const r of rows) out.set(r.idempotency_key, { id: Number(r.id), status: r.status });
      }
      return out;
    },
    async findDebtsByIds(ids) {
      const out: LedgerDebtRow[] = [];
      for (const part of chunks(ids)) {
        const { rows } = await sql<LedgerDebtRow>`${debts} WHERE d.creditor_id = ${creditorId} AND d.id = ANY(${part}::bigint[]) ORDER BY d.id FOR UPDATE OF d`.execute(trx);
        out.push(...rows);
      }
      return out;
    },
    async findDebtsByOurNumbers(ourNumbers) {
      const out: LedgerDebtRow[] = [];
      for (const part of chunks(ourNumbers)) {
        const { rows } = await sql<LedgerDebtRow>`${debts} WHERE d.creditor_id = ${creditorId} AND d.our_number = ANY(${part}::text[]) ORDER BY d.id FOR UPDATE OF d`.execute(trx);
        out.push(...rows);
      }
      return out;
    },
    async debtorExists(debtorId) {
      const { rows } = await sql`SELECT 1 FROM debtors WHERE creditor_id = ${creditorId} AND id = ${debtorId}`.execute(trx);
      return rows.length > 0;
    },
    async findOpenDebtsOfDebtors(debtorIds) {
      const out: LedgerDebtRow[] = [];
      for (const part of chunks(debtorIds)) {
        const { rows } = await sql<LedgerDebtRow>`
          ${debts} WHERE d.creditor_id = ${creditorId} AND d.debtor_id = ANY(${part}::bigint[]) AND d.status = 'open' ORDER BY d.id FOR UPDATE OF d`.execute(trx);
        out.push(...rows);
      }
      return out;
    },
    async insertPayments(rows) {
      const ids: number[] = [];
      for (const part of chunks(rows)) {
        const { rows: inserted } = await sql<{ id: number }>`
          INSERT INTO payments (creditor_id, debtor_id, source, method, amount_cents, paid_date, credited_date, fee_cents, credit_cents, our_number, txid, end_to_end_id,
            idempotency_key, status, unmatched_reason, actor, note, received_at, cnab_file_id, details)
          SELECT ${creditorId}, u.dt, u.src, u.m, u.amt, u.pd, u.cd, u.fee, u.cr, u.nn, u.tx, u.e2e, u.k, u.st, u.ur, ${actor}, u.note, ${now}::timestamptz, u.cf, u.det
          FROM unnest(${col(part, "debtorId")}::bigint[], ${col(part, "source")}::text[], ${col(part, "method")}::text[], ${col(part, "amountCents")}::bigint[],
            ${col(part, "paidDate")}::date[], ${col(part, "creditedDate")}::date[], ${col(part, "feeCents")}::bigint[], ${col(part, "creditCents")}::bigint[],
            ${col(part, "ourNumber")}::text[], ${col(part, "txid")}::text[], ${col(part, "endToEndId")}::text[], ${col(part, "idempotencyKey")}::text[],
            ${col(part, "status")}::text[], ${col(part, "unmatchedReason")}::text[], ${col(part, "note")}::text[], ${col(part, "cnabFileId")}::bigint[], ${col(part, "details")}::text[])
            WITH ORDINALITY AS u(dt, src, m, amt, pd, cd, fee, cr, nn, tx, e2e, k, st, ur, note, cf, det, o)
          ORDER BY u.o RETURNING id`.execute(trx);
        for (const r of inserted) ids.push(Number(r.id));
      }
      return ids;
    },
    async insertAllocations(rows) {
      for (const part of chunks(rows)) {
        await sql`
          INSERT INTO payment_allocations (payment_id, creditor_id, debt_id, interest_cents, fine_cents, correction_cents, principal_cents, settled, created_at)
          SELECT u.p, ${creditorId}, u.d, u.i, u.f, u.c, u.pr, u.s, ${now}::timestamptz
          FROM unnest(${col(part, "paymentId")}::bigint[], ${col(part, "debtId")}::bigint[], ${col(part, "interestCents")}::bigint[], ${col(part, "fineCents")}::bigint[],
            ${col(part, "correctionCents")}::bigint[], ${col(part, "principalCents")}::bigint[], ${part.map((a) => (a.settled ? 1 : 0))}::int[]) AS u(p, d, i, f, c, pr, s)`.execute(trx);
      }
    },
    async updateDebts(rows) {
      for (const part of chunks(rows)) {
        await sql`
          UPDATE debts SET open_cents = u.op, fine_cents = u.f, interest_cents = u.i, correction_cents = u.c, accrual_from_date = u.a, status = u.st, updated_at = ${now}::timestamptz
          FROM unnest(${col(part, "id")}::bigint[], ${col(part, "openCents")}::bigint[], ${col(part, "fineCents")}::bigint[], ${col(part, "interestCents")}::bigint[],
            ${col(part, "correctionCents")}::bigint[], ${col(part, "accrualFromDate")}::date[], ${col(part, "status")}::text[]) AS u(id, op, f, i, c, a, st)
          WHERE debts.id = u.id AND debts.creditor_id = ${creditorId}`.execute(trx);
      }
    },
    async insertEvents(rows) {
      for (const part of chunks(rows)) {
        await sql`
          INSERT INTO events (creditor_id, debtor_id, debt_id, kind, at, actor, data)
          SELECT ${creditorId}, u.dt, u.d, u.k, ${now}::timestamptz, ${actor}, u.data
          FROM unnest(${col(part, "debtorId")}::bigint[], ${col(part, "debtId")}::bigint[], ${col(part, "kind")}::text[], ${col(part, "data")}::text[]) WITH ORDINALITY AS u(dt, d, k, data, o)
          ORDER BY u.o`.execute(trx);
      }
    },
    async insertAudits(rows) {
      for (const part of chunks(rows)) {
        await sql`
          INSERT INTO audit_log (at, actor, creditor_id, action, entity, entity_id, before, after)
          SELECT ${now}::timestamptz, ${actor}, ${creditorId}, u.a, u.e, u.id, NULL, u.after
          FROM unnest(${col(part, "action")}::text[], ${col(part, "entity")}::text[], ${col(part, "entityId")}::text[], ${col(part, "after")}::text[]) WITH ORDINALITY AS u(a, e, id, after, o)
          ORDER BY u.o`.execute(trx);
      }
    },
  };
}
