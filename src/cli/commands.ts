import type { Command } from "commander";
import type { CliContext } from "./context.ts";
import { registerAdminCommands } from "./admin.ts";
import { registerBoletoCommands } from "./boleto.ts";
import { registerChargesCommands } from "./charges.ts";
import { registerCnabCommands } from "./cnab.ts";
import { registerDebtorUpdateCommands } from "./debtor-update.ts";
import { registerDispatchCommands } from "./dispatch.ts";
import { registerEmailCommands } from "./email.ts";
import { registerExitPointCommands } from "./exit-point.ts";
import { registerHoldsCommands } from "./holds.ts";
import { registerLadderCommands } from "./ladder.ts";
import { registerNegotiateCommands } from "./negotiate.ts";
import { registerPaymentsCommands } from "./payments.ts";
import { registerPixCommands } from "./pix.ts";
import { registerPortfolioCommands } from "./portfolio.ts";
import { registerServeCommands } from "./serve.ts";
import { registerTemplateCommands } from "./templates.ts";

/** Each area of the CLI registers its commands here. */
export type RegisterCommands = (program: Command, ctx: CliContext) => void;

export const COMMAND_AREAS: RegisterCommands[] = [
  registerServeCommands,
  registerAdminCommands,
  registerPortfolioCommands,
  registerPixCommands,
  registerCnabCommands,
  registerPaymentsCommands,
  registerBoletoCommands,
  registerChargesCommands,
  registerHoldsCommands,
  registerDebtorUpdateCommands,
  registerLadderCommands,
  registerEmailCommands,
  registerDispatchCommands,
  registerTemplateCommands,
  registerNegotiateCommands,
  registerExitPointCommands,
];
