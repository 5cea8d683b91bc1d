import { sql, type RawBuilder } from "kysely";
import { AppError } from "../../shared/app-error.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { addDays, localDateOf } from "../../domain/br/dates.ts";
import { normalizePhone } from "../../domain/br/phone.ts";
import { normalizeUf } from "../../domain/br/uf.ts";
import type { Actor, CreditorScope } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, DEBT_STATUSES, type DebtorSummary } from "./debtors.ts";
import { nameKey, prefixUpperBound } from "./name-key.ts";

const NAME_KEY = sql<string>`debtors.name_key`;

/**
 * Aging buckets of a debtor, by the days its oldest open debt is overdue: not yet due,
 * 1–30, 31–90, 91–180, 181–360 and 361 days or more.
 */
export const AGING_BUCKETS = ["not_due", "1_30", "31_90", "91_180", "181_360", "361_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const DEBTOR_SORTS = ["name", "balance", "oldest_due"] as const;
export type DebtorSort = (typeof DEBTOR_SORTS)[number];

export type ListDebtorsInput = {
  /** Name prefix (accents and case ignored), CPF/CNPJ, debt id, e-mail or phone. */
  q?: string;
  /** Debtors with at least one debt in this status. */
  status?: string;
  bucket?: string;
  state?: string;
  segment?: string;
  /** Tags are stored lower case (the importer folds them); so is the filter. */
  tag?: string;
  sort?: string;
  dir?: string;
  limit?: number;
  cursor?: string;
};

export type DebtorPage = { items: DebtorSummary[]; nextCursor: string | null };

/** Oldest open due dates of a bucket, as an inclusive range (`null` = open-ended). */
export function bucketDueRange(bucket: AgingBucket, today: string): { from: string | null; to: string | null } {
  switch (bucket) {
    case "not_due":
      return { from: today, to: null };
    case "1_30":
      return { from: addDays(today, -30), to: addDays(today, -1) };
    case "31_90":
      return { from: addDays(today, -90), to: addDays(today, -31) };
    case "91_180":
      return { from: addDays(today, -180), to: addDays(today, -91) };
    case "181_360":
      return { from: addDays(today, -360), to: addDays(today, -181) };
    case "361_plus":
      return { from: null, to: addDays(today, -361) };
  }
}

// ---- cursor ---------------------------------------------------------------------------

/**
 * Where the next page starts: the sort it belongs to, the phase (1 = debtors with open
 * debts in sort order, 2 = the rest by id, for the balance and due-date sorts), and the
 * last row's sort key and id.
 */
type Cursor = { s: DebtorSort; d: "asc" | "desc"; p: 1 | 2; k: string | number | null; i: number };

function encodeListCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function cursorError(reason: string): AppError {
  return new AppError("validation", `cursor: ${reason}`, [{ field: "cursor", reason }]);
}

function decodeListCursor(raw: string, sort: DebtorSort, dir: "asc" | "desc"): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw cursorError("cursor inválido");
  }
  const c = value as Partial<Cursor> | null;
  const keyOk = c && (c.k === null || typeof c.k === "string" || (typeof c.k === "number" && Number.isSafeInteger(c.k)));
  if (!c || typeof c !== "object" || !keyOk || (c.p !== 1 && c.p !== 2) || !Number.isSafeInteger(c.i) || (c.i as number) < 0) throw cursorError("cursor inválido");
  if (c.s !== sort || c.d !== dir) throw cursorError("o cursor é de outra ordenação; recomece da primeira página");
  return c as Cursor;
}

// ---- input ----------------------------------------------------------------------------

type Filters = {
  q: string | null;
  status: string | null;
  bucket: AgingBucket | null;
  state: string | null;
  segment: string | null;
  tag: string | null;
};

function invalid(field: string, reason: string): AppError {
  return new AppError("validation", `${field}: ${reason}`, [{ field, reason }]);
}

