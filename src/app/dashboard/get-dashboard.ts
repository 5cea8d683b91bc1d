import { sql } from "kysely";
import { addDays, addMonths, daysInMonth, isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { CHANNELS } from "../../domain/ladder/channels.ts";
import { ACTION_STATUSES } from "../ladder/actions.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { AGING_BUCKETS, bucketDueRange, type AgingBucket } from "../portfolio/list-debtors.ts";

/** Action statuses and tracking kinds the dashboard counts per channel. */
export const DASHBOARD_ACTION_FIGURES = ["planned", "awaiting_approval", "sending", "sent", "delivered", "opened", "clicked", "bounced", "failed", "uncertain", "cancelled", "rejected"] as const;
export type ActionFigure = (typeof DASHBOARD_ACTION_FIGURES)[number];

const STATUS_FIGURES: readonly ActionFigure[] = ["planned", "awaiting_approval", "sending", "sent", "failed", "uncertain", "cancelled", "rejected"];
const TRACKING_FIGURES: readonly ActionFigure[] = ["delivered", "opened", "clicked", "bounced"];

export type Period = { from: string; to: string; payments: number; cents: number };
export type ChannelFigures = { channel: string } & Record<ActionFigure, number>;
export type DueItem = { id: string; debtorId: string; debtorName: string; amountCents: number };

export type DashboardView = {
  /** The day the figures are for (creditor's calendar) and the creditor's zone. */
  at: string;
  timeZone: string;
  /** Open portfolio by aging bucket of each debtor's oldest open debt (as the debtor list's bucket filter). */
  aging: { buckets: { bucket: AgingBucket; debtors: number; openCents: number }[]; debtors: number; openCents: number };
  /** Payments applied (paid date) this month so far, last month whole and up to the same day; and the money waiting to be matched. */
  recovered: { thisMonth: Period; lastMonth: Period; lastMonthToDate: Period; unmatched: { payments: number; cents: number } };
  /** The month's actions (local day in the month) by channel: statuses, and tracking events (distinct actions). */
  actions: { from: string; to: string; channels: ChannelFigures[]; totals: Record<ActionFigure, number> };
  /** Promises and agreement instalments falling due on `at` (the first 20 of each listed). */
  dueToday: { promises: { count: number; cents: number; items: DueItem[] }; instalments: { count: number; cents: number; items: DueItem[] } };
  /** Formal steps waiting for a manager's approval, by channel. */
  approvals: { total: number; channels: { channel: string; count: number }[] };
};

const DUE_ITEMS = 20;

const n = (v: unknown) => Number(v ?? 0);

function emptyFigures(): Record<ActionFigure, number> {
  return Object.fromEntries(DASHBOARD_ACTION_FIGURES.map((f) => [f, 0])) as Record<ActionFigure, number>;
}

/**
 * The manager's dashboard for one day (`at`, default today in the creditor's zone): every
 * figure is a handful of aggregate queries over indexes, so it stays within a few scans of
 * the open debts at 500,000 debtors (see bench/dashboard.bench.ts).
 */
export async function getDashboard(deps: AppDeps, actor: Actor, creditorId: string, input: { at?: string } = {}): Promise<DashboardView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const creditor = await db.selectFrom("creditors").select("time_zone").where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const at = input.at ?? localDateOf(deps.clock.now(), creditor.time_zone);
  if (!isValidIsoDate(at)) throw new AppError("validation", `at: data inválida (use AAAA-MM-DD): ${at}`, [{ field: "at", reason: "use AAAA-MM-DD" }]);

  const monthStart = `${at.slice(0, 8)}01`;
  const monthEnd = `${at.slice(0, 8)}${String(daysInMonth(Number(at.slice(0, 4)), Number(at.slice(5, 7)))).padStart(2, "0")}`;
  const lastStart = addMonths(monthStart, -1);
  const lastEnd = addDays(monthStart, -1);
  const lastToDate = addMonths(at, -1);

  const [aging, thisMonth, lastMonth, lastMonthToDate, unmatched, actions, approvals, dueToday] = await Promise.all([
    agingOf(deps, scope, at),
    recoveredIn(deps, scope, monthStart, at),
    recoveredIn(deps, scope, lastStart, lastEnd),
    recoveredIn(deps, scope, lastStart, lastToDate),
    db
      .selectFrom("payments")
      .select((eb) => [eb.fn.countAll().as("n"), eb.fn.sum("amount_cents").as("cents")])
      .where("creditor_id", "=", scope.creditorId)
      .where("status", "=", "unmatched")
      .executeTakeFirst(),
    actionsIn(deps, scope, monthStart, monthEnd),
    db
      .selectFrom("actions")
      .select((eb) => ["channel", eb.fn.countAll().as("n")])
      .where("creditor_id", "=", scope.creditorId)
      .where("status", "=", "awaiting_approval")
      .groupBy("channel")
      .execute(),
    dueOn(deps, scope, at),
  ]);

  const approvalRows = approvals.map((r) => ({ channel: r.channel, count: n(r.n) })).sort((a, b) => CHANNELS.indexOf(a.channel as never) - CHANNELS.indexOf(b.channel as never));
  return {
    at,
    timeZone: creditor.time_zone,
    aging,
    recovered: { thisMonth, lastMonth, lastMonthToDate, unmatched: { payments: n(unmatched?.n), cents: n(unmatched?.cents) } },
    actions: { from: monthStart, to: monthEnd, ...actions },
    dueToday,
    approvals: { total: approvalRows.reduce((s, r) => s + r.count, 0), channels: approvalRows },
  };
}

