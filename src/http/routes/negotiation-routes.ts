import { Type } from "@fastify/type-provider-typebox";
import { acceptAgreement } from "../../app/negotiation/accept-agreement.ts";
import { decideAgreementApproval, listAgreementApprovals, requestAgreementApproval } from "../../app/negotiation/agreement-approvals.ts";
import { getAgreement, listDebtorAgreements } from "../../app/negotiation/agreement-views.ts";
import { applyInstalmentPayment } from "../../app/negotiation/apply-instalment-payment.ts";
import { getNegotiationOptions } from "../../app/negotiation/get-negotiation-options.ts";
import { parseIncome } from "../../app/negotiation/negotiation-context.ts";
import { getNegotiationPolicy, setNegotiationPolicy } from "../../app/negotiation/negotiation-policies.ts";
import { listPromises, PROMISE_CHANNELS, recordPromise } from "../../app/negotiation/promises.ts";
import { MANUAL_METHODS } from "../../app/payments/payment-types.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams, DebtorParams } from "../schemas.ts";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const IsoDate = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "AAAA-MM-DD" });
const Cents = (description: string) => Type.Integer({ minimum: 0, description });

const Limits = Type.Object({ chargesPercent: Type.Number(), principalPercent: Type.Number() });
const Bucket = Type.Object({
  fromDays: Type.Integer(), toDays: NullableInt, single: Limits, instalments: Limits, maxInstalments: Type.Integer(), minInstalmentCents: Type.Integer(),
  minDownPaymentPercent: Type.Number(), minDownPaymentCents: Type.Integer(), interestMonthlyPercent: Type.Number(), firstDueDays: Type.Integer(),
});
const Policy = Type.Object({
  buckets: Type.Array(Bucket), affordabilityPercent: Type.Number(), minimumExistentialCents: Type.Integer(), breakAfterDays: Type.Integer(), promiseMaxDays: Type.Integer(), ladderId: NullableString,
});
const PolicyView = Type.Object({
  creditorId: Type.String(), version: Type.Integer({ description: "0 = a política padrão" }), customized: Type.Boolean(), policy: Policy, updatedAt: NullableString, updatedBy: NullableString,
  changed: Type.Optional(Type.Boolean({ description: "false quando a política gravada já era esta" })),
});

const Option = Type.Object({
  instalments: Type.Integer({ description: "todos os pagamentos, a entrada incluída (1 = à vista)" }),
  downPaymentCents: Type.Integer(), instalmentCents: Type.Integer({ description: "cada parcela após a entrada (0 à vista)" }),
  totalCents: Type.Integer({ description: "downPaymentCents + (instalments − 1) × instalmentCents, exato" }), discountCents: Type.Integer(), firstDueDate: Type.String(),
});
const OptionsDocument = Type.Object({
  debtCents: Type.Integer(),
  options: Type.Array(Option),
  affordability: Type.Optional(Type.Object({ monthlyIncomeCents: Type.Integer(), sharePercent: Type.Number(), maxInstalmentCents: Type.Integer(), omittedOptions: Type.Integer(), note: Type.String() })),
  note: Type.Optional(Type.String()),
});

const Instalment = Type.Object({
  number: Type.Integer(), dueDate: Type.String(), amountCents: Type.Integer(), status: Type.String({ description: "open, paid ou cancelled" }), paidDate: NullableString,
  debtId: Type.String({ description: "o título da parcela: boleto, Pix e pagamentos o usam" }), externalId: Type.String(), ourNumber: NullableString, openCents: Type.Integer(),
});
const Agreement = Type.Object({
  id: Type.String(), debtorId: Type.String(), document: Type.String(), status: Type.String({ description: "active, settled ou broken" }), atDate: Type.String(),
  debtCents: Type.Integer(), discountCents: Type.Integer(), chargesDiscountCents: Type.Integer(), principalDiscountCents: Type.Integer(), totalCents: Type.Integer(),
  downPaymentCents: Type.Integer(), instalmentCents: Type.Integer(), instalments: Type.Integer(), interestMonthlyBp: Type.Integer(), firstDueDate: Type.String(),
  breakAfterDays: Type.Integer(), bucket: Type.String(), daysLate: Type.Integer(), policyVersion: Type.Integer(), beyondPolicy: Type.Boolean(), approvalId: NullableString,
  incomeCents: NullableInt, createdBy: Type.String(), createdAt: Type.String(), closedAt: NullableString, closeReason: Type.Unknown(), surplusCents: Type.Integer(),
  debts: Type.Array(Type.Object({ debtId: Type.String(), externalId: Type.String(), dueDate: Type.String(), totalCents: Type.Integer(), discountCents: Type.Integer(), status: Type.String() })),
  schedule: Type.Array(Instalment),
});

