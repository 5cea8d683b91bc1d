import { writeFile } from "node:fs/promises";
import { formatCents } from "../domain/br/money.ts";
import { resolve } from "node:path";
import type { Command } from "commander";
import { isIsoDate } from "../domain/boleto/calendar-days.ts";
import { formatDateBr } from "../domain/br/dates.ts";
import { bankName, collectionSegmentName, formatDigitableLine } from "../domain/boleto/format-boleto.ts";
import { BOLETO_BANKS, makeBoleto, type BoletoBank, type MadeBoleto } from "../domain/boleto/make-boleto.ts";
import { boletoView, parseBoleto, type ParsedBoleto } from "../domain/boleto/parse-boleto.ts";
import { renderBoletoPdf } from "../render/boleto-pdf.ts";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { addBillingAccount, listBillingAccounts, type BillingAccountView } from "../app/boleto/billing-accounts.ts";
import { issueBoleto } from "../app/boleto/issue-boleto.ts";
import { getBoletoPdf } from "../app/boleto/list-boletos.ts";
import { amountOption, withDeps } from "./shared.ts";
import { AppError, invalid } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliContext } from "./context.ts";

/** Today's date (UTC) from the context's clock. */
function today(ctx: CliContext): string {
  return ctx.clock.now().toISOString().slice(0, 10);
}

function checkDateOption(option: string, value: string): string {
  if (!isIsoDate(value)) throw invalid(option, `data inválida '${value}' (use AAAA-MM-DD)`);
  return value;
}

function describeBoleto(value: ParsedBoleto): string {
  const lines: string[] = [];
  if (value.kind === "bank") {
    const name = bankName(value.bank);
    lines.push("Boleto bancário");
    lines.push(`Banco: ${value.bank}${name ? ` — ${name}` : ""}`);
    lines.push(`Valor: ${formatCents(value.amountCents)}${value.amountCents === 0 ? " (valor a informar no pagamento)" : ""}`);
    lines.push(`Vencimento: ${value.dueDate ? formatDateBr(value.dueDate) : "sem vencimento (fator 0000)"}`);
  } else {
    const segment = collectionSegmentName(value.segment);
    lines.push("Boleto de arrecadação (contas de consumo e tributos)");
    lines.push(`Segmento: ${value.segment}${segment ? ` — ${segment}` : ""}`);
    lines.push(`Valor: ${value.amountCents === null ? "valor de referência (não é valor em reais)" : formatCents(value.amountCents)}`);
  }
  lines.push(`Linha digitável: ${formatDigitableLine(value.line)}`);
  lines.push(`Código de barras: ${value.barcode}`);
  return `${lines.join("\n")}\n`;
}

type ParseOptions = { referenceDate?: string; json?: boolean };

type MakeOptions = {
  bank: string;
  agency: string;
  account?: string;
  accountDigit?: string;
  wallet: string;
  ourNumber: string;
  amount: string;
  due: string;
  convenio?: string;
  beneficiaryCode?: string;
  modality?: string;
  installment?: string;
  pdf?: string;
  json?: boolean;
  beneficiaryName?: string;
  beneficiaryDocument?: string;
  beneficiaryAddress?: string;
  payerName?: string;
  payerDocument?: string;
  payerAddress?: string;
  documentNumber?: string;
  instruction?: string[];
  issueDate?: string;
  paymentPlace?: string;
};

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function isBoletoBank(bank: string): bank is BoletoBank {
  return (BOLETO_BANKS as readonly string[]).includes(bank);
}

async function writePdf(ctx: CliContext, made: MadeBoleto, options: MakeOptions, file: string): Promise<string> {
  const issueDate = options.issueDate ? checkDateOption("--issue-date", options.issueDate) : today(ctx);
  const pdf = await renderBoletoPdf({
    ...made,
    beneficiary: {
      name: options.beneficiaryName ?? "(beneficiário não informado)",
      document: options.beneficiaryDocument ?? "",
      address: options.beneficiaryAddress ?? "",
    },
    payer: {
      name: options.payerName ?? "(pagador não informado)",
      document: options.payerDocument ?? "",
      address: options.payerAddress ?? "",
    },
    instructions: options.instruction ?? [],
    documentNumber: options.documentNumber,
    issueDate,
    paymentPlace: options.paymentPlace,
  });
  const path = resolve(ctx.cwd, file);
  await writeFile(path, pdf);
  return path;
}

