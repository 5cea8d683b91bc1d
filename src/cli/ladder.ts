import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { decideApproval, listActions, type ActionView } from "../app/ladder/actions.ts";
import { explainDebtor, formatExplanation } from "../app/ladder/explain-debtor.ts";
import { applyLadder, assignLadder, debtorIdByDocument, listLadders, validateLadder, type LadderView } from "../app/ladder/ladders.ts";
import { runLadder, type RunResult, type RunSummary } from "../app/ladder/run-ladder.ts";
import { authorize } from "../app/access.ts";
import { formatDateBr } from "../domain/br/dates.ts";
import { CHANNEL_LABELS, STAGE_LABELS } from "../domain/ladder/ladder-document.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliIo } from "./context.ts";
import { withDeps } from "./shared.ts";

/** Reads a ladder file: YAML or JSON (YAML 1.2 reads JSON too). */
export function readLadderFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new AppError("invalid_input", `não foi possível ler ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseYaml(text.replace(/^\uFEFF/, ""), { prettyErrors: true }) as unknown;
  } catch (error) {
    throw new AppError("validation", `arquivo da régua ilegível (JSON ou YAML): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, [{ field: "(arquivo)", reason: "JSON ou YAML inválido" }]);
  }
}

function printLadder(io: CliIo, l: LadderView): void {
  io.out(`Régua ${l.id} — "${l.name}"${l.isDefault ? " (padrão do credor)" : ""}, versão ${l.version}${l.version !== l.currentVersion ? ` (atual: ${l.currentVersion})` : ""}, credor ${l.creditorId}\n`);
  const d = l.document;
  if (d.assign) io.out(`  atribuída a: ${[d.assign.segments ? `segmentos ${d.assign.segments.join(", ")}` : "", d.assign.tags ? `etiquetas ${d.assign.tags.join(", ")}` : ""].filter(Boolean).join("; ")}\n`);
  if (d.exemptTags) io.out(`  isentos: etiquetas ${d.exemptTags.join(", ")}\n`);
  io.out(`  notificação prévia: ${d.priorNoticeDays} dias antes de negativação/protesto\n`);
  const width = Math.max(4, ...d.steps.map((s) => s.id.length));
  for (const s of [...d.steps].sort((a, b) => a.offsetDays - b.offsetDays)) {
    const offset = `${s.offsetDays >= 0 ? "+" : ""}${s.offsetDays}`.padStart(5);
    const extras = [s.template ? `modelo ${s.template}` : "modelo padrão", s.priorNotice ? "notificação prévia" : "", s.conditions ? `condições ${JSON.stringify(s.conditions)}` : ""].filter(Boolean).join(", ");
    io.out(`  ${s.id.padEnd(width)} ${offset}  ${CHANNEL_LABELS[s.channel].padEnd(17)} ${STAGE_LABELS[s.stage].padEnd(13)} ${extras}\n`);
  }
  io.out(`  versões: ${l.versions.map((v) => `v${v.version} em ${v.createdAt} por ${v.actor}`).join("; ")}\n`);
}

function printRun(io: CliIo, result: RunResult, summary: RunSummary): void {
  io.out(`${summary.dryRun ? "Simulação (nada foi gravado): " : ""}execução da régua em ${result.at} — ${summary.debts} títulos de ${summary.debtors} devedores\n`);
  io.out(`  ${summary.planned} acionamentos planejados${summary.dryRun ? "" : ` (${summary.written} gravados agora, ${summary.alreadyPlanned} já gravados hoje)`}, ${summary.awaitingApproval} aguardando aprovação, ${summary.skipped} não enviados\n`);
  const reasons = Object.entries(summary.reasons).filter(([, n]) => n > 0);
  if (reasons.length) io.out(`  motivos: ${reasons.map(([r, n]) => `${r} ${n}`).join(", ")}\n`);
  const show = <T extends { debtorDocument: string; debtExternalIds: string[]; stepId: string; channel: string }>(title: string, items: T[], tail: (e: T) => string) => {
    if (items.length === 0) return;
    io.out(`${title}:\n`);
    for (const e of items.slice(0, 50)) io.out(`  ${e.debtorDocument}  ${e.channel.padEnd(13)} ${e.stepId.padEnd(10)} ${tail(e)}  títulos ${e.debtExternalIds.join(", ")}\n`);
    if (items.length > 50) io.out(`  … e mais ${items.length - 50} (use --json para a lista completa)\n`);
  };
  show("Planejados", result.planned, (e) => e.sendAt);
  show("Não enviados", result.skipped, (e) => e.reason);
}

