import { AppError } from "../../shared/app-error.ts";
import { CHANNELS } from "../../domain/ladder/channels.ts";
import type { TrackingEventKind } from "../../db/schema/email.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { ACTION_STATUSES } from "../ladder/actions.ts";
import { authorizeExisting, decodeCursor, encodeCursor, parseId } from "../portfolio/debtors.ts";

export type OutboxStatus = (typeof ACTION_STATUSES)[number];

/** How the debtor's mail client answered: counts of each tracking event and the latest instant. */
export type OutboxTracking = Record<TrackingEventKind, number> & { lastAt: string | null };

export type OutboxItem = {
  id: string;
  status: OutboxStatus;
  channel: string;
  stage: string;
  ladderId: string;
  stepId: string;
  /** The debtor's local day the action was planned for. */
  localDay: string;
  sendAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  attempts: number;
  lastError: string | null;
  cancelReason: string | null;
  /** The address or number it went (or goes) to, once the dispatcher chose it. */
  recipient: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  debtor: { id: string; name: string; document: string };
  debtExternalIds: string[];
  template: { key: string; version: number | null } | null;
  tracking: OutboxTracking;
  /** The latest message the embedded SMTP sink received for this action, if any. */
  sinkMessageId: string | null;
};

export type OutboxInput = {
  status?: string;
  channel?: string;
  /** Local days (YYYY-MM-DD), both inclusive. */
  from?: string;
  to?: string;
  debtorId?: string;
  limit?: number;
  cursor?: string;
  /** Also count the actions per status under the other filters. */
  counts?: boolean;
};

export type OutboxPage = { items: OutboxItem[]; nextCursor: string | null; counts: Partial<Record<OutboxStatus, number>> | null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TRACKING_KINDS: readonly TrackingEventKind[] = ["opened", "clicked", "bounced", "complained", "unsubscribed"];

function checkDay(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new AppError("validation", `${field}: use a data no formato AAAA-MM-DD`, [{ field, reason: "use AAAA-MM-DD" }]);
  return value;
}

/**
 * The "caixa de saída": a creditor's actions, newest first, with the debtor, the attempts,
 * the last error, the opens/clicks/bounces the tracking recorded and the sink message it
 * produced; filtered by status, channel and local day, paginated by cursor.
 */
export async function listOutbox(deps: AppDeps, actor: Actor, creditorId: string, input: OutboxInput = {}): Promise<OutboxPage> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  if (input.status && !(ACTION_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError("validation", `status inválido: ${input.status}`, [{ field: "status", reason: `use ${ACTION_STATUSES.join(", ")}` }]);
  }
  if (input.channel && !(CHANNELS as readonly string[]).includes(input.channel)) {
    throw new AppError("validation", `canal inválido: ${input.channel}`, [{ field: "channel", reason: `use ${CHANNELS.join(", ")}` }]);
  }
  const from = checkDay(input.from, "from");
  const to = checkDay(input.to, "to");
  if (from && to && to < from) throw new AppError("validation", "to: a data final é anterior à inicial", [{ field: "to", reason: "anterior a from" }]);
  const debtorId = input.debtorId ? parseId(input.debtorId, "Devedor") : undefined;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);

  let base = db.selectFrom("actions as a").where("a.creditor_id", "=", scope.creditorId);
  if (input.channel) base = base.where("a.channel", "=", input.channel);
  if (from) base = base.where("a.local_day", ">=", from);
  if (to) base = base.where("a.local_day", "<=", to);
  if (debtorId !== undefined) base = base.where("a.debtor_id", "=", debtorId);

  let q = base
    .innerJoin("debtors as d", "d.id", "a.debtor_id")
    .select([
      "a.id", "a.status", "a.channel", "a.stage", "a.ladder_id", "a.step_id", "a.local_day", "a.send_at", "a.sent_at", "a.next_attempt_at", "a.attempts", "a.last_error",
      "a.cancel_reason", "a.recipient", "a.approved_by", "a.approved_at", "a.template_key", "a.template_version", "a.debtor_id", "d.name", "d.document",
    ])
    .orderBy("a.id", "desc")
    .limit(limit + 1);
  if (input.status) q = q.where("a.status", "=", input.status as OutboxStatus);
  if (input.cursor) q = q.where("a.id", "<", decodeCursor(input.cursor));
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => Number(r.id));

  const debts = new Map<number, string[]>();
  const tracking = new Map<number, OutboxTracking>();
  const sink = new Map<number, string>();
  if (ids.length > 0) {
    const links = await db
      .selectFrom("action_debts as ad")
      .innerJoin("debts as t", "t.id", "ad.debt_id")
      .select(["ad.action_id", "t.external_id"])
      .where("ad.action_id", "in", ids)
      .orderBy("t.due_date")
      .orderBy("t.external_id")
      .execute();
    for (const l of links) {
      const list = debts.get(Number(l.action_id)) ?? [];
      list.push(l.external_id);
      debts.set(Number(l.action_id), list);
    }
    const events = await db
      .selectFrom("tracking_events")
      .select(["action_id", "kind", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.max("at").as("last")])
      .where("creditor_id", "=", scope.creditorId)
      .where("action_id", "in", ids)
      .groupBy(["action_id", "kind"])
      .execute();
    for (const e of events) {
      const id = Number(e.action_id);
      const t = tracking.get(id) ?? emptyTracking();
      t[e.kind] = Number(e.n);
      if (e.last && (t.lastAt === null || e.last > t.lastAt)) t.lastAt = e.last;
      tracking.set(id, t);
    }
    const messages = await db
      .selectFrom("sink_messages")
      .select(["action_id", (eb) => eb.fn.max("id").as("id")])
      .where("creditor_id", "=", scope.creditorId)
      .where("kind", "=", "message")
      .where("action_id", "in", ids)
      // The debtor's message, not one of its copies (each copy is a message of its own, `copyMessageIdFor`).
      .where((eb) => eb.or([eb("message_id", "is", null), eb("message_id", "not like", "<copy-%")]))
      .groupBy("action_id")
      .execute();
    for (const m of messages) if (m.action_id !== null && m.id !== null) sink.set(Number(m.action_id), String(m.id));
  }

  let counts: OutboxPage["counts"] = null;
  if (input.counts) {
    counts = {};
    const grouped = await base.select(["a.status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("a.status").execute();
    for (const g of grouped) counts[g.status] = Number(g.n);
  }

  return {
    items: page.map((r) => {
      const id = Number(r.id);
      return {
        id: String(id), status: r.status, channel: r.channel, stage: r.stage, ladderId: r.ladder_id, stepId: r.step_id, localDay: r.local_day, sendAt: r.send_at,
        sentAt: r.sent_at, nextAttemptAt: r.next_attempt_at, attempts: Number(r.attempts), lastError: r.last_error, cancelReason: r.cancel_reason, recipient: r.recipient,
        approvedBy: r.approved_by, approvedAt: r.approved_at,
        debtor: { id: String(r.debtor_id), name: r.name, document: r.document },
        debtExternalIds: debts.get(id) ?? [],
        template: r.template_key ? { key: r.template_key, version: r.template_version === null ? null : Number(r.template_version) } : null,
        tracking: tracking.get(id) ?? emptyTracking(),
        sinkMessageId: sink.get(id) ?? null,
      };
    }),
    nextCursor: rows.length > limit ? encodeCursor(ids[ids.length - 1]!) : null,
    counts,
  };
}

function emptyTracking(): OutboxTracking {
  const t = { lastAt: null } as OutboxTracking;
  for (const k of TRACKING_KINDS) t[k] = 0;
  return t;
}
