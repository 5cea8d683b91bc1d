import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import QRCode from "qrcode";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { setupPix } from "../app/pix/configure-pix.ts";
import { issuePixCharge } from "../app/pix/issue-pix-charge.ts";
import { registerPixWebhook } from "../app/pix/register-pix-webhook.ts";
import { startPixSimulator } from "../channels/pix-psp/simulator.ts";
import { readConfig } from "../config.ts";
import { formatDateBr } from "../domain/br/dates.ts";
import { formatCents } from "../domain/br/money.ts";
import { makeStaticBrCode } from "../domain/pix/make-static-br-code.ts";
import { parseBrCode } from "../domain/pix/parse-br-code.ts";
import { AppError, invalid } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson } from "./context.ts";
import { withDeps } from "./shared.ts";

type ChargeOptions = { creditor: string; debt?: string[]; debtor?: string; due?: string; png?: string; json?: boolean };
type SimulatorOptions = { port: string; host: string; clientId: string; clientSecret?: string; key?: string[] };

type MakeOptions = { key: string; name: string; city: string; amount?: string; txid?: string; info?: string; png?: string; json?: boolean };

const AMOUNT = /^(\d+)(?:[.,](\d{1,2}))?$/;

/** "10.00", "10,00", "10", "10,5" → centavos, exactly (no floating point). */
export function parseCliAmount(raw: string): number {
  const match = AMOUNT.exec(raw.trim());
  if (!match) throw invalid("--amount", `valor inválido "${raw}": use por exemplo 10.00 ou 10,00 (sem separador de milhar)`);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(cents) || cents <= 0) throw invalid("--amount", `valor inválido "${raw}": deve ser maior que zero`);
  return cents;
}