function printActions(io: CliIo, items: ActionView[]): void {
  if (items.length === 0) io.out("Nenhum acionamento.\n");
  for (const a of items) {
    io.out(`#${a.id}  ${a.status.padEnd(17)} ${a.channel.padEnd(13)} ${a.stepId.padEnd(10)} ${a.debtorDocument}  dia ${formatDateBr(a.localDay)}, envio ${a.sendAt}  títulos ${a.debtExternalIds.join(", ")}${a.cancelReason ? `  (${a.cancelReason})` : ""}\n`);
  }
}

export const registerLadderCommands: RegisterCommands = (program, ctx) => {
  const ladder = program.command("ladder").description("réguas de cobrança: gravar, mostrar, validar, atribuir");

  ladder
    .command("apply <arquivo>")
    .description("grava uma régua (JSON ou YAML) no credor; mesma id = nova versão (as antigas ficam guardadas)")
    .requiredOption("--creditor <id>", "credor dono da régua")
    .option("--default", "torna esta régua a padrão do credor")
    .option("--json", "saída em JSON")
    .action(async (file: string, opts: { creditor: string; default?: boolean; json?: boolean }) => {
      const document = readLadderFile(resolve(ctx.cwd, file));
      const r = await withDeps(ctx, (deps) => applyLadder(deps, SYSTEM_ACTOR, opts.creditor, { document, makeDefault: opts.default }));
      if (opts.json) return printJson(ctx.io, { id: r.ladder.id, version: r.version, changed: r.changed, created: r.created, isDefault: r.isDefault, warnings: r.warnings });
      const what = r.created ? "criada" : r.changed ? "atualizada" : "sem alteração";
      ctx.io.out(`Régua ${r.ladder.id} ("${r.ladder.name}") ${what}: versão ${r.version}${r.isDefault ? ", padrão do credor" : ""}.\n`);
      for (const w of r.warnings) ctx.io.out(`  aviso: ${w.field}: ${w.reason}\n`);
    });

  ladder
    .command("validate <arquivo>")
    .description("valida uma régua (JSON ou YAML) sem gravar nada")
    .option("--json", "saída em JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const { ladder: l, warnings } = validateLadder(readLadderFile(resolve(ctx.cwd, file)));
      if (opts.json) return printJson(ctx.io, { ok: true, ladder: l, warnings });
      ctx.io.out(`Régua ${l.id} ("${l.name}") válida: ${l.steps.length} etapas.\n`);
      for (const w of warnings) ctx.io.out(`  aviso: ${w.field}: ${w.reason}\n`);
    });

  ladder
    .command("show")
    .description("mostra as réguas (de um credor, ou de todos)")
    .option("--creditor <id>", "só as réguas deste credor")
    .option("--id <régua>", "só esta régua")
    .option("--version <n>", "esta versão da régua (com --id)")
    .option("--json", "saída em JSON: {items: [...]}")
    .action(async (opts: { creditor?: string; id?: string; version?: string; json?: boolean }) => {
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new AppError("validation", `--version: use um número inteiro (recebido "${opts.version}")`);
      if (version !== undefined && opts.id === undefined) throw new AppError("validation", "--version: informe também --id");
      const items = await withDeps(ctx, async (deps) => {
        const creditors = opts.creditor ? [opts.creditor] : (await deps.database.db.selectFrom("creditors").select("id").orderBy("id").execute()).map((c) => c.id);
        const out: LadderView[] = [];
        for (const c of creditors) {
          if (!opts.creditor && opts.id) {
            const has = await deps.database.db.selectFrom("ladders").select("id").where("creditor_id", "=", c).where("id", "=", opts.id).executeTakeFirst();
            if (!has) continue;
          }
          out.push(...(await listLadders(deps, SYSTEM_ACTOR, c, { id: opts.id, version })).items);
        }
        if (opts.id && out.length === 0) throw new AppError("not_found", `Régua não encontrada: ${opts.id}`);
        return out;
      });
      if (opts.json) return printJson(ctx.io, { items });
      if (items.length === 0) ctx.io.out("Nenhuma régua cadastrada. Grave uma com `regua ladder apply ARQUIVO --creditor ID`.\n");
      items.forEach((l, i) => {
        if (i > 0) ctx.io.out("\n");
        printLadder(ctx.io, l);
      });
    });

  ladder
    .command("assign")
    .description("faz um devedor (ou alguns títulos dele) seguir uma régua, acima das regras de atribuição")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .option("--debt <título...>", "só estes títulos do devedor")
    .option("--ladder <régua>", "id da régua")
    .option("--clear", "volta às regras de atribuição")
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; debtor: string; debt?: string[]; ladder?: string; clear?: boolean; json?: boolean }) => {
      if (Boolean(opts.ladder) === Boolean(opts.clear)) throw new AppError("validation", "use --ladder ID ou --clear (um dos dois)");
      const r = await withDeps(ctx, async (deps) => {
        const debtorId = await debtorIdByDocument(deps, authorize(SYSTEM_ACTOR, opts.creditor, "ladder.write"), opts.debtor);
        return assignLadder(deps, SYSTEM_ACTOR, opts.creditor, debtorId, { ladderId: opts.clear ? null : opts.ladder!, debtExternalIds: opts.debt });
      });
      if (opts.json) return printJson(ctx.io, r);
      const who = r.debtExternalIds.length ? `Títulos ${r.debtExternalIds.join(", ")}` : "Devedor";
      ctx.io.out(r.ladderId ? `${who} agora seguem a régua ${r.ladderId}.\n` : `${who} voltam às regras de atribuição.\n`);
    });

  program
    .command("run")
    .description("executa a régua do dia de um credor: planeja e grava os acionamentos (--dry-run só mostra)")
    .requiredOption("--creditor <id>", "credor")
    .option("--at <instante>", "instante da execução, ISO 8601 com fuso (padrão: agora)")
    .option("--dry-run", "mostra o que seria feito sem gravar nada")
    .option("--json", 'saída em JSON: {"at", "planned": [...], "skipped": [...]}')
    .action(async (opts: { creditor: string; at?: string; dryRun?: boolean; json?: boolean }) => {
      const { result, summary } = await withDeps(ctx, (deps) => runLadder(deps, SYSTEM_ACTOR, opts.creditor, { at: opts.at, dryRun: opts.dryRun }));
      if (opts.json) return printJson(ctx.io, { at: result.at, planned: result.planned, skipped: result.skipped });
      printRun(ctx.io, result, summary);
    });

  program
    .command("explain")
    .description("explica, título a título e etapa a etapa, o que a régua fez ou fará com um devedor e por quê")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .requiredOption("--creditor <id>", "credor")
    .option("--at <instante>", "instante, ISO 8601 com fuso (padrão: agora)")
    .option("--json", "saída em JSON")
    .action(async (opts: { debtor: string; creditor: string; at?: string; json?: boolean }) => {
      const e = await withDeps(ctx, (deps) => explainDebtor(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor, at: opts.at }));
      if (opts.json) return printJson(ctx.io, e);
      ctx.io.out(formatExplanation(e));
    });

  const action = program.command("action").description("acionamentos: listar, aprovar e recusar etapas formais");
  action
    .command("list")
    .description("lista os acionamentos do credor (mais recentes primeiro)")
    .requiredOption("--creditor <id>", "credor")
    .option("--status <status>", "só este status (ex.: awaiting_approval)")
    .option("--debtor <documento>", "só deste devedor")
    .option("--limit <n>", "quantos (padrão 50, máximo 500)")
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; status?: string; debtor?: string; limit?: string; json?: boolean }) => {
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new AppError("validation", `--limit: use um número inteiro (recebido "${opts.limit}")`);
      const r = await withDeps(ctx, async (deps) => {
        const debtorId = opts.debtor ? await debtorIdByDocument(deps, authorize(SYSTEM_ACTOR, opts.creditor, "portfolio.read"), opts.debtor) : undefined;
        return listActions(deps, SYSTEM_ACTOR, opts.creditor, { status: opts.status, debtorId, limit });
      });
      if (opts.json) return printJson(ctx.io, r);
      printActions(ctx.io, r.items);
    });
  action
    .command("approve <id...>")
    .description("aprova negativação, protesto ou ação judicial que aguardam o gestor")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON")
    .action(async (ids: string[], opts: { creditor: string; json?: boolean }) => {
      const r = await withDeps(ctx, (deps) => decideApproval(deps, SYSTEM_ACTOR, opts.creditor, { actionIds: ids, approve: true }));
      if (opts.json) return printJson(ctx.io, r);
      ctx.io.out(`Aprovado(s): ${r.items.map((a) => `#${a.id}`).join(", ")}.\n`);
    });
  action
    .command("reject <id...>")
    .description("recusa negativação, protesto ou ação judicial (a etapa não volta a ser planejada)")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--reason <motivo>", "motivo da recusa")
    .option("--json", "saída em JSON")
    .action(async (ids: string[], opts: { creditor: string; reason: string; json?: boolean }) => {
      const r = await withDeps(ctx, (deps) => decideApproval(deps, SYSTEM_ACTOR, opts.creditor, { actionIds: ids, approve: false, reason: opts.reason }));
      if (opts.json) return printJson(ctx.io, r);
      ctx.io.out(`Recusado(s): ${r.items.map((a) => `#${a.id}`).join(", ")}.\n`);
    });
};
