import { sql, type Insertable, type Kysely, type Selectable } from "kysely";
import type { SendMailOptions } from "nodemailer";
import type { Schema } from "../../db/schema.ts";
import type { ActionStatus } from "../../db/schema/ladder.ts";
import { isSharedMailbox } from "../../domain/br/email.ts";
import type { ChargeBreakdown, IndexTable } from "../../domain/charges/charges.ts";
import { isContactAllowed, localDayOf, nextContactInstant, windowsFor } from "../../domain/guard/contact-window.ts";
import { isPausedOn } from "../../domain/guard/rules.ts";
import type { Stage } from "../../domain/ladder/channels.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import type { SenderSettings } from "../../channels/email/compose-email.ts";
import { sendEmail, type EmailTransport, type SendOutcome } from "../../channels/email/smtp-transport.ts";
import { AppError } from "../../shared/app-error.ts";
import { chargeContextOf, chargesAt, loadIndexTable } from "../charges/charge-state.ts";
import type { AppDeps } from "../deps.ts";
import { emailContextOf, trackingKey } from "../email/email-context.ts";
import { loadSenderSettings } from "../email/email-settings.ts";
import { loadCopyOptOuts, type CopyRecord } from "../email/email-copies.ts";
import { loadContactPolicy, type ContactPolicy } from "../holds/contact-policy.ts";
import { PROMISE_REMINDER_LADDER_ID } from "../negotiation/promises.ts";
import { linkKey, publicUrlOf, selfServiceSettingsOf } from "../self-service/self-service-context.ts";
import { isBeforeDue, messageDayOf, messageDebtRows } from "../templates/build-message-context.ts";
import { resolveTemplate } from "../templates/resolve-template.ts";
import { BatchWriter, StatementTexts } from "./batch-writer.ts";
import { deserializeError, renderJob, serializeError, type PassData, type RenderedMail, type RenderEnv, type RenderJob, type RenderResult } from "./render-job.ts";
import type { RenderPool } from "./render-pool.ts";

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
 *
 * Throughput: the claimed actions are checked and rendered a few at a time (one query per
 * kind of fact for the lot, just before their turn to be sent) while the SMTP connections
 * send the messages rendered before; what cannot change within a pass (the creditor, its
 * sender and contact policy, templates) is read once per pass; the writes of all the
 * connections share transactions (`BatchWriter`). The render itself (template, links, MIME
 * bytes: `renderJob`) runs at the render worker threads when the e-mail context has them
 * (REGUA_RENDER_WORKERS) and the pass is more than one chunk, else here; the same bytes.
 */
export async function dispatchEmails(deps: AppDeps, options: DispatchOptions = {}): Promise<DispatchSummary> {
  const transport = emailContextOf(deps).transport;
  if (!transport) throw new Error("e-mail não configurado: chame startEmail antes do despachante");
  const recovered = await recoverInterruptedSends(deps, options);
  const claimed = await claimDue(deps, options);
  const summary: DispatchSummary = { recovered, claimed: claimed.length, sent: 0, retried: 0, failed: 0, cancelled: 0, rescheduled: 0, uncertain: 0 };
  if (claimed.length === 0) return summary;

  const concurrency = Math.max(1, options.concurrency ?? 5);
  // Checked and rendered ahead: enough to keep every connection busy, few enough that the
  // guard's facts are fresh when a message's turn comes (the commit mark checks once more).
  const chunkSize = Math.max(8, concurrency * 4);
  const pool = emailContextOf(deps).renderPool;
  const pass: Pass = {
    deps,
    // A pass of one chunk is rendered here: a worker would only add its start and the hand-over.
    pool: pool && claimed.length > chunkSize ? pool : null,
    writer: new BatchWriter(deps.database),
    statements: new StatementTexts(),
    cache: newPassCache(),
    maxAttempts: options.maxAttempts ?? 5,
    count: (outcome) => void summary[outcome]++,
  };
  const queue = new ReadyQueue();
  let failure: { error: unknown } | null = null;

  const stop = (error: unknown) => {
    failure ??= { error };
    queue.close();
  };
  // With render workers, the next chunk is checked while the workers render the ones before (one more than there are
  // workers), and two chunks wait rendered: a worker answers a whole chunk at once, later than a render here would.
  const rendering = new Set<Promise<void>>();
  const ahead = pass.pool ? chunkSize * 2 : concurrency;
  const produce = async () => {
    try {
      for (let i = 0; i < claimed.length && !failure; i += chunkSize) {
        await queue.below(ahead);
        while (rendering.size > (pass.pool?.size ?? 0) && !failure) await Promise.race(rendering);
        if (failure) break;
        const { done } = await prepareChunk(pass, claimed.slice(i, i + chunkSize), (ready) => queue.push(ready));
        const settled: Promise<void> = done.then(
          () => void rendering.delete(settled),
          (error: unknown) => {
            rendering.delete(settled);
            stop(error);
          },
        );
        rendering.add(settled);
      }
      await Promise.all(rendering);
    } catch (error) {
      stop(error);
    } finally {
      queue.close();
    }
  };
  const sendAll = async () => {
    try {
      for (let ready = await queue.take(); ready && !failure; ready = await queue.take()) pass.count(await sendReady(pass, transport, ready));
    } catch (error) {
      stop(error);
    }
  };
  await Promise.all([produce(), ...Array.from({ length: concurrency }, sendAll)]);
  try {
    await pass.writer.drain();
  } catch (error) {
    failure ??= { error };
  }
  // Claims left unsent by a failure stay `sending` without the mark: the next pass after the lease puts them back.
  if (failure) throw failure.error;
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
    await settleInterruptedCopies(trx, nowIso, staleBefore, options.creditorId);
    return { requeued, uncertain };
  });
}