const Issue = Type.Object({ field: Type.String(), reason: Type.String() });
const Approval = Type.Object({
  id: Type.String(), debtorId: Type.String(), status: Type.String({ description: "pending, approved, rejected ou used" }), atDate: Type.String(), debtCents: Type.Integer(),
  terms: Type.Object({ instalments: Type.Integer(), downPaymentCents: Type.Integer(), instalmentCents: Type.Integer(), totalCents: Type.Integer(), discountCents: Type.Integer(), firstDueDate: Type.String(), interestMonthlyBp: Type.Integer() }),
  exceeds: Type.Array(Issue, { description: "os limites da política que a proposta excede" }), reason: Type.String(), requestedBy: Type.String(), requestedAt: Type.String(),
  decidedBy: NullableString, decidedAt: NullableString, decisionNote: NullableString, agreementId: NullableString,
});

const Promise_ = Type.Object({
  id: Type.String(), debtorId: Type.String(), document: Type.String(), amountCents: Type.Integer(), promisedDate: Type.String(), madeDate: Type.String(), channel: Type.String(),
  collector: Type.String(), note: NullableString, status: Type.String({ description: "open, kept ou broken" }), paidCents: Type.Integer(), pauseApplied: Type.Boolean(),
  reminder: Type.Union([Type.Object({ actionId: Type.String(), channel: Type.String(), sendAt: Type.String(), status: Type.String() }), Type.Null()]),
  createdBy: Type.String(), createdAt: Type.String(), resolvedAt: NullableString,
});

const Allocation = Type.Object({
  debtId: Type.Integer(), externalId: Type.String(), interestCents: Type.Integer(), fineCents: Type.Integer(), correctionCents: Type.Integer(), principalCents: Type.Integer(), settled: Type.Boolean(),
});
const PaymentResult = Type.Object({
  status: Type.String(), paymentId: Type.Integer(), allocations: Type.Array(Allocation), creditCents: Type.Integer(), unmatchedReason: NullableString,
});

const AgreementParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), agreementId: Type.String({ maxLength: 20 }) });
const InstalmentParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), agreementId: Type.String({ maxLength: 20 }), number: Type.String({ maxLength: 10, description: "número da parcela (1 = entrada)" }) });
const ApprovalParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), approvalId: Type.String({ maxLength: 20 }) });
const Note = Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]));

