import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { PromiseStatus } from "../../db/schema/negotiation.ts";
import { addDays, formatDateBr, instantAt, isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { formatCents } from "../../domain/br/money.ts";
import { nextContactInstant, windowsFor } from "../../domain/guard/contact-window.ts";
import { isPausedOn } from "../../domain/guard/rules.ts";
import { promiseReminderDay, reviewPromise } from "../../domain/negotiation/agreement-rules.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import { authorize, type Actor, type CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { loadContactPolicy } from "../holds/contact-policy.ts";
import { lockRows } from "../holds/hold-targets.ts";
import { cancelPendingActionsForDebtor, PENDING_ACTION_STATUSES } from "../outbox/outbox.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { NEGOTIATION_JOB_ACTOR } from "./check-agreements.ts";
import { debtorToday, findNegotiationDebtor, type DebtorRef, type NegotiationDebtor } from "./negotiation-context.ts";
import { loadNegotiationPolicy } from "./negotiation-policies.ts";

/**
 * Promises to pay ("promessa de pagamento"): the debtor says they will pay an amount by a
 * date, on a call, by message, in person or on the self-service page.
 *
 * Decisions:
 * - While a promise is open the debtor's ladder is paused: the promise puts a pause hold
 *   on the debtor (a `holds` row and `debtors.paused_*`, as src/app/holds does) through
 *   the promised date inclusive, and cancels the debtor's pending actions. The pause ends
 *   by itself the day after the date, so a broken promise lets the ladder resume without
 *   anyone acting; a promise kept early lifts the pause at once. A debtor already paused
 *   for longer (or until resumed) keeps that pause untouched (`pauseApplied: false`).
 * - Reminder: an action in the outbox (`actions`, ladder "promessa", step
 *   "lembrete-promessa", stage friendly) on the day before the date, at 10:00 local time
 *   or the next moment the contact window allows, by e-mail (or SMS: the promise's channel
 *   when it is one of them and usable, else e-mail, else SMS), to a contact not marked
 *   invalid and a channel not opted out. None when the date is tomorrow or no contact fits.
 * - Kept = the debtor's payments (applied, or waiting in the reconciliation queue: the
 *   debtor did pay) from the day the promise was made through the promised date reach the
 *   amount; broken = the day after the date without that. `checkPromises` decides it daily.
 * - One open promise per debtor at a time.
 */

export const PROMISE_CHANNELS = ["phone", "email", "sms", "whatsapp", "letter", "in_person", "self_service"] as const;
export type PromiseChannel = (typeof PROMISE_CHANNELS)[number];

/** The outbox names the reminder's "ladder" and step so the dispatcher can pick its template. */
export const PROMISE_REMINDER_LADDER_ID = "promessa";
export const PROMISE_REMINDER_STEP_ID = "lembrete-promessa";
/** actions.cancel_reason of the debtor's ladder actions a promise stopped. */
export const PROMISE_PAUSE_CANCEL_REASON = "promessa de pagamento em aberto";

export type PromiseInput = {
  amountCents: number;
  /** YYYY-MM-DD: pays by this day (inclusive). */
  date: string;
  channel: string;
  /** Who took the promise (default: the actor). */
  collector?: string | null;
  note?: string | null;
};

export type PromiseView = {
  id: string;
  debtorId: string;
  document: string;
  amountCents: number;
  promisedDate: string;
  madeDate: string;
  channel: string;
  collector: string;
  note: string | null;
  status: PromiseStatus;
  paidCents: number;
  pauseApplied: boolean;
  reminder: { actionId: string; channel: string; sendAt: string; status: string } | null;
  createdBy: string;
  createdAt: string;
  resolvedAt: string | null;
};

async function loadPromiseViews(db: Kysely<Schema>, scope: CreditorScope, where: { id?: number; debtorId?: number; status?: PromiseStatus }): Promise<PromiseView[]> {
  let q = db
    .selectFrom("promises as p")
    .innerJoin("debtors as d", "d.id", "p.debtor_id")
    .leftJoin("actions as a", "a.id", "p.reminder_action_id")
    .selectAll("p")
    .select(["d.document", "a.channel as reminder_channel", "a.send_at as reminder_send_at", "a.status as reminder_status"])
    .where("p.creditor_id", "=", scope.creditorId)
    .orderBy("p.id", "desc")
    .limit(200);
  if (where.id !== undefined) q = q.where("p.id", "=", where.id);
  if (where.debtorId !== undefined) q = q.where("p.debtor_id", "=", where.debtorId);
  if (where.status !== undefined) q = q.where("p.status", "=", where.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: String(r.id), debtorId: String(r.debtor_id), document: r.document, amountCents: r.amount_cents, promisedDate: r.promised_date, madeDate: r.made_date,
    channel: r.channel, collector: r.collector, note: r.note, status: r.status, paidCents: r.paid_cents, pauseApplied: r.pause_applied === 1,
    reminder: r.reminder_action_id === null ? null : { actionId: String(r.reminder_action_id), channel: r.reminder_channel!, sendAt: r.reminder_send_at!, status: r.reminder_status! },
    createdBy: r.created_by, createdAt: r.created_at, resolvedAt: r.resolved_at,
  }));
}

