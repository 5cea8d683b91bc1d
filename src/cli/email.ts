import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { configureEmail } from "../app/email/email-context.ts";
import { getEmailSettings, updateEmailSettings, type EmailSettingsPatch, type EmailSettingsView } from "../app/email/email-settings.ts";
import { readConfig } from "../config.ts";
import { localDateOf } from "../domain/br/dates.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliContext } from "./context.ts";
import { withDeps } from "./shared.ts";

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];

type EmailOptions = {
  creditor: string;
  fromName?: string;
  fromAddress?: string;
  replyTo?: string;
  cc?: string[];
  dkimDomain?: string;
  dkimSelector?: string;
  dkimKey?: string;
  removeDkim?: boolean;
  allowSharedMailboxDetails?: boolean;
  json?: boolean;
};

/** `regua creditor email`: the creditor's sender, copies and DKIM key (the `creditor` command is admin.ts's). */
export const registerEmailCommands: RegisterCommands = (program, ctx) => {
  const creditor = program.commands.find((c) => c.name() === "creditor") ?? program.command("creditor").description("credores (clientes da cobrança)");
  creditor
    .command("email")
    .description("mostra ou altera o e-mail de cobrança do credor: remetente, resposta, cópias, DKIM e caixas compartilhadas")
    .requiredOption("--creditor <id>", "id do credor")
    .option("--from-name <nome>", "nome do remetente (padrão: nome fantasia ou razão social)")
    .option("--from-address <e-mail>", "endereço do remetente (padrão: cobranca@REGUA_MAIL_DOMAIN); none = padrão")
    .option("--reply-to <e-mail>", "endereço para respostas (uma pessoa da cobrança); none = remove")
    .option("--cc <e-mail>", "cópia em toda mensagem, ex. um supervisor (repita ou separe por vírgula; none = nenhuma)", list)
    .option("--dkim-domain <domínio>", "domínio da assinatura DKIM (o do remetente)")
    .option("--dkim-selector <seletor>", "seletor DKIM (o registro fica em SELETOR._domainkey.DOMÍNIO)")
    .option("--dkim-key <arquivo>", "chave privada RSA em PEM")
    .option("--remove-dkim", "deixa de assinar com DKIM")
    .option("--allow-shared-mailbox-details", "permite detalhar a dívida em caixas compartilhadas de empresas (financeiro@, contato@…)")
    .option("--no-allow-shared-mailbox-details", "caixas compartilhadas recebem mensagens sem detalhes da dívida (padrão)")
    .option("--json", "saída em JSON (nunca inclui a chave privada)")
    .action(async (opts: EmailOptions) => {
      const patch = patchOf(opts, ctx);
      const config = readConfig(ctx.env);
      const view = await withDeps(ctx, (deps) => {
        // REGUA_SECRET seals the DKIM key as the server does (and opens one the server sealed).
        configureEmail(deps, { mailDomain: config.email.mailDomain, secret: config.secret });
        return Object.keys(patch).length === 0 ? getEmailSettings(deps, SYSTEM_ACTOR, opts.creditor) : updateEmailSettings(deps, SYSTEM_ACTOR, opts.creditor, patch);
      });
      if (opts.json) return printJson(ctx.io, view);
      ctx.io.out(describe(view, Object.keys(patch).length > 0));
    });
};

function patchOf(opts: EmailOptions, ctx: CliContext): EmailSettingsPatch {
  const none = (v: string) => v.trim().toLowerCase() === "none";
  const patch: EmailSettingsPatch = {};
  if (opts.fromName !== undefined) patch.fromName = opts.fromName;
  if (opts.fromAddress !== undefined) patch.fromAddress = none(opts.fromAddress) ? null : opts.fromAddress;
  if (opts.replyTo !== undefined) patch.replyTo = none(opts.replyTo) ? null : opts.replyTo;
  if (opts.cc !== undefined) patch.cc = opts.cc.filter((a) => !none(a));
  if (opts.allowSharedMailboxDetails !== undefined) patch.allowSharedMailboxDetails = opts.allowSharedMailboxDetails;
  const dkimGiven = opts.dkimDomain !== undefined || opts.dkimSelector !== undefined || opts.dkimKey !== undefined;
  if (opts.removeDkim && dkimGiven) throw new AppError("validation", "use --remove-dkim sozinho, sem --dkim-domain, --dkim-selector ou --dkim-key");
  if (opts.removeDkim) patch.dkim = null;
  else if (dkimGiven) {
    if (!opts.dkimDomain || !opts.dkimSelector) {
      throw new AppError("validation", "para o DKIM informe --dkim-domain e --dkim-selector (e --dkim-key na primeira vez)", [
        { field: opts.dkimDomain ? "--dkim-selector" : "--dkim-domain", reason: "obrigatório com as outras opções de DKIM" },
      ]);
    }
    let privateKey: string | undefined;
    if (opts.dkimKey) {
      try {
        privateKey = readFileSync(resolve(ctx.cwd, opts.dkimKey), "utf8");
      } catch {
        throw new AppError("invalid_input", `não foi possível ler a chave DKIM: ${opts.dkimKey}`, [{ field: "--dkim-key", reason: "arquivo não encontrado ou ilegível" }]);
      }
    }
    patch.dkim = { domain: opts.dkimDomain, selector: opts.dkimSelector, privateKey };
  }
  return patch;
}

function describe(v: EmailSettingsView, changed: boolean): string {
  const lines = [
    changed ? "E-mail de cobrança atualizado." : "E-mail de cobrança do credor:",
    `  Remetente:        ${v.effective.fromName} <${v.effective.fromAddress}>${v.fromAddress ? "" : " (padrão)"}`,
    `  Responder para:   ${v.replyTo ?? "(o próprio remetente)"}`,
    `  Cópia:            ${v.cc.length ? v.cc.join(", ") : "(nenhuma)"}`,
    `  Caixas compartilhadas de empresas: ${v.allowSharedMailboxDetails ? "recebem os detalhes da dívida" : "recebem mensagens sem detalhes da dívida"}`,
  ];
  if (v.copiesStopped.length) {
    lines.push(`  Sem cópias (pediram pelo link da cópia): ${v.copiesStopped.map((c) => `${c.address} (desde ${localDateOf(new Date(c.at), "America/Sao_Paulo").split("-").reverse().join("/")})`).join(", ")}`);
  }
  if (v.dkim) {
    lines.push(`  DKIM:             d=${v.dkim.domain}, s=${v.dkim.selector}`);
    if (v.dkim.dnsRecord) lines.push(`  Publique no DNS:  ${v.dkim.dnsName} TXT "${v.dkim.dnsRecord}"`);
    else lines.push("  Atenção: a chave guardada está cifrada com outro REGUA_SECRET e não pode ser lida; nenhum e-mail sai até enviá-la de novo (--dkim-key).");
  } else {
    lines.push("  DKIM:             não configurado (mensagens sem assinatura tendem a cair no spam)");
  }
  return `${lines.join("\n")}\n`;
}