/** Debtors by the bucket of their oldest open debt on `at`, with their open balance. */
async function agingOf(deps: AppDeps, scope: CreditorScope, at: string): Promise<DashboardView["aging"]> {
  // The bucket as a small integer computed per debtor: grouping the outer query by it is cheaper than by text.
  const whens = AGING_BUCKETS.map((bucket, i) => {
    const { from } = bucketDueRange(bucket, at);
    return from ? sql`WHEN min(d.due_date) >= ${from} THEN ${sql.lit(i)}` : sql`ELSE ${sql.lit(i)}`;
  });
  const rows = (
    await sql<{ b: number | string; debtors: number | string; cents: number | string | null }>`
      SELECT t.b AS b, count(*) AS debtors, sum(t.balance) AS cents
      FROM (SELECT CASE ${sql.join(whens, sql` `)} END AS b, sum(d.open_cents) AS balance FROM debts d WHERE d.creditor_id = ${scope.creditorId} AND d.status = 'open' GROUP BY d.debtor_id) t
      GROUP BY t.b`.execute(deps.database.db)
  ).rows;
  const byBucket = new Map(rows.map((r) => [Number(r.b), r]));
  const buckets = AGING_BUCKETS.map((bucket, i) => ({ bucket, debtors: n(byBucket.get(i)?.debtors), openCents: n(byBucket.get(i)?.cents) }));
  return { buckets, debtors: buckets.reduce((s, b) => s + b.debtors, 0), openCents: buckets.reduce((s, b) => s + b.openCents, 0) };
}

async function recoveredIn(deps: AppDeps, scope: CreditorScope, from: string, to: string): Promise<Period> {
  const row = await deps.database.db
    .selectFrom("payments")
    .select((eb) => [eb.fn.countAll().as("n"), eb.fn.sum("amount_cents").as("cents")])
    .where("creditor_id", "=", scope.creditorId)
    .where("status", "=", "applied")
    .where("paid_date", ">=", from)
    .where("paid_date", "<=", to)
    .executeTakeFirst();
  return { from, to, payments: n(row?.n), cents: n(row?.cents) };
}

