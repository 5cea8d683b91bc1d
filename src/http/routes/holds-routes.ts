import { Type } from "@fastify/type-provider-typebox";
import { getContactPolicy, setContactPolicy } from "../../app/holds/contact-policy.ts";
import { disputeDebt, undisputeDebt } from "../../app/holds/dispute.ts";
import { getHolds } from "../../app/holds/list-holds.ts";
import { optIn, optOut } from "../../app/holds/opt-out.ts";
import { pauseDebt, pauseDebtor, resumeDebt, resumeDebtor } from "../../app/holds/pause.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams, DebtorParams } from "../schemas.ts";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const Reason = Type.String({ minLength: 1, maxLength: 500, description: "motivo, guardado no histórico" });
const Until = Type.Optional(Type.Union([Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }), Type.Null()], { description: "último dia da pausa (inclusive, no fuso do devedor); ausente ou null = até ser retomada" }));
const Channel = Type.String({ maxLength: 20, description: "email, sms, whatsapp, letter ou phone" });

const DebtorHoldResult = Type.Object({
  changed: Type.Boolean({ description: "false quando nada mudou (o devedor já estava assim)" }),
  debtor: Type.Object({ debtorId: Type.String(), document: Type.String(), paused: Type.Boolean(), pausedAt: NullableString, pausedUntil: NullableString }),
  cancelledActions: Type.Integer(),
});

const DebtHoldResult = Type.Object({
  changed: Type.Boolean({ description: "false quando nada mudou (o título já estava assim)" }),
  debt: Type.Object({
    debtId: Type.String(), externalId: Type.String(), debtorId: Type.String(), document: Type.String(), status: Type.String(),
    paused: Type.Boolean(), pausedAt: NullableString, pausedUntil: NullableString,
  }),
  cancelledActions: Type.Integer(),
});

const OptOutResult = Type.Object({
  changed: Type.Boolean({ description: "false quando nada mudou" }),
  optOut: Type.Object({ debtorId: Type.String(), document: Type.String(), channel: Type.String(), optedOut: Type.Boolean(), optedOutAt: NullableString, source: NullableString }),
  cancelledActions: Type.Integer(),
});

const HoldsView = Type.Object({
  debtor: Type.Object({ debtorId: Type.String(), document: Type.String(), paused: Type.Boolean(), pausedAt: NullableString, pausedUntil: NullableString }),
  debts: Type.Array(Type.Object({ debtId: Type.String(), externalId: Type.String(), status: Type.String(), disputed: Type.Boolean(), paused: Type.Boolean(), pausedAt: NullableString, pausedUntil: NullableString })),
  optOuts: Type.Array(Type.Object({ channel: Type.String(), optedOutAt: Type.String(), source: Type.String(), reason: NullableString })),
  history: Type.Array(Type.Object({ at: Type.String(), kind: Type.String(), action: Type.String(), debtExternalId: NullableString, actor: Type.String(), reason: NullableString, until: NullableString })),
});

const DayWindow = Type.Union([Type.Object({ from: Type.String({ description: "HH:MM" }), to: Type.String({ description: "HH:MM (exclusivo; até 24:00)" }) }, { additionalProperties: false }), Type.Null()]);
const Week = Type.Object({ weekday: DayWindow, saturday: DayWindow, sunday: DayWindow, holidays: DayWindow }, { additionalProperties: false });
const Limits = Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Null()]));
const Caps = Type.Object({ perDay: Limits, perWeek: Limits, totalPerDay: Type.Union([Type.Integer(), Type.Null()]), totalPerWeek: Type.Union([Type.Integer(), Type.Null()]) });
const PolicyView = Type.Object({
  windows: Type.Record(Type.String(), Week, { description: "\"default\" e, opcionalmente, um canal por chave" }),
  caps: Caps,
  customized: Type.Object({ windows: Type.Boolean(), caps: Type.Boolean() }),
});

const DebtParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), debtId: Type.String({ maxLength: 20 }) });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const holdsRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/contact-policy", {
    schema: { tags: ["conformidade"], summary: "Janelas de contato e limites de frequência do credor", params: CreditorParams, response: { 200: PolicyView } },
  }, async (request) => getContactPolicy(deps, actorOf(request), request.params.creditorId));

  app.put("/api/creditors/:creditorId/contact-policy", {
    schema: {
      tags: ["conformidade"], summary: "Trocar janelas de contato e/ou limites de frequência (null volta ao padrão; ausente mantém)", params: CreditorParams,
      body: Type.Object({ windows: Type.Optional(Type.Union([Type.Unknown(), Type.Null()])), caps: Type.Optional(Type.Union([Type.Unknown(), Type.Null()])) }, { additionalProperties: false }),
      response: { 200: PolicyView },
    },
  }, async (request) => setContactPolicy(deps, actorOf(request), request.params.creditorId, request.body));

  app.get("/api/creditors/:creditorId/debtors/:debtorId/holds", {
    schema: { tags: ["devedores"], summary: "Pausas, contestações e descadastros do devedor, com o histórico", params: DebtorParams, response: { 200: HoldsView } },
  }, async (request) => getHolds(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/pause", {
    schema: {
      tags: ["devedores"], summary: "Pausar a régua para o devedor (cancela os acionamentos pendentes)", params: DebtorParams,
      body: Type.Object({ reason: Reason, until: Until }, { additionalProperties: false }), response: { 200: DebtorHoldResult },
    },
  }, async (request) => pauseDebtor(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/resume", {
    schema: { tags: ["devedores"], summary: "Retomar a régua para o devedor", params: DebtorParams, body: ReasonBody, response: { 200: DebtorHoldResult } },
  }, async (request) => resumeDebtor(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/opt-out", {
    schema: {
      tags: ["contatos"], summary: "Descadastrar o devedor de um canal (vale na hora: cancela os acionamentos pendentes do canal)", params: DebtorParams,
      body: Type.Object({ channel: Channel, reason: Type.Optional(Type.String({ maxLength: 500 })), source: Type.Optional(Type.String({ maxLength: 40, description: "origem: manual, debtor_request, unsubscribe_link, sms_keyword…" })) }, { additionalProperties: false }),
      response: { 200: OptOutResult },
    },
  }, async (request) => optOut(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/opt-in", {
    schema: {
      tags: ["contatos"], summary: "O devedor volta a aceitar um canal", params: DebtorParams,
      body: Type.Object({ channel: Channel, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: OptOutResult },
    },
  }, async (request) => optIn(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body));

  app.post("/api/creditors/:creditorId/debts/:debtId/pause", {
    schema: { tags: ["títulos"], summary: "Pausar a régua para um título (cancela os acionamentos pendentes dele)", params: DebtParams, body: Type.Object({ reason: Reason, until: Until }, { additionalProperties: false }), response: { 200: DebtHoldResult } },
  }, async (request) => pauseDebt(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }, request.body));

  app.post("/api/creditors/:creditorId/debts/:debtId/resume", {
    schema: { tags: ["títulos"], summary: "Retomar a régua para um título", params: DebtParams, body: ReasonBody, response: { 200: DebtHoldResult } },
  }, async (request) => resumeDebt(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }, request.body));

  app.post("/api/creditors/:creditorId/debts/:debtId/dispute", {
    schema: { tags: ["títulos"], summary: "Registrar a contestação de um título pelo devedor (o título fica retido)", params: DebtParams, body: ReasonBody, response: { 200: DebtHoldResult } },
  }, async (request) => disputeDebt(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }, request.body));

  app.post("/api/creditors/:creditorId/debts/:debtId/undispute", {
    schema: { tags: ["títulos"], summary: "Encerrar a contestação de um título (volta à situação anterior)", params: DebtParams, body: ReasonBody, response: { 200: DebtHoldResult } },
  }, async (request) => undisputeDebt(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }, request.body));
};
