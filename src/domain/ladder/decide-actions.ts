/**
 * The ladder decision for one debtor on one run, top to bottom:
 *
 * 1. each open debt follows one ladder (its own override, the debtor's, the first ladder
 *    assigned by segment or tag, else the creditor's default);
 * 2. on the debtor's local day, the step to act on is the latest step whose day (due date +
 *    offset) has arrived and that was not performed yet; older unperformed steps are
 *    superseded (a debt imported 40 days late gets the 30-day step, not five old reminders).
 *    Steps of the same day on different channels act together;
 * 3. each (debt, step) passes the guard in SKIP_REASONS order, the first failing rule is
 *    the reason reported;
 * 4. what passes is grouped: one action per debtor per channel, with the most advanced
 *    step (its template) and every debt; the group gets the first allowed instant of its
 *    channel and passes the frequency caps, counted over the debtor's existing contacts.
 *
 * Pure: facts and the instant come in, decisions (values) come out. The run use case
 * loads, calls, saves; `explain` calls the same function with `trace` on.
 */

import { addDays, dateOfDayNumber, dayNumber, diffDays, formatDateBr, localDateOf, localPartsOf } from "../br/dates.ts";
import { formatCents } from "../br/money.ts";
import { nextContactInstant, windowsFor, type ChannelWindows } from "../guard/contact-window.ts";
import {
  PHONE_MAX_DAYS_OVERDUE, SKIP_REASONS, capReached, creditBureauDeadline, isPausedOn, isTooOldForCreditBureau, isTooOldForPhone,
  type CapHit, type ContactCounts, type FrequencyCaps, type PauseState, type SkipReason,
} from "../guard/rules.ts";
import { checkExitPoint, exitPointWhy, type ExitPointPolicy } from "../exit-point/exit-point.ts";
import { CONTACT_KIND_OF_CHANNEL, type Channel } from "./channels.ts";
import {
  APPROVAL_CHANNELS, CHANNEL_LABELS, MESSAGE_CHANNELS, NOTICE_REQUIRED_CHANNELS, compareSteps, orderedSteps,
  type Ladder, type LadderStep, type StepConditions,
} from "./ladder-document.ts";
import { isRiskBandIn } from "./risk-band.ts";

export { SKIP_REASONS, type SkipReason };

/** A creditor's ladder as stored: the document, its version and its place (0 = default). */
export type StoredLadder = { ladder: Ladder; version: number; position: number };

export type DebtStatus = "open" | "disputed" | "in_agreement";

export type DebtFacts = {
  id: number;
  externalId: string;
  openCents: number;
  dueDate: string;
  status: DebtStatus;
  pause: PauseState;
  ladderId: string | null;
};

export type ContactFacts = { id: number; kind: string; validity: string };

/** One debt of one action of this creditor (an `action_debts` row joined with its action). */
export type HistoryFacts = {
  actionId: number;
  debtId: number;
  ladderId: string | null;
  stepId: string | null;
  priorNotice: boolean;
  actionStepId: string;
  channel: string;
  status: string;
  localDay: string;
  sendAt: string;
  cancelReason: string | null;
};

/** A contact the same person got from another creditor of the installation (caps only). */
export type OtherContact = { channel: string; sendAt: string };

export type DebtorFacts = {
  id: number;
  document: string;
  uf: string;
  timeZone: string;
  segment: string | null;
  tags: readonly string[];
  riskBand: string | null;
  pause: PauseState;
  ladderId: string | null;
  contacts: readonly ContactFacts[];
  /** The debtor has a postal address on file (letters may go there without an address contact). */
  hasAddress: boolean;
  /** Channels opted out of ("all" = every message channel). */
  optOuts: ReadonlySet<string>;
  debts: readonly DebtFacts[];
  history: readonly HistoryFacts[];
  otherContacts: readonly OtherContact[];
};

/** What the run knows besides the debtor: the instant, the ladders and the guard's policy. */
export type DecideContext = {
  at: string;
  ladders: readonly StoredLadder[];
  windows: ChannelWindows;
  caps: FrequencyCaps;
  /**
   * Share one across the debtors of a run (a new Map): the send instants per (uf, zone,
   * channel) for this `at` are then worked out once (they are kept beside it, not in it).
   */
  sendAtCache?: Map<string, string | null>;
  /** The exit point's costs and recovery rates; absent or null = no step is skipped for cost. */
  exitPoint?: ExitPointPolicy | null;
};

/** One debt inside a planned action. */
export type PlannedDebt = {
  debtId: number;
  externalId: string;
  dueDate: string;
  ladderId: string;
  stepId: string;
  priorNotice: boolean;
  superseded: string[];
};

