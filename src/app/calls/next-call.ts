import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { localDateOf, localPartsOf } from "../../domain/br/dates.ts";
import { windowsFor } from "../../domain/guard/contact-window.ts";
import { capsFor } from "../../domain/guard/rules.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { chargesForDebts } from "../charges/get-debt-charges.ts";
import type { AppDeps } from "../deps.ts";
import { loadContactPolicy } from "../holds/contact-policy.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { assessCandidate, CLAIM_MINUTES, SKIP_CALL_REASONS, type Assessment, type CallTier, type GuardPolicy, type SkipCallReason } from "./call-priority.ts";
import {
  CANDIDATE_BATCH, FACTS_CHUNK, cachedRanking, calledSince, debtorPhoneActions, dueCallbacks, duePhoneActions, loadCandidates, rankedDebtors, RANKING_SIZE,
  type LoadedCandidate, type PlannedPhoneAction, type RankedDebtor,
} from "./call-queue.ts";
import type { Database } from "../../db/database.ts";
import { callViews, type CallAttemptView } from "./list-calls.ts";

/** How many batches beyond the cached ranking one request may read before giving up. */
const MAX_RANKED_BATCHES = 3;

export type CallDebt = {
  id: string;
  externalId: string;
  description: string | null;
  dueDate: string;
  daysLate: number;
  openCents: number;
  principalCents: number;
  fineCents: number;
  interestCents: number;
  correctionCents: number;
  totalCents: number;
};

export type CallPhone = { contactId: string; value: string; validity: string };

/** The debtor to call now, with what the script needs. */
export type CallCandidate = {
  tier: CallTier;
  /** The debtor's calendar day and wall-clock time now. */
  today: string;
  localTime: string;
  debtor: { id: string; name: string; document: string; kind: string; state: string | null; city: string | null; timeZone: string };
  phone: CallPhone;
  /** The debtor's other phones not marked invalid. */
  otherPhones: CallPhone[];
  /** The callback the debtor asked for (tier callback). */
  callback: { at: string; by: string; note: string | null } | null;
  /** The ladder's planned phone action the call performs (oldest due first). */
  action: { id: string; ladderId: string; stepId: string; stage: string; sendAt: string } | null;
  expectedRecoveryCents: number;
  contactability: number;
  score: number;
  attempts: { today: number; thisWeek: number; weekCap: number | null };
  /** The debts the call is about (overdue 1 to 1,825 days, not paused), with today's charges. */
  debts: CallDebt[];
  totals: { openCents: number; totalCents: number; maxDaysLate: number };
  openPromise: { id: string; amountCents: number; promisedDate: string } | null;
  recentCalls: CallAttemptView[];
  claimedUntil: string;
};

export type NextCallResult = {
  item: CallCandidate | null;
  /** Candidates looked at and passed over, by reason (when nobody can be called, this says why). */
  skipped: Partial<Record<SkipCallReason, number>>;
};

type Choice = { loaded: LoadedCandidate; assessment: Extract<Assessment, { ok: true }>; tier: CallTier; action: PlannedPhoneAction | null };

/** The creditor's guard for the phone channel. */
export async function phoneGuard(db: Kysely<Schema>, creditorId: string): Promise<GuardPolicy> {
  const policy = await loadContactPolicy(db, creditorId);
  const caps = capsFor(policy.caps, "phone");
  return { windows: windowsFor(policy.windows, "phone"), perDay: Math.min(1, caps.perDay ?? 1), perWeek: caps.perWeek };
}

/**
 * The next debtor for `actor` to call (see call-priority.ts for the order and the guard),
 * handed to the actor for CLAIM_MINUTES: the actor's own unexpired claim comes back until
 * its outcome is recorded, and no other collector gets that debtor meanwhile. Null when
 * nobody may be called now; `skipped` says why.
 */