function checkInput(input: PromiseInput, today: string, maxDays: number): { collector: string | null; note: string | null } {
  const errors: { field: string; reason: string }[] = [];
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) errors.push({ field: "amountCents", reason: "deve ser um inteiro positivo de centavos" });
  if (!isValidIsoDate(input.date)) errors.push({ field: "date", reason: `data inválida (use AAAA-MM-DD): ${input.date}` });
  else if (input.date < today) errors.push({ field: "date", reason: `a data prometida (${formatDateBr(input.date)}) já passou` });
  else if (input.date > addDays(today, maxDays)) errors.push({ field: "date", reason: `no máximo ${maxDays} dias a partir de hoje (até ${formatDateBr(addDays(today, maxDays))})` });
  if (!(PROMISE_CHANNELS as readonly string[]).includes(input.channel)) errors.push({ field: "channel", reason: `use ${PROMISE_CHANNELS.join(", ")}` });
  const collector = (input.collector ?? "").trim() || null;
  if (collector && collector.length > 200) errors.push({ field: "collector", reason: "no máximo 200 caracteres" });
  const note = (input.note ?? "").trim() || null;
  if (note && note.length > 1000) errors.push({ field: "note", reason: "no máximo 1000 caracteres" });
  if (errors.length) throw fieldErrors(errors);
  return { collector, note };
}

/** Records a promise: the pause, the reminder, the timeline and the audit (see the file comment). */
export async function recordPromise(deps: AppDeps, actor: Actor, creditorId: string, debtorRef: DebtorRef, input: PromiseInput): Promise<PromiseView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "promise.write");
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const debtor = await findNegotiationDebtor(trx, scope, debtorRef, lockRows(deps.database));
    const today = debtorToday(now, debtor);
    const { policy } = await loadNegotiationPolicy(trx, scope.creditorId);
    const { collector, note } = checkInput(input, today, policy.promiseMaxDays);
    const open = await trx.selectFrom("promises").select(["id", "promised_date"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtor.id).where("status", "=", "open").executeTakeFirst();
    if (open) throw new AppError("conflict", `O devedor já tem uma promessa em aberto (nº ${open.id}, para ${formatDateBr(open.promised_date)}).`);
    const debts = await trx.selectFrom("debts").select("id").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtor.id).where("status", "=", "open").orderBy("due_date").execute();
    if (debts.length === 0) throw new AppError("conflict", "O devedor não tem títulos em aberto: não há o que prometer.");

    const { id } = await trx
      .insertInto("promises")
      .values({
        creditor_id: scope.creditorId, debtor_id: debtor.id, amount_cents: input.amountCents, promised_date: input.date, made_date: today, channel: input.channel,
        collector: collector ?? actor.label, note, status: "open", reminder_action_id: null, created_by: actor.label, created_at: at, resolved_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const promiseId = Number(id);

    const pause = await pauseForPromise(trx, scope, actor, debtor, today, at, promiseId, input);
    const reminder = await planReminder(trx, scope, debtor, today, now, promiseId, input, debts.map((d) => Number(d.id)));
    if (pause.applied || reminder) await trx.updateTable("promises").set({ pause_applied: pause.applied ? 1 : 0, reminder_action_id: reminder?.actionId ?? null }).where("id", "=", promiseId).execute();

    const data = {
      promiseId: String(promiseId), amountCents: input.amountCents, promisedDate: input.date, channel: input.channel, collector: collector ?? actor.label,
      pauseApplied: pause.applied, cancelledActions: pause.cancelled, reminder: reminder ? { actionId: String(reminder.actionId), channel: reminder.channel, sendAt: reminder.sendAt } : null,
    };
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: debtor.id, debt_id: null, kind: "promise.created", at, actor: actor.label, data: JSON.stringify(data) }).execute();
    await recordAudit(trx, actor, now, { action: "promise.create", entity: "promise", entityId: String(promiseId), creditorId: scope.creditorId, after: { ...data, debtorId: String(debtor.id), note } });
    return (await loadPromiseViews(trx, scope, { id: promiseId }))[0]!;
  });
}