/** A message or measure to write (or, when `existingActionId` is set, one already written today). */
export type PlannedAction = {
  existingActionId: number | null;
  channel: Channel;
  ladderId: string;
  ladderVersion: number | null;
  stepId: string;
  stage: string;
  localDay: string;
  sendAt: string;
  status: "planned" | "awaiting_approval";
  contactId: number | null;
  idempotencyKey: string;
  debts: PlannedDebt[];
};

export type SkippedGroup = {
  channel: Channel;
  stepId: string;
  reason: SkipReason;
  debts: { debtId: number; externalId: string; dueDate: string }[];
};

export type StepOutcome = "performed" | "superseded" | "planned" | "skipped" | "future";

/** One step of one debt, as `explain` shows it. */
export type StepTrace = {
  stepId: string;
  offsetDays: number;
  day: string;
  channel: Channel;
  stage: string;
  template: string | null;
  outcome: StepOutcome;
  sendAt?: string;
  reason?: SkipReason;
  actionId?: number;
  actionStatus?: string;
  /** The rule that decided, in plain Portuguese. */
  rule: string;
};

export type LadderVia = "debt" | "debtor" | "segment" | "tag" | "default";

export type DebtTrace = {
  debtId: number;
  externalId: string;
  ladder: { id: string; name: string; version: number; via: LadderVia } | null;
  note: string | null;
  steps: StepTrace[];
};

export type DebtorDecision = {
  localDay: string;
  planned: PlannedAction[];
  skipped: SkippedGroup[];
  /** Filled only with `trace: true`. */
  traces: DebtTrace[];
};

/** Statuses of an action that count as the step having been taken (cancelled ones do not: the step is owed again). */
export function isTakenStatus(status: string): boolean {
  return status !== "cancelled";
}

/** A prior notice counts once its action is on its way or done, not when cancelled, rejected or failed. */
const NOTICE_STATUSES = new Set(["planned", "sending", "sent", "uncertain"]);

/** The actions that count towards frequency caps: everything not cancelled or rejected. */
function countsAsContact(status: string): boolean {
  return status !== "cancelled" && status !== "rejected";
}

/** debtor + step + channel + local day, sortable by day and debtor. */
export function idempotencyKeyOf(localDay: string, debtorId: number, channel: string, ladderId: string, stepId: string): string {
  return `${localDay}:${String(debtorId).padStart(12, "0")}:${channel}:${ladderId}/${stepId}`;
}

/** Which ladder a debt follows, and why. */
export function resolveLadder(
  ladders: readonly StoredLadder[],
  debtor: { ladderId: string | null; segment: string | null; tags: readonly string[] },
  debt: { ladderId: string | null },
): { stored: StoredLadder; via: LadderVia } | null {
  if (ladders.length === 0) return null;
  if (debt.ladderId) {
    const own = ladders.find((l) => l.ladder.id === debt.ladderId);
    if (own) return { stored: own, via: "debt" };
  }
  if (debtor.ladderId) {
    const own = ladders.find((l) => l.ladder.id === debtor.ladderId);
    if (own) return { stored: own, via: "debtor" };
  }
  for (const l of ladders) {
    const a = l.ladder.assign;
    if (!a) continue;
    if (a.segments && debtor.segment !== null && a.segments.includes(debtor.segment)) return { stored: l, via: "segment" };
    if (a.tags && a.tags.some((t) => debtor.tags.includes(t))) return { stored: l, via: "tag" };
  }
  return { stored: ladders[0]!, via: "default" };
}

/** The first unmet condition of a step, as a Portuguese sentence, or null when all hold. */
export function unmetCondition(c: StepConditions | undefined, debt: { openCents: number }, debtor: { segment: string | null; tags: readonly string[]; riskBand: string | null }): string | null {
  if (!c) return null;
  if (c.minOpenCents !== undefined && debt.openCents < c.minOpenCents) return `saldo em aberto ${formatCents(debt.openCents)} abaixo do mínimo da etapa, ${formatCents(c.minOpenCents)}`;
  if (c.maxOpenCents !== undefined && debt.openCents > c.maxOpenCents) return `saldo em aberto ${formatCents(debt.openCents)} acima do máximo da etapa, ${formatCents(c.maxOpenCents)}`;
  if (c.segments && (debtor.segment === null || !c.segments.includes(debtor.segment))) return `segmento ${debtor.segment ? `"${debtor.segment}"` : "não informado"} fora dos da etapa (${c.segments.join(", ")})`;
  if (c.tags && !c.tags.some((t) => debtor.tags.includes(t))) return `o devedor não tem nenhuma das etiquetas da etapa (${c.tags.join(", ")})`;
  if (c.riskBands && !isRiskBandIn(debtor.riskBand, c.riskBands)) return `faixa de risco ${debtor.riskBand ? `"${debtor.riskBand}"` : "não informada"} fora das da etapa (${c.riskBands.join(", ")})`;
  return null;
}

type Candidate = {
  debt: DebtFacts;
  stored: StoredLadder;
  step: LadderStep;
  index: number;
  superseded: string[];
  reason: SkipReason | null;
  why: string | null;
};