function parseInput(input: ListDebtorsInput): { filters: Filters; sort: DebtorSort; dir: "asc" | "desc"; limit: number } {
  const text = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : null);
  const status = text(input.status);
  if (status && !(DEBT_STATUSES as readonly string[]).includes(status)) throw invalid("status", `situação inválida: ${status} (use ${DEBT_STATUSES.join(", ")})`);
  const bucket = text(input.bucket);
  if (bucket && !(AGING_BUCKETS as readonly string[]).includes(bucket)) throw invalid("bucket", `faixa de atraso inválida: ${bucket} (use ${AGING_BUCKETS.join(", ")})`);
  const stateRaw = text(input.state);
  const state = stateRaw ? normalizeUf(stateRaw) : null;
  if (stateRaw && !state) throw invalid("state", `UF inválida: ${stateRaw}`);
  const sort = text(input.sort) ?? "name";
  if (!(DEBTOR_SORTS as readonly string[]).includes(sort)) throw invalid("sort", `ordenação inválida: ${sort} (use ${DEBTOR_SORTS.join(", ")})`);
  const dir = text(input.dir) ?? (sort === "balance" ? "desc" : "asc");
  if (dir !== "asc" && dir !== "desc") throw invalid("dir", `direção inválida: ${dir} (use asc ou desc)`);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  return {
    filters: { q: text(input.q), status, bucket: bucket as AgingBucket | null, state, segment: text(input.segment), tag: text(input.tag)?.toLowerCase() ?? null },
    sort: sort as DebtorSort,
    dir,
    limit,
  };
}

// ---- the query pieces -----------------------------------------------------------------