export const registerBoletoCommands: RegisterCommands = (program: Command, ctx: CliContext) => {
  const boleto = program.command("boleto").description("boletos: ler, validar e gerar código de barras, linha digitável e PDF");

  boleto
    .command("parse")
    .description("lê um código de barras (44 dígitos) ou linha digitável (47 ou 48 dígitos) e confere os dígitos verificadores")
    .argument("<código...>", "código de barras ou linha digitável; pontos, espaços e traços são ignorados")
    .option("--reference-date <AAAA-MM-DD>", "data de referência para escolher o ciclo do fator de vencimento (padrão: hoje)")
    .option("--json", "saída em JSON")
    .action((code: string[], options: ParseOptions) => {
      const referenceDate = options.referenceDate ? checkDateOption("--reference-date", options.referenceDate) : today(ctx);
      const result = parseBoleto(code.join(" "), referenceDate);
      if (!result.ok) throw new AppError("invalid_input", `boleto inválido: ${result.reason}`);
      if (options.json) printJson(ctx.io, boletoView(result.value));
      else ctx.io.out(describeBoleto(result.value));
    });

  boleto
    .command("make")
    .description("gera o código de barras e a linha digitável de um boleto bancário (e o PDF, com --pdf)")
    .requiredOption("--bank <código>", `banco: ${BOLETO_BANKS.join(", ")}`)
    .requiredOption("--agency <agência>", "agência (Sicoob: cooperativa), sem dígito")
    .option("--account <conta>", "conta corrente sem dígito (BB com convênio de 4 ou 6 dígitos, Bradesco, Itaú)")
    .option("--account-digit <dígito>", "dígito da conta, para impressão")
    .requiredOption("--wallet <carteira>", "carteira de cobrança")
    .requiredOption("--our-number <número>", "nosso número, sem dígito verificador")
    .requiredOption("--amount <valor>", "valor, por exemplo 150.00 ou 150,00")
    .requiredOption("--due <AAAA-MM-DD>", "data de vencimento")
    .option("--convenio <número>", "convênio (Banco do Brasil)")
    .option("--beneficiary-code <código>", "código do beneficiário (Caixa, Santander, Sicoob)")
    .option("--modality <modalidade>", "modalidade (Sicoob, padrão 01)")
    .option("--installment <parcela>", "parcela (Sicoob, padrão 001)")
    .option("--pdf <arquivo>", "grava o boleto em PDF neste arquivo")
    .option("--beneficiary-name <nome>", "nome do beneficiário no PDF")
    .option("--beneficiary-document <CPF/CNPJ>", "CPF ou CNPJ do beneficiário no PDF")
    .option("--beneficiary-address <endereço>", "endereço do beneficiário no PDF")
    .option("--payer-name <nome>", "nome do pagador no PDF")
    .option("--payer-document <CPF/CNPJ>", "CPF ou CNPJ do pagador no PDF")
    .option("--payer-address <endereço>", "endereço do pagador no PDF")
    .option("--document-number <número>", "número do documento no PDF")
    .option("--instruction <texto>", "instrução ao caixa no PDF (pode repetir)", collect)
    .option("--issue-date <AAAA-MM-DD>", "data do documento no PDF (padrão: hoje)")
    .option("--payment-place <texto>", "local de pagamento no PDF")
    .option("--json", "saída em JSON")
    .action(async (options: MakeOptions) => {
      if (!isBoletoBank(options.bank)) {
        throw invalid("--bank", `banco '${options.bank}' não suportado (use ${BOLETO_BANKS.join(", ")})`);
      }
      const made = makeBoleto({
        bank: options.bank,
        agency: options.agency,
        account: options.account,
        accountDigit: options.accountDigit,
        wallet: options.wallet,
        ourNumber: options.ourNumber,
        amountCents: amountOption(options.amount, "--amount"),
        dueDate: checkDateOption("--due", options.due),
        convenio: options.convenio,
        beneficiaryCode: options.beneficiaryCode,
        modality: options.modality,
        installment: options.installment,
      });
      const pdfPath = options.pdf ? await writePdf(ctx, made, options, options.pdf) : null;
      if (options.json) {
        printJson(ctx.io, {
          kind: "bank",
          barcode: made.barcode,
          line: made.line,
          amountCents: made.amountCents,
          bank: made.bank,
          dueDate: made.dueDate,
          ourNumber: made.ourNumberFormatted,
          pdf: pdfPath,
        });
        return;
      }
      const name = bankName(made.bank);
      ctx.io.out(
        [
          `Boleto gerado — ${made.bank}${name ? ` ${name}` : ""}`,
          `Nosso número: ${made.ourNumberFormatted}`,
          `Valor: ${formatCents(made.amountCents)}`,
          `Vencimento: ${formatDateBr(made.dueDate)}`,
          `Linha digitável: ${formatDigitableLine(made.line)}`,
          `Código de barras: ${made.barcode}`,
          ...(pdfPath ? [`PDF: ${pdfPath}`] : []),
        ].join("\n") + "\n",
      );
    });

  boleto
    .command("issue")
    .description("emite o boleto de um título pelo valor devido no vencimento, com o nosso número da carteira de cobrança (e o PDF, com --pdf)")
    .requiredOption("--creditor <id>", "credor dono do título")
    .requiredOption("--debt <título>", "identificador do título no credor (coluna titulo da importação)")
    .option("--account <id>", "carteira de cobrança (padrão: a do último boleto do título, senão a padrão do credor)")
    .option("--due <AAAA-MM-DD>", "vencimento (padrão: hoje + prazo da carteira, no próximo dia útil; título a vencer: o vencimento dele)")
    .option("--pdf <arquivo>", "grava o boleto em PDF neste arquivo")
    .option("--json", 'saída em JSON: {"id", "ourNumber", "barcode", "line", "amountCents", "dueDate", "bank", …, "pdf"}')
    .action(async (options: IssueOptions) => {
      const due = options.due === undefined ? undefined : checkDateOption("--due", options.due);
      const { issued, pdfPath } = await withDeps(ctx, async (deps) => {
        const issued = await issueBoleto(deps, SYSTEM_ACTOR, options.creditor, { debt: { externalId: options.debt }, accountId: options.account, dueDate: due });
        if (!options.pdf) return { issued, pdfPath: null };
        const { pdf } = await getBoletoPdf(deps, SYSTEM_ACTOR, options.creditor, { id: Number(issued.debtId) }, Number(issued.id));
        const path = resolve(ctx.cwd, options.pdf);
        await writeFile(path, pdf);
        return { issued, pdfPath: path };
      });
      if (options.json) {
        printJson(ctx.io, {
          id: issued.id, debtId: issued.debtId, externalId: issued.externalId, ourNumber: issued.ourNumber, ourNumberFormatted: issued.ourNumberFormatted,
          barcode: issued.barcode, line: issued.line, amountCents: issued.amountCents, dueDate: issued.dueDate, bank: issued.bank, pdf: pdfPath,
        });
        return;
      }
      const c = issued.charges;
      const parts = [`principal ${formatCents(c.principalCents)}`];
      if (c.fineCents > 0) parts.push(`multa ${formatCents(c.fineCents)}`);
      if (c.interestCents > 0) parts.push(`juros ${formatCents(c.interestCents)}`);
      if (c.correctionCents > 0) parts.push(`correção ${formatCents(c.correctionCents)}`);
      const name = bankName(issued.bank);
      ctx.io.out(
        [
          `Boleto ${issued.id} emitido — ${issued.bank}${name ? ` ${name}` : ""}`,
          `Título: ${issued.externalId}`,
          `Nosso número: ${issued.ourNumberFormatted}`,
          `Valor: ${formatCents(issued.amountCents)}${parts.length > 1 ? ` (${parts.join(" + ")})` : ""}`,
          `Vencimento: ${formatDateBr(issued.dueDate)}`,
          `Linha digitável: ${formatDigitableLine(issued.line)}`,
          `Código de barras: ${issued.barcode}`,
          ...(pdfPath ? [`PDF: ${pdfPath}`] : []),
        ].join("\n") + "\n",
      );
    });

  const account = program
    .command("billing")
    .description("cobrança bancária: carteiras de cobrança dos credores")
    .command("account")
    .description("carteiras de cobrança (banco, agência, conta, carteira e sequência do nosso número)");

  account
    .command("add")
    .description("cadastra uma carteira de cobrança do credor (a primeira é a padrão)")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--bank <código>", `banco: ${BOLETO_BANKS.join(", ")}`)
    .requiredOption("--agency <agência>", "agência (Sicoob: cooperativa), sem dígito")
    .option("--agency-digit <dígito>", "dígito da agência, para impressão")
    .option("--account <conta>", "conta corrente sem dígito (BB com convênio de 4 ou 6 dígitos, Bradesco, Itaú)")
    .option("--account-digit <dígito>", "dígito da conta")
    .requiredOption("--wallet <carteira>", "carteira de cobrança")
    .option("--convenio <número>", "convênio (Banco do Brasil)")
    .option("--beneficiary-code <código>", "código do beneficiário (Caixa, Santander, Sicoob)")
    .option("--modality <modalidade>", "modalidade (Sicoob, padrão 01)")
    .option("--name <nome>", "nome da carteira (padrão: banco, agência e carteira)")
    .option("--beneficiary-name <nome>", "beneficiário impresso, quando não é o próprio credor")
    .option("--beneficiary-document <CPF/CNPJ>", "CPF ou CNPJ do beneficiário")
    .option("--beneficiary-address <endereço>", "endereço do beneficiário")
    .option("--instruction <texto>", "instrução impressa em todos os boletos (pode repetir, até 3)", collect)
    .option("--days-to-pay <dias>", "prazo do vencimento padrão, em dias a partir da emissão (padrão 3)")
    .option("--next-our-number <número>", "próximo nosso número da sequência (padrão 1)")
    .option("--default", "torna esta a carteira padrão do credor")
    .option("--json", "saída em JSON")
    .action(async (options: AccountAddOptions) => {
      const view = await withDeps(ctx, (deps) =>
        addBillingAccount(deps, SYSTEM_ACTOR, options.creditor, {
          name: options.name, bank: options.bank, agency: options.agency, agencyDigit: options.agencyDigit, account: options.account, accountDigit: options.accountDigit,
          wallet: options.wallet, convenio: options.convenio, beneficiaryCode: options.beneficiaryCode, modality: options.modality,
          beneficiaryName: options.beneficiaryName, beneficiaryDocument: options.beneficiaryDocument, beneficiaryAddress: options.beneficiaryAddress,
          instructions: options.instruction, daysToPay: integerOption("--days-to-pay", options.daysToPay), nextOurNumber: integerOption("--next-our-number", options.nextOurNumber),
          isDefault: options.default === true,
        }),
      );
      if (options.json) return printJson(ctx.io, view);
      ctx.io.out(`Carteira ${view.id} cadastrada${view.isDefault ? " (padrão)" : ""}: ${describeAccount(view)}\n`);
    });

  account
    .command("list")
    .description("lista as carteiras de cobrança do credor, a padrão primeiro")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON: {items: [...]}")
    .action(async (options: { creditor: string; json?: boolean }) => {
      const result = await withDeps(ctx, (deps) => listBillingAccounts(deps, SYSTEM_ACTOR, options.creditor));
      if (options.json) return printJson(ctx.io, result);
      if (result.items.length === 0) {
        ctx.io.out("Nenhuma carteira de cobrança cadastrada.\n");
        return;
      }
      ctx.io.out(result.items.map((a) => `${a.isDefault ? "*" : " "} ${a.id}  ${describeAccount(a)}`).join("\n") + "\n");
    });
};