type StepSlot = { step: LadderStep; index: number; dayNumber: number };

const ORDERED = new WeakMap<Ladder, { step: LadderStep; index: number }[]>();
/** The ladder's steps in order, computed once per ladder object (a run decides a million debts on a handful of ladders). */
function stepsOf(ladder: Ladder): { step: LadderStep; index: number }[] {
  let steps = ORDERED.get(ladder);
  if (!steps) ORDERED.set(ladder, (steps = orderedSteps(ladder)));
  return steps;
}

// Shared empty values of the common case (read only: never written to).
const NO_HISTORY: readonly HistoryFacts[] = Object.freeze([]);
const NO_HISTORY_BY_DEBT = new Map<number, HistoryFacts[]>();
const NO_STEPS = new Map<string, HistoryFacts>();
const NO_TAGS: readonly string[] = Object.freeze([]);
const NO_OWN_LADDER = Object.freeze({ ladderId: null });

const DAY_NUMBERS = new Map<string, number>();
/** `dayNumber`, remembered: a portfolio has a few hundred distinct due dates and a million debts. */
function dayNumberOf(date: string): number {
  let n = DAY_NUMBERS.get(date);
  if (n === undefined) {
    n = dayNumber(date);
    if (DAY_NUMBERS.size >= 100_000) DAY_NUMBERS.clear();
    DAY_NUMBERS.set(date, n);
  }
  return n;
}

/** Send instants by UF, zone and channel (the first allowed instant of the channel's window). */
type SendAtTree = Map<string, Map<string, Map<string, string | null>>>;
const SEND_AT_TREES = new WeakMap<object, SendAtTree>();
function sendAtTreeOf(ctx: DecideContext): SendAtTree {
  if (!ctx.sendAtCache) return new Map();
  let tree = SEND_AT_TREES.get(ctx.sendAtCache);
  if (!tree) SEND_AT_TREES.set(ctx.sendAtCache, (tree = new Map()));
  return tree;
}
function sendAtOf(tree: SendAtTree, ctx: DecideContext, uf: string, timeZone: string, channel: Channel): string | null {
  let byZone = tree.get(uf);
  if (!byZone) tree.set(uf, (byZone = new Map()));
  let byChannel = byZone.get(timeZone);
  if (!byChannel) byZone.set(timeZone, (byChannel = new Map()));
  let sendAt = byChannel.get(channel);
  if (sendAt === undefined) byChannel.set(channel, (sendAt = nextContactInstant(ctx.at, uf, windowsFor(ctx.windows, channel), timeZone)));
  return sendAt;
}

const LOCAL_DAYS = new Map<string, Map<string, string>>();
/** `localDateOf` of an ISO instant, remembered: a run asks about the same few instants (its own, the send instants) in four zones. */
function localDayOf(instant: string, timeZone: string): string {
  let byZone = LOCAL_DAYS.get(instant);
  if (!byZone) {
    if (LOCAL_DAYS.size >= 1000) LOCAL_DAYS.clear();
    LOCAL_DAYS.set(instant, (byZone = new Map()));
  }
  let day = byZone.get(timeZone);
  if (day === undefined) byZone.set(timeZone, (day = localDateOf(new Date(instant), timeZone)));
  return day;
}

/**
 * Decides what one debtor gets on this run. `trace` also returns, per debt and step, what
 * happened or will happen and the rule that decided it.
 */