export const negotiationRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/negotiation-policy", {
    schema: { tags: ["negociação"], summary: "Política de negociação do credor (a padrão quando nunca alterada)", params: CreditorParams, response: { 200: PolicyView } },
  }, async (request) => getNegotiationPolicy(deps, actorOf(request), request.params.creditorId));

  app.put("/api/creditors/:creditorId/negotiation-policy", {
    schema: {
      tags: ["negociação"], summary: "Gravar uma nova versão da política de negociação (documento JSON; campos ausentes usam o padrão)", params: CreditorParams,
      body: Type.Unknown({ description: "o documento da política: buckets, affordabilityPercent, minimumExistentialCents, breakAfterDays, promiseMaxDays, ladderId" }),
      response: { 200: PolicyView },
    },
  }, async (request) => setNegotiationPolicy(deps, actorOf(request), request.params.creditorId, request.body));

  app.get("/api/creditors/:creditorId/debtors/:debtorId/negotiation-options", {
    schema: {
      tags: ["negociação"], summary: "Opções de acordo que a política permite para os títulos vencidos do devedor", params: DebtorParams,
      querystring: Type.Object({
        at: Type.Optional(Type.String({ maxLength: 10, description: "data da simulação, AAAA-MM-DD (padrão: hoje no fuso do devedor)" })),
        income: Type.Optional(Type.String({ maxLength: 20, description: "renda mensal declarada, ex.: 3500.00 ou 3.500,00 (limita as parcelas: Lei 14.181/2021)" })),
      }),
      response: { 200: OptionsDocument },
    },
  }, async (request) => {
    const incomeCents = parseIncome(request.query.income);
    return (await getNegotiationOptions(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, { at: request.query.at, incomeCents })).options;
  });

  app.post("/api/creditors/:creditorId/debtors/:debtorId/agreements", {
    schema: {
      tags: ["negociação"], summary: "Fechar um acordo: a opção com N pagamentos de hoje, ou um pedido aprovado pelo gestor", params: DebtorParams,
      body: Type.Object({
        option: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "número de pagamentos da opção (1 = à vista)" })),
        approvalId: Type.Optional(Type.String({ maxLength: 20, description: "pedido de aprovação aprovado (oferta fora da política)" })),
        at: Type.Optional(IsoDate),
        incomeCents: Type.Optional(Cents("renda mensal declarada: a opção deve caber nela")),
      }, { additionalProperties: false }),
      response: { 201: Agreement },
    },
  }, async (request, reply) => {
    const agreement = await acceptAgreement(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body);
    return reply.code(201).send(agreement);
  });

  app.get("/api/creditors/:creditorId/debtors/:debtorId/agreements", {
    schema: { tags: ["negociação"], summary: "Acordos do devedor, do mais recente", params: DebtorParams, response: { 200: Type.Object({ items: Type.Array(Agreement) }) } },
  }, async (request) => listDebtorAgreements(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }));

  app.get("/api/creditors/:creditorId/agreements/:agreementId", {
    schema: { tags: ["negociação"], summary: "Um acordo, com os títulos originais e as parcelas", params: AgreementParams, response: { 200: Agreement } },
  }, async (request) => getAgreement(deps, actorOf(request), request.params.creditorId, request.params.agreementId));

  app.post("/api/creditors/:creditorId/agreements/:agreementId/instalments/:number/payments", {
    schema: {
      tags: ["negociação"], summary: "Registrar um pagamento recebido por uma pessoa para uma parcela do acordo", params: InstalmentParams,
      body: Type.Object({
        amountCents: Type.Integer({ minimum: 1 }), paidDate: IsoDate, method: Type.Union(MANUAL_METHODS.map((m) => Type.Literal(m))),
        note: Type.String({ minLength: 3, maxLength: 1000, description: "quem recebeu e por quê" }), idempotencyKey: Type.Optional(Type.String({ maxLength: 150 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ payment: PaymentResult, agreement: Agreement }) },
    },
  }, async (request, reply) => {
    const result = await applyInstalmentPayment(deps, actorOf(request), request.params.creditorId, { ...request.body, agreementId: request.params.agreementId, number: request.params.number });
    return reply.code(201).send(result);
  });

  app.post("/api/creditors/:creditorId/debtors/:debtorId/agreement-approvals", {
    schema: {
      tags: ["negociação"], summary: "Pedir ao gestor a aprovação de uma oferta (fora da política, ou não)", params: DebtorParams,
      body: Type.Object({
        instalments: Type.Integer({ minimum: 1, maximum: 1000 }), discountCents: Cents("desconto total"), downPaymentCents: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        firstDueDate: Type.Optional(Type.Union([IsoDate, Type.Null()])), reason: Type.String({ minLength: 1, maxLength: 1000 }), incomeCents: Type.Optional(Cents("renda mensal declarada")),
      }, { additionalProperties: false }),
      response: { 201: Approval },
    },
  }, async (request, reply) => {
    const approval = await requestAgreementApproval(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body);
    return reply.code(201).send(approval);
  });

  app.get("/api/creditors/:creditorId/agreement-approvals", {
    schema: {
      tags: ["negociação"], summary: "Pedidos de aprovação de ofertas", params: CreditorParams,
      querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 20, description: "pending, approved, rejected ou used" })) }),
      response: { 200: Type.Object({ items: Type.Array(Approval) }) },
    },
  }, async (request) => listAgreementApprovals(deps, actorOf(request), request.params.creditorId, { status: request.query.status }));

  app.post("/api/creditors/:creditorId/agreement-approvals/:approvalId/approve", {
    schema: { tags: ["negociação"], summary: "Aprovar um pedido de oferta (gestor)", params: ApprovalParams, body: Type.Object({ note: Note }, { additionalProperties: false }), response: { 200: Approval } },
  }, async (request) => decideAgreementApproval(deps, actorOf(request), request.params.creditorId, request.params.approvalId, { approve: true, note: request.body.note }));

  app.post("/api/creditors/:creditorId/agreement-approvals/:approvalId/reject", {
    schema: { tags: ["negociação"], summary: "Recusar um pedido de oferta (gestor; motivo obrigatório)", params: ApprovalParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }), response: { 200: Approval } },
  }, async (request) => decideAgreementApproval(deps, actorOf(request), request.params.creditorId, request.params.approvalId, { approve: false, note: request.body.note }));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/promises", {
    schema: {
      tags: ["negociação"], summary: "Registrar uma promessa de pagamento (pausa a régua até a data; lembrete na véspera)", params: DebtorParams,
      body: Type.Object({
        amountCents: Type.Integer({ minimum: 1 }), date: IsoDate, channel: Type.Union(PROMISE_CHANNELS.map((c) => Type.Literal(c))),
        collector: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])), note: Note,
      }, { additionalProperties: false }),
      response: { 201: Promise_ },
    },
  }, async (request, reply) => {
    const promise = await recordPromise(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body);
    return reply.code(201).send(promise);
  });

  app.get("/api/creditors/:creditorId/debtors/:debtorId/promises", {
    schema: { tags: ["negociação"], summary: "Promessas de pagamento do devedor", params: DebtorParams, response: { 200: Type.Object({ items: Type.Array(Promise_) }) } },
  }, async (request) => listPromises(deps, actorOf(request), request.params.creditorId, { debtor: { id: request.params.debtorId } }));
};
