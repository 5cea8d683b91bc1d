import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { AppError } from "../shared/app-error.ts";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { getDebtCharges } from "../app/charges/get-debt-charges.ts";
import { importIndexValues, listIndexValues } from "../app/charges/index-values.ts";
import { formatDateBr } from "../domain/br/dates.ts";
import { formatCents } from "../domain/br/money.ts";
import type { ChargeBreakdown } from "../domain/charges/charges.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson } from "./context.ts";
import { withDeps } from "./shared.ts";

/** "2025-03" → "03/2025". */
const monthBr = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** The charges as a small Portuguese table with right-aligned R$ values. */
export function formatChargesTable(externalId: string, atDate: string | undefined, b: ChargeBreakdown): string {
  const rows: [string, number][] = [
    ["Principal", b.principalCents],
    ["Multa", b.fineCents],
    ["Juros de mora", b.interestCents],
    ["Correção monetária", b.correctionCents],
    ["Total", b.totalCents],
  ];
  const values = rows.map(([, cents]) => formatCents(cents));
  const width = Math.max(...values.map((v) => v.length));
  const late = b.daysLate === 0 ? "em dia" : b.daysLate === 1 ? "1 dia de atraso" : `${b.daysLate} dias de atraso`;
  let out = `Título ${externalId}${atDate ? ` em ${formatDateBr(atDate)}` : " hoje"} (${late})\n`;
  rows.forEach(([label], i) => {
    out += `  ${label.padEnd(20)}${values[i]!.padStart(width)}\n`;
  });
  return out;
}

export const registerChargesCommands: RegisterCommands = (program, ctx) => {
  program
    .command("charges")
    .description("encargos de um título numa data: multa, juros de mora pro rata die e correção monetária")
    .requiredOption("--debt <título>", "identificador do título no credor (coluna titulo da importação)")
    .requiredOption("--creditor <id>", "credor dono do título")
    .option("--at <AAAA-MM-DD>", "data do cálculo (padrão: hoje no fuso do devedor)")
    .option("--json", 'saída em JSON: {"principalCents", "fineCents", "interestCents", "correctionCents", "totalCents", "daysLate"}')
    .action(async (opts: { debt: string; creditor: string; at?: string; json?: boolean }) => {
      const b = await withDeps(ctx, (deps) => getDebtCharges(deps, SYSTEM_ACTOR, opts.creditor, { externalId: opts.debt }, opts.at));
      if (opts.json) {
        return printJson(ctx.io, { principalCents: b.principalCents, fineCents: b.fineCents, interestCents: b.interestCents, correctionCents: b.correctionCents, totalCents: b.totalCents, daysLate: b.daysLate });
      }
      ctx.io.out(formatChargesTable(opts.debt, opts.at, b));
    });

  const index = program.command("index").description("índices de correção monetária (IPCA, INPC, IGP-M…)");
  index
    .command("import <arquivo>")
    .description("importa as variações mensais de um índice: CSV mes;variacao (mês MM/AAAA ou AAAA-MM, variação em % como 0,56); tudo ou nada")
    .requiredOption("--index <nome>", "nome do índice, ex.: IPCA")
    .option("--json", "saída em JSON: {index, imported, updated, unchanged, firstMonth, lastMonth}")
    .action(async (file: string, opts: { index: string; json?: boolean }) => {
      const path = resolve(ctx.cwd, file);
      const content = await readFile(path).catch(() => {
        throw new AppError("not_found", `arquivo não encontrado: ${file}`);
      });
      const result = await withDeps(ctx, (deps) => importIndexValues(deps, SYSTEM_ACTOR, { indexName: opts.index, content, fileName: basename(path) }));
      if (opts.json) return printJson(ctx.io, result);
      ctx.io.out(
        `Índice ${result.index} (${monthBr(result.firstMonth)} a ${monthBr(result.lastMonth)}): ${result.imported} meses novos, ${result.updated} atualizados, ${result.unchanged} sem alteração.\n`,
      );
    });
  index
    .command("list")
    .description("lista as variações mensais importadas de um índice")
    .requiredOption("--index <nome>", "nome do índice, ex.: IPCA")
    .option("--json", "saída em JSON: {index, items: [{month, variationPpm, variationPercent}]}")
    .action(async (opts: { index: string; json?: boolean }) => {
      const result = await withDeps(ctx, (deps) => listIndexValues(deps, SYSTEM_ACTOR, opts.index));
      if (opts.json) return printJson(ctx.io, result);
      if (result.items.length === 0) {
        ctx.io.out(`Nenhum valor importado para o índice ${result.index}.\n`);
        return;
      }
      ctx.io.out(`Índice ${result.index}: ${result.items.length} meses\n`);
      for (const v of result.items) ctx.io.out(`  ${monthBr(v.month)}  ${v.variationPercent.padStart(8)} %\n`);
    });
};
