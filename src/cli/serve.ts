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
        const { result } = await loadDemo(deps, SYSTEM_ACTOR, { debtors: config.demoDebtors, seed: 42 });
        ctx.io.out(`Demonstração pronta: ${result.imported} títulos.\n`);
      }
      const { buildServer } = await import("../http/server.ts");
      const app = await buildServer(deps, { logLevel: config.logLevel });
      const port = opts.port ? Number(opts.port) : config.port;
      const address = await app.listen({ port, host: config.host });
      ctx.io.out(`Régua no ar: http://localhost:${new URL(address).port} (API em /api, documentação em /api/docs)\n`);
      const stop = async () => {
        await app.close();
        await deps.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await new Promise(() => {});
    });
};
