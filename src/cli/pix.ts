import { resolve } from "node:path";
import QRCode from "qrcode";
import { makeStaticBrCode } from "../domain/pix/make-static-br-code.ts";
import { parseBrCode } from "../domain/pix/parse-br-code.ts";
import { AppError, invalid } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson } from "./context.ts";

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
  const pix = program.command("pix").description("Pix: gera e lê BR Codes (copia e cola e QR Code)");

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
};
