import { CHANNELS, type Channel } from "../../domain/ladder/channels.ts";
import { SKIP_REASONS, resolveLadder, type SkipReason, type StoredLadder } from "../../domain/ladder/decide-actions.ts";
import type { LadderIssue } from "../../domain/ladder/ladder-document.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { loadCurrentLadders, validateLadder } from "./ladders.ts";
import { runLadder } from "./run-ladder.ts";

export type SimulationInput = {
  /** The ladder document being edited (validated as saving would). */
  document: unknown;
  /** ISO instant with offset; absent = now. */
  at?: string;
  /** Simulate it as the creditor's default ladder. */
  makeDefault?: boolean;
  /** Planned entries to return as a sample (default 50, at most 200). */
  sampleSize?: number;
};

export type SimulationSample = {
  debtorId: string;
  debtorName: string;
  debtorDocument: string;
  /** The debtor's time zone: the send instant is shown in the debtor's local time. */
  timeZone: string;
  debtExternalIds: string[];
  stepId: string;
  stage: string;
  channel: Channel;
  sendAt: string;
  status: "planned" | "awaiting_approval";
};

export type SimulationResult = {
  at: string;
  ladder: { id: string; name: string; isDefault: boolean; stored: boolean };
  /** Debtors and open debts that follow this ladder on that day. */
  debtors: number;
  debts: number;
  planned: number;
  awaitingApproval: number;
  skipped: number;
  byChannel: { channel: Channel; planned: number; skipped: number }[];
  byReason: { reason: SkipReason; count: number }[];
  sample: SimulationSample[];
  warnings: LadderIssue[];
};

/**
 * What an unsaved ladder would do on a day across the real portfolio: the creditor's stored
 * ladders with this document in place of its stored version (or added, as default when
 * asked), planned by the daily run itself — dry, nothing written — and counted for the debts
 * that follow this ladder only.
 */
export async function simulateLadder(deps: AppDeps, actor: Actor, creditorId: string, input: SimulationInput): Promise<SimulationResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "ladder.run");
  const { ladder, warnings } = validateLadder(input.document);
  const stored = await loadCurrentLadders(deps.database.db, scope.creditorId);
  const existing = stored.find((l) => l.ladder.id === ladder.id);
  const positions = stored.map((l) => l.position);
  const minPosition = positions.length ? Math.min(...positions) : 0;
  const position = input.makeDefault ? minPosition - 1 : existing ? existing.position : positions.length ? Math.max(...positions) + 1 : 0;
  const candidate: StoredLadder = { ladder, version: existing ? existing.version + 1 : 1, position };
  const ladders = [...stored.filter((l) => l.ladder.id !== ladder.id), candidate].sort((a, b) => a.position - b.position || (a.ladder.id < b.ladder.id ? -1 : 1));
  const isDefault = ladders[0] === candidate;

  const sampleSize = Math.min(Math.max(input.sampleSize ?? 50, 0), 200);
  const channels = new Map<Channel, { planned: number; skipped: number }>();
  const reasons = new Map<SkipReason, number>();
  const sample: (Omit<SimulationSample, "debtorName"> & { id: number })[] = [];
  const counts = { debtors: 0, debts: 0, planned: 0, awaitingApproval: 0, skipped: 0 };
  const channelCount = (c: Channel) => {
    let n = channels.get(c);
    if (!n) channels.set(c, (n = { planned: 0, skipped: 0 }));
    return n;
  };

  const { result } = await runLadder(deps, actor, scope.creditorId, {
    at: input.at,
    ladders,
    collect: false,
    onDecision: (facts, decision) => {
      const ladderOf = new Map<number, string>();
      for (const debt of facts.debts) {
        const id = resolveLadder(ladders, facts, debt)?.stored.ladder.id;
        if (id !== undefined) ladderOf.set(debt.id, id);
      }
      const own = facts.debts.filter((d) => ladderOf.get(d.id) === ladder.id).length;
      if (own === 0) return;
      counts.debtors++;
      counts.debts += own;
      for (const p of decision.planned) {
        if (p.ladderId !== ladder.id) continue;
        counts.planned++;
        if (p.status === "awaiting_approval") counts.awaitingApproval++;
        channelCount(p.channel).planned++;
        if (sample.length < sampleSize) {
          sample.push({
            id: facts.id, debtorId: String(facts.id), debtorDocument: facts.document, timeZone: facts.timeZone, debtExternalIds: p.debts.map((d) => d.externalId),
            stepId: p.stepId, stage: p.stage, channel: p.channel, sendAt: p.sendAt, status: p.status,
          });
        }
      }
      for (const s of decision.skipped) {
        const first = s.debts[0];
        if (!first || ladderOf.get(first.debtId) !== ladder.id) continue;
        counts.skipped++;
        channelCount(s.channel).skipped++;
        reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
      }
    },
  });

  const ids = [...new Set(sample.map((s) => s.id))];
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await deps.database.db.selectFrom("debtors").select(["id", "name"]).where("creditor_id", "=", scope.creditorId).where("id", "in", ids.slice(i, i + 500)).execute();
    for (const r of rows) names.set(Number(r.id), r.name);
  }
  return {
    at: result.at,
    ladder: { id: ladder.id, name: ladder.name, isDefault, stored: existing !== undefined },
    ...counts,
    byChannel: CHANNELS.filter((c) => channels.has(c)).map((c) => ({ channel: c, ...channels.get(c)! })),
    byReason: SKIP_REASONS.filter((r) => reasons.has(r)).map((r) => ({ reason: r, count: reasons.get(r)! })),
    sample: sample.map(({ id, ...s }) => ({ ...s, debtorName: names.get(id) ?? "" })),
    warnings,
  };
}
