import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SYSTEM_ACTOR } from "../app/access.ts";
import { acceptAgreement } from "../app/negotiation/accept-agreement.ts";
import { decideAgreementApproval, listAgreementApprovals, requestAgreementApproval, STATUS_LABEL, type ApprovalView } from "../app/negotiation/agreement-approvals.ts";
import { getAgreement, listDebtorAgreements, type AgreementView } from "../app/negotiation/agreement-views.ts";
import { applyInstalmentPayment } from "../app/negotiation/apply-instalment-payment.ts";
import { checkAgreements } from "../app/negotiation/check-agreements.ts";
import { getNegotiationOptions, type OptionsReport } from "../app/negotiation/get-negotiation-options.ts";
import { parseIncome } from "../app/negotiation/negotiation-context.ts";
import { getNegotiationPolicy, setNegotiationPolicy, type PolicyView } from "../app/negotiation/negotiation-policies.ts";
import { checkPromises, listPromises, recordPromise, type PromiseView } from "../app/negotiation/promises.ts";
import { MANUAL_METHODS } from "../app/payments/payment-types.ts";
import { formatDateBr, localDateOf } from "../domain/br/dates.ts";
import { formatDocument } from "../domain/br/documents.ts";
import { formatCents } from "../domain/br/money.ts";
import { bucketLabel } from "../domain/negotiation/negotiation-policy.ts";
import { AppError } from "../shared/app-error.ts";
import type { RegisterCommands } from "./commands.ts";
import { printJson, type CliContext } from "./context.ts";
import { amountOption, withDeps } from "./shared.ts";

const pct = (p: number) => `${String(p).replace(".", ",")} %`;
const integer = (raw: string, flag: string, min: number): number => {
  if (!/^\d{1,6}$/.test(raw.trim()) || Number(raw) < min) throw new AppError("validation", `${flag}: use um número inteiro de ${min} em diante (recebido "${raw}")`, [{ field: flag, reason: `inteiro de ${min} em diante` }]);
  return Number(raw);
};

function optionLine(o: { instalments: number; downPaymentCents: number; instalmentCents: number; totalCents: number; discountCents: number; firstDueDate: string }): string {
  const discount = o.discountCents > 0 ? `, desconto de ${formatCents(o.discountCents)}` : "";
  if (o.instalments === 1) return `à vista: ${formatCents(o.totalCents)}${discount}, vencimento ${formatDateBr(o.firstDueDate)}`;
  return `entrada de ${formatCents(o.downPaymentCents)} + ${o.instalments - 1} × ${formatCents(o.instalmentCents)} = ${formatCents(o.totalCents)}${discount}, 1º vencimento ${formatDateBr(o.firstDueDate)}`;
}

function printOptions(ctx: CliContext, r: OptionsReport): void {
  const { plan, options } = r;
  ctx.io.out(`Devedor ${formatDocument(r.debtor.document)} — ${r.debtor.name}\n`);
  const n = r.debts.length;
  const bucket = plan.bucket ? `; maior atraso ${plan.daysLate} dias, faixa ${bucketLabel(plan.bucket)} dias` : "";
  ctx.io.out(`Dívida vencida em ${formatDateBr(r.atDate)}: ${formatCents(options.debtCents)} (${n === 1 ? "1 título" : `${n} títulos`}${bucket}; política ${r.policyVersion === 0 ? "padrão" : `versão ${r.policyVersion}`})\n`);
  for (const d of r.debts) {
    const b = d.breakdown;
    ctx.io.out(`  ${d.externalId}: vencido em ${formatDateBr(d.dueDate)}, ${b.daysLate} dias — principal ${formatCents(b.principalCents)} + encargos ${formatCents(b.fineCents + b.interestCents + b.correctionCents)} = ${formatCents(b.totalCents)}\n`);
  }
  if (options.options.length === 0) ctx.io.out(`Nenhuma opção de acordo. ${options.note ?? ""}\n`.replace(/ \n$/, "\n"));
  else {
    ctx.io.out("Opções (use o número de pagamentos em `regua negotiate accept --option N`):\n");
    for (const o of options.options) ctx.io.out(`  ${String(o.instalments).padStart(2)}: ${optionLine(o)}\n`);
  }
  if (options.affordability) ctx.io.out(`${options.affordability.note}\n`);
}