export function decideActions(debtor: DebtorFacts, ctx: DecideContext, options: { trace?: boolean } = {}): DebtorDecision {
  const today = localDayOf(ctx.at, debtor.timeZone);
  const todayNumber = dayNumberOf(today);
  const trace = options.trace === true;
  const traces: DebtTrace[] = [];
  const candidates: Candidate[] = [];

  // (A run decides a million debtors: the common case, no history, allocates nothing here.)
  const historyByDebt = debtor.history.length === 0 ? NO_HISTORY_BY_DEBT : new Map<number, HistoryFacts[]>();
  for (const h of debtor.history) {
    let list = historyByDebt.get(h.debtId);
    if (!list) historyByDebt.set(h.debtId, (list = []));
    list.push(h);
  }
  // The debtor's tags that exempt it from a ladder, for the last ladder looked at.
  let exemptLadder: Ladder | null = null;
  let exempt: readonly string[] = NO_TAGS;
  // The ladder of the debts without their own (most of them): resolved once per debtor.
  let debtorLadder: ReturnType<typeof resolveLadder> | undefined;

  for (let d = 0; d < debtor.debts.length; d++) {
    const debt = debtor.debts[d]!;
    const own = debt.ladderId ? ctx.ladders.find((l) => l.ladder.id === debt.ladderId) : undefined;
    const resolved = own ? { stored: own, via: "debt" as const } : (debtorLadder ??= resolveLadder(ctx.ladders, debtor, NO_OWN_LADDER));
    if (!resolved) {
      if (trace) traces.push({ debtId: debt.id, externalId: debt.externalId, ladder: null, note: "O credor não tem régua cadastrada: nada é planejado.", steps: [] });
      continue;
    }
    const { stored, via } = resolved;
    const ladder = stored.ladder;
    const history = historyByDebt.get(debt.id) ?? NO_HISTORY;
    // Steps taken for this debt on this ladder: the latest action of each step that was not cancelled.
    const taken = history.length === 0 ? NO_STEPS : new Map<string, HistoryFacts>();
    const cancelled = history.length === 0 ? NO_STEPS : new Map<string, HistoryFacts>();
    for (const h of history) {
      if (h.ladderId !== ladder.id || h.stepId === null) continue;
      const into = isTakenStatus(h.status) ? taken : cancelled;
      const known = into.get(h.stepId);
      if (!known || known.actionId < h.actionId) into.set(h.stepId, h);
    }
    const dueNumber = dayNumberOf(debt.dueDate);
    const steps = stepsOf(ladder);
    let lastTakenOffset = Number.NEGATIVE_INFINITY;
    if (taken.size > 0) for (const { step } of steps) if (taken.has(step.id) && step.offsetDays > lastTakenOffset) lastTakenOffset = step.offsetDays;
    // The latest arrived day among untaken steps not older than the last taken one.
    let currentOffset: number | null = null;
    for (const { step } of steps) {
      if (dueNumber + step.offsetDays > todayNumber || taken.has(step.id) || step.offsetDays < lastTakenOffset) continue;
      if (currentOffset === null || step.offsetDays > currentOffset) currentOffset = step.offsetDays;
    }

    if (currentOffset !== null) {
      if (exemptLadder !== ladder) {
        exemptLadder = ladder;
        exempt = ladder.exemptTags ? ladder.exemptTags.filter((t) => debtor.tags.includes(t)) : NO_TAGS;
      }
      // Steps are in day order: the superseded ones (the untaken steps between the last taken
      // one and today's, recorded once, with the debt's first current step) come before today's.
      let superseded: string[] | undefined;
      let first = true;
      for (let i = 0; i < steps.length; i++) {
        const { step, index } = steps[i]!;
        if (dueNumber + step.offsetDays > todayNumber || taken.has(step.id)) continue;
        if (step.offsetDays < currentOffset) {
          if (step.offsetDays >= lastTakenOffset) (superseded ??= []).push(step.id);
          continue;
        }
        if (step.offsetDays !== currentOffset) continue;
        const { reason, why } = guardOf(debtor, debt, ladder, step, today, history, exempt, ctx.exitPoint ?? null, todayNumber - dueNumber, trace);
        candidates.push({ debt, stored, step, index, superseded: (first && superseded) || [], reason, why });
        first = false;
      }
    }

    if (trace) {
      const slots: StepSlot[] = steps.map(({ step, index }) => ({ step, index, dayNumber: dueNumber + step.offsetDays }));
      const current = currentOffset === null ? [] : slots.filter((s) => s.step.offsetDays === currentOffset && s.dayNumber <= todayNumber && !taken.has(s.step.id));
      traces.push({
        debtId: debt.id,
        externalId: debt.externalId,
        ladder: { id: ladder.id, name: ladder.name, version: stored.version, via },
        note: null,
        steps: slots.map((s) => {
          const base = { stepId: s.step.id, offsetDays: s.step.offsetDays, day: dateOfDayNumber(s.dayNumber), channel: s.step.channel, stage: s.step.stage, template: s.step.template ?? null };
          const done = taken.get(s.step.id);
          if (done) return { ...base, outcome: "performed" as const, actionId: done.actionId, actionStatus: done.status, rule: performedRule(done, debtor.timeZone) };
          if (s.dayNumber > todayNumber) return { ...base, outcome: "future" as const, rule: futureRule(s.step, base.day) };
          if (current.includes(s)) return { ...base, outcome: "skipped" as const, rule: "" }; // filled in below
          const by = current[0] ?? slots.find((o) => taken.has(o.step.id) && o.step.offsetDays >= s.step.offsetDays && o !== s);
          const lost = cancelled.get(s.step.id);
          return { ...base, outcome: "superseded" as const, rule: supersededRule(by?.step, lost) };
        }),
      });
    }
  }

  const decision: DebtorDecision = { localDay: today, planned: [], skipped: [], traces };
  const contacts = existingContacts(debtor);
  reemitToday(debtor, today, decision);

  // Group what passed by channel; what did not, by channel and reason (groups in order of first appearance).
  const passing: Candidate[][] = [];
  const failing: Candidate[][] = [];
  for (const c of candidates) {
    if (c.reason === null) addToGroup(passing, c);
    else addToGroup(failing, c);
  }

  const sendAts = passing.length === 0 ? null : sendAtTreeOf(ctx);
  sortSmall(passing, byGroupChannel);
  for (let g = 0; g < passing.length; g++) {
    const group = passing[g]!;
    const channel = group[0]!.step.channel;
    const top = group.reduce(higherStep);
    const sendAt = sendAtOf(sendAts!, ctx, debtor.uf, debtor.timeZone, channel);
    let capWhy: string | null = null;
    let sendDay = "";
    if (sendAt === null) {
      capWhy = `nenhuma janela de contato de ${CHANNEL_LABELS[channel]} abre nos próximos 30 dias (configuração do credor)`;
    } else {
      sendDay = localDayOf(sendAt, debtor.timeZone);
      const hit = capReached(ctx.caps, channel, countContacts(contacts, channel, sendDay));
      if (hit) capWhy = capRule(hit, channel, sendDay);
    }
    if (capWhy !== null || sendAt === null) {
      for (const c of group) {
        c.reason = "frequency_cap";
        c.why = capWhy;
        addToGroup(failing, c);
      }
      continue;
    }
    const debts = group.map(plannedDebtOf);
    sortSmall(debts, byDue);
    const planned: PlannedAction = {
      existingActionId: null,
      channel,
      ladderId: top.stored.ladder.id,
      ladderVersion: top.stored.version,
      stepId: top.step.id,
      stage: top.step.stage,
      localDay: today,
      sendAt,
      status: APPROVAL_CHANNELS.includes(channel) ? "awaiting_approval" : "planned",
      contactId: contactFor(debtor, channel),
      idempotencyKey: idempotencyKeyOf(today, debtor.id, channel, top.stored.ladder.id, top.step.id) + replanSuffix(debtor.history, today, channel, top.step.id),
      debts,
    };
    decision.planned = appended(decision.planned, planned);
    // Counted by the channels still to decide (none after the last).
    if (g < passing.length - 1) contacts.push({ channel, sendDay });
  }

  // By channel, then reason in SKIP_REASONS order.
  sortSmall(failing, byGroupChannelAndReason);
  for (const group of failing) {
    const top = group.reduce(higherStep);
    const debts = group.map(skippedDebtOf);
    sortSmall(debts, byDue);
    decision.skipped = appended(decision.skipped, { channel: top.step.channel, stepId: top.step.id, reason: top.reason!, debts });
  }

  // Today's plan in channel order, whether written by this run or an earlier one of the same day.
  sortSmall(decision.planned, byChannelThenExisting);
  if (trace) fillCurrentRules(decision, candidates, debtor.timeZone);
  return decision;
}

