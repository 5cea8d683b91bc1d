import { Type } from "@fastify/type-provider-typebox";
import { listOutbox } from "../../app/outbox/list-outbox.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const Day = Type.String({ maxLength: 10, description: "dia local do devedor, AAAA-MM-DD" });

const OutboxItem = Type.Object({
  id: Type.String(), status: Type.String(), channel: Type.String(), stage: Type.String(), ladderId: Type.String(), stepId: Type.String(), localDay: Type.String(),
  sendAt: Type.String(), sentAt: NullableString, nextAttemptAt: NullableString, attempts: Type.Integer(), lastError: NullableString, cancelReason: NullableString,
  recipient: NullableString, approvedBy: NullableString, approvedAt: NullableString,
  debtor: Type.Object({ id: Type.String(), name: Type.String(), document: Type.String() }),
  debtExternalIds: Type.Array(Type.String()),
  template: Type.Union([Type.Object({ key: Type.String(), version: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()]),
  tracking: Type.Object({
    opened: Type.Integer(), clicked: Type.Integer(), bounced: Type.Integer(), complained: Type.Integer(), unsubscribed: Type.Integer(), lastAt: NullableString,
  }, { description: "eventos de rastreamento do acionamento (aberturas, cliques, devoluções…)" }),
  sinkMessageId: NullableString,
});

export const outboxRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/outbox", {
    schema: {
      tags: ["régua"],
      summary: "Caixa de saída: acionamentos com devedor, tentativas, último erro e rastreamento (aberto, clicado, devolvido), por status, canal e dia",
      params: CreditorParams,
      querystring: Type.Object({
        status: Type.Optional(Type.String({ maxLength: 20 })), channel: Type.Optional(Type.String({ maxLength: 20 })), from: Type.Optional(Day), to: Type.Optional(Day),
        debtorId: Type.Optional(Type.String({ maxLength: 20 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 40 })),
        counts: Type.Optional(Type.Boolean({ description: "conta os acionamentos por status (com os demais filtros)" })),
      }),
      response: {
        200: Type.Object({ items: Type.Array(OutboxItem), nextCursor: NullableString, counts: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()]) }),
      },
    },
  }, async (request) => listOutbox(deps, actorOf(request), request.params.creditorId, request.query));
};
