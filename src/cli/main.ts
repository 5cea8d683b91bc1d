import { CommanderError, type Command } from "commander";
import { AppError } from "../shared/app-error.ts";
import type { CliContext } from "./context.ts";
import { newCommand } from "./program.ts";
import { COMMAND_AREAS } from "./commands.ts";

const COMMANDER_MESSAGES: [RegExp, string][] = [
  [/^error: unknown option '(.+)'/, "erro: opção desconhecida '$1'"],
  [/^error: unknown command '(.+)'/, "erro: comando desconhecido '$1'"],
  [/^error: missing required argument '(.+)'/, "erro: falta o argumento obrigatório '$1'"],
  [/^error: required option '(.+)' not specified/, "erro: a opção obrigatória '$1' não foi informada"],
  [/^error: option '(.+)' argument missing/, "erro: falta o valor da opção '$1'"],
  [/^error: too many arguments/, "erro: argumentos demais"],
];

function translate(message: string): string {
  for (const [pattern, replacement] of COMMANDER_MESSAGES) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return message;
}

export function buildProgram(ctx: CliContext): Command {
  const program = newCommand("regua");
  program
    .description("Régua — plataforma de cobrança. Use `regua <comando> --help` para detalhes.")
    .version("0.1.0", "-v, --version", "mostra a versão");
  program.createCommand = (name?: string) => {
    const sub = newCommand(name ?? "");
    sub.createCommand = program.createCommand;
    return sub;
  };
  program.configureOutput({
    writeOut: (s) => ctx.io.out(s),
    writeErr: (s) => ctx.io.err(s),
    outputError: (s, write) => write(translate(s)),
  });
  for (const register of COMMAND_AREAS) register(program, ctx);
  return program;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : 2;
    }
    if (error instanceof AppError) {
      // The headline, then the field errors — unless it is one the headline already says.
      ctx.io.err(`erro: ${error.headline}\n`);
      const said = error.errors.length === 1 && error.headline.includes(error.errors[0]!.reason);
      for (const e of said ? [] : error.errors.slice(0, 50)) {
        ctx.io.err(`  ${e.line !== undefined ? `linha ${e.line}, ` : ""}${e.field}: ${e.reason}\n`);
      }
      return error.exitCode;
    }
    ctx.io.err(`erro inesperado: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
