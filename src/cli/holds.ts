import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { getContactPolicy, updateContactWindows, updateFrequencyCaps, type ContactPolicyView } from "../app/holds/contact-policy.ts";
import { disputeDebt, undisputeDebt } from "../app/holds/dispute.ts";
import { DEBT_STATUS_LABEL } from "../app/holds/hold-targets.ts";
import { getHolds, type HoldsView } from "../app/holds/list-holds.ts";
import { OPT_OUT_CHANNELS, optIn, optOut, type OptOutResult } from "../app/holds/opt-out.ts";
import { pauseDebt, pauseDebtor, resumeDebt, resumeDebtor, type DebtHoldResult, type DebtorHoldResult } from "../app/holds/pause.ts";
import { formatDateBr, localPartsOf } from "../domain/br/dates.ts";
import { formatDocument } from "../domain/br/documents.ts";
import { DAY_KINDS, formatDayWindow, parseDayWindow, type ContactWindows, type DayKind } from "../domain/guard/contact-window.ts";
import type { ChannelLimits } from "../domain/guard/rules.ts";
import { CHANNELS } from "../domain/ladder/channels.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliContext } from "./context.ts";
import { withDeps } from "./shared.ts";

/** The existing top-level command `name` (another area may have created it), or a new one. */
function area(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** "02/06/2025 10:00" in Brasília time (UTC-3), for people reading the CLI. */
function formatInstant(iso: string): string {
  const p = localPartsOf(new Date(iso), "America/Sao_Paulo");
  return `${formatDateBr(p.date)} ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
}

function cancelledText(n: number): string {
  if (n === 0) return "Nenhum acionamento pendente a cancelar.";
  return n === 1 ? "1 acionamento pendente cancelado." : `${n} acionamentos pendentes cancelados.`;
}

const untilText = (until: string | null) => (until ? `até ${formatDateBr(until)} (inclusive)` : "até ser retomado");

type HoldOpts = { creditor: string; reason: string; until?: string; json?: boolean };

function printDebtor(ctx: CliContext, r: DebtorHoldResult, what: "pause" | "resume", json?: boolean): void {
  if (json) return printJson(ctx.io, r);
  const doc = formatDocument(r.debtor.document);
  if (what === "pause") {
    if (!r.changed) return ctx.io.out(`O devedor ${doc} já estava pausado desde ${formatInstant(r.debtor.pausedAt!)} ${untilText(r.debtor.pausedUntil)}; nada mudou.\n`);
    return ctx.io.out(`Devedor ${doc} pausado ${untilText(r.debtor.pausedUntil)}. ${cancelledText(r.cancelledActions)}\n`);
  }
  if (!r.changed) return ctx.io.out(`O devedor ${doc} não estava pausado; nada mudou.\n`);
  ctx.io.out(`Devedor ${doc} retomado: a régua volta a agir na próxima execução.\n`);
}

function printDebt(ctx: CliContext, r: DebtHoldResult, what: "pause" | "resume" | "dispute" | "undispute", json?: boolean): void {
  if (json) return printJson(ctx.io, r);
  const id = r.debt.externalId;
  const lines: Record<typeof what, [string, string]> = {
    pause: [`Título ${id} pausado ${untilText(r.debt.pausedUntil)}. ${cancelledText(r.cancelledActions)}`, `O título ${id} já estava pausado ${untilText(r.debt.pausedUntil)}; nada mudou.`],
    resume: [`Título ${id} retomado: a régua volta a agir na próxima execução.`, `O título ${id} não estava pausado; nada mudou.`],
    dispute: [`Título ${id} contestado: fica retido até a contestação ser resolvida. ${cancelledText(r.cancelledActions)}`, `O título ${id} já estava contestado; nada mudou.`],
    undispute: [`Contestação do título ${id} encerrada: o título volta a ficar ${DEBT_STATUS_LABEL[r.debt.status] ?? r.debt.status}.`, `O título ${id} não está contestado (está ${DEBT_STATUS_LABEL[r.debt.status] ?? r.debt.status}); nada mudou.`],
  };
  ctx.io.out(`${lines[what][r.changed ? 0 : 1]}\n`);
}

function printOptOut(ctx: CliContext, r: OptOutResult, json?: boolean): void {
  if (json) return printJson(ctx.io, r);
  const doc = formatDocument(r.optOut.document);
  const ch = r.optOut.channel;
  if (r.optOut.optedOut) {
    if (!r.changed) return ctx.io.out(`O devedor ${doc} já estava descadastrado do canal ${ch} desde ${formatInstant(r.optOut.optedOutAt!)}; nada mudou.\n`);
    return ctx.io.out(`Descadastro do canal ${ch} registrado para o devedor ${doc}, em vigor imediatamente. ${cancelledText(r.cancelledActions)}\n`);
  }
  if (!r.changed) return ctx.io.out(`O devedor ${doc} não estava descadastrado do canal ${ch}; nada mudou.\n`);
  ctx.io.out(`O devedor ${doc} volta a aceitar contato pelo canal ${ch}.\n`);
}

function printHolds(ctx: CliContext, h: HoldsView): void {
  const doc = formatDocument(h.debtor.document);
  ctx.io.out(h.debtor.paused ? `Devedor ${doc}: pausado desde ${formatInstant(h.debtor.pausedAt!)} ${untilText(h.debtor.pausedUntil)}.\n` : `Devedor ${doc}: não está pausado.\n`);
  if (h.debts.length) {
    ctx.io.out("Títulos retidos:\n");
    for (const d of h.debts) {
      const parts = [d.disputed ? "contestado" : null, d.paused ? `pausado ${untilText(d.pausedUntil)}` : null].filter(Boolean);
      ctx.io.out(`  ${d.externalId}: ${parts.join(", ")}\n`);
    }
  }
  ctx.io.out(h.optOuts.length ? `Descadastros: ${h.optOuts.map((o) => `${o.channel} (desde ${formatInstant(o.optedOutAt)}, origem ${o.source})`).join("; ")}\n` : "Descadastros: nenhum.\n");
  if (h.history.length) {
    ctx.io.out("Histórico de pausas e contestações:\n");
    const kinds: Record<string, string> = { "pause:start": "pausa", "pause:end": "retomada", "dispute:start": "contestação", "dispute:end": "fim da contestação" };
    for (const e of h.history) {
      const target = e.debtExternalId ? `título ${e.debtExternalId}` : "devedor";
      ctx.io.out(`  ${formatInstant(e.at)}  ${kinds[`${e.kind}:${e.action}`] ?? `${e.kind} ${e.action}`} (${target})${e.until ? ` até ${formatDateBr(e.until)}` : ""} por ${e.actor}${e.reason ? `: ${e.reason}` : ""}\n`);
    }
  }
}

const DAY_LABEL: Record<DayKind, string> = { weekday: "dias úteis", saturday: "sábado", sunday: "domingo", holidays: "feriados" };

function windowsLine(w: ContactWindows): string {
  return DAY_KINDS.map((k) => `${DAY_LABEL[k]} ${formatDayWindow(w[k])}`).join(" · ");
}

function limitsLine(limits: ChannelLimits): string {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? "sem limite" : String(n));
  return Object.entries(limits).map(([k, v]) => `${k === "default" ? "padrão" : k} ${text(v)}`).join(" · ");
}

function printPolicy(ctx: CliContext, p: ContactPolicyView, part: "windows" | "caps", json?: boolean): void {
  if (json) return printJson(ctx.io, p);
  if (part === "windows") {
    ctx.io.out(`Janelas de contato (horário local do devedor)${p.customized.windows ? "" : " — padrão do sistema"}:\n`);
    for (const [channel, w] of Object.entries(p.windows)) ctx.io.out(`  ${channel === "default" ? "padrão" : channel}: ${windowsLine(w as ContactWindows)}\n`);
    return;
  }
  const c = p.caps;
  const text = (n: number | null) => (n === null ? "sem limite" : String(n));
  ctx.io.out(`Limites de frequência por devedor (semana = 7 dias corridos)${p.customized.caps ? "" : " — padrão do sistema"}:\n`);
  ctx.io.out(`  por canal por dia: ${limitsLine(c.perDay)}\n  por canal por semana: ${limitsLine(c.perWeek)}\n`);
  ctx.io.out(`  todos os canais por dia: ${text(c.totalPerDay)} · por semana: ${text(c.totalPerWeek)}\n`);
}

// Parsed in the action, not by commander: its option parsers cannot return null ("nenhum").
const windowArg = (raw: string | undefined, flag: string) => (raw === undefined ? undefined : parseDayWindow(raw, flag));

const limitArg = (raw: string | undefined, flag: string): number | null | undefined => {
  if (raw === undefined) return undefined;
  const t = raw.trim().toLowerCase();
  if (["nenhum", "sem-limite", "sem limite", "none"].includes(t)) return null;
  if (!/^\d{1,4}$/.test(t) || Number(t) > 1000) throw new AppError("validation", `${flag}: use um número inteiro de 0 a 1000 ou "nenhum" (sem limite) (recebido "${raw}")`, [{ field: flag, reason: "número inteiro de 0 a 1000 ou nenhum" }]);
  return Number(t);
};

export const registerHoldsCommands: RegisterCommands = (program, ctx) => {
  const debtor = area(program, "debtor", "devedores: pausas e retenções");
  debtor
    .command("pause <documento>")
    .description("pausa a régua para todos os títulos do devedor (CPF/CNPJ) e cancela os acionamentos pendentes")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--reason <motivo>", "motivo (fica no histórico)")
    .option("--until <AAAA-MM-DD>", "último dia da pausa (inclusive); sem ela, até ser retomado")
    .option("--json", "saída em JSON: {changed, debtor, cancelledActions}")
    .action(async (document: string, opts: HoldOpts) => {
      const r = await withDeps(ctx, (deps) => pauseDebtor(deps, SYSTEM_ACTOR, opts.creditor, { document }, { reason: opts.reason, until: opts.until }));
      printDebtor(ctx, r, "pause", opts.json);
    });
  debtor
    .command("resume <documento>")
    .description("retoma a régua para o devedor")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--reason <motivo>", "motivo (fica no histórico)")
    .option("--json", "saída em JSON: {changed, debtor, cancelledActions}")
    .action(async (document: string, opts: HoldOpts) => {
      const r = await withDeps(ctx, (deps) => resumeDebtor(deps, SYSTEM_ACTOR, opts.creditor, { document }, { reason: opts.reason }));
      printDebtor(ctx, r, "resume", opts.json);
    });
  debtor
    .command("holds <documento>")
    .description("mostra pausas, contestações e descadastros do devedor, com o histórico")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON")
    .action(async (document: string, opts: { creditor: string; json?: boolean }) => {
      const h = await withDeps(ctx, (deps) => getHolds(deps, SYSTEM_ACTOR, opts.creditor, { document }));
      if (opts.json) printJson(ctx.io, h);
      else printHolds(ctx, h);
    });

  const debt = area(program, "debt", "títulos: pausas e contestações");
  const debtCommand = (name: "pause" | "resume" | "dispute" | "undispute", description: string, run: typeof pauseDebt) => {
    const cmd = debt
      .command(`${name} <id-do-título>`)
      .description(description)
      .requiredOption("--creditor <id>", "credor")
      .requiredOption("--reason <motivo>", "motivo (fica no histórico)");
    if (name === "pause") cmd.option("--until <AAAA-MM-DD>", "último dia da pausa (inclusive); sem ela, até ser retomado");
    cmd.option("--json", "saída em JSON: {changed, debt, cancelledActions}").action(async (externalId: string, opts: HoldOpts) => {
      const r = await withDeps(ctx, (deps) => run(deps, SYSTEM_ACTOR, opts.creditor, { externalId }, { reason: opts.reason, until: opts.until }));
      printDebt(ctx, r, name, opts.json);
    });
  };
  debtCommand("pause", "pausa a régua para um título (pelo identificador do credor) e cancela os acionamentos pendentes", pauseDebt);
  debtCommand("resume", "retoma a régua para um título", resumeDebt);
  debtCommand("dispute", "registra a contestação do título pelo devedor: o título fica retido", disputeDebt);
  debtCommand("undispute", "encerra a contestação: o título volta à situação anterior", undisputeDebt);

  const contact = area(program, "contact", "contatos dos devedores");
  for (const [name, description] of [["opt-out", "descadastra o devedor de um canal, em vigor imediatamente"], ["opt-in", "o devedor volta a aceitar um canal"]] as const) {
    contact
      .command(name)
      .description(description)
      .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
      .requiredOption("--channel <canal>", OPT_OUT_CHANNELS.join(", "))
      .requiredOption("--creditor <id>", "credor")
      .option("--reason <motivo>", "motivo (opcional)")
      .option("--json", "saída em JSON: {changed, optOut, cancelledActions}")
      .action(async (opts: { debtor: string; channel: string; creditor: string; reason?: string; json?: boolean }) => {
        const input = { channel: opts.channel, reason: opts.reason };
        const r = await withDeps(ctx, (deps) => (name === "opt-out" ? optOut : optIn)(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor }, input));
        printOptOut(ctx, r, opts.json);
      });
  }

  const creditor = area(program, "creditor", "credores (clientes da cobrança)");
  creditor
    .command("windows")
    .description("mostra ou altera as janelas de contato (horário local do devedor); sem alterações, mostra")
    .requiredOption("--creditor <id>", "credor")
    .option("--channel <canal>", `só este canal (${CHANNELS.join(", ")}); sem ele, o padrão de todos`)
    .option("--weekdays <janela>", "segunda a sexta, ex.: 09:00-18:00 ou nenhum")
    .option("--saturday <janela>", "sábado, ex.: 09:00-13:00 ou nenhum")
    .option("--sunday <janela>", "domingo, ex.: nenhum")
    .option("--holidays <janela>", "feriados nacionais e estaduais (restringe o dia da semana), ex.: nenhum")
    .option("--reset", "volta ao padrão (do canal, ou tudo sem --channel)")
    .option("--json", "saída em JSON: {windows, caps, customized}")
    .action(async (opts: { creditor: string; channel?: string; weekdays?: string; saturday?: string; sunday?: string; holidays?: string; reset?: boolean; json?: boolean }) => {
      const patch = {
        channel: opts.channel, weekday: windowArg(opts.weekdays, "--weekdays"), saturday: windowArg(opts.saturday, "--saturday"),
        sunday: windowArg(opts.sunday, "--sunday"), holidays: windowArg(opts.holidays, "--holidays"), reset: opts.reset,
      };
      const changes = opts.reset || [opts.weekdays, opts.saturday, opts.sunday, opts.holidays].some((w) => w !== undefined);
      const p = await withDeps(ctx, (deps) => (changes ? updateContactWindows(deps, SYSTEM_ACTOR, opts.creditor, patch) : getContactPolicy(deps, SYSTEM_ACTOR, opts.creditor)));
      printPolicy(ctx, p, "windows", opts.json);
    });
  creditor
    .command("caps")
    .description("mostra ou altera os limites de frequência por devedor; sem alterações, mostra")
    .requiredOption("--creditor <id>", "credor")
    .option("--channel <canal>", "só este canal (--per-day/--per-week); sem ele, o padrão e os totais")
    .option("--per-day <n>", "mensagens por canal por dia (ou nenhum = sem limite)")
    .option("--per-week <n>", "mensagens por canal em 7 dias corridos (ou nenhum)")
    .option("--total-per-day <n>", "todos os canais juntos por dia (ou nenhum)")
    .option("--total-per-week <n>", "todos os canais juntos em 7 dias corridos (ou nenhum)")
    .option("--reset", "volta ao padrão (do canal, ou tudo sem --channel)")
    .option("--json", "saída em JSON: {windows, caps, customized}")
    .action(async (opts: { creditor: string; channel?: string; perDay?: string; perWeek?: string; totalPerDay?: string; totalPerWeek?: string; reset?: boolean; json?: boolean }) => {
      const { creditor: creditorId, json } = opts;
      const patch = {
        channel: opts.channel, perDay: limitArg(opts.perDay, "--per-day"), perWeek: limitArg(opts.perWeek, "--per-week"),
        totalPerDay: limitArg(opts.totalPerDay, "--total-per-day"), totalPerWeek: limitArg(opts.totalPerWeek, "--total-per-week"), reset: opts.reset,
      };
      const changes = opts.reset || [opts.perDay, opts.perWeek, opts.totalPerDay, opts.totalPerWeek].some((n) => n !== undefined);
      const p = await withDeps(ctx, (deps) => (changes ? updateFrequencyCaps(deps, SYSTEM_ACTOR, creditorId, patch) : getContactPolicy(deps, SYSTEM_ACTOR, creditorId)));
      printPolicy(ctx, p, "caps", json);
    });
};
