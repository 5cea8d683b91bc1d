import { nameKey } from "../portfolio/name-key.ts";
import type pg from "pg";
import { DEBT_COLUMNS, DEBTOR_COLUMNS, toStoredDebt, type DebtRow, type ImportStore, type StoredDebtor } from "./import-store.ts";

/**
 * PostgreSQL: one statement per batch and table, rows passed as arrays and expanded with
 * `unnest` — a round trip per few thousand rows instead of one per row. The finds lock what
 * they read, in id order, until the batch's transaction ends (FOR NO KEY UPDATE: the batch
 * writes no key, so rows other transactions insert referencing them need not wait).
 */
export async function postgresImportStore(pool: pg.Pool, creditorId: string, now: string, actor: string): Promise<ImportStore> {
  const client = await pool.connect();
  const col = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);
  return {
    async transaction(fn) {
      await client.query("BEGIN");
      try {
        const result = await fn();
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    async findDebtors(documents) {
      const { rows } = await client.query<StoredDebtor>(
        `SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = $1 AND document = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE`,
        [creditorId, documents],
      );
      return rows;
    },
    async insertDebtors(debtors) {
      if (debtors.length === 0) return [];
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO debtors (creditor_id, document, kind, name, name_key, state, city, zip, address, segment, tags, representative_email, risk_band, created_at, updated_at)
         SELECT $1, d, k, n, nk, s, c, z, a, sg, t, r, rb, $14, $14
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS u(d, k, n, nk, s, c, z, a, sg, t, r, rb, o)
         ORDER BY o RETURNING id`,
        [creditorId, col(debtors, "document"), col(debtors, "kind"), col(debtors, "name"), debtors.map((d) => nameKey(d.name)), col(debtors, "state"), col(debtors, "city"), col(debtors, "zip"), col(debtors, "address"), col(debtors, "segment"), col(debtors, "tags"), col(debtors, "representativeEmail"), col(debtors, "riskBand"), now],
      );
      return rows.map((r) => r.id);
    },
    async updateDebtors(debtors) {
      if (debtors.length === 0) return;
      await client.query(
        `UPDATE debtors SET name = u.n, name_key = u.nk, state = u.s, city = u.c, zip = u.z, address = u.a, segment = u.sg, tags = u.t, representative_email = u.r, risk_band = u.rb, updated_at = $12
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) AS u(id, n, nk, s, c, z, a, sg, t, r, rb)
         WHERE debtors.id = u.id`,
        [col(debtors, "id"), col(debtors, "name"), debtors.map((d) => nameKey(d.name)), col(debtors, "state"), col(debtors, "city"), col(debtors, "zip"), col(debtors, "address"), col(debtors, "segment"), col(debtors, "tags"), col(debtors, "representativeEmail"), col(debtors, "riskBand"), now],
      );
    },
    async findDebts(externalIds) {
      const { rows } = await client.query<DebtRow>(`SELECT ${DEBT_COLUMNS} FROM debts WHERE creditor_id = $1 AND external_id = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE`, [creditorId, externalIds]);
      return rows.map(toStoredDebt);
    },
    async insertDebts(debts) {
      if (debts.length === 0) return [];
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO debts (creditor_id, debtor_id, external_id, description, original_cents, open_cents, issue_date, due_date, contract, instalment, our_number, status, created_at, updated_at)
         SELECT $1, dt, e, ds, oc, op, i, du, c, ins, nn, st, $13, $13
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::date[], $8::date[], $9::text[], $10::int[], $11::text[], $12::text[]) WITH ORDINALITY AS u(dt, e, ds, oc, op, i, du, c, ins, nn, st, o)
         ORDER BY o RETURNING id`,
        [creditorId, col(debts, "debtorId"), col(debts, "externalId"), col(debts, "description"), col(debts, "originalCents"), col(debts, "openCents"), col(debts, "issueDate"), col(debts, "dueDate"), col(debts, "contract"), col(debts, "instalment"), col(debts, "ourNumber"), col(debts, "status"), now],
      );
      return rows.map((r) => r.id);
    },
    async updateDebts(debts) {
      if (debts.length === 0) return;
      await client.query(
        `UPDATE debts SET debtor_id = u.dt, description = u.ds, original_cents = u.oc, open_cents = u.op, issue_date = u.i, due_date = u.du,
           contract = u.c, instalment = u.ins, our_number = u.nn, status = u.st, updated_at = $12
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::date[], $7::date[], $8::text[], $9::int[], $10::text[], $11::text[]) AS u(id, dt, ds, oc, op, i, du, c, ins, nn, st)
         WHERE debts.id = u.id`,
        [col(debts, "id"), col(debts, "debtorId"), col(debts, "description"), col(debts, "originalCents"), col(debts, "openCents"), col(debts, "issueDate"), col(debts, "dueDate"), col(debts, "contract"), col(debts, "instalment"), col(debts, "ourNumber"), col(debts, "status"), now],
      );
    },
    async insertContacts(contacts) {
      if (contacts.length === 0) return 0;
      const result = await client.query(
        `INSERT INTO contacts (creditor_id, debtor_id, kind, value, validity, invalid_reason, source, created_at, updated_at)
         SELECT $1, d, k, v, va, r, 'import', $7, $7 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(d, k, v, va, r)
         ON CONFLICT (debtor_id, kind, value) DO NOTHING`,
        [creditorId, col(contacts, "debtorId"), col(contacts, "kind"), col(contacts, "value"), col(contacts, "validity"), col(contacts, "invalidReason"), now],
      );
      return result.rowCount ?? 0;
    },
    async insertEvents(events) {
      if (events.length === 0) return;
      await client.query(
        `INSERT INTO events (creditor_id, debtor_id, debt_id, kind, at, actor, data)
         SELECT $1, d, dt, k, $5, $6, da FROM unnest($2::bigint[], $3::bigint[], $4::text[], $7::text[]) AS u(d, dt, k, da)`,
        [creditorId, col(events, "debtorId"), col(events, "debtId"), col(events, "kind"), now, actor, col(events, "data")],
      );
    },
    async close() {
      client.release();
    },
  };
}