/** Pauses the debtor through the promised date unless a pause already covers it. */
async function pauseForPromise(
  trx: Kysely<Schema>, scope: CreditorScope, actor: Actor, debtor: NegotiationDebtor, today: string, at: string, promiseId: number, input: PromiseInput,
): Promise<{ applied: boolean; cancelled: number }> {
  const state = { pausedAt: debtor.pausedAt, pausedUntil: debtor.pausedUntil };
  const active = isPausedOn(state, today);
  if (active && (debtor.pausedUntil === null || debtor.pausedUntil >= input.date)) return { applied: false, cancelled: 0 };
  const pausedAt = active ? debtor.pausedAt : at;
  await trx.updateTable("debtors").set({ paused_at: pausedAt, paused_until: input.date, updated_at: at }).where("creditor_id", "=", scope.creditorId).where("id", "=", debtor.id).execute();
  const reason = `promessa de pagamento nº ${promiseId}: ${formatCents(input.amountCents)} até ${formatDateBr(input.date)}`;
  await trx.insertInto("holds").values({ creditor_id: scope.creditorId, debtor_id: debtor.id, debt_id: null, kind: "pause", action: "start", at, actor: actor.label, reason, until: input.date, prior_status: null }).execute();
  const cancelled = await cancelPendingActionsForDebtor(trx, debtor.id, PROMISE_PAUSE_CANCEL_REASON, at);
  return { applied: true, cancelled: cancelled.length };
}

