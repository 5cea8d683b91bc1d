import { basename } from "node:path";
import { resolve } from "node:path";
import { AppError } from "../shared/app-error.ts";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { importDebts, type ImportResult } from "../app/import/import-debts.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliIo } from "./context.ts";
import { countOf, withDeps } from "./shared.ts";

const positiveInt = (name: string) => (raw: string) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new AppError("validation", `${name}: use um número inteiro (recebido "${raw}")`);
  return n;
};

/** A one-line progress bar redrawn in place, only on a terminal. */
function progressBar(io: CliIo) {
  let last = -1;
  return {
    update(done: number, total: number) {
      if (!io.isTty || total === 0) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      io.err(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${pct}%`);
    },
    done() {
      if (io.isTty && last >= 0) io.err("\n");
    },
  };
}

function printReport(io: CliIo, result: ImportResult, dryRun: boolean) {
  const counts = [
    countOf(result.imported, "título novo", "títulos novos"),
    countOf(result.updated, "atualizado", "atualizados"),
    `${result.unchanged.toLocaleString("pt-BR")} sem alteração`,
    countOf(result.rejected.length, "recusa", "recusas"),
    countOf(result.warnings.length, "aviso", "avisos"),
  ];
  io.out(`${dryRun ? "Simulação (nada foi gravado): " : ""}${counts.join(", ")}.\n`);
  const show = (title: string, items: ImportResult["rejected"]) => {
    if (items.length === 0) return;
    io.out(`${title}:\n`);
    for (const r of items.slice(0, 100)) io.out(`  linha ${r.line}, coluna "${r.field}": ${r.reason}\n`);
    if (items.length > 100) io.out(`  … e mais ${items.length - 100} (use --json para a lista completa)\n`);
  };
  show("Linhas recusadas", result.rejected);
  show("Avisos", result.warnings);
}

export const registerPortfolioCommands: RegisterCommands = (program, ctx) => {
  const importCmd = program.command("import").description("importa arquivos");
  importCmd
    .command("debts <arquivo>")
    .description("importa devedores e títulos de um CSV (; ou ,; UTF-8 ou Latin-1) ou XLSX")
    .requiredOption("--creditor <id>", "credor dono da carteira")
    .option("--dry-run", "valida e conta sem gravar nada")
    .option("--all-or-nothing", "grava só se nenhuma linha for recusada")
    .option("--json", "saída em JSON: {imported, updated, unchanged, rejected, warnings}")
    .action(async (file: string, opts: { creditor: string; dryRun?: boolean; allOrNothing?: boolean; json?: boolean }) => {
      const path = resolve(ctx.cwd, file);
      const bar = progressBar(ctx.io);
      const result = await withDeps(ctx, (deps) =>
        importDebts(deps, SYSTEM_ACTOR, { creditorId: opts.creditor, path, fileName: basename(path), dryRun: opts.dryRun, allOrNothing: opts.allOrNothing, onProgress: (d, t) => bar.update(d, t) }),
      );
      bar.done();
      if (opts.json) printJson(ctx.io, { imported: result.imported, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, warnings: result.warnings });
      else printReport(ctx.io, result, Boolean(opts.dryRun));
      if (opts.allOrNothing && result.rejected.length > 0) ctx.exitCode = 1;
    });

  program
    .command("demo")
    .description("carrega uma carteira de demonstração realista (reprodutível pela semente)")
    .option("--debtors <n>", "quantidade de devedores", positiveInt("--debtors"), 2000)
    .option("--seed <s>", "semente do gerador", positiveInt("--seed"), 42)
    .option("--creditor <id>", "credor que recebe a carteira (padrão: cria o credor de demonstração)")
    .option("--json", "saída em JSON")
    .action(async (opts: { debtors: number; seed: number; creditor?: string; json?: boolean }) => {
      const { loadDemo } = await import("../app/import/load-demo.ts");
      const { creditorId, result } = await withDeps(ctx, (deps) => loadDemo(deps, SYSTEM_ACTOR, { debtors: opts.debtors, seed: opts.seed, creditorId: opts.creditor }));
      if (opts.json) return printJson(ctx.io, { creditorId, imported: result.imported, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length, warnings: result.warnings.length });
      ctx.io.out(`Carteira de demonstração carregada no credor ${creditorId}: ${result.imported} títulos novos, ${result.updated} atualizados, ${result.unchanged} sem alteração, ${result.warnings.length} avisos de contato.\n`);
    });
};
