import { SYSTEM_ACTOR } from "../app/access.ts";
import { listPayments, PAYMENT_STATUSES, type PaymentView } from "../app/payments/list-payments.ts";
import { matchPayment } from "../app/payments/match-payment.ts";
import { recordResultJson } from "../app/payments/payment-json.ts";
import { MANUAL_METHODS, UNMATCHED_REASONS, type UnmatchedReason } from "../app/payments/payment-types.ts";
import { recordManualPayment } from "../app/payments/record-manual-payment.ts";
import { rejectPayment } from "../app/payments/reject-payment.ts";
import { formatDateBr, parseDate } from "../domain/br/dates.ts";
import { formatCents } from "../domain/br/money.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliIo } from "./context.ts";
import { amountOption, withDeps } from "./shared.ts";

const METHOD_NAMES: Record<string, string> = { cash: "dinheiro", cheque: "cheque", card: "cartão", transfer: "transferência", pix: "PIX", boleto: "boleto" };
const STATUS_NAMES: Record<string, string> = { applied: "aplicado", unmatched: "na fila de conciliação", rejected: "recusado" };

function dateOption(raw: string): string {
  const parsed = parseDate(raw);
  if (!parsed.ok) throw new AppError("validation", `--date: ${parsed.reason} (recebido "${raw}")`, [{ field: "date", reason: parsed.reason }]);
  return parsed.date;
}

function limitOption(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 500) throw new AppError("validation", `--limit: use um inteiro de 1 a 500 (recebido "${raw}")`);
  return n;
}

function allocationLines(allocations: { externalId: string; interestCents: number; fineCents: number; correctionCents: number; principalCents: number; settled: boolean }[]): string[] {
  return allocations.map((a) => {
    const parts = [
      a.interestCents ? `juros ${formatCents(a.interestCents)}` : "",
      a.fineCents ? `multa ${formatCents(a.fineCents)}` : "",
      a.correctionCents ? `correção ${formatCents(a.correctionCents)}` : "",
      `principal ${formatCents(a.principalCents)}`,
    ].filter(Boolean);
    return `  título ${a.externalId}: ${parts.join(", ")}${a.settled ? " — quitado" : ""}`;
  });
}

function printPayments(io: CliIo, items: PaymentView[], nextCursor: string | null): void {
  if (items.length === 0) {
    io.out("Nenhum pagamento.\n");
    return;
  }
  const lines: string[] = [];
  for (const p of items) {
    const ref = [p.ourNumber ? `nosso número ${p.ourNumber}` : "", p.txid ? `txid ${p.txid}` : "", p.line !== null ? `linha ${p.line}` : ""].filter(Boolean).join(", ");
    lines.push(`${p.id}  ${formatDateBr(p.paidDate)}  ${formatCents(p.amountCents)}  ${METHOD_NAMES[p.method] ?? p.method} (${p.source})  ${STATUS_NAMES[p.status] ?? p.status}${ref ? `  [${ref}]` : ""}`);
    if (p.unmatchedReason) lines.push(`  motivo: ${UNMATCHED_REASONS[p.unmatchedReason as UnmatchedReason] ?? p.unmatchedReason}`);
    lines.push(...allocationLines(p.allocations));
    if (p.creditCents > 0) lines.push(`  crédito do devedor: ${formatCents(p.creditCents)}`);
    if (p.resolvedBy) lines.push(`  ${p.status === "rejected" ? "recusado" : "conciliado"} por ${p.resolvedBy}${p.resolutionNote ? `: ${p.resolutionNote}` : ""}`);
  }
  if (nextCursor) lines.push(`… há mais: use --cursor ${nextCursor}`);
  io.out(`${lines.join("\n")}\n`);
}