/**
 * Copies still `sending` long after their message was recorded as sent: the dispatcher died
 * between the debtor's message and its copies. They are never sent again (a copy may have
 * reached the server); each is marked `uncertain` on the action and on the debtor's timeline.
 */
async function settleInterruptedCopies(trx: Kysely<Schema>, nowIso: string, staleBefore: string, creditorId: string | undefined): Promise<void> {
  // The literal condition is the partial index's (actions_copies_sending_ix): a bound value would not use it.
  let q = trx.selectFrom("actions").select(["id", "creditor_id", "debtor_id", "step_id", "copies"]).where(sql<boolean>`copies LIKE '%"status":"sending"%'`).where("updated_at", "<=", staleBefore);
  if (creditorId) q = q.where("creditor_id", "=", creditorId);
  for (const a of await q.execute()) {
    const copies = JSON.parse(a.copies!) as CopyRecord[];
    const interrupted = copies.filter((c) => c.status === "sending");
    for (const c of interrupted) {
      c.status = "uncertain";
      c.response = "envio interrompido: confira se a cópia chegou";
    }
    await trx.updateTable("actions").set({ copies: JSON.stringify(copies) }).where("id", "=", a.id).execute();
    for (const c of interrupted) {
      await timeline(trx, a.creditor_id, a.debtor_id, "message.copy_failed", nowIso, { actionId: a.id, channel: "email", stepId: a.step_id, address: c.address, status: c.status, error: c.response });
    }
  }
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

type CreditorRow = Selectable<Schema["creditors"]>;

/** The columns the guard, the charges and the message read (a whole row costs more to fetch than the rest of the batch). */
const DEBTOR_COLUMNS = ["id", "creditor_id", "name", "document", "kind", "state", "city", "paused_at", "paused_until", "representative_email"] as const;
const DEBT_COLUMNS = [
  "debts.id", "debts.creditor_id", "debts.debtor_id", "debts.external_id", "debts.description", "debts.due_date", "debts.contract", "debts.instalment",
  "debts.status", "debts.paused_at", "debts.paused_until", "debts.open_cents", "debts.fine_bp", "debts.interest_monthly_bp",
  "debts.fine_cents", "debts.interest_cents", "debts.correction_cents", "debts.accrual_from_date",
] as const;
type DebtorRow = Pick<Selectable<Schema["debtors"]>, (typeof DEBTOR_COLUMNS)[number]>;
type DebtRow = Pick<Selectable<Schema["debts"]>, (typeof DEBT_COLUMNS)[number] extends `debts.${infer C}` ? C & keyof Schema["debts"] : never>;

/** Read once per pass: none of it changes within one (a pass takes seconds). */
type PassCache = {
  creditors: Map<string, Promise<CreditorRow | undefined>>;
  senders: Map<string, Promise<SenderSettings>>;
  policies: Map<string, Promise<ContactPolicy>>;
  /** Step → template key, by creditor, ladder, version and step. */
  steps: Map<string, Promise<string | null>>;
  /** Correction index tables, by name. */
  indexes: Map<string, Promise<IndexTable>>;
  /** Addresses that stopped copies, by creditor. */
  copyOptOuts: Map<string, Promise<Set<string>>>;
};

function newPassCache(): PassCache {
  return { creditors: new Map(), senders: new Map(), policies: new Map(), steps: new Map(), indexes: new Map(), copyOptOuts: new Map() };
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let found = map.get(key);
  if (!found) {
    found = load();
    // Awaited by whoever asks; a rejection must not count as unhandled meanwhile.
    found.catch(() => {});
    map.set(key, found);
  }
  return found;
}

type Pass = {
  deps: AppDeps;
  /** The render workers, or null to render on this thread. */
  pool: RenderPool | null;
  /** What every message of the pass renders with (`passDataOf`). */
  render?: Promise<PassData>;
  writer: BatchWriter;
  statements: StatementTexts;
  cache: PassCache;
  maxAttempts: number;
  count: (outcome: Outcome) => void;
};

/** A message checked and rendered, waiting for a connection. */
type Ready = {
  a: ClaimedAction;
  mail: SendMailOptions;
  /** The copies (Cc), each its own message, sent after the debtor's was accepted. */
  copies: { address: string; mail: SendMailOptions }[];
  to: string;
  dueDebtIds: number[];
  localDay: string;
  nowIso: string;
  written: CommitFacts;
};

/** The rendered messages between the checking side and the connections. */
class ReadyQueue {
  #items: Ready[] = [];
  #closed = false;
  #takers: ((ready: Ready | null) => void)[] = [];
  #waiters: { size: number; resolve: () => void }[] = [];

  push(ready: Ready): void {
    const taker = this.#takers.shift();
    if (taker) taker(ready);
    else this.#items.push(ready);
  }

  /** The next message, or null once closed and empty. */
  take(): Promise<Ready | null> {
    const ready = this.#items.shift();
    if (ready) {
      this.#wake();
      return Promise.resolve(ready);
    }
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  /** Resolves once fewer than `size` messages wait (or the queue is closed). */
  below(size: number): Promise<void> {
    if (this.#items.length < size || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ size, resolve }));
  }

  /** No more messages: takers get null once the rest is taken; nobody waits for room any more. */
  close(): void {
    this.#closed = true;
    for (const taker of this.#takers.splice(0)) taker(null);
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#items.length >= w.size) return true;
      w.resolve();
      return false;
    });
  }
}

/** The guard's facts of a few claimed actions, one query per kind. */
type ChunkFacts = {
  debtors: Map<number, DebtorRow>;
  /** The action's debts (any creditor: filtered by the reader). */
  debts: Map<number, DebtRow[]>;
  optedOut: Set<number>;
  contacts: Map<number, { id: number; value: string }[]>;
};

async function loadChunkFacts(db: Kysely<Schema>, chunk: readonly ClaimedAction[]): Promise<ChunkFacts> {
  const debtorIds = [...new Set(chunk.map((a) => a.debtor_id))];
  const actionIds = chunk.map((a) => a.id);
  const debtors = await db.selectFrom("debtors").select(DEBTOR_COLUMNS).where("id", "in", debtorIds).execute();
  const debts = await db
    .selectFrom("action_debts")
    .innerJoin("debts", "debts.id", "action_debts.debt_id")
    .select(DEBT_COLUMNS)
    .select("action_debts.action_id as action_id")
    .where("action_debts.action_id", "in", actionIds)
    .orderBy("debts.id")
    .execute();
  const optOuts = await db.selectFrom("opt_outs").select("debtor_id").where("debtor_id", "in", debtorIds).where("channel", "=", "email").where("opted_in_at", "is", null).execute();
  const contacts = await db
    .selectFrom("contacts")
    .select(["id", "debtor_id", "value"])
    .where("debtor_id", "in", debtorIds)
    .where("kind", "=", "email")
    .where("validity", "!=", "invalid")
    .orderBy("id")
    .execute();
  const facts: ChunkFacts = { debtors: new Map(), debts: new Map(), optedOut: new Set(optOuts.map((o) => Number(o.debtor_id))), contacts: new Map() };
  for (const d of debtors) facts.debtors.set(Number(d.id), d);
  for (const { action_id: actionId, ...debt } of debts) {
    const list = facts.debts.get(Number(actionId));
    if (list) list.push(debt);
    else facts.debts.set(Number(actionId), [debt]);
  }
  for (const c of contacts) {
    const entry = { id: Number(c.id), value: c.value };
    const list = facts.contacts.get(Number(c.debtor_id));
    if (list) list.push(entry);
    else facts.contacts.set(Number(c.debtor_id), [entry]);
  }
  return facts;
}

/** An action that passed the guard, before rendering. */
type Candidate = {
  a: ClaimedAction;
  nowIso: string;
  localDay: string;
  creditor: CreditorRow;
  debtor: DebtorRow;
  debts: DebtRow[];
  dueDebtIds: number[];
  contact: { id: number; value: string };
};

/**
 * Checks the guard for a few claimed actions against facts read now, records what is not
 * to be sent (cancelled, rescheduled), renders the rest and hands each to `emit`.
 */
async function prepareChunk(pass: Pass, chunk: readonly ClaimedAction[], emit: (ready: Ready) => void): Promise<{ done: Promise<void> }> {
  const { deps, cache } = pass;
  const { db } = deps.database;
  const facts = await loadChunkFacts(db, chunk);
  const candidates: Candidate[] = [];
  for (const a of chunk) {
    const nowIso = deps.clock.now().toISOString();
    const creditor = await cached(cache.creditors, a.creditor_id, () => db.selectFrom("creditors").selectAll().where("id", "=", a.creditor_id).executeTakeFirst());
    const debtor = facts.debtors.get(a.debtor_id);
    if (!creditor || !debtor || debtor.creditor_id !== a.creditor_id) {
      pass.count(cancel(pass, a, "debtor_not_found"));
      continue;
    }
    const zone = debtorZone(debtor.state, debtor.city, creditor.state);
    const localDay = localDayOf(nowIso, zone.uf, zone.timeZone);
    const debts = (facts.debts.get(a.id) ?? []).filter((d) => d.creditor_id === a.creditor_id);
    const dueDebtIds = debts
      .filter((d) => d.status === "open" && Number(d.open_cents) > 0 && !isPausedOn({ pausedAt: d.paused_at, pausedUntil: d.paused_until }, localDay))
      .map((d) => Number(d.id));
    // A promise pauses its debtor's ladder; its own reminder is the one message that pause lets through.
    const promiseReminder = a.ladder_id === PROMISE_REMINDER_LADDER_ID;
    if (!promiseReminder && isPausedOn({ pausedAt: debtor.paused_at, pausedUntil: debtor.paused_until }, localDay)) {
      pass.count(cancel(pass, a, "paused"));
      continue;
    }
    if (facts.optedOut.has(a.debtor_id)) {
      pass.count(cancel(pass, a, "opted_out"));
      continue;
    }
    if (dueDebtIds.length === 0) {
      pass.count(cancel(pass, a, "nothing_due"));
      continue;
    }
    // The planned address while it is still usable; else a personal one before a shared mailbox.
    const contacts = facts.contacts.get(a.debtor_id) ?? [];
    const contact = contacts.find((c) => c.id === a.contact_id) ?? contacts.find((c) => !isSharedMailbox(c.value)) ?? contacts[0];
    if (!contact) {
      pass.count(cancel(pass, a, "no_valid_contact"));
      continue;
    }
    const policy = await cached(cache.policies, a.creditor_id, () => loadContactPolicy(db, a.creditor_id));
    const windows = windowsFor(policy.windows, "email");
    if (!isContactAllowed(nowIso, zone.uf, windows, zone.timeZone)) {
      const next = nextContactInstant(nowIso, zone.uf, windows, zone.timeZone);
      if (next === null) pass.count(cancel(pass, a, "no_contact_window"));
      else pass.count(release(pass, a, { status: "planned", send_at: next, next_attempt_at: null, attempts: Math.max(0, a.attempts - 1) }, nowIso, "rescheduled"));
      continue;
    }
    candidates.push({ a, nowIso, localDay, creditor, debtor, debts, dueDebtIds, contact });
  }
  if (candidates.length === 0) return { done: Promise.resolve() };
  return renderChunk(pass, candidates, emit);
}

/**
 * Today's charges of a message's debts, from the rows the lot read already (the charges
 * area's `chargeContextOf` and `chargesAt`, as `chargesForDebts` does, without its query).
 */
async function chargesOf(pass: Pass, creditor: CreditorRow, debtor: DebtorRow, debts: readonly DebtRow[], atDate: string): Promise<Map<number, ChargeBreakdown>> {
  const indexName = creditor.correction_index;
  const index = indexName ? await cached(pass.cache.indexes, indexName, () => loadIndexTable(pass.deps.database.db, indexName)) : undefined;
  return new Map(debts.map((d) => [Number(d.id), chargesAt(chargeContextOf(creditor, debtor, d, index), atDate)]));
}

/**
 * The render job of one message: what `renderJob` needs beyond the pass data (today's
 * charges, the step's template), with the pass data it uses added to `pass.render` (the
 * resolved template or its error, the sender, the copy opt-outs).
 */
async function jobOf(pass: Pass, data: PassData, c: Candidate): Promise<RenderJob> {
  const { deps, cache } = pass;
  const { db } = deps.database;
  const { a, creditor, debtor, contact } = c;
  const today = messageDayOf(new Date(c.nowIso), debtor, creditor);
  const debts = c.debts.filter((d) => c.dueDebtIds.includes(Number(d.id)));
  const charges = await chargesOf(pass, creditor, debtor, debts, today);
  const templateKey = await stepTemplate(db, a, cache.steps);
  // The template the message will ask for (renderActionMessageFrom's request), resolved here: the worker reads no database.
  const beforeDue = isBeforeDue(messageDebtRows({ creditor, debtor, debts }, c.dueDebtIds), today);
  const template = `${a.creditor_id}\u0000${templateKey ?? ""}\u0000${a.stage}\u0000${beforeDue}`;
  if (!data.templates.has(template)) {
    try {
      data.templates.set(template, { ok: true, view: await resolveTemplate(db, a.creditor_id, creditor.sector, { key: templateKey, channel: "email", stage: a.stage as Stage, beforeDue }) });
    } catch (error) {
      data.templates.set(template, { ok: false, error: serializeError(error) });
    }
  }
  if (!data.senders.has(a.creditor_id)) data.senders.set(a.creditor_id, await cached(cache.senders, a.creditor_id, () => loadSenderSettings(deps, db, a.creditor_id)));
  if (!data.copyOptOuts.has(a.creditor_id)) data.copyOptOuts.set(a.creditor_id, await cached(cache.copyOptOuts, a.creditor_id, () => loadCopyOptOuts(db, a.creditor_id)));
  return {
    actionId: a.id, creditorId: a.creditor_id, debtorId: a.debtor_id, stepId: a.step_id, stage: a.stage, templateKey,
    creditor: { id: creditor.id, legal_name: creditor.legal_name, trade_name: creditor.trade_name, cnpj: creditor.cnpj, address: creditor.address, city: creditor.city, state: creditor.state, zip: creditor.zip },
    debtor: { id: debtor.id, creditor_id: debtor.creditor_id, name: debtor.name, document: debtor.document, kind: debtor.kind, state: debtor.state, city: debtor.city, representative_email: debtor.representative_email },
    debts, charges, today, dueDebtIds: c.dueDebtIds, to: contact.value, now: Date.parse(c.nowIso), template,
  };
}

/** The pass data of the render (keys and link settings), read once per pass. */
function passDataOf(pass: Pass): Promise<PassData> {
  const { deps } = pass;
  pass.render ??= (async () => {
    const { publicUrl, mailDomain } = emailContextOf(deps);
    const env: RenderEnv = { trackingKey: await trackingKey(deps), linkKey: await linkKey(deps), publicUrl, selfServiceBase: publicUrlOf(deps), mailDomain, linkDays: selfServiceSettingsOf(deps).linkDays };
    return { env, senders: new Map(), copyOptOuts: new Map(), templates: new Map() };
  })();
  return pass.render;
}

/**
 * Renders the candidates of a chunk (at the render workers when the pass has them, else
 * here) and hands each message to `emit`; one that cannot be built is recorded as failed
 * (never sendable: no creditor address for CDC art. 42-A, a template error) or retried.
 * Returns once the chunk is handed over; `done` settles once its messages were emitted.
 */
async function renderChunk(pass: Pass, candidates: readonly Candidate[], emit: (ready: Ready) => void): Promise<{ done: Promise<void> }> {
  const data = await passDataOf(pass);
  const jobs: { c: Candidate; job: RenderJob }[] = [];
  for (const c of candidates) {
    try {
      jobs.push({ c, job: await jobOf(pass, data, c) });
    } catch (error) {
      pass.count(renderFailure(pass, c.a, error));
    }
  }
  const finish = (results: readonly RenderResult[]) => {
    jobs.forEach(({ c }, i) => {
      const r = results[i]!;
      if (!r.ok) {
        pass.count(renderFailure(pass, c.a, deserializeError(r.error)));
        return;
      }
      const written = { recipient: c.contact.value, contact_id: c.contact.id, template_key: r.template.key, template_version: r.template.version };
      emit({ a: c.a, mail: sendable(r.mail), copies: r.copies.map((x) => ({ address: x.address, mail: sendable(x.mail) })), to: c.contact.value, dueDebtIds: c.dueDebtIds, localDay: c.localDay, nowIso: c.nowIso, written });
    });
  };
  const here = async () => {
    const results: RenderResult[] = [];
    for (const { job } of jobs) results.push(await renderJob(data, job));
    finish(results);
  };
  if (jobs.length === 0) return { done: Promise.resolve() };
  if (!pass.pool) {
    await here();
    return { done: Promise.resolve() };
  }
  // A worker that died with the chunk: rendered here instead, the same bytes.
  return { done: pass.pool.render(data.env, jobs.map((j) => j.job), data).then(finish, here) };
}

/** A rendered message as nodemailer sends it: the MIME bytes as they are (a worker's come back as a plain Uint8Array). */
function sendable(mail: RenderedMail): SendMailOptions {
  const raw = Buffer.isBuffer(mail.raw) ? mail.raw : Buffer.from(mail.raw.buffer, mail.raw.byteOffset, mail.raw.byteLength);
  return { ...mail, raw };
}

function renderFailure(pass: Pass, a: ClaimedAction, error: unknown): Outcome {
  if (error instanceof AppError && (error.code === "invalid_input" || error.code === "validation")) return fail(pass, a, error.message);
  return retry(pass, a, error instanceof Error ? error.message : String(error));
}

/** Sends one rendered message, writing the commit mark just before the final "."; records the outcome. */
async function sendReady(pass: Pass, transport: EmailTransport, ready: Ready): Promise<Outcome> {
  const { a, nowIso } = ready;
  let aborted = false;
  let markFailure: { error: unknown } | null = null;
  const outcome: SendOutcome = await sendEmail(transport, ready.mail, {
    beforeCommit: async () => {
      let marked: boolean;
      try {
        // Asked after this connection's previous outcome, so never on disk without it (see BatchWriter).
        const mark = commitMark(pass.deps.clock.now().toISOString(), a, ready.dueDebtIds, ready.localDay, ready.written);
        marked = (await pass.writer.run(pass.statements.compile(pass.deps.database.db, mark.shape, mark.values, mark.build))) === 1;
      } catch (error) {
        markFailure = { error };
        aborted = true;
        throw error;
      }
      if (!marked) {
        aborted = true;
        throw new Error("envio abortado: a situação do devedor mudou antes da confirmação");
      }
    },
  });
  // The mark could not be written: the server never got the final "."; the claim stays for the next pass after the lease.
  if (markFailure) throw (markFailure as { error: unknown }).error;
  if (aborted) {
    // The server never got the final "."; a minute later the guard is checked again (and cancels).
    return release(pass, a, { status: "planned", next_attempt_at: new Date(Date.parse(nowIso) + 60_000).toISOString(), attempts: Math.max(0, a.attempts - 1) }, nowIso, "retried");
  }
  switch (outcome.outcome) {
    case "accepted": {
      // Only the debtor's address is on this message's envelope; a server that accepted it with that address refused is not "sent".
      const own = outcome.rejected.find((r) => r.recipient.toLowerCase() === ready.to.toLowerCase());
      if (own) return own.permanent ? fail(pass, a, own.response || "endereço do devedor recusado pelo servidor", { to: ready.to, response: own.response }) : retry(pass, a, own.response || "endereço do devedor recusado temporariamente");
      const copies: CopyRecord[] = ready.copies.map((c) => ({ address: c.address, status: "sending" }));
      const sent = record(pass, a, "sent", { sent_at: nowIso, provider_message_id: outcome.messageId, last_error: null, ...(copies.length ? { copies: JSON.stringify(copies) } : {}) }, "message.sent", {
        to: ready.to,
        debtIds: ready.dueDebtIds,
        response: outcome.response,
        ...(copies.length ? { copies: copies.map((c) => c.address) } : {}),
      });
      if (copies.length) await sendCopies(pass, transport, ready, copies);
      return sent;
    }
    case "transient":
      return retry(pass, a, outcome.error);
    case "permanent":
      return fail(pass, a, outcome.error, { to: ready.to, responseCode: outcome.responseCode });
    case "uncertain":
      return record(pass, a, "uncertain", { last_error: outcome.error }, "message.uncertain", { to: ready.to, reason: "connection_lost_after_data", error: outcome.error });
  }
}

/**
 * The copies of a message the server accepted for the debtor, one message each, after its
 * "sent" was asked for: at most once (a crash meanwhile loses a copy, never sends one twice;
 * a retried debtor's message sends its copies with the attempt that succeeds) and best effort
 * (a refused copy changes nothing of the debtor's). What each copy became is recorded on the
 * action (`actions.copies`), and a copy that did not go on the debtor's timeline.
 */
async function sendCopies(pass: Pass, transport: EmailTransport, ready: Ready, copies: CopyRecord[]): Promise<void> {
  const { a } = ready;
  for (let i = 0; i < ready.copies.length; i++) {
    const outcome = await sendEmail(transport, ready.copies[i]!.mail);
    const copy = copies[i]!;
    if (outcome.outcome === "accepted" && outcome.rejected.length === 0) {
      copy.status = "sent";
    } else {
      copy.status = outcome.outcome === "uncertain" ? "uncertain" : "failed";
      copy.response = outcome.outcome === "accepted" ? outcome.rejected.map((r) => r.response).join("; ") : outcome.error;
    }
  }
  const nowIso = pass.deps.clock.now().toISOString();
  const failed = copies.filter((c) => c.status !== "sent");
  pass.writer.submit(
    pass.statements.compile(pass.deps.database.db, "copies", [JSON.stringify(copies), a.id], () => sql`UPDATE actions SET copies = ${JSON.stringify(copies)} WHERE id = ${a.id}`),
    failed.map((c) => timelineRow(a.creditor_id, a.debtor_id, "message.copy_failed", nowIso, { actionId: a.id, channel: "email", stepId: a.step_id, address: c.address, status: c.status, error: c.response })),
  );
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
  const result = await commitMark(deps.clock.now().toISOString(), a, debtIds, localDay, facts).build().execute(deps.database.db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** The commit mark's statement, its shape and values (the dispatcher runs it, compiled once per shape, in its writer's transaction). */
function commitMark(nowIso: string, a: ClaimedAction, debtIds: number[], localDay: string, facts?: CommitFacts) {
  const promiseReminder = a.ladder_id === PROMISE_REMINDER_LADDER_ID;
  const values = [
    nowIso, nowIso,
    ...(facts ? [facts.recipient, facts.contact_id, facts.template_key, facts.template_version] : []),
    a.id, a.debtor_id,
    ...(promiseReminder ? [] : [a.debtor_id, localDay]),
    a.debtor_id, ...debtIds, debtIds.length,
  ];
  const build = () => {
    const debtorPaused = promiseReminder
      ? sql`FALSE`
      : sql`EXISTS (SELECT 1 FROM debtors d WHERE d.id = ${a.debtor_id} AND d.paused_at IS NOT NULL AND (d.paused_until IS NULL OR d.paused_until >= ${localDay}))`;
    return sql`
    UPDATE actions SET committing_at = ${nowIso}, updated_at = ${nowIso}
      ${facts ? sql`, recipient = ${facts.recipient}, contact_id = ${facts.contact_id}, template_key = ${facts.template_key}, template_version = ${facts.template_version}` : sql``}
     WHERE id = ${a.id} AND status = 'sending'
       AND EXISTS (SELECT 1 FROM debtors d WHERE d.id = ${a.debtor_id})
       AND NOT ${debtorPaused}
       AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.debtor_id = ${a.debtor_id} AND o.channel = 'email' AND o.opted_in_at IS NULL)
       AND (SELECT count(*) FROM debts t WHERE t.id IN (${sql.join(debtIds)}) AND t.status = 'open' AND t.open_cents > 0) = ${debtIds.length}`;
  };
  return { shape: `mark:${debtIds.length}:${promiseReminder}:${facts !== undefined}`, values, build };
}

/** The template key of the action's step in the ladder version that planned it. */
function stepTemplate(db: Kysely<Schema>, a: ClaimedAction, cache: Map<string, Promise<string | null>>): Promise<string | null> {
  const key = `${a.creditor_id}\u0000${a.ladder_id}\u0000${a.ladder_version ?? ""}\u0000${a.step_id}`;
  return cached(cache, key, async () => {
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
  });
}

type ActionPatch = Partial<{
  status: ActionStatus; send_at: string; next_attempt_at: string | null; attempts: number; last_error: string | null; sent_at: string; provider_message_id: string; cancel_reason: string;
  copies: string;
}>;

/** The claim given back (to the queue, later), through the pass's writer. */
function release(pass: Pass, a: ClaimedAction, patch: ActionPatch, nowIso: string, outcome: "retried" | "rescheduled"): Outcome {
  const keys = Object.keys(patch) as (keyof ActionPatch)[];
  const values = [...keys.map((k) => patch[k] ?? null), nowIso, a.id];
  pass.writer.submit(
    pass.statements.compile(pass.deps.database.db, `release:${keys.join(",")}`, values, () =>
      sql`UPDATE actions SET ${sql.join(keys.map((k) => sql`${sql.ref(k)} = ${patch[k] ?? null}`))}, claimed_at = NULL, committing_at = NULL, updated_at = ${nowIso} WHERE id = ${a.id} AND status = 'sending'`,
    ),
  );
  return outcome;
}

/** The final state of the action and its timeline event, in one transaction. */
function record(pass: Pass, a: ClaimedAction, status: ActionStatus, patch: ActionPatch, eventKind: string, data: Record<string, unknown>): Outcome {
  const nowIso = pass.deps.clock.now().toISOString();
  const { db } = pass.deps.database;
  const keys = Object.keys(patch) as (keyof ActionPatch)[];
  const values = [status, ...keys.map((k) => patch[k] ?? null), nowIso, a.id];
  const update = pass.statements.compile(db, `record:${keys.join(",")}`, values, () =>
    sql`UPDATE actions SET status = ${status}, ${sql.join(keys.map((k) => sql`${sql.ref(k)} = ${patch[k] ?? null}`))}, updated_at = ${nowIso} WHERE id = ${a.id}`,
  );
  pass.writer.submit(update, [
    timelineRow(a.creditor_id, a.debtor_id, eventKind, nowIso, { actionId: a.id, channel: a.channel, stepId: a.step_id, stage: a.stage, attempt: a.attempts, ...data }),
  ]);
  return status === "sent" ? "sent" : status === "uncertain" ? "uncertain" : status === "cancelled" ? "cancelled" : "failed";
}

function cancel(pass: Pass, a: ClaimedAction, reason: string): Outcome {
  return record(pass, a, "cancelled", { cancel_reason: reason }, "message.cancelled", { reason });
}

function fail(pass: Pass, a: ClaimedAction, error: string, data: Record<string, unknown> = {}): Outcome {
  return record(pass, a, "failed", { last_error: error }, "message.failed", { error, ...data });
}

function retry(pass: Pass, a: ClaimedAction, error: string): Outcome {
  if (a.attempts >= pass.maxAttempts) return fail(pass, a, `${error} (desistência após ${a.attempts} tentativas)`);
  const now = pass.deps.clock.now();
  const wait = BACKOFF_MINUTES[Math.min(a.attempts, BACKOFF_MINUTES.length) - 1] ?? BACKOFF_MINUTES[0]!;
  return release(pass, a, { status: "planned", last_error: error, next_attempt_at: new Date(now.getTime() + wait * 60_000).toISOString() }, now.toISOString(), "retried");
}

function timelineRow(creditorId: string, debtorId: number, kind: string, at: string, data: Record<string, unknown>): Insertable<Schema["events"]> {
  return { creditor_id: creditorId, debtor_id: debtorId, debt_id: null, kind, at, actor: DISPATCH_ACTOR, data: JSON.stringify(data) };
}

async function timeline(trx: Kysely<Schema>, creditorId: string, debtorId: number, kind: string, at: string, data: Record<string, unknown>): Promise<void> {
  await trx.insertInto("events").values(timelineRow(creditorId, debtorId, kind, at, data)).execute();
}
