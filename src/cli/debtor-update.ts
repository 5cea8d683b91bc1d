import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { normalizeRepresentativeEmail, normalizeRiskBandInput, updateDebtor, type DebtorPatch, type UpdateDebtorResult } from "../app/portfolio/update-debtor.ts";
import { formatDocument } from "../domain/br/documents.ts";
import { AppError, invalid } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliContext } from "./context.ts";
import { withDeps } from "./shared.ts";

/** The existing top-level command `name` (the holds area creates `debtor` too), or a new one. */
function area(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

function printResult(ctx: CliContext, r: UpdateDebtorResult, given: Set<keyof DebtorPatch>, json?: boolean): void {
  const { document, representativeEmail: email, riskBand: band } = r.debtor;
  if (json) return printJson(ctx.io, { document, representativeEmail: email, riskBand: band });
  const doc = formatDocument(document);
  const changed = new Set(r.changedFields);
  if (given.has("representativeEmail")) {
    if (!changed.has("representativeEmail")) {
      ctx.io.out(email ? `O representante da conta do devedor ${doc} já era ${email}; nada mudou.\n` : `O devedor ${doc} não tinha representante da conta; nada mudou.\n`);
    } else {
      ctx.io.out(
        email
          ? `Representante da conta do devedor ${doc}: ${email}. Ele recebe cópia dos e-mails de cobrança enviados ao devedor.\n`
          : `Representante da conta do devedor ${doc} removido: os e-mails de cobrança deixam de ir com cópia para ele.\n`,
      );
    }
  }
  if (given.has("riskBand")) {
    if (!changed.has("riskBand")) {
      ctx.io.out(band ? `A faixa de risco do devedor ${doc} já era ${band}; nada mudou.\n` : `O devedor ${doc} não tinha faixa de risco; nada mudou.\n`);
    } else {
      ctx.io.out(
        band
          ? `Faixa de risco do devedor ${doc}: ${band}. As etapas da régua com condição de faixa de risco passam a considerá-la.\n`
          : `Faixa de risco do devedor ${doc} removida: as etapas da régua que exigem uma faixa de risco deixam de se aplicar a ele.\n`,
      );
    }
  }
}

type UpdateOpts = { creditor: string; representative?: string | false; riskBand?: string | false; json?: boolean };

export const registerDebtorUpdateCommands: RegisterCommands = (program, ctx) => {
  area(program, "debtor", "devedores: pausas, retenções e dados")
    .command("update <documento>")
    .description("altera dados do devedor (CPF/CNPJ): o representante da conta, que recebe cópia dos e-mails de cobrança, e a faixa de risco, usada pelas condições das etapas da régua")
    .requiredOption("--creditor <id>", "credor")
    .option("--representative <email>", "e-mail do representante da conta")
    .option("--no-representative", "remove o representante da conta")
    .option("--risk-band <faixa>", "faixa de risco (ex.: A, C+, ALTO): até 20 letras, números, espaço, +, - ou _; guardada em maiúsculas")
    .option("--no-risk-band", "remove a faixa de risco")
    .option("--json", "saída em JSON: {document, representativeEmail, riskBand}")
    .action(async (document: string, opts: UpdateOpts) => {
      if (opts.representative === undefined && opts.riskBand === undefined) {
        throw new AppError("validation", "informe o que alterar: --representative EMAIL, --no-representative, --risk-band FAIXA ou --no-risk-band");
      }
      const patch: DebtorPatch = {};
      // Checked here too, so the errors name the options as typed.
      if (opts.representative !== undefined) {
        if (opts.representative !== false && opts.representative.trim() === "") throw invalid("--representative", "e-mail vazio; para remover use --no-representative");
        patch.representativeEmail = opts.representative === false ? null : normalizeRepresentativeEmail(opts.representative, "--representative");
      }
      if (opts.riskBand !== undefined) {
        if (opts.riskBand !== false && opts.riskBand.trim() === "") throw invalid("--risk-band", "faixa de risco vazia; para remover use --no-risk-band");
        patch.riskBand = opts.riskBand === false ? null : normalizeRiskBandInput(opts.riskBand, "--risk-band");
      }
      const r = await withDeps(ctx, (deps) => updateDebtor(deps, SYSTEM_ACTOR, opts.creditor, { document }, patch));
      printResult(ctx, r, new Set(Object.keys(patch) as (keyof DebtorPatch)[]), opts.json);
    });
};
