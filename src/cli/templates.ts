import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { AppError } from "../shared/app-error.ts";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { getTemplate } from "../app/templates/get-template.ts";
import { lintTemplateSource } from "../app/templates/lint-template-source.ts";
import { listTemplates } from "../app/templates/list-templates.ts";
import { previewTemplate, type PreviewResult } from "../app/templates/preview-template.ts";
import { restoreTemplate } from "../app/templates/restore-template.ts";
import { saveTemplate } from "../app/templates/save-template.ts";
import { templateHistory } from "../app/templates/template-history.ts";
import type { TemplateView } from "../app/templates/template-store.ts";
import { checkChannel, checkStage } from "../app/templates/template-store.ts";
import { lintTemplate, type Finding, type LintResult } from "../domain/templates/lint.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliIo } from "./context.ts";
import { withDeps } from "./shared.ts";

const CHANNEL_NAMES: Record<string, string> = { email: "e-mail", sms: "SMS", whatsapp: "WhatsApp", letter: "carta", phone: "telefone" };
const STAGE_NAMES: Record<string, string> = { friendly: "amigável", firm: "firme", formal: "notificação", extrajudicial: "extrajudicial", judicial: "judicial" };

const versionNumber = (raw: string) => {
  const n = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || n < 1) throw new AppError("validation", `--version: use um número de versão (recebido "${raw}")`, [{ field: "version", reason: "inteiro a partir de 1" }]);
  return n;
};

function readTemplateFile(cwd: string, file: string): string {
  try {
    return readFileSync(resolve(cwd, file), "utf8");
  } catch {
    throw new AppError("invalid_input", `Não foi possível ler o arquivo ${file}.`);
  }
}

function printFindings(io: CliIo, title: string, findings: Finding[]): void {
  if (findings.length === 0) return;
  io.out(`${title}:\n`);
  for (const f of findings) io.out(`  linha ${f.line}, coluna ${f.column}${f.excerpt ? ` (“${f.excerpt}”)` : ""}: ${f.message}\n`);
}

function printLint(io: CliIo, lint: LintResult): void {
  if (lint.errors.length === 0 && lint.warnings.length === 0) io.out("Nenhum problema encontrado.\n");
  printFindings(io, "Erros (impedem salvar)", lint.errors);
  printFindings(io, "Avisos", lint.warnings);
}

function describe(t: TemplateView): string {
  const origin = t.source === "pack" ? "modelo padrão" : `versão ${t.version}, por ${t.author} em ${t.createdAt}${t.restoredFrom ? ` (restaura a versão ${t.restoredFrom})` : ""}`;
  return `${t.key} — ${CHANNEL_NAMES[t.channel] ?? t.channel}, fase ${STAGE_NAMES[t.stage] ?? t.stage} — ${origin}`;
}

function printPreview(io: CliIo, p: PreviewResult): void {
  const m = p.message;
  switch (m.channel) {
    case "email":
      io.out(`Assunto: ${m.subject}\n\n${m.text}`);
      break;
    case "letter":
      io.out(`${m.title}\n\n${m.text}\n\n${m.sender.legalName} · CNPJ ${m.sender.cnpj}\n${m.sender.addressLine}\n`);
      break;
    case "sms":
      io.out(`${m.text}\n\n(${m.length} caracteres, ${m.segments} ${m.segments === 1 ? "SMS" : "SMS concatenados"})\n`);
      break;
    default:
      io.out(`${m.text}\n`);
  }
  for (const w of p.warnings) io.out(`aviso: ${w}\n`);
  if (p.lint.errors.length || p.lint.warnings.length) {
    io.out("\n");
    printLint(io, p.lint);
  }
}

