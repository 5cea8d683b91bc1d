import { sql, type Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { ActionStatus } from "../../db/schema/ladder.ts";
import { isSharedMailbox } from "../../domain/br/email.ts";
import { isContactAllowed, localDayOf, nextContactInstant, windowsFor } from "../../domain/guard/contact-window.ts";
import { isPausedOn } from "../../domain/guard/rules.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import { sendEmail, type SendOutcome } from "../../channels/email/smtp-transport.ts";
import { AppError } from "../../shared/app-error.ts";
import type { AppDeps } from "../deps.ts";
import { emailContextOf } from "../email/email-context.ts";
import { buildCollectionEmail, emailLinksFor, withholdDetailsFor } from "../email/prepare-email.ts";
import { loadContactPolicy, type ContactPolicy } from "../holds/contact-policy.ts";
import { PROMISE_REMINDER_LADDER_ID } from "../negotiation/promises.ts";
import { createSelfServiceLink } from "../self-service/create-self-service-link.ts";
import { renderActionMessage } from "../templates/render-action-message.ts";
import { withheldDetailsMessage } from "./withheld-message.ts";

export type DispatchOptions = {
  /** Actions claimed per pass (default 200). */
  limit?: number;
  /** Messages in flight at once (default: the SMTP pool's connections, 5). */
  concurrency?: number;
  /** Only this creditor's actions. */
  creditorId?: string;
  /** A claim older than this is an interrupted send (default 5 minutes; longer than any SMTP timeout). */
  leaseMs?: number;
  /** Attempts before a transient failure becomes final (default 5). */
  maxAttempts?: number;
};

export type DispatchSummary = {
  /** Interrupted sends found: back in the queue (never reached the server) or uncertain (to review). */
  recovered: { requeued: number; uncertain: number };
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  rescheduled: number;
  uncertain: number;
};

/** Minutes to wait after the 1st, 2nd, 3rd and 4th transient failure. */
const BACKOFF_MINUTES = [1, 5, 30, 120];

const DISPATCH_ACTOR = "system:dispatch";

export type ClaimedAction = {
  id: number;
  creditor_id: string;
  debtor_id: number;
  ladder_id: string;
  ladder_version: number | null;
  step_id: string;
  stage: string;
  channel: string;
  local_day: string;
  contact_id: number | null;
  attempts: number;
};

type Outcome = "sent" | "retried" | "failed" | "cancelled" | "rescheduled" | "uncertain";

/**
 * One pass of the e-mail dispatcher: recover interrupted sends, claim the due actions,
 * and for each one check the guard again (the debts still owed, no pause, no opt-out, a
 * valid address, inside the contact window), render, send and record the outcome.
 *
 * Exactly once: an action is claimed (`sending`) before anything leaves; just before the
 * final "." that lets the server accept the message, `committing_at` is written in a
 * transaction that also checks the debts and the debtor once more (a payment that landed
 * meanwhile aborts the message, which the server then discards). After a crash, a claim
 * without that mark never reached the server and goes back to the queue; a claim with it
 * may or may not have been accepted and is marked `uncertain` for a person — never resent.
 */
export async function dispatchEmails(deps: AppDeps, options: DispatchOptions = {}): Promise<DispatchSummary> {
  if (!emailContextOf(deps).transport) throw new Error("e-mail não configurado: chame startEmail antes do despachante");
  const recovered = await recoverInterruptedSends(deps, options);
  const claimed = await claimDue(deps, options);
  const summary: DispatchSummary = { recovered, claimed: claimed.length, sent: 0, retried: 0, failed: 0, cancelled: 0, rescheduled: 0, uncertain: 0 };
  const policies = new Map<string, Promise<ContactPolicy>>();
  const templates = new Map<string, Promise<string | null>>();
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const action = claimed[next++]!;
      const outcome = await processAction(deps, action, { policies, templates, maxAttempts: options.maxAttempts ?? 5 });
      summary[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 5) }, worker));
  return summary;
}

/** Passes until nothing is due (for the CLI and tests); the server runs single passes on a timer. */
export async function dispatchUntilIdle(deps: AppDeps, options: DispatchOptions = {}): Promise<DispatchSummary> {
  const total: DispatchSummary = { recovered: { requeued: 0, uncertain: 0 }, claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, rescheduled: 0, uncertain: 0 };
  for (;;) {
    const s = await dispatchEmails(deps, options);
    total.recovered.requeued += s.recovered.requeued;
    total.recovered.uncertain += s.recovered.uncertain;
    for (const k of ["claimed", "sent", "retried", "failed", "cancelled", "rescheduled", "uncertain"] as const) total[k] += s[k];
    if (s.claimed === 0) return total;
  }
}