const STATUS_TEXT: Record<string, string> = { active: "vigente", settled: "quitado", broken: "rompido", open: "em aberto", paid: "paga", cancelled: "cancelada" };

function printAgreement(ctx: CliContext, a: AgreementView): void {
  ctx.io.out(`Acordo nº ${a.id} — devedor ${formatDocument(a.document)}, ${STATUS_TEXT[a.status] ?? a.status}${a.beyondPolicy ? " (fora da política, aprovado pelo gestor)" : ""}\n`);
  ctx.io.out(`Dívida de ${formatCents(a.debtCents)} em ${formatDateBr(a.atDate)} (faixa ${a.bucket} dias), desconto de ${formatCents(a.discountCents)}; total do acordo ${formatCents(a.totalCents)}\n`);
  ctx.io.out(`Títulos incluídos: ${a.debts.map((d) => d.externalId).join(", ")}\n`);
  ctx.io.out("Parcelas:\n");
  for (const s of a.schedule) ctx.io.out(`  ${String(s.number).padStart(2)}. ${formatDateBr(s.dueDate)}  ${formatCents(s.amountCents).padStart(12)}  ${STATUS_TEXT[s.status] ?? s.status}${s.paidDate ? ` em ${formatDateBr(s.paidDate)}` : ""}  (título ${s.externalId})\n`);
}

function printPolicy(ctx: CliContext, v: PolicyView): void {
  const p = v.policy;
  ctx.io.out(`Política de negociação ${v.version === 0 ? "padrão (nunca alterada)" : `versão ${v.version}, de ${v.updatedAt} por ${v.updatedBy}`}\n`);
  for (const b of p.buckets) {
    ctx.io.out(`  ${bucketLabel(b)} dias: à vista até ${pct(b.single.chargesPercent)} dos encargos e ${pct(b.single.principalPercent)} do principal; parcelado até ${pct(b.instalments.chargesPercent)} e ${pct(b.instalments.principalPercent)}; ` +
      `até ${b.maxInstalments} pagamentos, parcela mínima ${formatCents(b.minInstalmentCents)}, entrada mínima ${pct(b.minDownPaymentPercent)} (e ${formatCents(b.minDownPaymentCents)}), juros ${pct(b.interestMonthlyPercent)} a.m. (Price), 1º vencimento em até ${b.firstDueDays} dias\n`);
  }
  ctx.io.out(`  Parcela até ${pct(p.affordabilityPercent)} da renda declarada, preservando ${formatCents(p.minimumExistentialCents)} (mínimo existencial); acordo rompido ${p.breakAfterDays} dias após um vencimento em aberto; promessas até ${p.promiseMaxDays} dias; régua das parcelas: ${p.ladderId ?? "a das regras do credor"}\n`);
}

function printApproval(ctx: CliContext, a: ApprovalView): void {
  ctx.io.out(`Pedido de aprovação nº ${a.id} (${STATUS_LABEL[a.status]}): ${optionLine(a.terms)}\n`);
  ctx.io.out(a.exceeds.length ? `Fora da política:\n${a.exceeds.map((e) => `  ${e.reason}\n`).join("")}` : "Dentro da política.\n");
}

function printPromise(ctx: CliContext, p: PromiseView): void {
  const reminder = p.reminder ? `lembrete por ${p.reminder.channel} em ${p.reminder.sendAt}` : "sem lembrete";
  ctx.io.out(`Promessa nº ${p.id} (${{ open: "em aberto", kept: "cumprida", broken: "quebrada" }[p.status]}): ${formatCents(p.amountCents)} até ${formatDateBr(p.promisedDate)}, por ${p.channel}, com ${p.collector}; ${p.pauseApplied ? "régua pausada até a data" : "pausa não alterada"}; ${reminder}\n`);
}

type Common = { creditor: string; json?: boolean };

