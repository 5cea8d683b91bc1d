import type { Command } from "commander";
import type { CliContext } from "./context.ts";
import { registerAdminCommands } from "./admin.ts";
import { registerBoletoCommands } from "./boleto.ts";
import { registerCnabCommands } from "./cnab.ts";
import { registerPixCommands } from "./pix.ts";
import { registerPortfolioCommands } from "./portfolio.ts";
import { registerServeCommands } from "./serve.ts";

/** Each area of the CLI registers its commands here. */
export type RegisterCommands = (program: Command, ctx: CliContext) => void;

export const COMMAND_AREAS: RegisterCommands[] = [
  registerServeCommands,
  registerAdminCommands,
  registerPortfolioCommands,
  registerPixCommands,
  registerCnabCommands,
  registerBoletoCommands,
];