/**
 * Claims older than the lease belong to a process that died. Without the commit mark the
 * server never got the final "." — back to the queue; with it, uncertain.
 */
export async function recoverInterruptedSends(deps: AppDeps, options: Pick<DispatchOptions, "leaseMs" | "creditorId"> = {}): Promise<{ requeued: number; uncertain: number }> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const staleBefore = new Date(now.getTime() - (options.leaseMs ?? 5 * 60_000)).toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom("actions")
      .select(["id", "creditor_id", "debtor_id", "committing_at", "step_id", "attempts"])
      .where("status", "=", "sending")
      .where("channel", "=", "email")
      .where("claimed_at", "<=", staleBefore);
    if (options.creditorId) q = q.where("creditor_id", "=", options.creditorId);
    const stale = await q.execute();
    let requeued = 0;
    let uncertain = 0;
    for (const a of stale) {
      if (a.committing_at === null) {
        await trx
          .updateTable("actions")
          .set({ status: "planned", claimed_at: null, attempts: Math.max(0, a.attempts - 1), updated_at: nowIso })
          .where("id", "=", a.id)
          .where("status", "=", "sending")
          .execute();
        requeued++;
      } else {
        await trx
          .updateTable("actions")
          .set({ status: "uncertain", last_error: "envio interrompido depois de entregue ao servidor SMTP: confira antes de reenviar", updated_at: nowIso })
          .where("id", "=", a.id)
          .where("status", "=", "sending")
          .execute();
        await timeline(trx, a.creditor_id, a.debtor_id, "message.uncertain", nowIso, { actionId: a.id, channel: "email", stepId: a.step_id, reason: "interrupted_after_commit" });
        uncertain++;
      }
    }
    return { requeued, uncertain };
  });
}

async function claimDue(deps: AppDeps, options: DispatchOptions): Promise<ClaimedAction[]> {
  const { db, dialect } = deps.database;
  const nowIso = deps.clock.now().toISOString();
  const limit = Math.max(1, options.limit ?? 200);
  const creditorFilter = options.creditorId ? sql`AND creditor_id = ${options.creditorId}` : sql``;
  const lock = dialect === "postgres" ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<ClaimedAction>`
    UPDATE actions
       SET status = 'sending', claimed_at = ${nowIso}, committing_at = NULL, attempts = attempts + 1, updated_at = ${nowIso}
     WHERE id IN (
       SELECT id FROM actions
        WHERE status = 'planned' AND channel = 'email' AND send_at <= ${nowIso}
          AND (next_attempt_at IS NULL OR next_attempt_at <= ${nowIso}) ${creditorFilter}
        ORDER BY send_at, id
        LIMIT ${limit} ${lock})
       AND status = 'planned'
    RETURNING id, creditor_id, debtor_id, ladder_id, ladder_version, step_id, stage, channel, local_day, contact_id, attempts`.execute(db);
  return result.rows.map((r) => ({ ...r, id: Number(r.id), debtor_id: Number(r.debtor_id), contact_id: r.contact_id === null ? null : Number(r.contact_id), attempts: Number(r.attempts) }));
}

type Caches = { policies: Map<string, Promise<ContactPolicy>>; templates: Map<string, Promise<string | null>>; maxAttempts: number };

type Facts = {
  debtor: { id: number; name: string; kind: string; state: string | null; city: string | null; paused_at: string | null; paused_until: string | null };
  creditorState: string | null;
  /** The action's debts still owed and not paused today. */
  dueDebtIds: number[];
  optedOut: boolean;
  contacts: { id: number; value: string }[];
};

