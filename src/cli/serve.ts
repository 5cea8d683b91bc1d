import { SYSTEM_ACTOR } from "../app/access.ts";
import { ensureAdmin } from "../app/auth/users.ts";
import { readConfig } from "../config.ts";
import type { RegisterCommands } from "./commands.ts";
import { openDeps } from "./shared.ts";

export const registerServeCommands: RegisterCommands = (program, ctx) => {
  program
    .command("serve")
    .description("sobe a API e a interface web (PORT, padrão 3000)")
    .option("--port <porta>", "porta HTTP (padrão: PORT ou 3000)")
    .option("--no-demo", "não carrega a carteira de demonstração num banco vazio")
    .action(async (opts: { port?: string; demo: boolean }) => {
      const config = readConfig(ctx.env);
      const deps = await openDeps(ctx);
      const admin = await ensureAdmin(deps, config.adminPassword);
      if (admin) {
        ctx.io.out(`\nAdministrador criado: ${admin.email}\n`);
        if (!config.adminPassword) ctx.io.out(`Senha: ${admin.password}\n(anote agora: ela não será mostrada de novo)\n\n`);
      }
      const empty = !(await deps.database.db.selectFrom("creditors").select("id").limit(1).executeTakeFirst());
      if (empty && opts.demo && config.demoOnFirstStart) {
        ctx.io.out(`Banco vazio: carregando a carteira de demonstração (${config.demoDebtors} devedores)…\n`);
        const { loadDemo } = await import("../app/import/load-demo.ts");
        const { creditorId, result } = await loadDemo(deps, SYSTEM_ACTOR, { debtors: config.demoDebtors, seed: 42 });
        // The demo creditor gets its sector's default ladder, so the first day already plans and sends.
        const { applyLadder } = await import("../app/ladder/ladders.ts");
        const { DEFAULT_LADDERS } = await import("../domain/templates/default-ladders.ts");
        await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: DEFAULT_LADDERS.retail });
        const { runLadder } = await import("../app/ladder/run-ladder.ts");
        const { summary } = await runLadder(deps, SYSTEM_ACTOR, creditorId, { collect: false });
        ctx.io.out(`Demonstração pronta: ${result.imported} títulos; régua padrão do varejo aplicada e executada (${summary.planned} acionamentos planejados).\n`);
      }
      const { buildServer } = await import("../http/server.ts");
      const { setupPix } = await import("../app/pix/configure-pix.ts");
      const pixSetup = await setupPix(config.pix, { allowSimulator: true, webhookBaseUrl: config.publicUrl ?? null });
      Object.assign(deps, { pix: pixSetup.pix });
      const { startEmail } = await import("../app/email/start-email.ts");
      const { configureEmail } = await import("../app/email/email-context.ts");
      const email = await startEmail(deps, { ...config.email, publicUrl: config.publicUrl ?? `http://localhost:${config.port}`, secret: config.secret, onError: (e) => ctx.io.err(`e-mail: ${e.message}\n`) });
      const app = await buildServer(deps, { logLevel: config.logLevel });
      const port = opts.port ? Number(opts.port) : config.port;
      const address = await app.listen({ port, host: config.host });
      pixSetup.pix.webhookBaseUrl ??= `http://127.0.0.1:${new URL(address).port}`;
      ctx.io.out(`Régua no ar: http://localhost:${new URL(address).port} (API em /api, documentação em /api/docs)\n`);
      if (!config.publicUrl) configureEmail(deps, { publicUrl: `http://localhost:${new URL(address).port}` });
      ctx.io.out(email.sink ? `E-mail: servidor SMTP local (caixa de saída) em ${email.sink.url}\n` : `E-mail: SMTP ${email.transport.description}\n`);
      if (pixSetup.simulator) ctx.io.out(`Pix: simulador de PSP em ${pixSetup.simulator.url} (pague com POST ${pixSetup.simulator.url}/sim/pay/{txid})\n`);
      const { startDailyScheduler } = await import("../jobs/scheduler.ts");
      // The daily ladder run of every creditor, at 07:00 Brasília time (REGUA_SCHEDULER=0 turns it off).
      const scheduler = ctx.env.REGUA_SCHEDULER === "0" ? null : startDailyScheduler(deps, { onError: (e) => ctx.io.err(`régua diária: ${e instanceof Error ? e.message : String(e)}\n`) });
      // The e-mail dispatcher: a pass every 15 s over the actions that are due (REGUA_DISPATCH=0 turns it off).
      const { startDispatchLoop } = await import("../jobs/dispatch-loop.ts");
      const dispatcher = ctx.env.REGUA_DISPATCH === "0" ? null : startDispatchLoop(deps, { concurrency: config.email.maxConnections, onError: (e) => ctx.io.err(`envio de e-mails: ${e instanceof Error ? e.message : String(e)}\n`) });
      const stop = async () => {
        await dispatcher?.stop();
        await scheduler?.stop();
        await app.close();
        await pixSetup.close();
        await email.close();
        await deps.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await new Promise(() => {});
    });
};