function byDue(a: { dueDate: string; externalId: string }, b: { dueDate: string; externalId: string }): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}

const CHANNEL_ORDER: readonly string[] = ["email", "sms", "whatsapp", "letter", "phone", "credit_bureau", "protest", "legal"];
function byChannel(a: string, b: string): number {
  return CHANNEL_ORDER.indexOf(a) - CHANNEL_ORDER.indexOf(b);
}
function higherStep(a: Candidate, b: Candidate): Candidate {
  return compareSteps(a, b) >= 0 ? a : b;
}
function plannedDebtOf(c: Candidate): PlannedDebt {
  return { debtId: c.debt.id, externalId: c.debt.externalId, dueDate: c.debt.dueDate, ladderId: c.stored.ladder.id, stepId: c.step.id, priorNotice: c.step.priorNotice === true, superseded: c.superseded };
}
function skippedDebtOf(c: Candidate): { debtId: number; externalId: string; dueDate: string } {
  return { debtId: c.debt.id, externalId: c.debt.externalId, dueDate: c.debt.dueDate };
}
function byChannelThenExisting(a: PlannedAction, b: PlannedAction): number {
  return byChannel(a.channel, b.channel) || Number(a.existingActionId === null) - Number(b.existingActionId === null);
}
/** `list` with `item` at the end: a one-element list is made to size (a push into an empty one reserves room for 17). */
function appended<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/** `list.sort(compare)` (stable), without its temporary copies for the one- and two-element lists a debtor mostly has. */
function sortSmall<T>(list: T[], compare: (a: T, b: T) => number): void {
  if (list.length > 2) list.sort(compare);
  else if (list.length === 2 && compare(list[0]!, list[1]!) > 0) list.reverse();
}

/** Puts a candidate in the group of its channel and reason (null = passing), a new group at the end if none. */
function addToGroup(groups: Candidate[][], c: Candidate): void {
  for (const g of groups) {
    const first = g[0]!;
    if (first.step.channel === c.step.channel && first.reason === c.reason) {
      g.push(c);
      return;
    }
  }
  groups.push([c]);
}
function byGroupChannel(a: readonly Candidate[], b: readonly Candidate[]): number {
  return byChannel(a[0]!.step.channel, b[0]!.step.channel);
}
function byGroupChannelAndReason(a: readonly Candidate[], b: readonly Candidate[]): number {
  return byGroupChannel(a, b) || SKIP_REASONS.indexOf(a[0]!.reason!) - SKIP_REASONS.indexOf(b[0]!.reason!);
}

