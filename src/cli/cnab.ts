import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatCents } from "../domain/br/money.ts";
import { formatCnabError, type CnabFile } from "../domain/cnab/cnab-types.ts";
import { parseCnab } from "../domain/cnab/parse-cnab.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson } from "./context.ts";

/** The JSON contract of `regua cnab parse --json` (records without their line numbers). */
export function cnabFileToJson(file: CnabFile) {
  return {
    format: file.format,
    bank: file.bank,
    records: file.records.map((r) => ({
      ourNumber: r.ourNumber,
      movement: r.movement,
      settlement: r.settlement,
      faceValueCents: r.faceValueCents,
      paidCents: r.paidCents,
      interestCents: r.interestCents,
      discountCents: r.discountCents,
      feeCents: r.feeCents,
      creditedCents: r.creditedCents,
      dueDate: r.dueDate,
      paidDate: r.paidDate,
      creditDate: r.creditDate,
    })),
  };
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
      if (opts.json) return printJson(ctx.io, cnabFileToJson(value));
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
};
