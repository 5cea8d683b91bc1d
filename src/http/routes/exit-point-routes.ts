import { Type } from "@fastify/type-provider-typebox";
import { getExitPointConfig, setExitPointConfig } from "../../app/exit-point/exit-point-config.ts";
import { EXIT_POINT_LIST_LIMIT, listExitPointDebts } from "../../app/exit-point/list-exit-point-debts.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

const Cents = Type.Record(Type.String(), Type.Integer(), { description: "centavos por acionamento: email, sms, whatsapp, letter, registered_letter, phone, credit_bureau, protest, legal" });
const Bps = Type.Record(Type.String(), Type.Integer(), { description: "pontos-base (10000 = 100 %) por faixa: current, 1-30, 31-90, 91-180, 181-360, 361+" });
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

const RateEstimate = Type.Object({
  bucket: Type.String(), fromDays: NullableInt, toDays: NullableInt, debts: Type.Integer(), exposureCents: Type.Integer(), recoveredCents: Type.Integer(),
  observedBp: NullableInt, defaultBp: Type.Integer(), weightBp: Type.Integer({ description: "peso do histórico: n / (n + credibilityDebts)" }),
  rateBp: Type.Integer({ description: "taxa em vigor: peso × observada + (1 − peso) × padrão" }),
});
const ConfigView = Type.Object({
  creditorId: Type.String(), enabled: Type.Boolean(), windowDays: Type.Integer(), credibilityDebts: Type.Integer(), costs: Cents, defaultRates: Bps,
  customized: Type.Array(Type.String(), { description: "campos alterados em relação ao padrão" }), asOf: Type.String(), rates: Type.Array(RateEstimate),
});
const ConfigBody = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  windowDays: Type.Optional(Type.Integer({ description: "dias após a entrada na faixa em que um pagamento conta como recuperado (1 a 180; padrão 30)" })),
  credibilityDebts: Type.Optional(Type.Integer({ description: "títulos de histórico que pesam tanto quanto a taxa padrão (padrão 30)" })),
  costs: Type.Optional(Cents),
  defaultRates: Type.Optional(Bps),
}, { additionalProperties: false });

const ExitPointDebt = Type.Object({
  debtorId: Type.String(), debtorDocument: Type.String(), debtorName: Type.String(), debtId: Type.String(), externalId: Type.String(), dueDate: Type.String(),
  daysLate: Type.Integer(), bucket: Type.String(), openCents: Type.Integer(), rateBp: Type.Integer(), expectedRecoveryCents: Type.Integer(),
  stepId: Type.String(), channel: Type.String(), costKey: Type.String(), costCents: Type.Integer(),
});
const ExitPointList = Type.Object({
  at: Type.String(), enabled: Type.Boolean(),
  totals: Type.Object({ debts: Type.Integer(), debtors: Type.Integer(), openCents: Type.Integer(), expectedRecoveryCents: Type.Integer() }),
  items: Type.Array(ExitPointDebt), truncated: Type.Boolean(),
});

export const exitPointRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/exit-point/config", {
    schema: {
      tags: ["ponto de saída"], summary: "Custos por canal, taxas padrão e as taxas de recuperação aprendidas do histórico do credor", params: CreditorParams,
      querystring: Type.Object({ at: Type.Optional(Type.String({ maxLength: 10, description: "dia da medição, AAAA-MM-DD (padrão: hoje)" })) }),
      response: { 200: ConfigView },
    },
  }, async (request) => getExitPointConfig(deps, actorOf(request), request.params.creditorId, { at: request.query.at }));

  app.put("/api/creditors/:creditorId/exit-point/config", {
    schema: {
      tags: ["ponto de saída"], summary: "Trocar as alterações do credor no ponto de saída (o que o corpo omite volta ao padrão)", params: CreditorParams,
      body: ConfigBody, response: { 200: ConfigView },
    },
  }, async (request) => setExitPointConfig(deps, actorOf(request), request.params.creditorId, request.body));

  app.get("/api/creditors/:creditorId/exit-point/debts", {
    schema: {
      tags: ["ponto de saída"], summary: "Títulos abaixo do ponto de saída (a etapa do dia custa mais do que se espera recuperar): candidatos a baixa ou venda", params: CreditorParams,
      querystring: Type.Object({
        at: Type.Optional(Type.String({ maxLength: 40, description: "instante ISO 8601 com fuso (padrão: agora)" })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EXIT_POINT_LIST_LIMIT.max, description: `quantos listar (padrão ${EXIT_POINT_LIST_LIMIT.default}); os totais contam todos` })),
      }),
      response: { 200: ExitPointList },
    },
  }, async (request) => listExitPointDebts(deps, actorOf(request), request.params.creditorId, { at: request.query.at, limit: request.query.limit }));
};
