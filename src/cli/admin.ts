import { AppError } from "../shared/app-error.ts";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { addCreditor, listCreditors, updateCreditor, type CreditorUpdate } from "../app/creditors/creditors.ts";
import { addUser } from "../app/auth/users.ts";
import { createApiKey } from "../app/auth/sessions.ts";
import { migrateToLatest, openDatabase } from "../db/database.ts";
import { readConfig } from "../config.ts";
import { formatDocument } from "../domain/br/documents.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson } from "./context.ts";
import { withDeps } from "./shared.ts";

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];

function percent(name: string) {
  return (raw: string) => {
    const n = Number(raw.replace(",", "."));
    if (!/^\d+([.,]\d{1,2})?$/.test(raw) || !Number.isFinite(n)) throw new AppError("validation", `${name}: use um número como 2 ou 1,5 (recebido "${raw}")`);
    return n;
  };
}

export const registerAdminCommands: RegisterCommands = (program, ctx) => {
  program
    .command("migrate")
    .description("cria ou atualiza o esquema do banco de dados (DATABASE_URL)")
    .option("--json", "saída em JSON")
    .action(async (opts: { json?: boolean }) => {
      const database = await openDatabase(readConfig(ctx.env).databaseUrl, { cwd: ctx.cwd, migrate: false });
      try {
        const applied = await migrateToLatest(database);
        if (opts.json) printJson(ctx.io, { applied });
        else ctx.io.out(applied.length ? `Migrações aplicadas: ${applied.join(", ")}\n` : "Banco de dados já está atualizado.\n");
      } finally {
        await database.close();
      }
    });

  const creditor = program.command("creditor").description("credores (clientes da cobrança)");
  creditor
    .command("add")
    .description("cadastra um credor")
    .requiredOption("--name <razão social>", "razão social")
    .requiredOption("--cnpj <cnpj>", "CNPJ (numérico ou alfanumérico)")
    .option("--trade-name <nome>", "nome fantasia")
    .option("--address <endereço>", "endereço (obrigatório nas mensagens, CDC art. 42-A)")
    .option("--city <cidade>", "cidade")
    .option("--state <uf>", "UF (define o fuso horário)")
    .option("--zip <cep>", "CEP")
    .option("--sector <setor>", "financial, telecom, utilities, retail, education, health ou other", "other")
    .option("--json", "saída em JSON: {\"id\": \"…\"}")
    .action(async (opts: { name: string; cnpj: string; tradeName?: string; address?: string; city?: string; state?: string; zip?: string; sector: string; json?: boolean }) => {
      const created = await withDeps(ctx, (deps) =>
        addCreditor(deps, SYSTEM_ACTOR, { legalName: opts.name, cnpj: opts.cnpj, tradeName: opts.tradeName, address: opts.address, city: opts.city, state: opts.state, zip: opts.zip, sector: opts.sector }),
      );
      if (opts.json) return printJson(ctx.io, { id: created.id });
      ctx.io.out(`Credor cadastrado: ${created.legalName} (CNPJ ${formatDocument(created.cnpj)})\nid: ${created.id}\n`);
      if (!created.address) ctx.io.out("Atenção: informe o endereço (regua creditor update ID --address … --city … --state …): toda mensagem de cobrança deve trazê-lo (CDC art. 42-A).\n");
    });
  creditor
    .command("update <id>")
    .description("altera dados e encargos de um credor")
    .option("--name <razão social>", "razão social")
    .option("--trade-name <nome>", "nome fantasia")
    .option("--address <endereço>", "endereço")
    .option("--city <cidade>", "cidade")
    .option("--state <uf>", "UF")
    .option("--zip <cep>", "CEP")
    .option("--sector <setor>", "setor")
    .option("--fine-percent <percentual>", "multa por atraso em % (máximo 2 %, CDC art. 52 §1)", percent("--fine-percent"))
    .option("--interest-monthly-percent <percentual>", "juros de mora em % ao mês (pro rata die)", percent("--interest-monthly-percent"))
    .option("--business-fine-percent <percentual|none>", "multa para devedores empresa em % (máximo 10 %); none = a mesma dos consumidores", (raw: string) => (raw.trim().toLowerCase() === "none" ? "none" : percent("--business-fine-percent")(raw)))
    .option("--correction-index <índice|none>", "índice de correção monetária (ex.: IPCA, importado com regua index import); none = sem correção")
    .option("--json", "saída em JSON")
    .action(async (id: string, opts: Record<string, string | number | boolean | undefined>) => {
      const input: CreditorUpdate = {
        legalName: opts.name as string | undefined, tradeName: opts.tradeName as string | undefined, address: opts.address as string | undefined,
        city: opts.city as string | undefined, state: opts.state as string | undefined, zip: opts.zip as string | undefined, sector: opts.sector as string | undefined,
        finePercent: opts.finePercent as number | undefined, interestMonthlyPercent: opts.interestMonthlyPercent as number | undefined,
        businessFinePercent: opts.businessFinePercent === "none" ? null : (opts.businessFinePercent as number | undefined), correctionIndex: opts.correctionIndex as string | undefined,
      };
      const updated = await withDeps(ctx, (deps) => updateCreditor(deps, SYSTEM_ACTOR, id, input));
      if (opts.json) return printJson(ctx.io, updated);
      const pct = (n: number) => `${String(n).replace(".", ",")} %`;
      const business = updated.businessFinePercent === null ? "" : ` (empresas ${pct(updated.businessFinePercent)})`;
      const correction = updated.correctionIndex ? `, correção ${updated.correctionIndex}` : ", sem correção monetária";
      ctx.io.out(`Credor atualizado: ${updated.legalName} — multa ${pct(updated.finePercent)}${business}, juros ${pct(updated.interestMonthlyPercent)} ao mês${correction}\n`);
    });
  creditor
    .command("list")
    .description("lista os credores")
    .option("--json", "saída em JSON")
    .action(async (opts: { json?: boolean }) => {
      const items = await withDeps(ctx, (deps) => listCreditors(deps, SYSTEM_ACTOR));
      if (opts.json) return printJson(ctx.io, { items });
      if (items.length === 0) ctx.io.out("Nenhum credor cadastrado.\n");
      for (const c of items) ctx.io.out(`${c.id}  ${formatDocument(c.cnpj)}  ${c.legalName}\n`);
    });

  const user = program.command("user").description("usuários");
  user
    .command("add")
    .description("cadastra um usuário; a senha gerada é mostrada uma única vez")
    .requiredOption("--email <e-mail>", "e-mail de acesso")
    .requiredOption("--role <perfil>", "admin, manager, collector ou auditor")
    .option("--name <nome>", "nome")
    .option("--creditor <id>", "credor a que o usuário tem acesso (repita ou separe por vírgula)", list, [])
    .option("--password <senha>", "senha (padrão: gerada)")
    .option("--json", "saída em JSON")
    .action(async (opts: { email: string; role: string; name?: string; creditor: string[]; password?: string; json?: boolean }) => {
      const { user: created, password } = await withDeps(ctx, (deps) =>
        addUser(deps, SYSTEM_ACTOR, { email: opts.email, name: opts.name ?? "", role: opts.role, creditorIds: opts.creditor, password: opts.password }),
      );
      if (opts.json) return printJson(ctx.io, { id: created.id, email: created.email, role: created.role, password: opts.password ? undefined : password });
      ctx.io.out(`Usuário criado: ${created.email} (${created.role})\n`);
      if (!opts.password) ctx.io.out(`Senha: ${password}\n(anote agora: ela não será mostrada de novo)\n`);
    });

  const apikey = program.command("apikey").description("chaves de API para integrações");
  apikey
    .command("create")
    .description("cria uma chave de API; a chave é mostrada uma única vez")
    .requiredOption("--name <nome>", "para que serve a chave")
    .requiredOption("--creditor <id>", "credor(es) que a chave acessa (repita ou separe por vírgula)", list, [])
    .option("--role <perfil>", "manager, collector ou auditor", "manager")
    .option("--json", "saída em JSON: {\"id\": \"…\", \"key\": \"…\"}")
    .action(async (opts: { name: string; creditor: string[]; role: string; json?: boolean }) => {
      const created = await withDeps(ctx, (deps) => createApiKey(deps, SYSTEM_ACTOR, { name: opts.name, role: opts.role, creditorIds: opts.creditor }));
      if (opts.json) return printJson(ctx.io, created);
      ctx.io.out(`Chave criada (${created.id}):\n${created.key}\n(anote agora: ela não será mostrada de novo; use no cabeçalho Authorization: Bearer <chave>)\n`);
    });
};
