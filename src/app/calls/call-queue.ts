import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { addDays } from "../../domain/br/dates.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import type { CreditorScope } from "../access.ts";
import { bucketDueDates, type CandidateFacts } from "./call-priority.ts";

/**
 * The queries behind the call queue: the three tiers' candidates and, for a batch of
 * candidates, the facts `assessCandidate` reads. Every query is filtered by the scope's
 * creditor.
 */

/** A callback older than this is forgotten: the debtor goes back to the ranked queue. */
export const CALLBACK_STALE_DAYS = 7;
/** A planned phone action older than this (local day) is no longer offered first. */
export const LADDER_STALE_DAYS = 7;
/** Candidates read per tier query. */
export const CANDIDATE_BATCH = 300;
/** Candidates whose facts are loaded at once: the first tiers stop at the first callable one. */
export const FACTS_CHUNK = 60;

const DAY_MS = 86_400_000;

export type DebtorInfo = { id: number; name: string; document: string; kind: string; state: string | null; city: string | null };

export type LoadedCandidate = { debtor: DebtorInfo; facts: CandidateFacts; debts: { id: number; externalId: string; description: string | null; dueDate: string; openCents: number }[] };

/** Debtors whose latest call asked for a callback that is due now (and not stale), oldest callback first. */
export async function dueCallbacks(db: Kysely<Schema>, scope: CreditorScope, nowIso: string): Promise<{ debtorId: number; callbackAt: string }[]> {
  const since = new Date(new Date(nowIso).getTime() - CALLBACK_STALE_DAYS * DAY_MS).toISOString();
  const rows = await db
    .selectFrom("call_attempts as c")
    .select(["c.debtor_id", "c.callback_at"])
    .where("c.creditor_id", "=", scope.creditorId)
    .where("c.callback_at", "is not", null)
    .where("c.callback_at", "<=", nowIso)
    .where("c.callback_at", ">=", since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("call_attempts as l").select("l.id").whereRef("l.debtor_id", "=", "c.debtor_id").whereRef("l.id", ">", "c.id"))))
    .orderBy("c.callback_at")
    .orderBy("c.id")
    .limit(CANDIDATE_BATCH)
    .execute();
  return rows.map((r) => ({ debtorId: Number(r.debtor_id), callbackAt: r.callback_at! }));
}

export type PlannedPhoneAction = { id: number; debtorId: number; stepId: string; stage: string; ladderId: string; sendAt: string; localDay: string };

/** The ladder's planned phone actions due now (not stale), oldest day first. */
export async function duePhoneActions(db: Kysely<Schema>, scope: CreditorScope, nowIso: string, creditorToday: string): Promise<PlannedPhoneAction[]> {
  const rows = await db
    .selectFrom("actions")
    .select(["id", "debtor_id", "step_id", "stage", "ladder_id", "send_at", "local_day"])
    .where("creditor_id", "=", scope.creditorId)
    .where("status", "=", "planned")
    .where("channel", "=", "phone")
    .where("send_at", "<=", nowIso)
    .where("local_day", ">=", addDays(creditorToday, -LADDER_STALE_DAYS))
    // The index's own order (creditor, status, channel, local day, send_at): no sort, and no temptation to walk every planned action by send_at.
    .orderBy("local_day")
    .orderBy("send_at")
    .orderBy("id")
    .limit(CANDIDATE_BATCH)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), debtorId: Number(r.debtor_id), stepId: r.step_id, stage: r.stage, ladderId: r.ladder_id, sendAt: r.send_at, localDay: r.local_day }));
}