const and = (parts: RawBuilder<unknown>[]) => (parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`);

// The debtor's open totals, kept on its row by triggers on `debts` (db/migrations/0015-debtor-balances.ts).
const BALANCE = sql<number>`debtors.open_cents`;
const OLDEST = sql<string | null>`debtors.oldest_open_due_date`;
/** Written as the balance index's own condition, a literal, so both planners see the index applies. */
const HAS_OPEN = sql`debtors.open_debts > 0`;

/**
 * The index a query walks: a sort's index in its order, or `ids`, the candidates' ids. SQLite
 * keeps no statistics (Régua never runs ANALYZE), so its planner takes any index an equality or
 * a range names (`creditor_id = ?` covers all of them) and then sorts the whole portfolio, or
 * scans it for a few ids; a `+` before a column tells it not to use that column's indexes.
 * PostgreSQL estimates from statistics and gets the plain columns.
 */
type Walk = DebtorSort | "ids";

function columnFor(deps: AppDeps, walk: Walk, usable: readonly Walk[]) {
  return (column: RawBuilder<unknown>) => (deps.database.dialect === "postgres" || usable.includes(walk) ? column : sql`+${column}`);
}

function bucketConditions(column: RawBuilder<unknown>, bucket: AgingBucket, today: string): RawBuilder<unknown>[] {
  // No open debt: the oldest due date is null and no comparison is true, so the debtor is in no bucket.
  const range = bucketDueRange(bucket, today);
  const out: RawBuilder<unknown>[] = [];
  if (range.from) out.push(sql`${column} >= ${range.from}`);
  if (range.to) out.push(sql`${column} <= ${range.to}`);
  return out;
}

/** The filters on a debtors row (table `debtors`), open-debt bucket included, for a query walking `walk`. */
function debtorConditions(deps: AppDeps, scope: CreditorScope, f: Filters, today: string, walk: Walk): RawBuilder<unknown>[] {
  const c = scope.creditorId;
  const out: RawBuilder<unknown>[] = [sql`${columnFor(deps, walk, ["name", "balance", "oldest_due"])(sql`debtors.creditor_id`)} = ${c}`];
  // UF and segment have name-ordered indexes of their own.
  const byName = columnFor(deps, walk, ["name"]);
  if (f.state) out.push(sql`${byName(sql`debtors.state`)} = ${f.state}`);
  if (f.segment) out.push(sql`${byName(sql`debtors.segment`)} = ${f.segment}`);
  if (f.tag) out.push(sql`EXISTS (SELECT 1 FROM debtor_tags t WHERE t.creditor_id = ${c} AND t.tag = ${f.tag} AND t.debtor_id = debtors.id)`);
  // Any other spelling than HAS_OPEN keeps the balance index out of other walks.
  if (f.status === "open") out.push(walk === "balance" ? HAS_OPEN : sql`debtors.open_debts <> 0`);
  else if (f.status) out.push(sql`EXISTS (SELECT 1 FROM debts s WHERE s.creditor_id = ${c} AND s.status = ${f.status} AND s.debtor_id = debtors.id)`);
  if (f.bucket) out.push(...bucketConditions(columnFor(deps, walk, ["oldest_due"])(OLDEST), f.bucket, today));
  return out;
}

/** Debtor ids that a search text names exactly: document, debt id, e-mail or phone (index lookups). */
async function exactMatches(deps: AppDeps, scope: CreditorScope, q: string): Promise<number[]> {
  const { db } = deps.database;
  const c = scope.creditorId;
  const ids = new Set<number>();
  const document = normalizeDocument(q);
  if (/^[0-9A-Z]{11,14}$/.test(document)) {
    for (const r of await db.selectFrom("debtors").select("id").where("creditor_id", "=", c).where("document", "=", document).execute()) ids.add(r.id);
  }
  const externalIds = [...new Set([q, q.toUpperCase()])];
  for (const r of await db.selectFrom("debts").select("debtor_id").where("creditor_id", "=", c).where("external_id", "in", externalIds).limit(50).execute()) ids.add(r.debtor_id);
  const values: string[] = [];
  if (q.includes("@")) values.push(q.toLowerCase());
  if (q.replace(/\D/g, "").length >= 10) {
    const phone = normalizePhone(q);
    if (phone.ok) values.push(phone.e164);
  }
  if (values.length) {
    for (const r of await db.selectFrom("contacts").select("debtor_id").where("creditor_id", "=", c).where("value", "in", values).limit(50).execute()) ids.add(r.debtor_id);
  }
  return [...ids];
}

type Row = { id: number; p: 1 | 2; k: string | number | null };
type Dir = "asc" | "desc";

/** Keyset condition after the cursor, as a row-value comparison an index can serve as a range. */
function keyset(key: RawBuilder<unknown>, id: RawBuilder<unknown>, dir: Dir, cursor: Cursor | null): RawBuilder<unknown>[] {
  if (!cursor) return [];
  return dir === "asc" ? [sql`(${key}, ${id}) > (${cursor.k}, ${cursor.i})`] : [sql`(${key}, ${id}) < (${cursor.k}, ${cursor.i})`];
}

/**
 * At most this many candidates make a filter "selective": the page is then computed from its
 * candidates (index lookups, then a sort of at most this many rows) instead of walking the
 * whole portfolio in sort order looking for matches.
 */
export const SELECTIVE = 5000;

/** Knobs for tests and benchmarks: `selective` overrides SELECTIVE (0 = always walk the indexes). */
export type ListTuning = { selective?: number };

async function atMost(deps: AppDeps, source: RawBuilder<unknown>, max: number): Promise<number> {
  const row = (await sql<{ n: number | string }>`SELECT count(*) AS n FROM (${source} LIMIT ${max + 1}) x`.execute(deps.database.db)).rows[0];
  return Number(row?.n ?? 0);
}

/**
 * The debtor ids of the most selective indexed filter, when it names few enough debtors. Each
 * count reads at most `max + 1` index entries.
 */
async function selectiveSource(deps: AppDeps, scope: CreditorScope, f: Filters, today: string, sort: DebtorSort, max: number): Promise<RawBuilder<unknown> | null> {
  if (max <= 0) return null;
  const c = scope.creditorId;
  const sources: RawBuilder<unknown>[] = [];
  if (f.tag) sources.push(sql`SELECT t.debtor_id FROM debtor_tags t WHERE t.creditor_id = ${c} AND t.tag = ${f.tag}`);
  if (f.status && f.status !== "open") sources.push(sql`SELECT s.debtor_id FROM debts s WHERE s.creditor_id = ${c} AND s.status = ${f.status}`);
  // In name order, UF and segment have their own name indexes; in due-date order the bucket is a range of
  // its index: walking them is already cheap.
  if (sort !== "name") {
    if (f.state) sources.push(sql`SELECT debtors.id FROM debtors WHERE debtors.creditor_id = ${c} AND debtors.state = ${f.state}`);
    if (f.segment) sources.push(sql`SELECT debtors.id FROM debtors WHERE debtors.creditor_id = ${c} AND debtors.segment = ${f.segment}`);
  }
  if (f.bucket && sort !== "oldest_due") sources.push(sql`SELECT debtors.id FROM debtors WHERE ${and([sql`debtors.creditor_id = ${c}`, ...bucketConditions(OLDEST, f.bucket, today)])}`);
  for (const source of sources) if ((await atMost(deps, source, max)) <= max) return source;
  return null;
}

/** A search text resolved: the name-key range it starts, and the debtors it names exactly. */
type Search = { prefix: string; upper: string | null; exact: number[] };

async function resolveSearch(deps: AppDeps, scope: CreditorScope, q: string): Promise<Search> {
  const prefix = nameKey(q);
  return { prefix, upper: prefixUpperBound(prefix), exact: await exactMatches(deps, scope, q) };
}

/** The debtors whose name starts with the search (a range of the name-key index). */
function nameRangeSource(scope: CreditorScope, search: Search & { upper: string }): RawBuilder<unknown> {
  return sql`SELECT debtors.id FROM debtors WHERE debtors.creditor_id = ${scope.creditorId} AND ${NAME_KEY} >= ${search.prefix} AND ${NAME_KEY} < ${search.upper}`;
}

/**
 * A search's candidates in balance or due-date order: names starting with the text, and the
 * debtors it names exactly; null when the name prefix is so common that it names more than
 * `max` debtors (the walk in sort order then takes the search as a filter).
 */
async function searchCandidates(deps: AppDeps, scope: CreditorScope, search: Search, max: number): Promise<RawBuilder<unknown> | null> {
  const parts: RawBuilder<unknown>[] = [];
  if (search.upper) {
    const range = nameRangeSource(scope, { ...search, upper: search.upper });
    if ((await atMost(deps, range, max)) > max) return null;
    parts.push(range);
  }
  if (search.exact.length) parts.push(sql`SELECT debtors.id FROM debtors WHERE debtors.id IN (${sql.join(search.exact)})`);
  return parts.length ? sql.join(parts, sql` UNION `) : sql`SELECT debtors.id FROM debtors WHERE 1 = 0`;
}

/** The search as a filter on a walk in balance or due-date order (the name index stays out of it). */
function searchCondition(deps: AppDeps, walk: Walk, search: Search): RawBuilder<unknown> {
  const key = columnFor(deps, walk, ["name"])(NAME_KEY);
  const parts: RawBuilder<unknown>[] = [];
  if (search.upper) parts.push(sql`(${key} >= ${search.prefix} AND ${key} < ${search.upper})`);
  if (search.exact.length) parts.push(sql`debtors.id IN (${sql.join(search.exact)})`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`1 = 0`;
}

/** Name order: the name-key index, within a UF or segment when filtered; a search is a range of it. */
async function byName(deps: AppDeps, scope: CreditorScope, f: Filters, search: Search | null, today: string, dir: Dir, cursor: Cursor | null, take: number): Promise<Row[]> {
  const { db } = deps.database;
  const key = NAME_KEY;
  const order = dir === "asc" ? sql`ASC` : sql`DESC`;
  const run = async (walk: Walk, extra: RawBuilder<unknown>[], limit: number) => {
    const where = [...debtorConditions(deps, scope, f, today, walk), ...keyset(key, sql`debtors.id`, dir, cursor), ...extra];
    return (await sql<{ id: number; k: string }>`SELECT debtors.id AS id, ${key} AS k FROM debtors WHERE ${and(where)} ORDER BY ${key} ${order}, debtors.id ${order} LIMIT ${limit}`.execute(db)).rows.map(
      (r): Row => ({ id: Number(r.id), p: 1, k: r.k }),
    );
  };
  if (!search) return run("name", [], take);

  const ranged = search.upper ? await run("name", [sql`${key} >= ${search.prefix}`, sql`${key} < ${search.upper}`], take) : [];
  if (search.exact.length === 0) return ranged;
  // A few exact hits (document, debt id, contact) merged into the name order.
  const named = await run("ids", [sql`debtors.id IN (${sql.join(search.exact)})`], take);
  const seen = new Set<number>();
  const merged = [...ranged, ...named].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const sign = dir === "asc" ? 1 : -1;
  merged.sort((a, b) => sign * (String(a.k) < String(b.k) ? -1 : String(a.k) > String(b.k) ? 1 : a.id - b.id));
  return merged.slice(0, take);
}

/**
 * Any order over a small candidate set (a search, a selective filter): each candidate gets its
 * phase and sort key, then one sort. The order is exactly the walking strategies' order, so a
 * cursor from either continues in the other.
 */
async function fromCandidates(deps: AppDeps, scope: CreditorScope, f: Filters, today: string, source: RawBuilder<unknown>, sort: DebtorSort, dir: Dir, cursor: Cursor | null, take: number): Promise<Row[]> {
  const value = sort === "name" ? NAME_KEY : sort === "balance" ? sql`CASE WHEN ${HAS_OPEN} THEN ${BALANCE} END` : OLDEST;
  const order = dir === "asc" ? sql`ASC` : sql`DESC`;
  // Ties: by id in the sort's direction, except the balance order (largest first, then by id).
  const tie = sort === "balance" ? sql`ASC` : order;
  const after: RawBuilder<unknown>[] = [];
  if (cursor?.p === 2) after.push(sql`p = 2 AND id > ${cursor.i}`);
  else if (cursor) {
    const kCmp = dir === "asc" ? sql`>` : sql`<`;
    const idCmp = sort === "balance" ? sql`>` : kCmp;
    after.push(sql`((p = 1 AND (k ${kCmp} ${cursor.k} OR (k = ${cursor.k} AND id ${idCmp} ${cursor.i}))) OR p = 2)`);
  }
  const rows = (
    await sql<{ id: number; p: number; k: string | number | null }>`SELECT id, p, k FROM (
        SELECT id, k, CASE WHEN k IS NULL THEN 2 ELSE 1 END AS p FROM (
          SELECT debtors.id AS id, ${value} AS k FROM debtors
          WHERE ${and([...debtorConditions(deps, scope, f, today, "ids"), sql`debtors.id IN (${source})`])}
        ) v
      ) t
      WHERE ${and(after)}
      ORDER BY p ASC, k ${order}, CASE WHEN p = 1 THEN id END ${tie}, id ASC LIMIT ${take}`.execute(deps.database.db)
  ).rows;
  return rows.map((r) => ({ id: Number(r.id), p: Number(r.p) === 2 ? 2 : 1, k: r.k === null ? null : sort === "balance" ? Number(r.k) : String(r.k) }));
}

/** Oldest open due date order: the debtors' oldest-due index (a bucket is a range of it). */
async function byOldestDue(deps: AppDeps, scope: CreditorScope, f: Filters, search: Search | null, today: string, dir: Dir, cursor: Cursor | null, take: number): Promise<Row[]> {
  const where = [...debtorConditions(deps, scope, f, today, "oldest_due"), ...(search ? [searchCondition(deps, "oldest_due", search)] : []), sql`${OLDEST} IS NOT NULL`, ...keyset(OLDEST, sql`debtors.id`, dir, cursor)];
  const order = dir === "asc" ? sql`ASC` : sql`DESC`;
  const rows = (
    await sql<{ id: number; k: string }>`SELECT debtors.id AS id, ${OLDEST} AS k FROM debtors WHERE ${and(where)}
      ORDER BY ${OLDEST} ${order}, debtors.id ${order} LIMIT ${take}`.execute(deps.database.db)
  ).rows;
  return rows.map((r) => ({ id: Number(r.id), p: 1, k: String(r.k) }));
}

/** Open balance order (ties by id ascending either way): the debtors' balance index. */
async function byBalance(deps: AppDeps, scope: CreditorScope, f: Filters, search: Search | null, today: string, dir: Dir, cursor: Cursor | null, take: number): Promise<Row[]> {
  const where = [...debtorConditions(deps, scope, f, today, "balance"), ...(search ? [searchCondition(deps, "balance", search)] : []), HAS_OPEN];
  if (cursor) {
    const k = cursor.k;
    // The bound on the balance alone lets the index start at the cursor; the rest breaks the tie.
    where.push(dir === "desc" ? sql`${BALANCE} <= ${k} AND (${BALANCE} < ${k} OR debtors.id > ${cursor.i})` : sql`${BALANCE} >= ${k} AND (${BALANCE} > ${k} OR debtors.id > ${cursor.i})`);
  }
  const order = dir === "asc" ? sql`ASC` : sql`DESC`;
  const rows = (
    await sql<{ id: number; k: number | string }>`SELECT debtors.id AS id, ${BALANCE} AS k FROM debtors WHERE ${and(where)}
      ORDER BY ${BALANCE} ${order}, debtors.id ASC LIMIT ${take}`.execute(deps.database.db)
  ).rows;
  return rows.map((r) => ({ id: Number(r.id), p: 1, k: Number(r.k) }));
}

/** Debtors without any open debt, by id: they close the balance and due-date orders. */
async function withoutOpenDebts(deps: AppDeps, scope: CreditorScope, f: Filters, search: Search | null, today: string, afterId: number, take: number): Promise<Row[]> {
  const where = [...debtorConditions(deps, scope, f, today, "oldest_due"), ...(search ? [searchCondition(deps, "oldest_due", search)] : []), sql`${OLDEST} IS NULL`, sql`debtors.id > ${afterId}`];
  const rows = (await sql<{ id: number }>`SELECT debtors.id AS id FROM debtors WHERE ${and(where)} ORDER BY debtors.id LIMIT ${take}`.execute(deps.database.db)).rows;
  return rows.map((r) => ({ id: Number(r.id), p: 2, k: null }));
}

// ---- the use case ---------------------------------------------------------------------

/**
 * One page of a creditor's debtors: searched (name prefix ignoring accents and case, CPF/CNPJ
 * with or without mask, debt id, e-mail, phone), filtered (debt status, aging bucket of the
 * oldest open debt, UF, segment, tag) and sorted (name, open balance, oldest open due date),
 * with keyset paging. The balance and due-date orders list debtors with open debts first, then
 * the others by id.
 *
 * Strategy: a search or a filter that names few debtors (an index tells) is computed from its
 * candidates; otherwise the list walks an index of `debtors` in sort order (name key; open
 * balance; oldest open due date — the totals triggers keep on each debtor's row) from the
 * cursor and stops at the page's end, so a page costs the same at any depth and portfolio size.
 */
export async function listDebtors(deps: AppDeps, actor: Actor, creditorId: string, input: ListDebtorsInput, tuning: ListTuning = {}): Promise<DebtorPage> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { filters, sort, dir, limit } = parseInput(input);
  const cursor = input.cursor ? decodeListCursor(input.cursor, sort, dir) : null;
  if (deps.database.dialect === "sqlite") return page(deps, scope, filters, sort, dir, limit, cursor, tuning);
  // One read-only transaction: the page's queries see one snapshot, and parallel workers stay off. A page
  // walks an index until it has its rows, a few thousand entries at most; Gather Merge's workers read tens
  // of thousands ahead of it (a tag on 1 % of the debtors: 270 ms with two workers, 9 ms without).
  return deps.database.db
    .transaction()
    .setAccessMode("read only")
    .execute(async (trx) => {
      await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
      return page({ ...deps, database: { ...deps.database, db: trx } }, scope, filters, sort, dir, limit, cursor, tuning);
    });
}

async function page(deps: AppDeps, scope: CreditorScope, filters: Filters, sort: DebtorSort, dir: Dir, limit: number, cursor: Cursor | null, tuning: ListTuning): Promise<DebtorPage> {
  const creditor = await deps.database.db.selectFrom("creditors").select("time_zone").where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const today = localDateOf(deps.clock.now(), creditor.time_zone);
  const take = limit + 1;

  const max = tuning.selective ?? SELECTIVE;
  const search = filters.q ? await resolveSearch(deps, scope, filters.q) : null;
  let rows: Row[];
  if (sort === "name") {
    const source = search ? null : await selectiveSource(deps, scope, filters, today, sort, max);
    rows = source ? await fromCandidates(deps, scope, filters, today, source, sort, dir, cursor, take) : await byName(deps, scope, filters, search, today, dir, cursor, take);
  } else {
    const source = search ? await searchCandidates(deps, scope, search, max) : await selectiveSource(deps, scope, filters, today, sort, max);
    if (source) rows = await fromCandidates(deps, scope, filters, today, source, sort, dir, cursor, take);
    else {
      // Debtors with open debts in sort order, then (unless the filters exclude them) those without.
      rows = !cursor || cursor.p === 1 ? await (sort === "balance" ? byBalance : byOldestDue)(deps, scope, filters, search, today, dir, cursor, take) : [];
      const rest = take - rows.length;
      if (rest > 0 && !filters.bucket && filters.status !== "open") rows.push(...(await withoutOpenDebts(deps, scope, filters, search, today, cursor?.p === 2 ? cursor.i : 0, rest)));
    }
  }

  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > limit && last ? encodeListCursor({ s: sort, d: dir, p: last.p, k: last.k, i: last.id }) : null;
  return { items: await summaries(deps, scope, shown.map((r) => r.id)), nextCursor };
}

/** The list columns of the given debtors, in the given order. */
async function summaries(deps: AppDeps, scope: CreditorScope, ids: number[]): Promise<DebtorSummary[]> {
  if (ids.length === 0) return [];
  const rows = await deps.database.db
    .selectFrom("debtors")
    .select(["id", "document", "kind", "name", "state", "city", "segment", "tags", "open_cents", "open_debts", "oldest_open_due_date"])
    .where("creditor_id", "=", scope.creditorId)
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: String(r.id), document: r.document, kind: r.kind as DebtorSummary["kind"], name: r.name, state: r.state, city: r.city, segment: r.segment,
      tags: JSON.parse(r.tags) as string[], openBalanceCents: Number(r.open_cents), openDebts: Number(r.open_debts), oldestDueDate: r.oldest_open_due_date,
    }];
  });
}