async function actionsIn(deps: AppDeps, scope: CreditorScope, from: string, to: string): Promise<{ channels: ChannelFigures[]; totals: Record<ActionFigure, number> }> {
  const { db } = deps.database;
  const c = scope.creditorId;
  // One count per channel and status, each a range of the (creditor, status, channel, local day) index: no sort of the month's actions.
  const pairs = CHANNELS.flatMap((channel) => ACTION_STATUSES.map((status) => ({ channel, status })));
  const counts = sql.join(
    pairs.map((p) => sql`SELECT ${sql.lit(p.channel)} AS channel, ${sql.lit(p.status)} AS status,
      (SELECT count(*) FROM actions WHERE creditor_id = ${c} AND status = ${p.status} AND channel = ${p.channel} AND local_day >= ${from} AND local_day <= ${to}) AS n`),
    sql` UNION ALL `,
  );
  // Tracking events from their side (far fewer than actions), since the day before the month (any zone) began.
  const since = `${addDays(from, -1)}T00:00:00.000Z`;
  const [statuses, tracking] = await Promise.all([
    sql<{ channel: string; status: string; n: number | string }>`${counts}`.execute(db).then((r) => r.rows),
    db
      .selectFrom("tracking_events as t")
      .innerJoin("actions as a", "a.id", "t.action_id")
      .select((eb) => ["a.channel", "t.kind", eb.fn.count("t.action_id").distinct().as("n")])
      .where("t.creditor_id", "=", c)
      .where("t.at", ">=", since)
      .where("a.creditor_id", "=", c)
      .where("a.local_day", ">=", from)
      .where("a.local_day", "<=", to)
      .groupBy(["a.channel", "t.kind"])
      .execute(),
  ]);
  const byChannel = new Map<string, Record<ActionFigure, number>>();
  const of = (channel: string) => {
    let row = byChannel.get(channel);
    if (!row) byChannel.set(channel, (row = emptyFigures()));
    return row;
  };
  for (const r of statuses) if (n(r.n) > 0 && (STATUS_FIGURES as readonly string[]).includes(r.status)) of(r.channel)[r.status as ActionFigure] += n(r.n);
  for (const r of tracking) if ((TRACKING_FIGURES as readonly string[]).includes(r.kind)) of(r.channel)[r.kind as ActionFigure] += n(r.n);
  const order = (c: string) => {
    const i = CHANNELS.indexOf(c as never);
    return i < 0 ? CHANNELS.length : i;
  };
  const channels = [...byChannel.entries()].sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1)).map(([channel, figures]) => ({ channel, ...figures }));
  const totals = emptyFigures();
  for (const c of channels) for (const f of DASHBOARD_ACTION_FIGURES) totals[f] += c[f];
  return { channels, totals };
}

async function dueOn(deps: AppDeps, scope: CreditorScope, at: string): Promise<DashboardView["dueToday"]> {
  const { db } = deps.database;
  const c = scope.creditorId;
  const [promiseTotals, promiseItems, instalmentTotals, instalmentItems] = await Promise.all([
    db.selectFrom("promises").select((eb) => [eb.fn.countAll().as("n"), eb.fn.sum("amount_cents").as("cents")]).where("creditor_id", "=", c).where("status", "=", "open").where("promised_date", "=", at).executeTakeFirst(),
    db
      .selectFrom("promises as p")
      .innerJoin("debtors as d", "d.id", "p.debtor_id")
      .select(["p.id", "p.debtor_id", "d.name", "p.amount_cents"])
      .where("p.creditor_id", "=", c)
      .where("p.status", "=", "open")
      .where("p.promised_date", "=", at)
      .orderBy("p.amount_cents", "desc")
      .orderBy("p.id")
      .limit(DUE_ITEMS)
      .execute(),
    db.selectFrom("debts").select((eb) => [eb.fn.countAll().as("n"), eb.fn.sum("open_cents").as("cents")]).where("creditor_id", "=", c).where("status", "=", "open").where("due_date", "=", at).where("agreement_id", "is not", null).executeTakeFirst(),
    db
      .selectFrom("debts as t")
      .innerJoin("debtors as d", "d.id", "t.debtor_id")
      .select(["t.agreement_id", "t.debtor_id", "d.name", "t.open_cents"])
      .where("t.creditor_id", "=", c)
      .where("t.status", "=", "open")
      .where("t.due_date", "=", at)
      .where("t.agreement_id", "is not", null)
      .orderBy("t.open_cents", "desc")
      .orderBy("t.id")
      .limit(DUE_ITEMS)
      .execute(),
  ]);
  return {
    promises: {
      count: n(promiseTotals?.n), cents: n(promiseTotals?.cents),
      items: promiseItems.map((r) => ({ id: String(r.id), debtorId: String(r.debtor_id), debtorName: r.name, amountCents: n(r.amount_cents) })),
    },
    instalments: {
      count: n(instalmentTotals?.n), cents: n(instalmentTotals?.cents),
      items: instalmentItems.map((r) => ({ id: String(r.agreement_id), debtorId: String(r.debtor_id), debtorName: r.name, amountCents: n(r.open_cents) })),
    },
  };
}
