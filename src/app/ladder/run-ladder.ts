import { addDays } from "../../domain/br/dates.ts";
import {
  SKIP_REASONS, decideActions, type DebtorDecision, type DebtorFacts, type DecideContext, type SkipReason, type StoredLadder,
} from "../../domain/ladder/decide-actions.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { loadExitPointPolicy } from "../exit-point/exit-point-config.ts";
import { loadContactPolicy } from "../holds/contact-policy.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { capsWindowStart, debtorFactsOf, outsideContactsOf } from "./debtor-facts.ts";
import { loadCurrentLadders } from "./ladders.ts";
import { openRunStore } from "./open-run-store.ts";
import type { NewAction } from "./run-store.ts";

/** A planned message or measure, as `regua run --json` prints it. */
export type PlannedEntry = { debtorDocument: string; debtExternalIds: string[]; stepId: string; channel: string; sendAt: string };
/** A step not taken today, and the first rule (in SKIP_REASONS order) that stopped it. */
export type SkippedEntry = { debtorDocument: string; debtExternalIds: string[]; stepId: string; channel: string; reason: SkipReason };

/** The run's contract: exactly these three keys. */
export type RunResult = { at: string; planned: PlannedEntry[]; skipped: SkippedEntry[] };

export type RunSummary = {
  creditorId: string;
  at: string;
  dryRun: boolean;
  debtors: number;
  debts: number;
  planned: number;
  skipped: number;
  /** Actions written by this run (0 on a dry run or a re-run of the same day). */
  written: number;
  /** Planned entries that were already written by an earlier run of the same local day. */
  alreadyPlanned: number;
  awaitingApproval: number;
  reasons: Record<SkipReason, number>;
};