type IssueOptions = { creditor: string; debt: string; account?: string; due?: string; pdf?: string; json?: boolean };

type AccountAddOptions = {
  creditor: string;
  bank: string;
  agency: string;
  agencyDigit?: string;
  account?: string;
  accountDigit?: string;
  wallet: string;
  convenio?: string;
  beneficiaryCode?: string;
  modality?: string;
  name?: string;
  beneficiaryName?: string;
  beneficiaryDocument?: string;
  beneficiaryAddress?: string;
  instruction?: string[];
  daysToPay?: string;
  nextOurNumber?: string;
  default?: boolean;
  json?: boolean;
};

function integerOption(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,16}$/.test(value.trim())) throw invalid(option, `número inteiro inválido '${value}'`);
  return Number(value.trim());
}

/** "Itaú ag. 1234 carteira 109 — banco 341, agência 1234, conta 12345-6, …" in one line. */
function describeAccount(a: BillingAccountView): string {
  const numbering = [
    `banco ${a.bank}`,
    `agência ${a.agency}${a.agencyDigit ? `-${a.agencyDigit}` : ""}`,
    ...(a.account ? [`conta ${a.account}${a.accountDigit ? `-${a.accountDigit}` : ""}`] : []),
    `carteira ${a.wallet}`,
    ...(a.convenio ? [`convênio ${a.convenio}`] : []),
    ...(a.beneficiaryCode ? [`código ${a.beneficiaryCode}`] : []),
  ].join(", ");
  return `${a.name} — ${numbering}; próximo nosso número ${a.nextOurNumber} (até ${a.maxOurNumber}); vencimento em ${a.daysToPay} dias`;
}