type GuardResult = { reason: SkipReason | null; why: string | null };
const PASSES: GuardResult = Object.freeze({ reason: null, why: null });
/** Without `explain`, the reason alone (one shared value per reason: the sentences are for explain). */
const BARE = Object.fromEntries(SKIP_REASONS.map((r) => [r, Object.freeze({ reason: r, why: null })])) as Record<SkipReason, GuardResult>;

/** The guard for one (debt, step), rules in SKIP_REASONS order: the first that fails, with why when `explain`. */
function guardOf(
  debtor: DebtorFacts, debt: DebtFacts, ladder: Ladder, step: LadderStep, today: string, history: readonly HistoryFacts[], exempt: readonly string[],
  exitPoint: ExitPointPolicy | null, daysLate: number, explain: boolean,
): GuardResult {
  const channel = step.channel;
  if (debt.status === "disputed") return explain ? { reason: "disputed", why: "título em contestação: a cobrança fica suspensa até a contestação ser resolvida" } : BARE.disputed;
  if (isPausedOn(debt.pause, today)) return explain ? { reason: "paused", why: `cobrança deste título pausada desde ${formatInstantDay(debt.pause.pausedAt!, debtor.timeZone)}` } : BARE.paused;
  if (isPausedOn(debtor.pause, today)) return explain ? { reason: "paused", why: `cobrança do devedor pausada desde ${formatInstantDay(debtor.pause.pausedAt!, debtor.timeZone)}` } : BARE.paused;
  if (exempt.length > 0) return explain ? { reason: "exempt", why: `devedor isento pela etiqueta ${exempt.map((t) => `"${t}"`).join(", ")} (régua "${ladder.name}")` } : BARE.exempt;
  if (debt.status === "in_agreement") return explain ? { reason: "in_agreement", why: "título incluído em acordo: a régua não cobra o título original enquanto o acordo vigora" } : BARE.in_agreement;
  const unmet = unmetCondition(step.conditions, debt, debtor);
  if (unmet) return explain ? { reason: "condition_not_met", why: `condição da etapa não atendida: ${unmet}` } : BARE.condition_not_met;
  if (exitPoint) {
    const check = checkExitPoint(exitPoint, step, debt.openCents, daysLate);
    if (check.below) return explain ? { reason: "below_exit_point", why: exitPointWhy(check) } : BARE.below_exit_point;
  }
  if (channel === "phone" && isTooOldForPhone(debt.dueDate, today)) {
    return explain ? { reason: "too_old_for_phone", why: `vencido há ${diffDays(today, debt.dueDate)} dias: cobrança por telefone só até ${PHONE_MAX_DAYS_OVERDUE} dias de atraso` } : BARE.too_old_for_phone;
  }
  if (channel === "credit_bureau" && isTooOldForCreditBureau(debt.dueDate, today)) {
    return explain
      ? { reason: "too_old_for_credit_bureau", why: `vencido há mais de 5 anos: negativação só até ${formatDateBr(creditBureauDeadline(debt.dueDate))} (CDC art. 43, §1º e §5º)` }
      : BARE.too_old_for_credit_bureau;
  }
  if (debtor.optOuts.size > 0 && MESSAGE_CHANNELS.includes(channel) && (debtor.optOuts.has(channel) || debtor.optOuts.has("all"))) {
    return explain ? { reason: "opted_out", why: `o devedor pediu para não receber ${CHANNEL_LABELS[channel]}` } : BARE.opted_out;
  }
  if (NOTICE_REQUIRED_CHANNELS.includes(channel)) {
    let ok = false;
    for (const h of history) {
      if (h.priorNotice && NOTICE_STATUSES.has(h.status) && diffDays(today, localDayOf(h.sendAt, debtor.timeZone)) >= ladder.priorNoticeDays) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      if (!explain) return BARE.missing_prior_notice;
      const noticeDays = history.filter((h) => h.priorNotice && NOTICE_STATUSES.has(h.status)).map((h) => localDateOf(new Date(h.sendAt), debtor.timeZone));
      const latest = noticeDays.sort().at(-1);
      return {
        reason: "missing_prior_notice",
        why: latest
          ? `a notificação prévia por escrito foi em ${formatDateBr(latest)}, menos de ${ladder.priorNoticeDays} dias antes (CDC art. 43, §2º)`
          : `falta a notificação prévia por escrito, realizada pelo menos ${ladder.priorNoticeDays} dias antes (CDC art. 43, §2º)`,
      };
    }
  }
  const kind = CONTACT_KIND_OF_CHANNEL[channel];
  if (kind && contactFor(debtor, channel) === null && !(channel === "letter" && debtor.hasAddress)) {
    return explain ? { reason: "no_valid_contact", why: `nenhum contato válido de ${KIND_LABELS[kind]} (contatos inválidos nunca são usados)` } : BARE.no_valid_contact;
  }
  return PASSES;
}