async function loadFacts(db: Kysely<Schema>, a: ClaimedAction, localDayFor: (state: string | null, city: string | null, creditorState: string | null) => string): Promise<Facts | null> {
  const found = await db
    .selectFrom("debtors")
    .innerJoin("creditors", "creditors.id", "debtors.creditor_id")
    .select(["debtors.id", "debtors.name", "debtors.kind", "debtors.state", "debtors.city", "debtors.paused_at", "debtors.paused_until", "creditors.state as creditor_state"])
    .where("debtors.id", "=", a.debtor_id)
    .where("debtors.creditor_id", "=", a.creditor_id)
    .executeTakeFirst();
  if (!found) return null;
  const { creditor_state: creditorState, ...debtor } = found;
  const localDay = localDayFor(debtor.state, debtor.city, creditorState);
  const debts = await db
    .selectFrom("action_debts")
    .innerJoin("debts", "debts.id", "action_debts.debt_id")
    .select(["debts.id", "debts.status", "debts.open_cents", "debts.paused_at", "debts.paused_until"])
    .where("action_debts.action_id", "=", a.id)
    .where("debts.creditor_id", "=", a.creditor_id)
    .orderBy("debts.id")
    .execute();
  const dueDebtIds = debts
    .filter((d) => d.status === "open" && Number(d.open_cents) > 0 && !isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, localDay))
    .map((d) => Number(d.id));
  const optOut = await db
    .selectFrom("opt_outs")
    .select("id")
    .where("debtor_id", "=", a.debtor_id)
    .where("channel", "=", "email")
    .where("opted_in_at", "is", null)
    .executeTakeFirst();
  const contacts = await db
    .selectFrom("contacts")
    .select(["id", "value"])
    .where("debtor_id", "=", a.debtor_id)
    .where("kind", "=", "email")
    .where("validity", "!=", "invalid")
    .orderBy("id")
    .execute();
  return {
    debtor: { ...debtor, id: Number(debtor.id) },
    creditorState,
    dueDebtIds,
    optedOut: optOut !== undefined,
    contacts: contacts.map((c) => ({ id: Number(c.id), value: c.value })),
  };
}