/** The reminder action on the day before the date (see the file comment), or null. */
async function planReminder(
  trx: Kysely<Schema>, scope: CreditorScope, debtor: NegotiationDebtor, today: string, now: Date, promiseId: number, input: PromiseInput, debtIds: number[],
): Promise<{ actionId: number; channel: string; sendAt: string } | null> {
  const day = promiseReminderDay(input.date, today);
  if (!day) return null;
  const contacts = await trx.selectFrom("contacts").select(["id", "kind", "validity"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtor.id).where("validity", "!=", "invalid").orderBy("id").execute();
  const optedOut = new Set((await trx.selectFrom("opt_outs").select("channel").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtor.id).where("opted_in_at", "is", null).execute()).map((o) => o.channel));
  const order = input.channel === "sms" ? ["sms", "email"] : ["email", "sms"];
  let pick: { channel: string; contactId: number } | null = null;
  for (const channel of order) {
    if (optedOut.has(channel)) continue;
    const kind = channel === "email" ? "email" : "phone";
    const usable = contacts.filter((c) => c.kind === kind);
    const best = usable.find((c) => c.validity === "valid") ?? usable[0];
    if (best) {
      pick = { channel, contactId: Number(best.id) };
      break;
    }
  }
  if (!pick) return null;
  const policy = await loadContactPolicy(trx, scope.creditorId);
  const sendAt = nextContactInstant(instantAt(day, "10:00", debtor.timeZone).toISOString(), debtor.uf, windowsFor(policy.windows, pick.channel), debtor.timeZone);
  if (!sendAt) return null;
  const localDay = localDateOf(new Date(sendAt), debtor.timeZone);
  if (localDay >= input.date) return null;
  const at = now.toISOString();
  const { id } = await trx
    .insertInto("actions")
    .values({
      creditor_id: scope.creditorId, debtor_id: debtor.id, ladder_id: PROMISE_REMINDER_LADDER_ID, ladder_version: null, step_id: PROMISE_REMINDER_STEP_ID, stage: "friendly",
      channel: pick.channel, local_day: localDay, idempotency_key: `promise:${promiseId}:reminder`, status: "planned", send_at: sendAt, contact_id: pick.contactId,
      next_attempt_at: null, last_error: null, cancel_reason: null, provider_message_id: null, approved_by: null, approved_at: null, sent_at: null, created_at: at, updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.insertInto("action_debts").values(debtIds.map((debtId) => ({ action_id: Number(id), debt_id: debtId, ladder_id: PROMISE_REMINDER_LADDER_ID, step_id: PROMISE_REMINDER_STEP_ID }))).execute();
  return { actionId: Number(id), channel: pick.channel, sendAt };
}

export async function listPromises(deps: AppDeps, actor: Actor, creditorId: string, input: { debtor?: DebtorRef; status?: string | null } = {}): Promise<{ items: PromiseView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtorId = input.debtor ? (await findNegotiationDebtor(db, scope, input.debtor)).id : undefined;
  if (input.status && !["open", "kept", "broken"].includes(input.status)) throw new AppError("validation", "status: use open, kept ou broken", [{ field: "status", reason: "use open, kept ou broken" }]);
  return { items: await loadPromiseViews(db, scope, { debtorId, status: (input.status || undefined) as PromiseStatus | undefined }) };
}

export type PromiseCheckResult = { checked: number; kept: string[]; broken: string[] };

/** The daily check of a creditor's open promises on `atDate` (see the file comment); one transaction per promise. */
export async function checkPromises(deps: AppDeps, creditorId: string, atDate: string, actor: Actor = NEGOTIATION_JOB_ACTOR): Promise<PromiseCheckResult> {
  const scope = authorize(actor, creditorId, "promise.write");
  if (!isValidIsoDate(atDate)) throw new AppError("validation", `at: data inválida (use AAAA-MM-DD): ${atDate}`, [{ field: "at", reason: "use AAAA-MM-DD" }]);
  const { db } = deps.database;
  const exists = await db.selectFrom("creditors").select("id").where("id", "=", scope.creditorId).executeTakeFirst();
  if (!exists) throw new AppError("not_found", "Credor não encontrado.");
  const open = await db.selectFrom("promises").select("id").where("creditor_id", "=", scope.creditorId).where("status", "=", "open").orderBy("id").execute();
  const result: PromiseCheckResult = { checked: open.length, kept: [], broken: [] };
  for (const { id } of open) {
    const outcome = await db.transaction().execute((trx) => reviewOnePromise(trx, deps, scope, actor, Number(id), atDate));
    if (outcome === "kept") result.kept.push(String(id));
    if (outcome === "broken") result.broken.push(String(id));
  }
  return result;
}

async function reviewOnePromise(trx: Kysely<Schema>, deps: AppDeps, scope: CreditorScope, actor: Actor, promiseId: number, atDate: string): Promise<PromiseStatus> {
  let q = trx.selectFrom("promises").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", promiseId);
  if (lockRows(deps.database)) q = q.forUpdate();
  const p = await q.executeTakeFirst();
  if (!p || p.status !== "open") return "open";
  const until = p.promised_date < atDate ? p.promised_date : atDate;
  const sum = await trx
    .selectFrom("payments")
    .select((eb) => eb.fn.sum<string | number | null>("amount_cents").as("paid"))
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", Number(p.debtor_id))
    .where("status", "in", ["applied", "unmatched"])
    .where("paid_date", ">=", p.made_date)
    .where("paid_date", "<=", until)
    .executeTakeFirst();
  const paidCents = Number(sum?.paid ?? 0);
  const status = reviewPromise({ amountCents: p.amount_cents, promisedDate: p.promised_date, paidCents }, atDate);
  if (status === "open") {
    if (paidCents !== p.paid_cents) await trx.updateTable("promises").set({ paid_cents: paidCents }).where("id", "=", promiseId).execute();
    return "open";
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  await trx.updateTable("promises").set({ status, paid_cents: paidCents, resolved_at: at }).where("id", "=", promiseId).execute();
  if (p.reminder_action_id !== null) {
    await trx
      .updateTable("actions")
      .set({ status: "cancelled", cancel_reason: status === "kept" ? "promessa cumprida" : "promessa vencida", updated_at: at })
      .where("id", "=", Number(p.reminder_action_id))
      .where("status", "in", PENDING_ACTION_STATUSES)
      .execute();
  }
  let pauseLifted = false;
  if (status === "kept" && p.pause_applied === 1 && atDate <= p.promised_date) {
    // Lift the promise's pause at once, if it is still the one the promise set.
    const debtor = await trx.selectFrom("debtors").select(["paused_at", "paused_until"]).where("id", "=", Number(p.debtor_id)).executeTakeFirstOrThrow();
    if (debtor.paused_at !== null && debtor.paused_until === p.promised_date) {
      await trx.updateTable("debtors").set({ paused_at: null, paused_until: null, updated_at: at }).where("id", "=", Number(p.debtor_id)).execute();
      await trx.insertInto("holds").values({
        creditor_id: scope.creditorId, debtor_id: Number(p.debtor_id), debt_id: null, kind: "pause", action: "end", at, actor: actor.label,
        reason: `promessa de pagamento nº ${promiseId} cumprida`, until: null, prior_status: null,
      }).execute();
      pauseLifted = true;
    }
  }
  const data = { promiseId: String(promiseId), amountCents: p.amount_cents, promisedDate: p.promised_date, paidCents, pauseLifted };
  await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: Number(p.debtor_id), debt_id: null, kind: `promise.${status}`, at, actor: actor.label, data: JSON.stringify(data) }).execute();
  await recordAudit(trx, actor, now, { action: status === "kept" ? "promise.keep" : "promise.break", entity: "promise", entityId: String(promiseId), creditorId: scope.creditorId, before: { status: "open" }, after: { status, paidCents, pauseLifted } });
  return status;
}