const KIND_LABELS: Record<string, string> = { email: "e-mail", phone: "telefone", whatsapp: "WhatsApp", address: "endereço" };

/** The contact a channel uses: a valid one before an unverified one, the oldest first; never an invalid one. */
export function contactFor(debtor: Pick<DebtorFacts, "contacts">, channel: Channel): number | null {
  const kind = CONTACT_KIND_OF_CHANNEL[channel];
  if (!kind) return null;
  let best: ContactFacts | null = null;
  for (const c of debtor.contacts) {
    if (c.kind !== kind || c.validity === "invalid") continue;
    if (!best || (c.validity === "valid" && best.validity !== "valid") || ((c.validity === "valid") === (best.validity === "valid") && c.id < best.id)) best = c;
  }
  return best ? best.id : null;
}

/**
 * A payment or a pause cancels an action; when the same message is planned again the same
 * day (a resume, the debts still due), its key gets "#2", "#3"…: deterministic, so two
 * runs still cannot write it twice, and distinct from the cancelled one's.
 */
function replanSuffix(history: readonly HistoryFacts[], today: string, channel: string, stepId: string): string {
  let cancelled: Set<number> | null = null;
  for (const h of history) if (h.status === "cancelled" && h.localDay === today && h.channel === channel && h.actionStepId === stepId) (cancelled ??= new Set()).add(h.actionId);
  return cancelled === null ? "" : `#${cancelled.size + 1}`;
}

type ExistingContact = { channel: string; sendDay: string };

/** Every action the person already has (this creditor's and other creditors'), by local send day. */
function existingContacts(debtor: DebtorFacts): ExistingContact[] {
  const out: ExistingContact[] = [];
  if (debtor.history.length === 0 && debtor.otherContacts.length === 0) return out;
  const seen = new Set<number>();
  for (const h of debtor.history) {
    if (seen.has(h.actionId) || !countsAsContact(h.status)) continue;
    seen.add(h.actionId);
    out.push({ channel: h.channel, sendDay: localDayOf(h.sendAt, debtor.timeZone) });
  }
  for (const o of debtor.otherContacts) out.push({ channel: o.channel, sendDay: localDayOf(o.sendAt, debtor.timeZone) });
  return out;
}

function countContacts(contacts: readonly ExistingContact[], channel: string, sendDay: string): ContactCounts {
  const counts: ContactCounts = { channelToday: 0, channelWeek: 0, totalToday: 0, totalWeek: 0 };
  if (contacts.length === 0) return counts;
  const weekStart = addDays(sendDay, -6);
  const isMessage = (MESSAGE_CHANNELS as readonly string[]).includes(channel);
  for (const c of contacts) {
    if (c.sendDay > sendDay || c.sendDay < weekStart) continue;
    const today = c.sendDay === sendDay;
    if (c.channel === channel) {
      counts.channelWeek++;
      if (today) counts.channelToday++;
    }
    // Totals count messages only: a listing or a protest is not a contact with the person.
    if (isMessage && (MESSAGE_CHANNELS as readonly string[]).includes(c.channel)) {
      counts.totalWeek++;
      if (today) counts.totalToday++;
    }
  }
  return counts;
}

/** Actions already written today for this debtor are part of today's plan: reported again, never written twice. */
function reemitToday(debtor: DebtorFacts, today: string, decision: DebtorDecision): void {
  let byAction: Map<number, HistoryFacts[]> | undefined;
  for (const h of debtor.history) {
    if (h.localDay !== today || h.status === "cancelled" || h.status === "rejected") continue;
    byAction ??= new Map();
    let list = byAction.get(h.actionId);
    if (!list) byAction.set(h.actionId, (list = []));
    list.push(h);
  }
  if (!byAction) return;
  const open = new Map(debtor.debts.map((d) => [d.id, d]));
  for (const [actionId, rows] of [...byAction].sort((a, b) => a[0] - b[0])) {
    const debts = rows.filter((r) => open.has(r.debtId)).map((r) => {
      const d = open.get(r.debtId)!;
      return { debtId: d.id, externalId: d.externalId, dueDate: d.dueDate, ladderId: r.ladderId ?? "", stepId: r.stepId ?? r.actionStepId, priorNotice: r.priorNotice, superseded: [] };
    });
    if (debts.length === 0) continue;
    const first = rows[0]!;
    decision.planned = appended(decision.planned, {
      existingActionId: actionId,
      channel: first.channel as Channel,
      ladderId: first.ladderId ?? "",
      ladderVersion: null,
      stepId: first.actionStepId,
      stage: "",
      localDay: first.localDay,
      sendAt: first.sendAt,
      status: first.status === "awaiting_approval" ? "awaiting_approval" : "planned",
      contactId: null,
      idempotencyKey: "",
      debts: debts.sort(byDue),
    });
  }
}