/** A debtor's planned phone actions due now, whatever their age: the ones a call performs. */
export async function debtorPhoneActions(db: Kysely<Schema>, scope: CreditorScope, debtorId: number, nowIso: string): Promise<PlannedPhoneAction[]> {
  const rows = await db
    .selectFrom("actions")
    .select(["id", "debtor_id", "step_id", "stage", "ladder_id", "send_at", "local_day"])
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", debtorId)
    .where("status", "=", "planned")
    .where("channel", "=", "phone")
    .where("send_at", "<=", nowIso)
    .orderBy("send_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: Number(r.id), debtorId: Number(r.debtor_id), stepId: r.step_id, stage: r.stage, ladderId: r.ladder_id, sendAt: r.send_at, localDay: r.local_day }));
}

/**
 * One page of debtors with overdue open debts (1 to 1,825 days, in the creditor's calendar),
 * by their weighted open balance Σ open × recovery rate (basis points × centavos), highest
 * first. `weight / 10000` bounds the debtor's expected recovery from above.
 */
export async function rankedDebtors(db: Kysely<Schema>, scope: CreditorScope, creditorToday: string, offset: number, limit = CANDIDATE_BATCH): Promise<RankedDebtor[]> {
  const c = scope.creditorId;
  const buckets = bucketDueDates(creditorToday);
  const cases = sql.join(
    buckets.map((b) => (b.minDueDate ? sql`WHEN d.due_date >= ${b.minDueDate} THEN ${sql.lit(b.rateBp)}` : sql`ELSE ${sql.lit(b.rateBp)}`)),
    sql` `,
  );
  const rows = (
    await sql<{ debtor_id: number | string; w: number | string }>`
      SELECT d.debtor_id AS debtor_id, sum(d.open_cents * CASE ${cases} END) AS w
      FROM debts d
      WHERE d.creditor_id = ${c} AND d.status = 'open' AND d.due_date <= ${addDays(creditorToday, -1)} AND d.due_date >= ${addDays(creditorToday, -1825)}
      GROUP BY d.debtor_id
      ORDER BY w DESC, d.debtor_id ASC
      LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  return rows.map((r) => ({ debtorId: Number(r.debtor_id), weight: Number(r.w) }));
}

export type RankedDebtor = { debtorId: number; weight: number };

/** How many of the highest-ranked debtors the in-process ranking keeps. */
export const RANKING_SIZE = 3000;

type Ranking = { version: number; day: string; items: RankedDebtor[] };
const rankings = new WeakMap<Database, Map<string, Ranking>>();

/**
 * The version of what the ranking reads: the latest timeline event that is not a call.
 * Imports, payments, pauses, disputes, agreements and promises all write one, so a new id
 * means balances or debts may have changed; calls do not change balances.
 */
async function portfolioVersion(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom("events").select("id").where("kind", "not like", "call.%").orderBy("id", "desc").limit(1).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * The RANKING_SIZE highest-ranked debtors, kept in this process per database and creditor
 * until the portfolio version or the day changes: ranking reads every open debt, and a
 * collector asks for the next call after every call. The queue checks each candidate's
 * facts live anyway (balance, pause, calls today), so a stale ranking only orders.
 */
export async function cachedRanking(database: Database, scope: CreditorScope, creditorToday: string): Promise<RankedDebtor[]> {
  const version = await portfolioVersion(database.db);
  let byCreditor = rankings.get(database);
  if (!byCreditor) rankings.set(database, (byCreditor = new Map()));
  const cached = byCreditor.get(scope.creditorId);
  if (cached && cached.version === version && cached.day === creditorToday) return cached.items;
  const items = await rankedDebtors(database.db, scope, creditorToday, 0, RANKING_SIZE);
  byCreditor.set(scope.creditorId, { version, day: creditorToday, items });
  return items;
}

/** Debtors of the creditor called on `day` or later (the creditor's calendar). */
export async function calledSince(db: Kysely<Schema>, scope: CreditorScope, day: string): Promise<Set<number>> {
  const rows = await db.selectFrom("call_attempts").select("debtor_id").where("creditor_id", "=", scope.creditorId).where("local_day", ">=", day).execute();
  return new Set(rows.map((r) => Number(r.debtor_id)));
}

/** The facts of a batch of debtors (missing or foreign ids are absent from the result). */
export async function loadCandidates(db: Kysely<Schema>, scope: CreditorScope, creditorState: string | null, ids: readonly number[], nowIso: string, creditorToday: string): Promise<Map<number, LoadedCandidate>> {
  const out = new Map<number, LoadedCandidate>();
  if (ids.length === 0) return out;
  const c = scope.creditorId;
  const list = [...new Set(ids)];
  const staleBefore = new Date(new Date(nowIso).getTime() - CALLBACK_STALE_DAYS * DAY_MS).toISOString();
  const [debtors, phones, optOuts, debts, attempts, latest, claims] = await Promise.all([
    db.selectFrom("debtors").select(["id", "name", "document", "kind", "state", "city", "paused_at", "paused_until"]).where("creditor_id", "=", c).where("id", "in", list).execute(),
    // Through the debtors (creditor-scoped): filtering contacts on their own creditor_id lures SQLite into the (creditor_id, value) index, a scan of every contact.
    db
      .selectFrom("contacts as p")
      .innerJoin("debtors as o", "o.id", "p.debtor_id")
      .select(["p.id", "p.debtor_id", "p.value", "p.validity"])
      .where("o.creditor_id", "=", c)
      .where("p.debtor_id", "in", list)
      .where("p.kind", "=", "phone")
      .execute(),
    db.selectFrom("opt_outs").select(["debtor_id"]).where("creditor_id", "=", c).where("debtor_id", "in", list).where("channel", "=", "phone").where("opted_in_at", "is", null).execute(),
    db
      .selectFrom("debts")
      .select(["id", "debtor_id", "external_id", "description", "due_date", "open_cents", "paused_at", "paused_until"])
      .where("creditor_id", "=", c)
      .where("debtor_id", "in", list)
      .where("status", "=", "open")
      .orderBy("due_date")
      .orderBy("id")
      .execute(),
    // Eight creditor days back covers every debtor's rolling week whatever its zone.
    db.selectFrom("call_attempts").select(["debtor_id", "local_day"]).where("creditor_id", "=", c).where("debtor_id", "in", list).where("local_day", ">=", addDays(creditorToday, -8)).execute(),
    db
      .selectFrom("call_attempts")
      .select(["debtor_id", "callback_at"])
      .where("id", "in", (qb) => qb.selectFrom("call_attempts").select((eb) => eb.fn.max("id").as("id")).where("creditor_id", "=", c).where("debtor_id", "in", list).groupBy("debtor_id"))
      .execute(),
    db.selectFrom("call_claims").select(["debtor_id", "actor", "expires_at"]).where("creditor_id", "=", c).where("debtor_id", "in", list).where("expires_at", ">", nowIso).execute(),
  ]);
  for (const d of debtors) {
    const zone = debtorZone(d.state, d.city, creditorState);
    const id = Number(d.id);
    out.set(id, {
      debtor: { id, name: d.name, document: d.document, kind: d.kind, state: d.state, city: d.city },
      facts: {
        debtorId: id, uf: zone.uf, timeZone: zone.timeZone, pause: { pausedAt: d.paused_at, pausedUntil: d.paused_until },
        phones: [], phoneOptedOut: false, debts: [], attemptDays: [], callbackAt: null, claim: null,
      },
      debts: [],
    });
  }
  type Mutable = { phones: CandidateFacts["phones"][number][]; debts: CandidateFacts["debts"][number][]; attemptDays: string[] };
  const m = (id: number | string) => out.get(Number(id));
  for (const p of phones) (m(p.debtor_id)?.facts as unknown as Mutable | undefined)?.phones.push({ id: Number(p.id), value: p.value, validity: p.validity });
  for (const o of optOuts) {
    const e = m(o.debtor_id);
    if (e) e.facts.phoneOptedOut = true;
  }
  for (const d of debts) {
    const e = m(d.debtor_id);
    if (!e) continue;
    (e.facts as unknown as Mutable).debts.push({ id: Number(d.id), dueDate: d.due_date, openCents: Number(d.open_cents), pause: { pausedAt: d.paused_at, pausedUntil: d.paused_until } });
    e.debts.push({ id: Number(d.id), externalId: d.external_id, description: d.description, dueDate: d.due_date, openCents: Number(d.open_cents) });
  }
  for (const a of attempts) (m(a.debtor_id)?.facts as unknown as Mutable | undefined)?.attemptDays.push(a.local_day);
  for (const l of latest) {
    const e = m(l.debtor_id);
    if (e && l.callback_at && l.callback_at >= staleBefore) e.facts.callbackAt = l.callback_at;
  }
  for (const cl of claims) {
    const e = m(cl.debtor_id);
    if (e) e.facts.claim = { actor: cl.actor, expiresAt: cl.expires_at };
  }
  return out;
}
