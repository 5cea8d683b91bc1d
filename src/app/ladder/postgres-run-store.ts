import type pg from "pg";
import {
  DEBT_COLUMNS, DEBTOR_COLUMNS, HISTORY_COLUMNS, RUN_DEBT_STATUSES,
  supersededJson,
  type ContactRow, type DebtorRow, type DebtRow, type HistoryRow, type OptOutRow, type OtherContactRow, type RawBatch, type RunStore,
} from "./run-store.ts";

/**
 * PostgreSQL: one connection for the whole run, a few statements per batch of debtors,
 * writes as one `unnest` statement per table and batch.
 */
export async function postgresRunStore(pool: pg.Pool, creditorId: string): Promise<RunStore> {
  const client = await pool.connect();

  const facts = async (debtors: DebtorRow[], dueUntil: string): Promise<RawBatch> => {
    if (debtors.length === 0) return { debtors, debts: [], contacts: [], optOuts: [], history: [] };
    const first = debtors[0]!.id;
    const last = debtors[debtors.length - 1]!.id;
    const range = [first, last, creditorId];
    const debts = await client.query<DebtRow>(
      `SELECT ${DEBT_COLUMNS} FROM debts WHERE debtor_id BETWEEN $1 AND $2 AND creditor_id = $3 AND status = ANY($4::text[]) AND open_cents > 0 AND due_date <= $5::date ORDER BY debtor_id, id`,
      [...range, RUN_DEBT_STATUSES, dueUntil],
    );
    const contacts = await client.query<ContactRow>("SELECT id, debtor_id, kind, validity FROM contacts WHERE debtor_id BETWEEN $1 AND $2 AND creditor_id = $3", range);
    const optOuts = await client.query<OptOutRow>("SELECT debtor_id, channel FROM opt_outs WHERE debtor_id BETWEEN $1 AND $2 AND creditor_id = $3 AND opted_in_at IS NULL", range);
    // `creditor_id || ''`: an expression, so the planner takes the debtor range's index alone
    // (with statistics from before a run it would also scan the creditor's index, which holds
    // every action of the creditor, once per batch).
    const history = await client.query<HistoryRow>(
      `SELECT ${HISTORY_COLUMNS} FROM actions a JOIN action_debts ad ON ad.action_id = a.id WHERE a.debtor_id BETWEEN $1 AND $2 AND a.creditor_id || '' = $3`,
      range,
    );
    return { debtors, debts: debts.rows, contacts: contacts.rows, optOuts: optOuts.rows, history: history.rows };
  };

  return {
    readChunk: Number.POSITIVE_INFINITY,
    writeChunk: Number.POSITIVE_INFINITY,
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
    async loadBatch(afterDebtorId, limit, dueUntil) {
      const { rows } = await client.query<DebtorRow>(`SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [creditorId, afterDebtorId, limit]);
      return facts(rows, dueUntil);
    },
    async loadDebtor(debtorId) {
      const { rows } = await client.query<DebtorRow>(`SELECT ${DEBTOR_COLUMNS} FROM debtors WHERE creditor_id = $1 AND id = $2`, [creditorId, debtorId]);
      return facts(rows, "9999-12-31");
    },
    async hasOutsideContacts(since) {
      const { rows } = await client.query(
        `(SELECT 1 FROM actions WHERE creditor_id <> $1 AND send_at >= $2 AND status NOT IN ('cancelled', 'rejected') LIMIT 1)
         UNION ALL (SELECT 1 FROM call_attempts WHERE action_id IS NULL AND at >= $2 LIMIT 1) LIMIT 1`,
        [creditorId, since],
      );
      return rows.length > 0;
    },
    async outsideContacts(documents, since) {
      if (documents.length === 0) return [];
      const { rows } = await client.query<OtherContactRow>(
        `SELECT d.document, a.channel, a.send_at FROM debtors d JOIN actions a ON a.debtor_id = d.id
         WHERE d.document = ANY($1::text[]) AND d.creditor_id <> $2 AND a.send_at >= $3 AND a.status NOT IN ('cancelled', 'rejected')
         UNION ALL
         SELECT d.document, 'phone', c.at FROM debtors d JOIN call_attempts c ON c.debtor_id = d.id
         WHERE d.document = ANY($1::text[]) AND c.action_id IS NULL AND c.at >= $3`,
        [documents, creditorId, since],
      );
      return rows;
    },
    async writeActions(actions, now) {
      if (actions.length === 0) return 0;
      const n = actions.length;
      const debtorIds = new Array<number>(n), ladderIds = new Array<string>(n), versions = new Array<number | null>(n), stepIds = new Array<string>(n);
      const stages = new Array<string>(n), channels = new Array<string>(n), days = new Array<string>(n), keys = new Array<string>(n);
      const statuses = new Array<string>(n), sendAts = new Array<string>(n), contactIds = new Array<number | null>(n);
      for (let i = 0; i < n; i++) {
        const { debtorId, planned: a } = actions[i]!;
        debtorIds[i] = debtorId;
        ladderIds[i] = a.ladderId;
        versions[i] = a.ladderVersion;
        stepIds[i] = a.stepId;
        stages[i] = a.stage;
        channels[i] = a.channel;
        days[i] = a.localDay;
        keys[i] = a.idempotencyKey;
        statuses[i] = a.status;
        sendAts[i] = a.sendAt;
        contactIds[i] = a.contactId;
      }
      const { rows } = await client.query<{ id: number; idempotency_key: string }>(
        `INSERT INTO actions (creditor_id, debtor_id, ladder_id, ladder_version, step_id, stage, channel, local_day, idempotency_key, status, send_at, contact_id, created_at, updated_at)
         SELECT $1, d, l, v, s, st, ch, ld, k, stt, sa, c, $13, $13
         FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::text[], $11::timestamptz[], $12::bigint[])
           AS u(d, l, v, s, st, ch, ld, k, stt, sa, c)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key`,
        [creditorId, debtorIds, ladderIds, versions, stepIds, stages, channels, days, keys, statuses, sendAts, contactIds, now],
      );
      if (rows.length === 0) return 0;
      const idOf = new Map(rows.map((r) => [r.idempotency_key, r.id]));
      const actionIds: number[] = [], debtIds: number[] = [], linkLadders: string[] = [], linkSteps: string[] = [], notices: number[] = [], superseded: (string | null)[] = [];
      for (const { planned: a } of actions) {
        const id = idOf.get(a.idempotencyKey);
        if (id === undefined) continue;
        for (const d of a.debts) {
          actionIds.push(id);
          debtIds.push(d.debtId);
          linkLadders.push(d.ladderId);
          linkSteps.push(d.stepId);
          notices.push(d.priorNotice ? 1 : 0);
          superseded.push(supersededJson(d.superseded));
        }
      }
      await client.query(
        `INSERT INTO action_debts (action_id, debt_id, ladder_id, step_id, prior_notice, superseded)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[])`,
        [actionIds, debtIds, linkLadders, linkSteps, notices, superseded],
      );
      return rows.length;
    },
    async close() {
      client.release();
    },
  };
}