export const registerNegotiateCommands: RegisterCommands = (program, ctx) => {
  const negotiate = program.command("negotiate").description("negociação: política, opções, acordos, aprovações e promessas de pagamento");

  const policy = negotiate.command("policy").description("política de negociação do credor, por faixa de atraso");
  policy
    .command("show")
    .description("mostra a política em vigor (ou a padrão)")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON: {creditorId, version, customized, policy, updatedAt, updatedBy}")
    .action(async (opts: Common) => {
      const v = await withDeps(ctx, (deps) => getNegotiationPolicy(deps, SYSTEM_ACTOR, opts.creditor));
      if (opts.json) printJson(ctx.io, v);
      else printPolicy(ctx, v);
    });
  policy
    .command("set <arquivo>")
    .description("grava uma nova versão da política a partir de um arquivo JSON")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON")
    .action(async (file: string, opts: Common) => {
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(resolve(ctx.cwd, file), "utf8")) as unknown;
      } catch (error) {
        throw new AppError("invalid_input", `Não foi possível ler a política em ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const v = await withDeps(ctx, (deps) => setNegotiationPolicy(deps, SYSTEM_ACTOR, opts.creditor, document));
      if (opts.json) return printJson(ctx.io, v);
      ctx.io.out(v.changed ? `Política de negociação gravada: versão ${v.version}.\n` : `A política já era esta (versão ${v.version}); nada mudou.\n`);
    });

  negotiate
    .command("options")
    .description("opções de acordo que a política permite hoje para os títulos vencidos do devedor")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .requiredOption("--creditor <id>", "credor")
    .option("--at <AAAA-MM-DD>", "data da simulação (padrão: hoje no fuso do devedor)")
    .option("--income <valor>", "renda mensal declarada, ex.: 3.500,00 (limita as parcelas: Lei 14.181/2021)")
    .option("--json", 'saída em JSON: {"debtCents", "options": [{"instalments", "downPaymentCents", "instalmentCents", "totalCents", "discountCents", "firstDueDate"}]}')
    .action(async (opts: Common & { debtor: string; at?: string; income?: string }) => {
      const incomeCents = parseIncome(opts.income, "--income");
      const r = await withDeps(ctx, (deps) => getNegotiationOptions(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor }, { at: opts.at, incomeCents }));
      if (opts.json) printJson(ctx.io, r.options);
      else printOptions(ctx, r);
    });

  negotiate
    .command("accept")
    .description("fecha o acordo: a opção com N pagamentos (ou um pedido aprovado pelo gestor)")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .requiredOption("--creditor <id>", "credor")
    .option("--option <N>", "número de pagamentos da opção (1 = à vista), como em `negotiate options`")
    .option("--approval <id>", "pedido de aprovação aprovado (oferta fora da política)")
    .option("--at <AAAA-MM-DD>", "data do acordo (padrão: hoje no fuso do devedor)")
    .option("--income <valor>", "renda mensal declarada: a opção deve caber nela")
    .option("--json", "saída em JSON: o acordo com as parcelas")
    .action(async (opts: Common & { debtor: string; option?: string; approval?: string; at?: string; income?: string }) => {
      const option = opts.option === undefined ? undefined : integer(opts.option, "--option", 1);
      const incomeCents = parseIncome(opts.income, "--income");
      const a = await withDeps(ctx, (deps) => acceptAgreement(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor }, { option, approvalId: opts.approval, at: opts.at, incomeCents }));
      if (opts.json) printJson(ctx.io, a);
      else printAgreement(ctx, a);
    });

  negotiate
    .command("request-approval")
    .description("pede ao gestor a aprovação de uma oferta (dentro ou fora da política)")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--instalments <N>", "número de pagamentos, entrada incluída (1 = à vista)")
    .requiredOption("--discount <valor>", "desconto total em reais, ex.: 300,00 (0 = sem desconto)")
    .option("--down <valor>", "entrada em reais (padrão: parcelas iguais)")
    .option("--first-due <AAAA-MM-DD>", "primeiro vencimento (padrão: o último que a política permite)")
    .requiredOption("--reason <motivo>", "por que a oferta (fica no pedido)")
    .option("--income <valor>", "renda mensal declarada")
    .option("--json", "saída em JSON")
    .action(async (opts: Common & { debtor: string; instalments: string; discount: string; down?: string; firstDue?: string; reason: string; income?: string }) => {
      const input = {
        instalments: integer(opts.instalments, "--instalments", 1), discountCents: amountOption(opts.discount, "--discount", { allowZero: true }), downPaymentCents: opts.down === undefined ? null : amountOption(opts.down, "--down"),
        firstDueDate: opts.firstDue ?? null, reason: opts.reason, incomeCents: parseIncome(opts.income, "--income"),
      };
      const a = await withDeps(ctx, (deps) => requestAgreementApproval(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor }, input));
      if (opts.json) printJson(ctx.io, a);
      else printApproval(ctx, a);
    });

  for (const [name, approve] of [["approve", true], ["reject", false]] as const) {
    negotiate
      .command(`${name} <pedido>`)
      .description(approve ? "aprova um pedido de oferta (gestor)" : "recusa um pedido de oferta (gestor)")
      .requiredOption("--creditor <id>", "credor")
      .option("--note <texto>", approve ? "observação" : "motivo da recusa (obrigatório)")
      .option("--json", "saída em JSON")
      .action(async (id: string, opts: Common & { note?: string }) => {
        const a = await withDeps(ctx, (deps) => decideAgreementApproval(deps, SYSTEM_ACTOR, opts.creditor, id, { approve, note: opts.note }));
        if (opts.json) printJson(ctx.io, a);
        else printApproval(ctx, a);
      });
  }

  negotiate
    .command("approvals")
    .description("lista os pedidos de aprovação do credor")
    .requiredOption("--creditor <id>", "credor")
    .option("--status <situação>", "pending, approved, rejected ou used")
    .option("--json", "saída em JSON: {items}")
    .action(async (opts: Common & { status?: string }) => {
      const r = await withDeps(ctx, (deps) => listAgreementApprovals(deps, SYSTEM_ACTOR, opts.creditor, { status: opts.status }));
      if (opts.json) return printJson(ctx.io, r);
      if (r.items.length === 0) ctx.io.out("Nenhum pedido de aprovação.\n");
      for (const a of r.items) printApproval(ctx, a);
    });

  negotiate
    .command("agreements")
    .description("acordos de um devedor")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON: {items}")
    .action(async (opts: Common & { debtor: string }) => {
      const r = await withDeps(ctx, (deps) => listDebtorAgreements(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor }));
      if (opts.json) return printJson(ctx.io, r);
      if (r.items.length === 0) ctx.io.out("Nenhum acordo.\n");
      for (const a of r.items) printAgreement(ctx, a);
    });

  negotiate
    .command("agreement <id>")
    .description("um acordo, com as parcelas")
    .requiredOption("--creditor <id>", "credor")
    .option("--json", "saída em JSON")
    .action(async (id: string, opts: Common) => {
      const a = await withDeps(ctx, (deps) => getAgreement(deps, SYSTEM_ACTOR, opts.creditor, id));
      if (opts.json) printJson(ctx.io, a);
      else printAgreement(ctx, a);
    });

  negotiate
    .command("pay")
    .description("registra um pagamento recebido por uma pessoa para uma parcela de acordo")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--agreement <id>", "acordo")
    .requiredOption("--instalment <N>", "número da parcela (1 = entrada)")
    .requiredOption("--amount <valor>", "valor pago, ex.: 250,00")
    .requiredOption("--paid-date <AAAA-MM-DD>", "data do pagamento")
    .requiredOption("--method <meio>", `meio: ${MANUAL_METHODS.join(", ")}`)
    .requiredOption("--note <texto>", "quem recebeu e por quê")
    .option("--key <chave>", "chave de idempotência (repetir não registra de novo)")
    .option("--json", "saída em JSON: {payment, agreement}")
    .action(async (opts: Common & { agreement: string; instalment: string; amount: string; paidDate: string; method: string; note: string; key?: string }) => {
      const input = {
        agreementId: opts.agreement, number: integer(opts.instalment, "--instalment", 1), amountCents: amountOption(opts.amount, "--amount"), paidDate: opts.paidDate,
        method: opts.method as (typeof MANUAL_METHODS)[number], note: opts.note, idempotencyKey: opts.key,
      };
      const r = await withDeps(ctx, (deps) => applyInstalmentPayment(deps, SYSTEM_ACTOR, opts.creditor, input));
      if (opts.json) return printJson(ctx.io, r);
      ctx.io.out(r.payment.status === "already_applied" ? "Pagamento já registrado; nada mudou.\n" : `Pagamento de ${formatCents(input.amountCents)} registrado na parcela ${input.number}.\n`);
      printAgreement(ctx, r.agreement);
    });

  negotiate
    .command("promise")
    .description("registra uma promessa de pagamento (pausa a régua até a data e agenda um lembrete na véspera)")
    .requiredOption("--debtor <documento>", "CPF/CNPJ do devedor")
    .requiredOption("--creditor <id>", "credor")
    .requiredOption("--amount <valor>", "valor prometido, ex.: 300,00")
    .requiredOption("--date <AAAA-MM-DD>", "data prometida (inclusive)")
    .requiredOption("--channel <canal>", "onde foi feita: phone, email, sms, whatsapp, letter, in_person ou self_service")
    .option("--collector <nome>", "quem registrou (padrão: o operador do sistema)")
    .option("--note <texto>", "observação")
    .option("--json", "saída em JSON")
    .action(async (opts: Common & { debtor: string; amount: string; date: string; channel: string; collector?: string; note?: string }) => {
      const input = { amountCents: amountOption(opts.amount, "--amount"), date: opts.date, channel: opts.channel, collector: opts.collector, note: opts.note };
      const p = await withDeps(ctx, (deps) => recordPromise(deps, SYSTEM_ACTOR, opts.creditor, { document: opts.debtor }, input));
      if (opts.json) printJson(ctx.io, p);
      else printPromise(ctx, p);
    });

  negotiate
    .command("promises")
    .description("lista as promessas de pagamento")
    .requiredOption("--creditor <id>", "credor")
    .option("--debtor <documento>", "só as deste devedor")
    .option("--status <situação>", "open, kept ou broken")
    .option("--json", "saída em JSON: {items}")
    .action(async (opts: Common & { debtor?: string; status?: string }) => {
      const r = await withDeps(ctx, (deps) => listPromises(deps, SYSTEM_ACTOR, opts.creditor, { debtor: opts.debtor ? { document: opts.debtor } : undefined, status: opts.status }));
      if (opts.json) return printJson(ctx.io, r);
      if (r.items.length === 0) ctx.io.out("Nenhuma promessa.\n");
      for (const p of r.items) printPromise(ctx, p);
    });

  negotiate
    .command("check")
    .description("verificação diária: parcelas pagas, acordos quitados ou rompidos, promessas cumpridas ou quebradas")
    .requiredOption("--creditor <id>", "credor")
    .option("--at <AAAA-MM-DD>", "dia da verificação (padrão: hoje no fuso do credor)")
    .option("--json", "saída em JSON: {at, agreements: {checked, settled, broken}, promises: {checked, kept, broken}}")
    .action(async (opts: Common & { at?: string }) => {
      const r = await withDeps(ctx, async (deps) => {
        let at = opts.at;
        if (at === undefined) {
          const c = await deps.database.db.selectFrom("creditors").select("time_zone").where("id", "=", opts.creditor).executeTakeFirst();
          if (!c) throw new AppError("not_found", "Credor não encontrado.");
          at = localDateOf(deps.clock.now(), c.time_zone);
        }
        return { at, agreements: await checkAgreements(deps, opts.creditor, at, SYSTEM_ACTOR), promises: await checkPromises(deps, opts.creditor, at, SYSTEM_ACTOR) };
      });
      if (opts.json) return printJson(ctx.io, r);
      const list = (ids: string[]) => (ids.length ? ids.join(", ") : "nenhum");
      ctx.io.out(`Verificação de ${formatDateBr(r.at)}: ${r.agreements.checked} acordo(s) vigente(s) — quitados: ${list(r.agreements.settled)}; rompidos: ${list(r.agreements.broken)}.\n`);
      ctx.io.out(`${r.promises.checked} promessa(s) em aberto — cumpridas: ${list(r.promises.kept)}; quebradas: ${list(r.promises.broken)}.\n`);
    });
};
