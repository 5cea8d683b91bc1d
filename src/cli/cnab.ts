import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { importCnab, type ImportCnabResult } from "../app/payments/import-cnab.ts";
import { cnabImportJson } from "../app/payments/payment-json.ts";
import { UNMATCHED_REASONS } from "../app/payments/payment-types.ts";
import { formatDateBr } from "../domain/br/dates.ts";
import { formatCents } from "../domain/br/money.ts";
import { formatCnabError } from "../domain/cnab/cnab-types.ts";
import { cnabFileView, parseCnab } from "../domain/cnab/parse-cnab.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliIo } from "./context.ts";
import { countOf, withDeps } from "./shared.ts";

/** The JSON contract of `regua cnab parse --json` (records without their line numbers). */

function readCnabFile(cwd: string, file: string): { path: string; content: Buffer } {
  const path = resolve(cwd, file);
  try {
    return { path, content: readFileSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("not_found", `arquivo não encontrado: ${path}`);
    throw new AppError("invalid_input", `não foi possível ler ${path}: ${(error as Error).message}`);
  }
}

function printImport(io: CliIo, r: ImportCnabResult): void {
  const lines = [
    `Arquivo: ${r.format === "cnab240" ? "CNAB 240" : "CNAB 400"}, banco ${r.bank}, ${countOf(r.records, "registro", "registros")}`,
    `Liquidações aplicadas: ${r.applied.toLocaleString("pt-BR")} (${formatCents(r.appliedCents)})`,
    `Já registradas antes (nada mudou): ${r.alreadyApplied.toLocaleString("pt-BR")}`,
    `Sem correspondência (fila de conciliação): ${r.unmatched.length.toLocaleString("pt-BR")}`,
    `Ignorados (movimentos que não são liquidação): ${r.ignored.toLocaleString("pt-BR")}`,
  ];
  for (const u of r.unmatched.slice(0, 100)) {
    lines.push(`  linha ${u.line}: nosso número ${u.ourNumber}, ${formatCents(u.paidCents)} pago em ${formatDateBr(u.paidDate)} — ${UNMATCHED_REASONS[u.reason]} (pagamento ${u.paymentId})`);
  }
  if (r.unmatched.length > 100) lines.push(`  … e mais ${r.unmatched.length - 100} (use --json ou \`regua payments unmatched\`)`);
  io.out(`${lines.join("\n")}\n`);
}

export const registerCnabCommands: RegisterCommands = (program, ctx) => {
  const cnab = program.command("cnab").description("arquivos de retorno bancário CNAB 240 e CNAB 400");

  cnab
    .command("parse <arquivo>")
    .description("lê e confere um arquivo de retorno (CNAB 240 ou 400; Latin-1; detecta o formato pelo tamanho da linha)")
    .option("--json", "saída em JSON: {format, bank, records: [...]}")
    .option("--sem-envelope", "CNAB 240: aceita só registros de detalhe (segmentos T e U), sem headers e trailers")
    .action((file: string, opts: { json?: boolean; semEnvelope?: boolean }) => {
      const path = resolve(ctx.cwd, file);
      let content: string;
      try {
        content = readFileSync(path, "latin1");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") throw new AppError("not_found", `arquivo não encontrado: ${path}`);
        throw new AppError("invalid_input", `não foi possível ler ${path}: ${(error as Error).message}`);
      }
      const parsed = parseCnab(content, { requireEnvelope: !opts.semEnvelope });
      if (!parsed.ok) {
        const first = parsed.errors[0];
        throw new AppError(
          "invalid_input",
          `arquivo CNAB inválido (${parsed.errors.length} erro${parsed.errors.length === 1 ? "" : "s"})${first ? `; ${formatCnabError(first)}` : ""}`,
          parsed.errors.map((e) => ({ field: "arquivo", line: e.line, reason: e.reason })),
        );
      }
      const value = parsed.value;
      if (opts.json) return printJson(ctx.io, cnabFileView(value));
      const settlements = value.records.filter((r) => r.settlement);
      const paid = settlements.reduce((sum, r) => sum + r.paidCents, 0);
      const credited = settlements.reduce((sum, r) => sum + r.creditedCents, 0);
      ctx.io.out(
        [
          `Formato: ${value.format === "cnab240" ? "CNAB 240" : "CNAB 400"}`,
          `Banco: ${value.bank}`,
          `Registros: ${value.records.length}`,
          `Liquidações: ${settlements.length}`,
          `Total pago (liquidações): ${formatCents(paid)}`,
          `Total creditado (liquidações): ${formatCents(credited)}`,
        ].join("\n") + "\n",
      );
    });

  cnab
    .command("import <arquivo>")
    .description("importa um arquivo de retorno: aplica as liquidações (movimentos 06 e 17 no CNAB 240) aos títulos pelo nosso número; o que não casar vai para a fila de conciliação")
    .requiredOption("--creditor <id>", "credor dono dos títulos")
    .option("--json", 'saída em JSON: {"applied": N, "unmatched": [...], "alreadyApplied": N}')
    .option("--sem-envelope", "CNAB 240: aceita só registros de detalhe (segmentos T e U), sem headers e trailers")
    .action(async (file: string, opts: { creditor: string; json?: boolean; semEnvelope?: boolean }) => {
      const { path, content } = readCnabFile(ctx.cwd, file);
      let shown = -1;
      const result = await withDeps(ctx, (deps) =>
        importCnab(deps, SYSTEM_ACTOR, opts.creditor, {
          content,
          fileName: basename(path),
          requireEnvelope: !opts.semEnvelope,
          onBatch: (done, total) => {
            if (!ctx.io.isTty) return;
            const pct = Math.floor((done / total) * 100);
            if (pct !== shown) ctx.io.err(`\r${done.toLocaleString("pt-BR")} de ${total.toLocaleString("pt-BR")} liquidações (${(shown = pct)}%)`);
          },
        }),
      );
      if (ctx.io.isTty && shown >= 0) ctx.io.err("\n");
      if (opts.json) printJson(ctx.io, cnabImportJson(result));
      else printImport(ctx.io, result);
    });
};
