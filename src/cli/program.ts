import { Command, Help } from "commander";

/** Commander's help, in Portuguese. */
class PortugueseHelp extends Help {
  override formatHelp(cmd: Command, helper: Help): string {
    return super
      .formatHelp(cmd, helper)
      .replace(/^Usage:/m, "Uso:")
      .replace(/\[options\]/g, "[opções]")
      .replace(/\[command\]/g, "[comando]")
      .replace(/^Arguments:/m, "Argumentos:")
      .replace(/^Options:/m, "Opções:")
      .replace(/^Commands:/m, "Comandos:")
      .replace(/\(default: /g, "(padrão: ")
      .replace(/\(choices: /g, "(opções: ");
  }
}

/** A command with Portuguese help and errors that throw instead of exiting the process. */
export function newCommand(name: string): Command {
  const cmd = new Command(name);
  cmd.createHelp = () => Object.assign(new PortugueseHelp(), cmd.configureHelp());
  cmd.helpOption("-h, --help", "mostra esta ajuda");
  cmd.helpCommand("help [comando]", "mostra a ajuda de um comando");
  cmd.exitOverride();
  cmd.showHelpAfterError("(use --help para ver as opções)");
  return cmd;
}
