import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { normalizeRepresentativeEmail, updateDebtor, type UpdateDebtorResult } from "../app/portfolio/update-debtor.ts";
import { formatDocument } from "../domain/br/documents.ts";
import { invalid } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliContext } from "./context.ts";
import { withDeps } from "./shared.ts";

/** The existing top-level command `name` (the holds area creates `debtor` too), or a new one. */
function area(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

function printResult(ctx: CliContext, r: UpdateDebtorResult, json?: boolean): void {
  if (json) return printJson(ctx.io, { document: r.debtor.document, representativeEmail: r.debtor.representativeEmail });
  const doc = formatDocument(r.debtor.document);
  const email = r.debtor.representativeEmail;
  if (!r.changed) {
    return ctx.io.out(email ? `O representante da conta do devedor ${doc} já era ${email}; nada mudou.\n` : `O devedor ${doc} não tinha representante da conta; nada mudou.\n`);
  }
  ctx.io.out(
    email
      ? `Representante da conta do devedor ${doc}: ${email}. Ele recebe cópia dos e-mails de cobrança enviados ao devedor.\n`
      : `Representante da conta do devedor ${doc} removido: os e-mails de cobrança deixam de ir com cópia para ele.\n`,
  );
}

type UpdateOpts = { creditor: string; representative?: string | false; json?: boolean };

export const registerDebtorUpdateCommands: RegisterCommands = (program, ctx) => {
  area(program, "debtor", "devedores: pausas, retenções e dados")
    .command("update <documento>")
    .description("altera dados do devedor (CPF/CNPJ): por ora, o representante da conta, que recebe cópia dos e-mails de cobrança")
    .requiredOption("--creditor <id>", "credor")
    .option("--representative <email>", "e-mail do representante da conta")
    .option("--no-representative", "remove o representante da conta")
    .option("--json", "saída em JSON: {document, representativeEmail}")
    .action(async (document: string, opts: UpdateOpts) => {
      if (opts.representative === undefined) throw invalid("--representative", "informe --representative EMAIL ou --no-representative");
      // Checked here too, so the error names the option as typed.
      const representativeEmail = opts.representative === false ? null : normalizeRepresentativeEmail(opts.representative, "--representative");
      if (representativeEmail === null && opts.representative !== false) throw invalid("--representative", "e-mail vazio; para remover use --no-representative");
      const r = await withDeps(ctx, (deps) => updateDebtor(deps, SYSTEM_ACTOR, opts.creditor, { document }, { representativeEmail }));
      printResult(ctx, r, opts.json);
    });
};
