import { parseAt } from "../app/ladder/run-ladder.ts";
import { readConfig } from "../config.ts";
import { fixedClock } from "../shared/clock.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson } from "./context.ts";
import { openDeps } from "./shared.ts";

export const registerDispatchCommands: RegisterCommands = (program, ctx) => {
  program
    .command("dispatch")
    .description("envia as mensagens de e-mail planejadas que já estão na hora (SMTP_URL, ou o servidor SMTP local)")
    .option("--creditor <id>", "só as ações deste credor")
    .option("--at <instante>", "instante do envio, ISO 8601 com fuso (padrão: agora)")
    .option("--limit <n>", "ações por lote (padrão 200)")
    .option("--json", "saída para máquinas")
    .action(async (opts: { creditor?: string; at?: string; limit?: string; json?: boolean }) => {
      const config = readConfig(ctx.env);
      const deps = await openDeps(ctx);
      if (opts.at) deps.clock = fixedClock(parseAt(opts.at, ctx.clock.now()));
      const { startEmail } = await import("../app/email/start-email.ts");
      const { dispatchUntilIdle } = await import("../app/dispatch/dispatch-email.ts");
      const email = await startEmail(deps, { ...config.email, publicUrl: config.publicUrl ?? `http://localhost:${config.port}`, secret: config.secret, onError: (e) => ctx.io.err(`e-mail: ${e.message}\n`) });
      try {
        const summary = await dispatchUntilIdle(deps, { creditorId: opts.creditor, limit: opts.limit ? Number(opts.limit) : undefined, concurrency: config.email.maxConnections });
        if (opts.json) printJson(ctx.io, summary);
        else {
          const r = summary.recovered;
          ctx.io.out(
            `Envio de e-mails: ${summary.sent} enviados, ${summary.retried} para nova tentativa, ${summary.rescheduled} reagendados para a janela de contato, ` +
              `${summary.cancelled} cancelados, ${summary.failed} com falha definitiva, ${summary.uncertain} incertos.\n`,
          );
          if (r.requeued || r.uncertain) ctx.io.out(`Envios interrompidos recuperados: ${r.requeued} de volta à fila, ${r.uncertain} incertos (para revisão).\n`);
        }
      } finally {
        await email.close();
        await deps.close();
      }
    });
};