export async function getNextCall(deps: AppDeps, actor: Actor, creditorId: string): Promise<NextCallResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "call.work");
  const { db } = deps.database;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const creditor = await db.selectFrom("creditors").select(["state", "time_zone"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const creditorToday = localDateOf(now, creditor.time_zone);
  const guard = await phoneGuard(db, scope.creditorId);
  const skipped: Partial<Record<SkipCallReason, number>> = {};
  const lost = new Set<number>();

  /** The callable ones among `ids`, in order; with `first`, loading stops at the chunk holding the first one. */
  const assess = async (ids: number[], tier: CallTier, actions: Map<number, PlannedPhoneAction>, first = false): Promise<Choice[]> => {
    const out: Choice[] = [];
    const wanted = ids.filter((id) => !lost.has(id));
    for (let i = 0; i < wanted.length; i += FACTS_CHUNK) {
      const chunk = wanted.slice(i, i + FACTS_CHUNK);
      const loaded = await loadCandidates(db, scope, creditor.state, chunk, nowIso, creditorToday);
      for (const id of chunk) {
        const l = loaded.get(id);
        if (!l) continue;
        const a = assessCandidate(l.facts, guard, nowIso, actor.label);
        if (!a.ok) skipped[a.reason] = (skipped[a.reason] ?? 0) + 1;
        else if (tier !== "callback" || a.callbackDue) out.push({ loaded: l, assessment: a, tier, action: actions.get(id) ?? null });
      }
      if (first && out.length) break;
    }
    return out;
  };

  for (let round = 0; round < 3; round++) {
    const pick = await choose(deps.database, scope, actor, nowIso, creditorToday, assess, lost);
    if (!pick) break;
    if (await claim(db, scope, actor, pick.loaded.facts.debtorId, now)) {
      return { item: await present(deps, scope, pick, guard, now), skipped: tidy(skipped) };
    }
    // Another collector took this debtor a moment ago.
    lost.add(pick.loaded.facts.debtorId);
  }
  return { item: null, skipped: tidy(skipped) };
}

function tidy(skipped: Partial<Record<SkipCallReason, number>>): Partial<Record<SkipCallReason, number>> {
  const out: Partial<Record<SkipCallReason, number>> = {};
  for (const reason of SKIP_CALL_REASONS) if (skipped[reason]) out[reason] = skipped[reason];
  return out;
}

type Assess = (ids: number[], tier: CallTier, actions: Map<number, PlannedPhoneAction>, first?: boolean) => Promise<Choice[]>;

async function choose(database: Database, scope: CreditorScope, actor: Actor, nowIso: string, creditorToday: string, assess: Assess, lost: Set<number>): Promise<Choice | null> {
  const { db } = database;
  const none = new Map<number, PlannedPhoneAction>();
  // The actor's own claim first: the debtor on screen stays until its outcome is recorded.
  const own = await db.selectFrom("call_claims").select("debtor_id").where("creditor_id", "=", scope.creditorId).where("actor", "=", actor.label).where("expires_at", ">", nowIso).orderBy("claimed_at", "desc").execute();
  const ownIds = own.map((r) => Number(r.debtor_id)).filter((id) => !lost.has(id));
  if (ownIds.length) {
    const actions = new Map((await duePhoneActions(db, scope, nowIso, creditorToday)).filter((a) => ownIds.includes(a.debtorId)).map((a) => [a.debtorId, a]));
    const picks = await assess(ownIds, "ranked", actions, true);
    const p = picks[0];
    if (p) return { ...p, tier: p.assessment.callbackDue ? "callback" : p.action ? "ladder" : "ranked" };
  }

  const callbacks = (await dueCallbacks(db, scope, nowIso)).map((c) => c.debtorId).filter((id) => !lost.has(id));
  if (callbacks.length) {
    const picks = await assess(callbacks, "callback", none, true);
    if (picks[0]) return picks[0];
  }

  const actions = (await duePhoneActions(db, scope, nowIso, creditorToday)).filter((a) => !lost.has(a.debtorId));
  if (actions.length) {
    const byDebtor = new Map<number, PlannedPhoneAction>();
    for (const a of actions) if (!byDebtor.has(a.debtorId)) byDebtor.set(a.debtorId, a);
    const picks = await assess([...byDebtor.keys()], "ladder", byDebtor, true);
    if (picks[0]) return picks[0];
  }

  // Ranked: walk by weighted balance (an upper bound of each score), skipping those called today, and stop when nobody further can win.
  const ranking = await cachedRanking(database, scope, creditorToday);
  const called = await calledSince(db, scope, creditorToday);
  let best: Choice | null = null;
  const walk = async (ranked: RankedDebtor[]): Promise<boolean> => {
    const fresh = ranked.filter((r) => !called.has(r.debtorId) && !lost.has(r.debtorId));
    for (let i = 0; i < fresh.length; i += FACTS_CHUNK) {
      const batch = fresh.slice(i, i + FACTS_CHUNK);
      for (const p of await assess(batch.map((r) => r.debtorId), "ranked", none)) {
        if (!best || p.assessment.score > best.assessment.score || (p.assessment.score === best.assessment.score && p.loaded.facts.debtorId < best.loaded.facts.debtorId)) best = p;
      }
      if (best && batch[batch.length - 1]!.weight / 10_000 < best.assessment.score) return true;
    }
    return false;
  };
  if (await walk(ranking)) return best;
  // Everyone among the highest ranked is out of reach now: read further down, a batch at a time.
  for (let batch = 0; ranking.length === RANKING_SIZE && batch < MAX_RANKED_BATCHES; batch++) {
    const ranked = await rankedDebtors(db, scope, creditorToday, RANKING_SIZE + batch * CANDIDATE_BATCH);
    if ((await walk(ranked)) || ranked.length < CANDIDATE_BATCH) break;
  }
  return best;
}

/** Hands the debtor to the actor unless another actor's claim is still running; true when the actor has it. */
async function claim(db: Kysely<Schema>, scope: CreditorScope, actor: Actor, debtorId: number, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + CLAIM_MINUTES * 60_000).toISOString();
  // Another claim of the actor's ends: one debtor on screen at a time.
  await db.deleteFrom("call_claims").where("creditor_id", "=", scope.creditorId).where("actor", "=", actor.label).where("debtor_id", "!=", debtorId).execute();
  const rows = await db
    .insertInto("call_claims")
    .values({ creditor_id: scope.creditorId, debtor_id: debtorId, actor: actor.label, claimed_at: nowIso, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .columns(["creditor_id", "debtor_id"])
        .doUpdateSet({ actor: actor.label, claimed_at: nowIso, expires_at: expiresAt })
        .where((eb) => eb.or([eb("call_claims.expires_at", "<=", nowIso), eb("call_claims.actor", "=", actor.label)])),
    )
    .returning("debtor_id")
    .execute();
  return rows.length > 0;
}

async function present(deps: AppDeps, scope: CreditorScope, pick: Choice, guard: GuardPolicy, now: Date): Promise<CallCandidate> {
  const { db } = deps.database;
  const { loaded, assessment: a } = pick;
  const f = loaded.facts;
  const debtorId = f.debtorId;
  const charges = await chargesForDebts(deps, scope, a.debtIds, a.today);
  const debts: CallDebt[] = a.debtIds.map((id) => {
    const d = loaded.debts.find((x) => x.id === id)!;
    const c = charges.get(id);
    return {
      id: String(id), externalId: d.externalId, description: d.description, dueDate: d.dueDate, daysLate: c?.daysLate ?? 0, openCents: d.openCents,
      principalCents: c?.principalCents ?? d.openCents, fineCents: c?.fineCents ?? 0, interestCents: c?.interestCents ?? 0, correctionCents: c?.correctionCents ?? 0,
      totalCents: c?.totalCents ?? d.openCents,
    };
  });
  const [latest, promise, recent, actions] = await Promise.all([
    db.selectFrom("call_attempts").select(["callback_at", "actor", "note"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).orderBy("id", "desc").limit(1).executeTakeFirst(),
    db.selectFrom("promises").select(["id", "amount_cents", "promised_date"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).where("status", "=", "open").executeTakeFirst(),
    db.selectFrom("call_attempts").select("id").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).orderBy("id", "desc").limit(5).execute(),
    pick.action ? Promise.resolve([pick.action]) : debtorPhoneActions(db, scope, debtorId, now.toISOString()),
  ]);
  const claimRow = await db.selectFrom("call_claims").select("expires_at").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).executeTakeFirstOrThrow();
  const action = actions[0] ?? null;
  const local = localPartsOf(now, f.timeZone);
  const phoneOf = (p: { id: number; value: string; validity: string }): CallPhone => ({ contactId: String(p.id), value: p.value, validity: p.validity });
  return {
    tier: pick.tier,
    today: a.today,
    localTime: `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`,
    debtor: { id: String(debtorId), name: loaded.debtor.name, document: loaded.debtor.document, kind: loaded.debtor.kind, state: loaded.debtor.state, city: loaded.debtor.city, timeZone: f.timeZone },
    phone: phoneOf(a.phone),
    otherPhones: f.phones.filter((p) => p.validity !== "invalid" && p.id !== a.phone.id).map(phoneOf),
    callback: a.callbackDue && latest?.callback_at ? { at: latest.callback_at, by: latest.actor, note: latest.note } : null,
    action: action ? { id: String(action.id), ladderId: action.ladderId, stepId: action.stepId, stage: action.stage, sendAt: action.sendAt } : null,
    expectedRecoveryCents: a.expectedRecoveryCents,
    contactability: Math.round(a.contactability * 1000) / 1000,
    score: a.score,
    attempts: { today: a.attemptsToday, thisWeek: a.attemptsThisWeek, weekCap: guard.perWeek },
    debts,
    totals: { openCents: sum(debts.map((d) => d.openCents)), totalCents: sum(debts.map((d) => d.totalCents)), maxDaysLate: Math.max(...debts.map((d) => d.daysLate)) },
    openPromise: promise ? { id: String(promise.id), amountCents: Number(promise.amount_cents), promisedDate: promise.promised_date } : null,
    recentCalls: await callViews(db, scope, recent.map((r) => Number(r.id))),
    claimedUntil: claimRow.expires_at,
  };
}

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