export type RunInput = {
  /** ISO instant with offset; absent = now. */
  at?: string;
  dryRun?: boolean;
  /** Keep every entry for the result (default true); the scheduled job only wants the summary. */
  collect?: boolean;
  /** Debtors per batch (one transaction each). */
  batchSize?: number;
  /** Plan with these ladders instead of the stored ones (simulating an unsaved ladder): the run is then always dry. */
  ladders?: readonly StoredLadder[];
  /** Sees each debtor's decision as it is made (the simulation counts and samples without collecting everything). */
  onDecision?: (facts: DebtorFacts, decision: DebtorDecision) => void;
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--at` / `at`: an ISO-8601 instant naming its offset, normalised to UTC. */
export function parseAt(raw: string | undefined, now: Date): string {
  if (raw === undefined) return now.toISOString();
  const at = ISO_INSTANT.test(raw.trim()) ? new Date(raw.trim()) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new AppError("validation", `at: instante inválido (use ISO 8601 com fuso, ex.: 2025-06-02T13:00:00Z): ${raw}`, [{ field: "at", reason: "use ISO 8601 com fuso" }]);
  }
  return at.toISOString();
}

const DEFAULT_BATCH = 1000;

/**
 * The daily run of one creditor: walks its debtors in id order, in keyset batches of
 * `batchSize` debtors, one transaction each (idempotency key unique: a re-run writes nothing
 * twice). Inside a batch, debtors are read with everything the decision needs in chunks of
 * the store's `readChunk`, decided in pure code, and their actions written in order, in
 * statements of the store's `writeChunk` rows (the rest when the batch ends). A dry run reads
 * the same and writes nothing.
 */
export async function runLadder(deps: AppDeps, actor: Actor, creditorId: string, input: RunInput = {}): Promise<{ result: RunResult; summary: RunSummary }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "ladder.run");
  const { db } = deps.database;
  const at = parseAt(input.at, deps.clock.now());
  const dryRun = input.dryRun === true || input.ladders !== undefined;
  const collect = input.collect !== false;
  const reasons = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  const summary: RunSummary = { creditorId: scope.creditorId, at, dryRun, debtors: 0, debts: 0, planned: 0, skipped: 0, written: 0, alreadyPlanned: 0, awaitingApproval: 0, reasons };
  const result: RunResult = { at, planned: [], skipped: [] };

  const creditor = await db.selectFrom("creditors").select(["state"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const ladders = input.ladders ? [...input.ladders] : await loadCurrentLadders(db, scope.creditorId);
  if (ladders.length === 0) return { result, summary };
  const policy = await loadContactPolicy(db, scope.creditorId);
  const exitPoint = await loadExitPointPolicy(deps.database, scope.creditorId, at, deps.clock.now());
  const ctx: DecideContext = { at, ladders, windows: policy.windows, caps: policy.caps, sendAtCache: new Map(), exitPoint };

  // Debts due after this day cannot have reached any step (the earliest step may be before the due date).
  const earliestOffset = Math.min(0, ...ladders.flatMap((l) => l.ladder.steps.map((s) => s.offsetDays)));
  const dueUntil = addDays(at.slice(0, 10), 1 - earliestOffset);
  const capsSince = capsWindowStart(at);
  const batchSize = Math.max(1, input.batchSize ?? DEFAULT_BATCH);
  const now = deps.clock.now().toISOString();

  const store = await openRunStore(deps.database, scope.creditorId);
  try {
    const outside = await store.hasOutsideContacts(capsSince);
    let after = 0;
    let toWrite: NewAction[] = [];
    /** Writes the gathered actions in order: whole statements of `writeChunk` rows, and with `all` the rest too. */
    const flush = async (all: boolean) => {
      const n = all ? toWrite.length : toWrite.length - (toWrite.length % store.writeChunk);
      if (n === 0) return;
      summary.written += await store.writeActions(n === toWrite.length ? toWrite : toWrite.slice(0, n), now);
      toWrite = toWrite.slice(n);
    };
    /** Reads and decides up to `limit` debtors after `after` (writing whole statements' worth); false once past the last. */
    const step = async (limit: number): Promise<boolean> => {
      const raw = await store.loadBatch(after, limit, dueUntil);
      if (raw.debtors.length === 0) return false;
      after = raw.debtors[raw.debtors.length - 1]!.id;
      const others = await outsideContactsOf(store, raw.debtors.map((d) => d.document), capsSince, outside);
      for (const { facts } of debtorFactsOf(raw, creditor.state, others)) {
        if (facts.debts.length === 0) continue;
        summary.debtors++;
        summary.debts += facts.debts.length;
        const decision = decideActions(facts, ctx);
        input.onDecision?.(facts, decision);
        for (const p of decision.planned) {
          summary.planned++;
          if (p.status === "awaiting_approval") summary.awaitingApproval++;
          if (p.existingActionId !== null) summary.alreadyPlanned++;
          else if (!dryRun) toWrite.push({ debtorId: facts.id, planned: p });
          if (collect) result.planned.push({ debtorDocument: facts.document, debtExternalIds: p.debts.map((d) => d.externalId), stepId: p.stepId, channel: p.channel, sendAt: p.sendAt });
        }
        for (const s of decision.skipped) {
          summary.skipped++;
          reasons[s.reason]++;
          if (collect) result.skipped.push({ debtorDocument: facts.document, debtExternalIds: s.debts.map((d) => d.externalId), stepId: s.stepId, channel: s.channel, reason: s.reason });
        }
      }
      if (toWrite.length >= store.writeChunk) await flush(false);
      return raw.debtors.length === limit;
    };
    /** One batch of `batchSize` debtors, read in chunks; false once the last debtor was seen. */
    const batch = async (): Promise<boolean> => {
      let more = true;
      for (let done = 0; more && done < batchSize; done += store.readChunk) more = await step(Math.min(store.readChunk, batchSize - done));
      await flush(true);
      return more;
    };
    for (;;) {
      const more = dryRun ? await batch() : await store.transaction(batch);
      if (!more) break;
    }
  } finally {
    await store.close();
  }

  if (!dryRun) {
    const { reasons: r, ...counts } = summary;
    await recordAudit(db, actor, deps.clock.now(), {
      action: "ladder.run", entity: "run", entityId: at, creditorId: scope.creditorId,
      after: { ...counts, reasons: Object.fromEntries(Object.entries(r).filter(([, n]) => n > 0)) },
    });
  }
  return { result, summary };
}
