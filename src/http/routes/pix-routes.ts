import { Type } from "@fastify/type-provider-typebox";
import { issuePixCharge } from "../../app/pix/issue-pix-charge.ts";
import { listPixCharges } from "../../app/pix/list-pix-charges.ts";
import { receivePixWebhook, UNAUTHENTICATED_WEBHOOK } from "../../app/pix/receive-pix-webhook.ts";
import { verifyPixWebhookToken } from "../../app/pix/pix-webhook-token.ts";
import { AppError } from "../../shared/app-error.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

const PixChargeSchema = Type.Object({
  id: Type.String(), txid: Type.String(), kind: Type.Union([Type.Literal("cob"), Type.Literal("cobv")]),
  status: Type.Union([Type.Literal("ATIVA"), Type.Literal("CONCLUIDA"), Type.Literal("REMOVIDA_PELO_USUARIO_RECEBEDOR"), Type.Literal("REMOVIDA_PELO_PSP")]), amountCents: Type.Integer(), dueDate: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()), pixCopiaECola: Type.String(), location: Type.String(), debtorId: Type.String(),
  debts: Type.Array(Type.Object({ id: Type.String(), externalId: Type.String(), amountCents: Type.Integer() })),
  paidCents: Nullable(Type.Integer()), paidAt: Nullable(Type.String()), endToEndId: Nullable(Type.String()), createdAt: Type.String(), createdBy: Type.String(),
});

const PixItemSchema = Type.Object({
  endToEndId: Type.String({ maxLength: 40 }), txid: Type.Optional(Type.String({ maxLength: 35 })), valor: Type.String({ maxLength: 20 }),
  horario: Type.String({ maxLength: 40 }), chave: Type.Optional(Type.String({ maxLength: 77 })), infoPagador: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: true });

export const pixRoutes: Routes = (app, deps) => {
  app.post("/api/creditors/:creditorId/pix-charges", {
    schema: {
      tags: ["pix"], summary: "Emitir cobrança Pix dinâmica (copia e cola e QR Code) para títulos de um devedor, pelo valor devido hoje", params: CreditorParams,
      body: Type.Object({
        debtIds: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 200 })),
        debtorDocument: Type.Optional(Type.String({ minLength: 11, maxLength: 20 })),
        dueDate: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ ...PixChargeSchema.properties, qrPngBase64: Type.String() }) },
    },
  }, async (request, reply) => {
    const { debtIds, debtorDocument, dueDate } = request.body;
    const charge = await issuePixCharge(deps, actorOf(request), request.params.creditorId, { debtIds, debtorDocument, dueDate, withQr: true });
    return reply.status(201).send(charge as typeof charge & { qrPngBase64: string });
  });

  app.get("/api/creditors/:creditorId/pix-charges", {
    schema: {
      tags: ["pix"], summary: "Cobranças Pix do credor (mais recentes primeiro), paginadas por cursor", params: CreditorParams,
      querystring: Type.Object({
        status: Type.Optional(Type.String({ maxLength: 40 })), debtorId: Type.Optional(Type.String({ maxLength: 20 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 40 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(PixChargeSchema), nextCursor: Nullable(Type.String()) }) },
    },
  }, async (request) => listPixCharges(deps, actorOf(request), request.params.creditorId, request.query));

  // Called by the PSP, which appends "/pix" to the registered URL. Its own mTLS ends at the
  // reverse proxy; here the URL must carry the creditor's webhook token (?token=…), checked
  // before the body is even validated, so an unauthenticated call learns nothing and changes nothing.
  app.post("/api/webhooks/pix/:creditorId/pix", {
    config: { public: true },
    schema: {
      tags: ["webhooks"], summary: "Notificação de Pix recebidos (API Pix do Banco Central), chamada pelo PSP; autenticada pelo token da URL registrada",
      security: [], params: CreditorParams,
      querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      body: Type.Object({ pix: Type.Array(PixItemSchema, { maxItems: 1000 }) }, { additionalProperties: true }),
      response: { 200: Type.Object({ received: Type.Integer(), applied: Type.Integer(), alreadyApplied: Type.Integer(), unmatched: Type.Integer() }) },
    },
    onRequest: async (request) => {
      const { creditorId } = request.params as { creditorId: string };
      const { token } = request.query as { token?: string };
      if (!(await verifyPixWebhookToken(deps, creditorId, typeof token === "string" ? token : undefined))) throw new AppError("unauthenticated", UNAUTHENTICATED_WEBHOOK);
    },
  }, async (request) => receivePixWebhook(deps, request.params.creditorId, request.query.token, request.body));
};