export const registerPixCommands: RegisterCommands = (program, ctx) => {
  const pix = program.command("pix").description("Pix: BR Codes estáticos, cobranças dinâmicas por PSP (API Pix) e o simulador de PSP");

  pix
    .command("make")
    .description("gera o BR Code estático (copia e cola) de uma chave Pix")
    .requiredOption("--key <chave>", "chave Pix: CPF, CNPJ, e-mail, celular +55DDNÚMERO ou chave aleatória")
    .requiredOption("--name <nome>", "nome do recebedor (sem acentos, até 25 caracteres)")
    .requiredOption("--city <cidade>", "cidade do recebedor (sem acentos, até 15 caracteres)")
    .option("--amount <valor>", "valor fixo, ex.: 10.00 ou 10,00 (sem valor, o pagador digita)")
    .option("--txid <id>", "identificador da transação: até 25 letras e dígitos (padrão ***)")
    .option("--info <texto>", "informação adicional mostrada ao pagador")
    .option("--png <arquivo>", "grava também o QR Code em PNG")
    .option("--json", 'saída em JSON: {"payload": "…"}')
    .action(async (opts: MakeOptions) => {
      const payload = makeStaticBrCode({
        key: opts.key,
        name: opts.name,
        city: opts.city,
        amountCents: opts.amount === undefined ? undefined : parseCliAmount(opts.amount),
        txid: opts.txid,
        info: opts.info,
      });
      if (opts.png) {
        const path = resolve(ctx.cwd, opts.png);
        await QRCode.toFile(path, payload, { type: "png", errorCorrectionLevel: "M", margin: 4, width: 320 });
        if (!opts.json) ctx.io.err(`QR Code gravado em ${path}\n`);
      }
      if (opts.json) printJson(ctx.io, { payload });
      else ctx.io.out(`${payload}\n`);
    });

  pix
    .command("parse <payload>")
    .description("lê e confere um BR Code Pix (estrutura, campos obrigatórios e CRC)")
    .option("--json", 'saída em JSON: {"key"|"url", "amount", "name", "city", "txid", "info" (só se houver), "crc"}')
    .action((payload: string, opts: { json?: boolean }) => {
      const parsed = parseBrCode(payload.trim());
      if (!parsed.ok) throw new AppError("invalid_input", `BR Code inválido: ${parsed.reason}`);
      const v = parsed.value;
      if (opts.json) return printJson(ctx.io, v);
      const lines = [
        v.key !== undefined ? `Chave Pix: ${v.key}` : `URL (Pix dinâmico): ${v.url}`,
        `Valor: ${v.amount === null ? "livre (o pagador digita)" : `R$ ${v.amount.replace(".", ",")}`}`,
        `Recebedor: ${v.name}`,
        `Cidade: ${v.city}`,
        `Txid: ${v.txid}`,
        ...(v.info !== undefined ? [`Informação adicional: ${v.info}`] : []),
        `CRC: ${v.crc} (conferido)`,
      ];
      ctx.io.out(`${lines.join("\n")}\n`);
    });

  pix
    .command("charge")
    .description("emite uma cobrança Pix dinâmica no PSP (PIX_PSP_URL) para títulos de um devedor, pelo valor devido hoje")
    .requiredOption("--creditor <id>", "credor dos títulos")
    .option("--debt <título...>", "títulos (identificador do credor), todos do mesmo devedor")
    .option("--debtor <cpf-cnpj>", "todos os títulos em aberto do devedor com este CPF/CNPJ")
    .option("--due <AAAA-MM-DD>", "vencimento: emite cobrança com vencimento (cobv) pagável até esse dia; sem ele, cobrança imediata (cob)")
    .option("--png <arquivo>", "grava também o QR Code em PNG")
    .option("--json", "saída em JSON: a cobrança (txid, kind, status, amountCents, dueDate, pixCopiaECola, location, debts…)")
    .action(async (opts: ChargeOptions) => {
      if (Boolean(opts.debt?.length) === Boolean(opts.debtor)) throw invalid("--debt", "informe --debt (um ou mais títulos) ou --debtor (CPF/CNPJ), um dos dois");
      const config = readConfig(ctx.env);
      const setup = await setupPix(config.pix, { allowSimulator: false, webhookBaseUrl: config.publicUrl ?? null });
      try {
        const charge = await withDeps(ctx, (deps) =>
          issuePixCharge({ ...deps, pix: setup.pix }, SYSTEM_ACTOR, opts.creditor, { externalIds: opts.debt, debtorDocument: opts.debtor, dueDate: opts.due, withQr: Boolean(opts.png) }),
        );
        const { qrPngBase64, ...view } = charge;
        if (opts.png && qrPngBase64) {
          const path = resolve(ctx.cwd, opts.png);
          writeFileSync(path, Buffer.from(qrPngBase64, "base64"));
          if (!opts.json) ctx.io.err(`QR Code gravado em ${path}\n`);
        }
        if (opts.json) return printJson(ctx.io, view);
        const titles = view.debts.map((d) => d.externalId).join(", ");
        ctx.io.out(
          [
            `Cobrança Pix emitida (${view.kind === "cob" ? "imediata" : "com vencimento"}): txid ${view.txid}`,
            `Valor: ${formatCents(view.amountCents)} (${view.debts.length === 1 ? "título" : "títulos"} ${titles})`,
            view.dueDate ? `Vencimento: ${formatDateBr(view.dueDate)}` : `Válida até: ${view.expiresAt ?? "—"}`,
            "Pix copia e cola:",
            view.pixCopiaECola,
          ].join("\n") + "\n",
        );
      } finally {
        await setup.close();
      }
    });

  pix
    .command("webhook")
    .description("registra no PSP o webhook Pix do credor (REGUA_PUBLIC_URL/api/webhooks/pix/…), com um token novo")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", 'saída em JSON: {"url", "pixKey"}')
    .action(async (opts: { creditor: string; json?: boolean }) => {
      const config = readConfig(ctx.env);
      const setup = await setupPix(config.pix, { allowSimulator: false, webhookBaseUrl: config.publicUrl ?? null });
      try {
        const result = await withDeps(ctx, (deps) => registerPixWebhook({ ...deps, pix: setup.pix }, SYSTEM_ACTOR, opts.creditor));
        if (opts.json) return printJson(ctx.io, result);
        ctx.io.out(`Webhook da chave ${result.pixKey} registrado: ${result.url}/pix (com token)\n`);
      } finally {
        await setup.close();
      }
    });

  pix
    .command("simulator")
    .description("sobe um PSP Pix local (API Pix: OAuth, cob, cobv, webhook) para testes e demonstrações")
    .option("--port <porta>", "porta HTTP (0 = uma livre)", "0")
    .option("--host <endereço>", "endereço de escuta", "127.0.0.1")
    .option("--client-id <id>", "client_id aceito no /oauth/token", "regua-simulador")
    .option("--client-secret <segredo>", "client_secret aceito (padrão: um aleatório, mostrado ao subir)")
    .option("--key <chave...>", "chaves Pix do recebedor (padrão: qualquer chave válida)")
    .action(async (opts: SimulatorOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalid("--port", `porta inválida: ${opts.port}`);
      const sim = await startPixSimulator({ port, host: opts.host, clientId: opts.clientId, clientSecret: opts.clientSecret, keys: opts.key, log: (line) => ctx.io.out(`${line}\n`) });
      ctx.io.out(
        [
          `Simulador de PSP Pix em ${sim.url}`,
          `PIX_PSP_URL=${sim.url} PIX_PSP_CLIENT_ID=${sim.clientId} PIX_PSP_CLIENT_SECRET=${sim.clientSecret}`,
          `Pagar uma cobrança: POST ${sim.url}/sim/pay/{txid}  (Ctrl+C encerra)`,
        ].join("\n") + "\n",
      );
      await new Promise<void>((done) => {
        const stop = () => {
          void sim.close().then(done);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
};
