import { formatDateBr } from "../../domain/br/dates.ts";
import { formatCents } from "../../domain/br/money.ts";
import { decideActions, type DebtTrace, type StepTrace } from "../../domain/ladder/decide-actions.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { loadExitPointPolicy } from "../exit-point/exit-point-config.ts";
import { loadContactPolicy } from "../holds/contact-policy.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { capsWindowStart, debtorFactsOf, outsideContactsOf } from "./debtor-facts.ts";
import { debtorIdByDocument, loadCurrentLadders } from "./ladders.ts";
import { openRunStore } from "./open-run-store.ts";
import { parseAt, type PlannedEntry, type SkippedEntry } from "./run-ladder.ts";

export type ExplainDebt = {
  externalId: string;
  dueDate: string;
  openCents: number;
  status: string;
  ladder: DebtTrace["ladder"];
  /** Why nothing happens to this debt at all (settled, written off, no ladder), else null. */
  note: string | null;
  steps: StepTrace[];
};

export type Explanation = {
  at: string;
  debtor: { id: string; document: string; name: string; uf: string; timeZone: string; localDay: string; paused: boolean };
  debts: ExplainDebt[];
  /** What a run at `at` would plan and skip for this debtor (the run's entries). */
  planned: PlannedEntry[];
  skipped: SkippedEntry[];
};

const NOT_COLLECTED: Record<string, string> = {
  settled: "Título quitado: a régua não age sobre títulos pagos.",
  written_off: "Título baixado (perda): a régua não age sobre ele.",
};

/**
 * Why did (or didn't) this person get this message: for each debt and each step of its
 * ladder, what happened or will happen at `at` and the rule that decided, computed by the
 * same decision the run uses, without writing anything.
 */
export async function explainDebtor(deps: AppDeps, actor: Actor, creditorId: string, input: { debtorId?: string; document?: string; at?: string }): Promise<Explanation> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtorIdRaw = input.debtorId ?? (input.document !== undefined ? await debtorIdByDocument(deps, scope, input.document) : undefined);
  if (debtorIdRaw === undefined) throw new AppError("validation", "informe o devedor (documento ou id)", [{ field: "debtor", reason: "obrigatório" }]);
  const debtorId = parseId(debtorIdRaw, "Devedor");
  const at = parseAt(input.at, deps.clock.now());

  const store = await openRunStore(deps.database, scope.creditorId);
  let raw, others;
  try {
    raw = await store.loadDebtor(debtorId);
    // As the run counts them: another creditor's messages and calls made by hand count towards the caps.
    const since = capsWindowStart(at);
    others = await outsideContactsOf(store, raw.debtors.map((d) => d.document), since, true);
  } finally {
    await store.close();
  }
  const row = raw.debtors[0];
  if (!row) throw new AppError("not_found", "Devedor não encontrado.");
  const creditor = await db.selectFrom("creditors").select(["state"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  const ladders = await loadCurrentLadders(db, scope.creditorId);
  const policy = await loadContactPolicy(db, scope.creditorId);
  const [{ facts }] = debtorFactsOf(raw, creditor.state, others) as [ReturnType<typeof debtorFactsOf>[number]];
  const exitPoint = await loadExitPointPolicy(deps.database, scope.creditorId, at, deps.clock.now());
  const decision = decideActions(facts, { at, ladders, windows: policy.windows, caps: policy.caps, exitPoint }, { trace: true });

  const allDebts = await db
    .selectFrom("debts")
    .select(["id", "external_id", "due_date", "open_cents", "status"])
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", debtorId)
    .orderBy("due_date")
    .orderBy("external_id")
    .execute();
  const traceOf = new Map(decision.traces.map((t) => [t.debtId, t]));
  const zone = debtorZone(row.state, row.city, creditor.state);
  return {
    at,
    debtor: { id: String(row.id), document: row.document, name: row.name, uf: zone.uf, timeZone: zone.timeZone, localDay: decision.localDay, paused: facts.pause.pausedAt !== null },
    debts: allDebts.map((d) => {
      const t = traceOf.get(d.id);
      const base = { externalId: d.external_id, dueDate: d.due_date, openCents: d.open_cents, status: d.status };
      if (t) return { ...base, ladder: t.ladder, note: t.note, steps: t.steps };
      const note = NOT_COLLECTED[d.status] ?? (d.open_cents <= 0 ? "Título sem saldo em aberto: a régua não age sobre ele." : "Título fora da régua.");
      return { ...base, ladder: null, note, steps: [] };
    }),
    planned: decision.planned.map((p) => ({ debtorDocument: row.document, debtExternalIds: p.debts.map((d) => d.externalId), stepId: p.stepId, channel: p.channel, sendAt: p.sendAt })),
    skipped: decision.skipped.map((s) => ({ debtorDocument: row.document, debtExternalIds: s.debts.map((d) => d.externalId), stepId: s.stepId, channel: s.channel, reason: s.reason })),
  };
}

const OUTCOME_LABELS: Record<StepTrace["outcome"], string> = { performed: "realizada", superseded: "substituída", planned: "planejada", skipped: "não enviada", future: "futura" };
const VIA_LABELS: Record<string, string> = { debt: "definida no título", debtor: "definida no devedor", segment: "pelo segmento", tag: "pela etiqueta", default: "padrão do credor" };

/** The explanation as text for people: one block per debt, one line per step. */
export function formatExplanation(e: Explanation): string {
  const lines: string[] = [];
  lines.push(`Devedor ${e.debtor.name} (${e.debtor.document}), ${e.debtor.uf}, fuso ${e.debtor.timeZone} — dia local ${formatDateBr(e.debtor.localDay)}${e.debtor.paused ? " — PAUSADO" : ""}`);
  if (e.debts.length === 0) lines.push("  Nenhum título.");
  for (const d of e.debts) {
    const ladder = d.ladder ? ` — régua "${d.ladder.name}" (${d.ladder.id} v${d.ladder.version}, ${VIA_LABELS[d.ladder.via] ?? d.ladder.via})` : "";
    lines.push("");
    lines.push(`Título ${d.externalId} — vence ${formatDateBr(d.dueDate)}, ${formatCents(d.openCents)} em aberto, ${d.status}${ladder}`);
    if (d.note) lines.push(`  ${d.note}`);
    const width = Math.max(4, ...d.steps.map((s) => s.stepId.length));
    for (const s of d.steps) {
      const offset = `${s.offsetDays >= 0 ? "+" : ""}${s.offsetDays}`.padStart(5);
      lines.push(`  ${s.stepId.padEnd(width)} ${offset}  ${formatDateBr(s.day)}  ${s.channel.padEnd(13)} ${OUTCOME_LABELS[s.outcome].padEnd(11)} ${s.rule}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
