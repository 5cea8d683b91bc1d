import { Type } from "@fastify/type-provider-typebox";
import { CALL_OUTCOMES } from "../../app/calls/call-priority.ts";
import { listCalls } from "../../app/calls/list-calls.ts";
import { getNextCall } from "../../app/calls/next-call.ts";
import { recordCall } from "../../app/calls/record-call.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const Int = Type.Integer();

const Attempt = Type.Object({
  id: Type.String(), debtorId: Type.String(), debtorName: Type.String(), contactId: Type.String(), phone: Type.String(), actor: Type.String(), at: Type.String(),
  localDay: Type.String({ description: "o dia da ligação no fuso do devedor" }), outcome: Type.String(), note: NullableString, callbackAt: NullableString,
  promiseId: NullableString, actionId: NullableString,
});
const Phone = Type.Object({ contactId: Type.String(), value: Type.String(), validity: Type.String() });
const Debt = Type.Object({
  id: Type.String(), externalId: Type.String(), description: NullableString, dueDate: Type.String(), daysLate: Int, openCents: Int,
  principalCents: Int, fineCents: Int, interestCents: Int, correctionCents: Int, totalCents: Int,
});
const Candidate = Type.Object({
  tier: Type.String({ description: "callback (retorno pedido pelo devedor), ladder (ligação planejada pela régua) ou ranked (pela recuperação esperada)" }),
  today: Type.String(), localTime: Type.String({ description: "hora local do devedor, HH:MM" }),
  debtor: Type.Object({ id: Type.String(), name: Type.String(), document: Type.String(), kind: Type.String(), state: NullableString, city: NullableString, timeZone: Type.String() }),
  phone: Phone, otherPhones: Type.Array(Phone),
  callback: Type.Union([Type.Object({ at: Type.String(), by: Type.String(), note: NullableString }), Type.Null()]),
  action: Type.Union([Type.Object({ id: Type.String(), ladderId: Type.String(), stepId: Type.String(), stage: Type.String(), sendAt: Type.String() }), Type.Null()]),
  expectedRecoveryCents: Int, contactability: Type.Number(), score: Int,
  attempts: Type.Object({ today: Int, thisWeek: Int, weekCap: Type.Union([Int, Type.Null()]) }),
  debts: Type.Array(Debt),
  totals: Type.Object({ openCents: Int, totalCents: Int, maxDaysLate: Int }),
  openPromise: Type.Union([Type.Object({ id: Type.String(), amountCents: Int, promisedDate: Type.String() }), Type.Null()]),
  recentCalls: Type.Array(Attempt),
  claimedUntil: Type.String({ description: "até quando o devedor fica reservado para você" }),
});
const Skipped = Type.Record(Type.String(), Int, { description: "devedores examinados e deixados de lado, por motivo (claimed, paused, opted_out, no_callable_debt, no_phone, outside_window, callback_scheduled, called_today, weekly_cap)" });

const PromiseView = Type.Object({
  id: Type.String(), debtorId: Type.String(), document: Type.String(), amountCents: Int, promisedDate: Type.String(), madeDate: Type.String(), channel: Type.String(),
  collector: Type.String(), note: NullableString, status: Type.String(), paidCents: Int, pauseApplied: Type.Boolean(),
  reminder: Type.Union([Type.Object({ actionId: Type.String(), channel: Type.String(), sendAt: Type.String(), status: Type.String() }), Type.Null()]),
  createdBy: Type.String(), createdAt: Type.String(), resolvedAt: NullableString,
});

export const callsRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/calls/next", {
    schema: {
      tags: ["ligações"],
      summary: "Próximo devedor da fila de ligações (retornos agendados, ligações da régua, depois a maior recuperação esperada), respeitando a janela de contato, pausas, opt-out e limites; fica reservado para quem pediu por alguns minutos",
      params: CreditorParams,
      response: { 200: Type.Object({ item: Type.Union([Candidate, Type.Null()]), skipped: Skipped }) },
    },
  }, async (request) => getNextCall(deps, actorOf(request), request.params.creditorId));

  app.post("/api/creditors/:creditorId/calls", {
    schema: {
      tags: ["ligações"],
      summary: "Registrar o resultado de uma ligação: número errado invalida o contato, promessa registra a promessa de pagamento, retorno agenda a nova ligação",
      params: CreditorParams,
      body: Type.Object({
        debtorId: Type.String({ maxLength: 20 }),
        contactId: Type.String({ maxLength: 20, description: "o telefone discado" }),
        outcome: Type.Union(CALL_OUTCOMES.map((o) => Type.Literal(o))),
        note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
        callbackAt: Type.Optional(Type.Union([Type.String({ maxLength: 40, description: "retorno: data e hora ISO 8601 com fuso" }), Type.Null()])),
        promise: Type.Optional(Type.Union([Type.Object({ amountCents: Type.Integer({ minimum: 1 }), date: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }) }, { additionalProperties: false }), Type.Null()])),
      }, { additionalProperties: false }),
      response: {
        201: Type.Object({
          attempt: Attempt, promise: Type.Union([PromiseView, Type.Null()]),
          invalidatedContact: Type.Union([Type.Object({ id: Type.String(), value: Type.String() }), Type.Null()]),
          actions: Type.Array(Type.Object({ id: Type.String(), status: Type.String() })),
        }),
      },
    },
  }, async (request, reply) => reply.code(201).send(await recordCall(deps, actorOf(request), request.params.creditorId, request.body)));

  app.get("/api/creditors/:creditorId/calls", {
    schema: {
      tags: ["ligações"], summary: "Ligações registradas, das mais recentes, de um devedor ou de todo o credor", params: CreditorParams,
      querystring: Type.Object({
        debtorId: Type.Optional(Type.String({ maxLength: 20 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        before: Type.Optional(Type.String({ maxLength: 20, description: "id da última ligação vista (página seguinte)" })),
      }),
      response: { 200: Type.Object({ items: Type.Array(Attempt), nextBefore: NullableString }) },
    },
  }, async (request) => listCalls(deps, actorOf(request), request.params.creditorId, request.query));
};
