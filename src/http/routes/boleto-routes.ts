import { Type } from "@fastify/type-provider-typebox";
import { addBillingAccount, listBillingAccounts } from "../../app/boleto/billing-accounts.ts";
import { issueBoleto } from "../../app/boleto/issue-boleto.ts";
import { getBoletoPdf, listDebtBoletos } from "../../app/boleto/list-boletos.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";
import { ChargeBreakdownSchema } from "./charges-routes.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const OptionalText = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

const BillingAccountSchema = Type.Object({
  id: Type.String(), name: Type.String(), bank: Type.String(), bankName: Nullable(Type.String()), agency: Type.String(), agencyDigit: Nullable(Type.String()),
  account: Nullable(Type.String()), accountDigit: Nullable(Type.String()), wallet: Type.String(), convenio: Nullable(Type.String()),
  beneficiaryCode: Nullable(Type.String()), modality: Nullable(Type.String()),
  beneficiary: Type.Union([Type.Object({ name: Type.String(), document: Type.String(), address: Type.String() }), Type.Null()]),
  instructions: Type.Array(Type.String()), daysToPay: Type.Integer(), nextOurNumber: Type.Integer(), maxOurNumber: Type.Integer(), isDefault: Type.Boolean(), createdAt: Type.String(),
});

const BoletoSchema = Type.Object({
  id: Type.String(), debtId: Type.String(), externalId: Type.String(), debtorId: Type.String(), accountId: Type.String(), bank: Type.String(),
  ourNumber: Type.String({ description: "nosso número como o título guarda e o arquivo de retorno informa (sem dígito verificador)" }),
  ourNumberFormatted: Type.String({ description: "nosso número impresso no boleto" }), barcode: Type.String(), line: Type.String(),
  amountCents: Type.Integer(), dueDate: Type.String(), issueDate: Type.String(),
  status: Type.Union([Type.Literal("issued"), Type.Literal("cancelled"), Type.Literal("paid")]),
  issuedAt: Type.String(), issuedBy: Type.String(), cancelledAt: Nullable(Type.String()), cancelReason: Nullable(Type.String()),
  charges: ChargeBreakdownSchema, instructions: Type.Array(Type.String()),
});

const DebtParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), debtId: Type.String({ maxLength: 20 }) });
const BoletoParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), debtId: Type.String({ maxLength: 20 }), boletoId: Type.String({ maxLength: 20 }) });

export const boletoRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/billing-accounts", {
    schema: {
      tags: ["boletos"], summary: "Carteiras de cobrança do credor (banco, agência, conta, carteira e sequência do nosso número), a padrão primeiro", params: CreditorParams,
      response: { 200: Type.Object({ items: Type.Array(BillingAccountSchema) }) },
    },
  }, async (request) => listBillingAccounts(deps, actorOf(request), request.params.creditorId));

  app.post("/api/creditors/:creditorId/billing-accounts", {
    schema: {
      tags: ["boletos"], summary: "Cadastrar carteira de cobrança (admin ou gestor); os tamanhos dos campos seguem o campo livre de cada banco", params: CreditorParams,
      body: Type.Object({
        name: OptionalText(80), bank: Type.String({ maxLength: 3 }), agency: Type.String({ maxLength: 10 }), agencyDigit: OptionalText(2),
        account: OptionalText(20), accountDigit: OptionalText(2), wallet: Type.String({ maxLength: 5 }), convenio: OptionalText(10),
        beneficiaryCode: OptionalText(10), modality: OptionalText(4), beneficiaryName: OptionalText(120), beneficiaryDocument: OptionalText(20),
        beneficiaryAddress: OptionalText(200), instructions: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })),
        daysToPay: Type.Optional(Type.Integer()), nextOurNumber: Type.Optional(Type.Integer({ minimum: 1 })), isDefault: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: BillingAccountSchema },
    },
  }, async (request, reply) => reply.status(201).send(await addBillingAccount(deps, actorOf(request), request.params.creditorId, request.body)));

  app.post("/api/creditors/:creditorId/debts/:debtId/boletos", {
    schema: {
      tags: ["boletos"],
      summary: "Emitir boleto do título pelo valor devido no vencimento (principal, multa, juros e correção); o nosso número do título é reaproveitado ou tirado da sequência da carteira",
      params: DebtParams,
      body: Type.Object({
        accountId: Type.Optional(Type.String({ maxLength: 20, description: "carteira (padrão: a do último boleto do título, senão a padrão do credor)" })),
        dueDate: Type.Optional(Type.String({ maxLength: 10, description: "AAAA-MM-DD (padrão: hoje + prazo da carteira, no próximo dia útil; título ainda a vencer: o vencimento dele)" })),
      }, { additionalProperties: false }),
      response: { 201: BoletoSchema },
    },
  }, async (request, reply) => {
    const { accountId, dueDate } = request.body ?? {};
    return reply.status(201).send(await issueBoleto(deps, actorOf(request), request.params.creditorId, { debt: { id: request.params.debtId }, accountId, dueDate }));
  });

  app.get("/api/creditors/:creditorId/debts/:debtId/boletos", {
    schema: {
      tags: ["boletos"], summary: "Boletos emitidos para o título, mais recentes primeiro (emitido, cancelado por reemissão ou pago)", params: DebtParams,
      response: { 200: Type.Object({ items: Type.Array(BoletoSchema) }) },
    },
  }, async (request) => listDebtBoletos(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }));

  app.get("/api/creditors/:creditorId/debts/:debtId/boletos/:boletoId/pdf", {
    schema: {
      tags: ["boletos"], summary: "PDF do boleto (recibo do pagador e ficha de compensação com código de barras), como emitido", params: BoletoParams,
      produces: ["application/pdf"],
    },
  }, async (request, reply) => {
    const { pdf, fileName } = await getBoletoPdf(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }, request.params.boletoId);
    return reply.type("application/pdf").header("content-disposition", `inline; filename="${fileName}"`).header("cache-control", "private, no-store").send(pdf);
  });
};