async function processAction(deps: AppDeps, a: ClaimedAction, caches: Caches): Promise<Outcome> {
  const { db } = deps.database;
  const nowIso = deps.clock.now().toISOString();
  let zone = { uf: "SP", timeZone: "America/Sao_Paulo" } as ReturnType<typeof debtorZone>;
  const facts = await loadFacts(db, a, (state, city, creditorState) => {
    zone = debtorZone(state, city, creditorState);
    return localDayOf(nowIso, zone.uf, zone.timeZone);
  });
  if (!facts) return cancel(deps, a, "debtor_not_found");
  // A promise pauses its debtor's ladder; its own reminder is the one message that pause lets through.
  const promiseReminder = a.ladder_id === PROMISE_REMINDER_LADDER_ID;
  if (!promiseReminder && isPausedOn({ pausedAt: facts.debtor.paused_at, pausedUntil: facts.debtor.paused_until }, localDayOf(nowIso, zone.uf, zone.timeZone))) return cancel(deps, a, "paused");
  if (facts.optedOut) return cancel(deps, a, "opted_out");
  if (facts.dueDebtIds.length === 0) return cancel(deps, a, "nothing_due");
  // The planned address while it is still usable; else a personal one before a shared mailbox.
  const contact =
    facts.contacts.find((c) => c.id === a.contact_id) ??
    facts.contacts.find((c) => !isSharedMailbox(c.value)) ??
    facts.contacts[0];
  if (!contact) return cancel(deps, a, "no_valid_contact");

  let policy = caches.policies.get(a.creditor_id);
  if (!policy) caches.policies.set(a.creditor_id, (policy = loadContactPolicy(db, a.creditor_id)));
  const windows = windowsFor((await policy).windows, "email");
  if (!isContactAllowed(nowIso, zone.uf, windows, zone.timeZone)) {
    const next = nextContactInstant(nowIso, zone.uf, windows, zone.timeZone);
    if (next === null) return cancel(deps, a, "no_contact_window");
    await release(db, a, { status: "planned", send_at: next, next_attempt_at: null, attempts: Math.max(0, a.attempts - 1) }, nowIso);
    return "rescheduled";
  }

  let mail;
  let written: CommitFacts | undefined;
  try {
    const links = await emailLinksFor(deps, a.id);
    const paymentUrl = await createSelfServiceLink(deps, a.creditor_id, a.debtor_id);
    const templateKey = await stepTemplate(db, a, caches.templates);
    const message = await renderActionMessage(deps, {
      creditorId: a.creditor_id,
      debtorId: a.debtor_id,
      debtIds: facts.dueDebtIds,
      stepId: a.step_id,
      stage: a.stage as Parameters<typeof renderActionMessage>[1]["stage"],
      channel: "email",
      templateKey,
      links: { payment: paymentUrl, unsubscribe: links.unsubscribeUrl },
    });
    const withhold = await withholdDetailsFor(deps, db, a.creditor_id, facts.debtor.kind, contact.value);
    const body = withhold ? await withheldDetailsMessage(db, a.creditor_id, { payment: paymentUrl, unsubscribe: links.unsubscribeUrl }) : { subject: message.subject ?? "", html: message.html ?? "", text: message.text };
    mail = await buildCollectionEmail(deps, db, { actionId: a.id, creditorId: a.creditor_id, debtorId: a.debtor_id, to: contact.value, toName: facts.debtor.name, ...body, links });
    written = { recipient: contact.value, contact_id: contact.id, template_key: message.template.key, template_version: message.template.version };
  } catch (error) {
    // A message that cannot be built (no creditor address for CDC art. 42-A, a template error) is not sent, ever.
    if (error instanceof AppError && (error.code === "invalid_input" || error.code === "validation")) return fail(deps, a, error.message);
    return retry(deps, a, error instanceof Error ? error.message : String(error), caches.maxAttempts);
  }

  const transport = emailContextOf(deps).transport;
  if (!transport) throw new Error("e-mail não configurado: chame startEmail antes do despachante");
  let aborted = false;
  const outcome: SendOutcome = await sendEmail(transport, mail, {
    beforeCommit: async () => {
      if (!(await markCommitting(deps, a, facts.dueDebtIds, localDayOf(nowIso, zone.uf, zone.timeZone), written))) {
        aborted = true;
        throw new Error("envio abortado: a situação do devedor mudou antes da confirmação");
      }
    },
  });
  if (aborted) {
    // The server never got the final "."; a minute later the guard is checked again (and cancels).
    await release(db, a, { status: "planned", next_attempt_at: new Date(Date.parse(nowIso) + 60_000).toISOString(), attempts: Math.max(0, a.attempts - 1) }, nowIso);
    return "retried";
  }
  switch (outcome.outcome) {
    case "accepted":
      return record(deps, a, "sent", { sent_at: nowIso, provider_message_id: outcome.messageId, last_error: null }, "message.sent", {
        to: contact.value,
        debtIds: facts.dueDebtIds,
        response: outcome.response,
        ...(outcome.rejected.length ? { copiesRefused: outcome.rejected.map((r) => r.recipient) } : {}),
      });
    case "transient":
      return retry(deps, a, outcome.error, caches.maxAttempts);
    case "permanent":
      return fail(deps, a, outcome.error, { to: contact.value, responseCode: outcome.responseCode });
    case "uncertain":
      return record(deps, a, "uncertain", { last_error: outcome.error }, "message.uncertain", { to: contact.value, reason: "connection_lost_after_data", error: outcome.error });
  }
}

/** What the message was: recorded with the commit mark, so an uncertain one can be reviewed. */
type CommitFacts = { recipient: string; contact_id: number; template_key: string; template_version: number | null };

/**
 * The commit mark, written only while the action is still ours and everything it speaks
 * of still holds: its debts open and unpaused, the debtor unpaused (but for its own
 * promise's reminder) and not opted out. One conditional statement, so it is atomic on
 * both databases without a transaction of its own.
 */