// ---- Rules in plain Portuguese (explain) ------------------------------------------------

const STATUS_LABELS: Record<string, string> = {
  planned: "planejado, aguardando envio",
  awaiting_approval: "aguardando aprovação do gestor",
  sending: "em envio",
  sent: "enviado",
  failed: "falhou",
  rejected: "recusado pelo gestor",
  uncertain: "envio incerto, em revisão",
};

function formatInstantDay(iso: string, timeZone: string): string {
  return formatDateBr(localDateOf(new Date(iso), timeZone));
}

/** "02/06/2025 às 08:00 (horário local)". */
export function formatLocalInstant(iso: string, timeZone: string): string {
  const p = localPartsOf(new Date(iso), timeZone);
  return `${formatDateBr(p.date)} às ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")} (horário local)`;
}

function performedRule(h: HistoryFacts, timeZone: string): string {
  const grouped = h.actionStepId !== h.stepId ? ` (na mensagem da etapa "${h.actionStepId}", agrupada com outros títulos)` : "";
  return `Realizada: acionamento #${h.actionId} de ${formatDateBr(h.localDay)}, ${STATUS_LABELS[h.status] ?? h.status}, envio previsto para ${formatLocalInstant(h.sendAt, timeZone)}${grouped}.`;
}

function futureRule(step: LadderStep, day: string): string {
  const rel = step.offsetDays === 0 ? "no dia do vencimento" : step.offsetDays < 0 ? `${-step.offsetDays} dia(s) antes do vencimento` : `${step.offsetDays} dia(s) após o vencimento`;
  return `Futura: o dia desta etapa é ${formatDateBr(day)} (${rel}).`;
}

function supersededRule(by: LadderStep | undefined, lost: HistoryFacts | undefined): string {
  const cancelled = lost ? ` O acionamento #${lost.actionId} desta etapa foi cancelado${lost.cancelReason ? ` (${lost.cancelReason})` : ""}.` : "";
  const who = by ? `a etapa "${by.id}" (dia ${by.offsetDays >= 0 ? "+" : ""}${by.offsetDays}) é mais recente` : "uma etapa mais recente já foi alcançada";
  return `Substituída: o dia desta etapa passou sem envio e ${who}; a régua não manda lembretes atrasados.${cancelled}`;
}

function capRule(hit: CapHit, channel: Channel, sendDay: string): string {
  const day = formatDateBr(sendDay);
  switch (hit.cap) {
    case "per_day":
      return `limite de ${hit.limit} mensagem(ns) de ${CHANNEL_LABELS[channel]} por dia já atingido em ${day}`;
    case "per_week":
      return `limite de ${hit.limit} acionamento(s) de ${CHANNEL_LABELS[channel]} em 7 dias já atingido (${hit.count} até ${day})`;
    case "total_per_day":
      return `limite de ${hit.limit} mensagem(ns) por dia, somando os canais, já atingido em ${day}`;
    case "total_per_week":
      return `limite de ${hit.limit} mensagem(ns) em 7 dias, somando os canais, já atingido (${hit.count} até ${day})`;
  }
}

function fillCurrentRules(decision: DebtorDecision, candidates: readonly Candidate[], timeZone: string): void {
  const plannedBy = new Map<string, PlannedAction>();
  for (const p of decision.planned) for (const d of p.debts) if (p.existingActionId === null) plannedBy.set(`${d.debtId}|${d.stepId}`, p);
  for (const c of candidates) {
    const t = decision.traces.find((x) => x.debtId === c.debt.id)?.steps.find((s) => s.stepId === c.step.id);
    if (!t) continue;
    const p = plannedBy.get(`${c.debt.id}|${c.step.id}`);
    if (c.reason === null && p) {
      t.outcome = "planned";
      t.sendAt = p.sendAt;
      const grouped = p.debts.length > 1 ? ` Vai numa só mensagem com ${p.debts.length - 1} outro(s) título(s), com o modelo da etapa "${p.stepId}".` : "";
      const approval = p.status === "awaiting_approval" ? " Aguarda aprovação do gestor antes de qualquer envio." : "";
      t.rule = `Planejada para ${formatLocalInstant(p.sendAt, timeZone)}: é a etapa mais recente já alcançada e ainda não realizada; o envio é no primeiro horário permitido da janela de contato.${grouped}${approval}`;
    } else {
      t.outcome = "skipped";
      t.reason = c.reason ?? "frequency_cap";
      t.rule = `Não enviada (${t.reason}): ${c.why ?? ""}.`;
    }
  }
}