export const registerPaymentsCommands: RegisterCommands = (program, ctx) => {
  const payments = program.command("payments").alias("payment").description("pagamentos recebidos: registro manual, lista e fila de conciliação");

  payments
    .command("add")
    .description("registra um pagamento recebido fora do banco (dinheiro, cheque, cartão, transferência); imputa juros → multa → correção → principal")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .option("--debt <id-externo>", "título indicado pelo pagador (recebe primeiro); sem ele, os títulos em aberto do mais antigo ao mais novo")
    .requiredOption("--amount <valor>", 'valor pago, ex.: "1.234,56"', (raw: string) => amountOption(raw, "--amount"))
    .requiredOption("--method <forma>", `forma: ${MANUAL_METHODS.join(", ")}`)
    .requiredOption("--date <data>", "data do pagamento (AAAA-MM-DD ou DD/MM/AAAA)", dateOption)
    .requiredOption("--note <texto>", "quem recebeu e por quê (obrigatório)")
    .option("--key <chave>", "chave de idempotência: repetir o comando com a mesma chave não registra de novo")
    .option("--json", "saída em JSON: {status, paymentId, allocations, creditCents, unmatchedReason}")
    .action(async (opts: { creditor: string; debtor: string; debt?: string; amount: number; method: string; date: string; note: string; key?: string; json?: boolean }) => {
      const result = await withDeps(ctx, (deps) =>
        recordManualPayment(deps, SYSTEM_ACTOR, opts.creditor, {
          debtorDocument: opts.debtor, debtExternalId: opts.debt, amountCents: opts.amount, method: opts.method as (typeof MANUAL_METHODS)[number],
          paidDate: opts.date, note: opts.note, idempotencyKey: opts.key,
        }),
      );
      if (opts.json) return printJson(ctx.io, recordResultJson(result));
      const head =
        result.status === "already_applied"
          ? `Pagamento ${result.paymentId} já estava registrado com esta chave: nada mudou.`
          : result.status === "unmatched"
            ? `Pagamento ${result.paymentId} registrado na fila de conciliação: ${UNMATCHED_REASONS[result.unmatchedReason!]}.`
            : `Pagamento ${result.paymentId} registrado: ${formatCents(opts.amount)} em ${formatDateBr(opts.date)} (${METHOD_NAMES[opts.method] ?? opts.method}).`;
      const lines = [head, ...allocationLines(result.allocations)];
      if (result.creditCents > 0) lines.push(`  crédito do devedor (além de tudo o que devia): ${formatCents(result.creditCents)}`);
      ctx.io.out(`${lines.join("\n")}\n`);
    });

  payments
    .command("list")
    .description("lista os pagamentos do credor, do mais antigo ao mais novo")
    .requiredOption("--creditor <id>", "credor")
    .option("--status <situação>", `filtra: ${PAYMENT_STATUSES.join(", ")}`)
    .option("--limit <n>", "quantos por página (1 a 500)", limitOption, 100)
    .option("--cursor <c>", "continua de onde a página anterior parou")
    .option("--json", "saída em JSON: {items, nextCursor}")
    .action(async (opts: { creditor: string; status?: string; limit: number; cursor?: string; json?: boolean }) => {
      const page = await withDeps(ctx, (deps) => listPayments(deps, SYSTEM_ACTOR, opts.creditor, { status: opts.status, limit: opts.limit, cursor: opts.cursor }));
      if (opts.json) return printJson(ctx.io, page);
      printPayments(ctx.io, page.items, page.nextCursor);
    });

  payments
    .command("unmatched")
    .description("fila de conciliação: pagamentos que não casaram com nenhum título")
    .requiredOption("--creditor <id>", "credor")
    .option("--limit <n>", "quantos por página (1 a 500)", limitOption, 100)
    .option("--cursor <c>", "continua de onde a página anterior parou")
    .option("--json", "saída em JSON: {items, nextCursor}")
    .action(async (opts: { creditor: string; limit: number; cursor?: string; json?: boolean }) => {
      const page = await withDeps(ctx, (deps) => listPayments(deps, SYSTEM_ACTOR, opts.creditor, { status: "unmatched", limit: opts.limit, cursor: opts.cursor }));
      if (opts.json) return printJson(ctx.io, page);
      if (page.items.length === 0) return ctx.io.out("Fila de conciliação vazia.\n");
      printPayments(ctx.io, page.items, page.nextCursor);
    });

  payments
    .command("match <pagamento>")
    .description("concilia um pagamento da fila: indica o título (recebe primeiro) ou o devedor (títulos em aberto do mais antigo)")
    .requiredOption("--creditor <id>", "credor")
    .option("--debt <id-externo>", "título a que o pagamento pertence")
    .option("--debtor <documento>", "CPF/CNPJ do devedor a que o pagamento pertence")
    .option("--note <texto>", "observação (por que este título)")
    .option("--json", "saída em JSON: o pagamento conciliado")
    .action(async (paymentId: string, opts: { creditor: string; debt?: string; debtor?: string; note?: string; json?: boolean }) => {
      const view = await withDeps(ctx, (deps) => matchPayment(deps, SYSTEM_ACTOR, opts.creditor, paymentId, { debtExternalId: opts.debt, debtorDocument: opts.debtor, note: opts.note }));
      if (opts.json) return printJson(ctx.io, view);
      const lines = [`Pagamento ${view.id} conciliado: ${formatCents(view.amountCents)} de ${formatDateBr(view.paidDate)}.`, ...allocationLines(view.allocations)];
      if (view.creditCents > 0) lines.push(`  crédito do devedor: ${formatCents(view.creditCents)}`);
      ctx.io.out(`${lines.join("\n")}\n`);
    });

  payments
    .command("reject <pagamento>")
    .description("tira um pagamento da fila sem aplicá-lo (de outro credor, erro do banco, devolvido…)")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--reason <texto>", "motivo (obrigatório)")
    .option("--json", "saída em JSON: o pagamento recusado")
    .action(async (paymentId: string, opts: { creditor: string; reason: string; json?: boolean }) => {
      const view = await withDeps(ctx, (deps) => rejectPayment(deps, SYSTEM_ACTOR, opts.creditor, paymentId, { reason: opts.reason }));
      if (opts.json) return printJson(ctx.io, view);
      ctx.io.out(`Pagamento ${view.id} recusado: ${view.resolutionNote}\n`);
    });
};