export const registerTemplateCommands: RegisterCommands = (program, ctx) => {
  // The root's -v/--version would otherwise swallow `regua template restore --version N` (and
  // `regua ladder show --version N`): global options are only recognised before the subcommand.
  program.enablePositionalOptions();
  const template = program.command("template").description("modelos de mensagem: listar, salvar (com versões), verificar e pré-visualizar");

  template
    .command("list")
    .description("lista os modelos do credor e os modelos padrão do seu setor")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON: {items}")
    .action(async (opts: { creditor: string; json?: boolean }) => {
      const result = await withDeps(ctx, (deps) => listTemplates(deps, SYSTEM_ACTOR, opts.creditor));
      if (opts.json) return printJson(ctx.io, result);
      for (const t of result.items) {
        const origin = t.source === "pack" ? "padrão" : `v${t.version}${t.overridesPack ? " (substitui o padrão)" : ""}`;
        ctx.io.out(`${t.key.padEnd(32)} ${(CHANNEL_NAMES[t.channel] ?? t.channel).padEnd(9)} ${(STAGE_NAMES[t.stage] ?? t.stage).padEnd(14)} ${origin}\n`);
      }
    });

  template
    .command("show")
    .description("mostra um modelo (a última versão, ou --version N)")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--key <chave>", "chave do modelo, ex.: varejo.lembrete.email")
    .option("--version <n>", "versão", versionNumber)
    .option("--json", "saída em JSON")
    .action(async (opts: { creditor: string; key: string; version?: number; json?: boolean }) => {
      const t = await withDeps(ctx, (deps) => getTemplate(deps, SYSTEM_ACTOR, opts.creditor, opts.key, opts.version));
      if (opts.json) return printJson(ctx.io, t);
      ctx.io.out(`${describe(t)}\n\n${t.content}${t.content.endsWith("\n") ? "" : "\n"}`);
    });

  template
    .command("save <arquivo>")
    .description("salva o arquivo como nova versão do modelo (verificado antes: erros impedem salvar)")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--key <chave>", "chave do modelo")
    .requiredOption("--channel <canal>", "email, sms, whatsapp, letter ou phone")
    .requiredOption("--stage <fase>", "friendly, firm, formal, extrajudicial ou judicial")
    .option("--sector <setor>", "setor (padrão: o do credor)")
    .option("--json", "saída em JSON: {template, created, warnings}")
    .action(async (file: string, opts: { creditor: string; key: string; channel: string; stage: string; sector?: string; json?: boolean }) => {
      const content = readTemplateFile(ctx.cwd, file);
      const result = await withDeps(ctx, (deps) => saveTemplate(deps, SYSTEM_ACTOR, opts.creditor, { key: opts.key, channel: opts.channel, stage: opts.stage, sector: opts.sector, content }));
      if (opts.json) return printJson(ctx.io, result);
      ctx.io.out(result.created ? `Modelo ${result.template.key} salvo: versão ${result.template.version}.\n` : `Modelo ${result.template.key} sem alterações: continua na versão ${result.template.version}.\n`);
      printFindings(ctx.io, "Avisos", result.warnings);
    });

  template
    .command("history")
    .description("lista as versões de um modelo")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--key <chave>", "chave do modelo")
    .option("--json", "saída em JSON: {key, items, pack}")
    .action(async (opts: { creditor: string; key: string; json?: boolean }) => {
      const h = await withDeps(ctx, (deps) => templateHistory(deps, SYSTEM_ACTOR, opts.creditor, opts.key));
      if (opts.json) return printJson(ctx.io, h);
      if (h.items.length === 0) ctx.io.out(`${h.key}: nenhuma versão salva; vale o modelo padrão.\n`);
      for (const v of h.items) ctx.io.out(`v${v.version}  ${v.createdAt}  ${v.author}${v.restoredFrom ? `  (restaura a v${v.restoredFrom})` : ""}\n`);
      if (h.pack && h.items.length > 0) ctx.io.out("(há também um modelo padrão com esta chave, substituído pelas versões acima)\n");
    });

  template
    .command("restore")
    .description("cria uma nova versão igual a uma versão antiga")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--key <chave>", "chave do modelo")
    .requiredOption("--version <n>", "versão a restaurar", versionNumber)
    .option("--json", "saída em JSON: {template, warnings}")
    .action(async (opts: { creditor: string; key: string; version: number; json?: boolean }) => {
      const result = await withDeps(ctx, (deps) => restoreTemplate(deps, SYSTEM_ACTOR, opts.creditor, opts.key, opts.version));
      if (opts.json) return printJson(ctx.io, result);
      ctx.io.out(`Versão ${opts.version} do modelo ${result.template.key} restaurada como versão ${result.template.version}.\n`);
      printFindings(ctx.io, "Avisos", result.warnings);
    });

  template
    .command("lint <arquivo>")
    .description("verifica um modelo (ameaças, terceiros, gritos, identificação do credor…) sem salvar; sai com 1 se houver erros")
    .requiredOption("--channel <canal>", "email, sms, whatsapp, letter ou phone")
    .option("--stage <fase>", "fase (ativa a verificação da fase amigável)")
    .option("--creditor <id>", "credor (opcional: a verificação não depende dos dados do credor)")
    .option("--json", "saída em JSON: {errors, warnings}")
    .action(async (file: string, opts: { channel: string; stage?: string; creditor?: string; json?: boolean }) => {
      const content = readTemplateFile(ctx.cwd, file);
      const lint = opts.creditor
        ? await withDeps(ctx, (deps) => lintTemplateSource(deps, SYSTEM_ACTOR, opts.creditor!, { content, channel: opts.channel, stage: opts.stage }))
        : lintTemplate(content, checkChannel(opts.channel), opts.stage ? { stage: checkStage(opts.stage) } : {});
      if (opts.json) printJson(ctx.io, lint);
      else printLint(ctx.io, lint);
      if (lint.errors.length > 0) ctx.exitCode = 1;
    });

  template
    .command("preview [arquivo]")
    .description("mostra a mensagem preenchida com os dados reais de um devedor (modelo salvo, padrão, ou um arquivo ainda não salvo)")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .option("--key <chave>", "chave do modelo")
    .option("--channel <canal>", "canal (obrigatório com arquivo)")
    .option("--stage <fase>", "fase")
    .option("--json", "saída em JSON: {template, message, warnings, lint}")
    .action(async (file: string | undefined, opts: { creditor: string; debtor: string; key?: string; channel?: string; stage?: string; json?: boolean }) => {
      if (!file && !opts.key) throw new AppError("validation", "informe --key ou um arquivo de modelo", [{ field: "key", reason: "obrigatório sem arquivo" }]);
      const content = file ? readTemplateFile(ctx.cwd, file) : undefined;
      const result = await withDeps(ctx, (deps) =>
        previewTemplate(deps, SYSTEM_ACTOR, opts.creditor, { debtorDocument: opts.debtor, key: opts.key, content, channel: opts.channel, stage: opts.stage }),
      );
      if (opts.json) return printJson(ctx.io, result);
      printPreview(ctx.io, result);
    });
};