export async function markCommitting(deps: AppDeps, a: ClaimedAction, debtIds: number[], localDay: string, facts?: CommitFacts): Promise<boolean> {
  const nowIso = deps.clock.now().toISOString();
  const debtorPaused =
    a.ladder_id === PROMISE_REMINDER_LADDER_ID
      ? sql`FALSE`
      : sql`EXISTS (SELECT 1 FROM debtors d WHERE d.id = ${a.debtor_id} AND d.paused_at IS NOT NULL AND (d.paused_until IS NULL OR d.paused_until >= ${localDay}))`;
  const result = await sql`
    UPDATE actions SET committing_at = ${nowIso}, updated_at = ${nowIso}
      ${facts ? sql`, recipient = ${facts.recipient}, contact_id = ${facts.contact_id}, template_key = ${facts.template_key}, template_version = ${facts.template_version}` : sql``}
     WHERE id = ${a.id} AND status = 'sending'
       AND EXISTS (SELECT 1 FROM debtors d WHERE d.id = ${a.debtor_id})
       AND NOT ${debtorPaused}
       AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.debtor_id = ${a.debtor_id} AND o.channel = 'email' AND o.opted_in_at IS NULL)
       AND (SELECT count(*) FROM debts t WHERE t.id IN (${sql.join(debtIds)}) AND t.status = 'open' AND t.open_cents > 0) = ${debtIds.length}`.execute(deps.database.db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** The template key of the action's step in the ladder version that planned it. */
async function stepTemplate(db: Kysely<Schema>, a: ClaimedAction, cache: Map<string, Promise<string | null>>): Promise<string | null> {
  const key = `${a.creditor_id}\u0000${a.ladder_id}\u0000${a.ladder_version ?? ""}\u0000${a.step_id}`;
  let found = cache.get(key);
  if (!found) {
    found = (async () => {
      let version = a.ladder_version;
      if (version === null) {
        const ladder = await db.selectFrom("ladders").select("current_version").where("creditor_id", "=", a.creditor_id).where("id", "=", a.ladder_id).executeTakeFirst();
        version = ladder?.current_version ?? null;
      }
      if (version === null) return null;
      const row = await db
        .selectFrom("ladder_versions")
        .select("document")
        .where("creditor_id", "=", a.creditor_id)
        .where("ladder_id", "=", a.ladder_id)
        .where("version", "=", version)
        .executeTakeFirst();
      if (!row) return null;
      const doc = JSON.parse(row.document) as { steps?: { id: string; template?: string }[] };
      return doc.steps?.find((s) => s.id === a.step_id)?.template ?? null;
    })();
    cache.set(key, found);
  }
  return found;
}

type ActionPatch = Partial<{ status: ActionStatus; send_at: string; next_attempt_at: string | null; attempts: number; last_error: string | null; sent_at: string; provider_message_id: string; cancel_reason: string }>;

async function release(db: Kysely<Schema>, a: ClaimedAction, patch: ActionPatch, nowIso: string): Promise<void> {
  await db
    .updateTable("actions")
    .set({ ...patch, claimed_at: null, committing_at: null, updated_at: nowIso })
    .where("id", "=", a.id)
    .where("status", "=", "sending")
    .execute();
}

async function record(deps: AppDeps, a: ClaimedAction, status: ActionStatus, patch: ActionPatch, eventKind: string, data: Record<string, unknown>): Promise<Outcome> {
  const nowIso = deps.clock.now().toISOString();
  await deps.database.db.transaction().execute(async (trx) => {
    await trx.updateTable("actions").set({ ...patch, status, updated_at: nowIso }).where("id", "=", a.id).execute();
    await timeline(trx, a.creditor_id, a.debtor_id, eventKind, nowIso, { actionId: a.id, channel: a.channel, stepId: a.step_id, stage: a.stage, attempt: a.attempts, ...data });
  });
  return status === "sent" ? "sent" : status === "uncertain" ? "uncertain" : status === "cancelled" ? "cancelled" : "failed";
}

function cancel(deps: AppDeps, a: ClaimedAction, reason: string): Promise<Outcome> {
  return record(deps, a, "cancelled", { cancel_reason: reason }, "message.cancelled", { reason });
}

function fail(deps: AppDeps, a: ClaimedAction, error: string, data: Record<string, unknown> = {}): Promise<Outcome> {
  return record(deps, a, "failed", { last_error: error }, "message.failed", { error, ...data });
}

async function retry(deps: AppDeps, a: ClaimedAction, error: string, maxAttempts: number): Promise<Outcome> {
  if (a.attempts >= maxAttempts) return fail(deps, a, `${error} (desistência após ${a.attempts} tentativas)`);
  const now = deps.clock.now();
  const wait = BACKOFF_MINUTES[Math.min(a.attempts, BACKOFF_MINUTES.length) - 1] ?? BACKOFF_MINUTES[0]!;
  await release(deps.database.db, a, { status: "planned", last_error: error, next_attempt_at: new Date(now.getTime() + wait * 60_000).toISOString() }, now.toISOString());
  return "retried";
}

async function timeline(trx: Kysely<Schema>, creditorId: string, debtorId: number, kind: string, at: string, data: Record<string, unknown>): Promise<void> {
  await trx.insertInto("events").values({ creditor_id: creditorId, debtor_id: debtorId, debt_id: null, kind, at, actor: DISPATCH_ACTOR, data: JSON.stringify(data) }).execute();
}
