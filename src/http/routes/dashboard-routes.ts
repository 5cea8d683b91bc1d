import { Type } from "@fastify/type-provider-typebox";
import { DASHBOARD_ACTION_FIGURES, getDashboard } from "../../app/dashboard/get-dashboard.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

const Int = Type.Integer();
const Period = Type.Object({ from: Type.String(), to: Type.String(), payments: Int, cents: Int });
const Figures = Object.fromEntries(DASHBOARD_ACTION_FIGURES.map((f) => [f, Int])) as Record<(typeof DASHBOARD_ACTION_FIGURES)[number], typeof Int>;
const DueItem = Type.Object({ id: Type.String({ description: "a promessa, ou o acordo da parcela" }), debtorId: Type.String(), debtorName: Type.String(), amountCents: Int });
const Due = Type.Object({ count: Int, cents: Int, items: Type.Array(DueItem, { description: "os 20 maiores" }) });

const Dashboard = Type.Object({
  at: Type.String({ description: "o dia dos números, no fuso do credor" }),
  timeZone: Type.String(),
  aging: Type.Object({
    buckets: Type.Array(Type.Object({ bucket: Type.String({ description: "not_due, 1_30, 31_90, 91_180, 181_360, 361_plus (título em aberto mais antigo)" }), debtors: Int, openCents: Int })),
    debtors: Int, openCents: Int,
  }),
  recovered: Type.Object({ thisMonth: Period, lastMonth: Period, lastMonthToDate: Period, unmatched: Type.Object({ payments: Int, cents: Int }) }),
  actions: Type.Object({ from: Type.String(), to: Type.String(), channels: Type.Array(Type.Object({ channel: Type.String(), ...Figures })), totals: Type.Object(Figures) }),
  dueToday: Type.Object({ promises: Due, instalments: Due }),
  approvals: Type.Object({ total: Int, channels: Type.Array(Type.Object({ channel: Type.String(), count: Int })) }),
});

export const dashboardRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/dashboard", {
    schema: {
      tags: ["painel"],
      summary: "Painel do gestor: carteira em aberto por faixa de atraso, valor recuperado no mês, acionamentos por canal e resultado, promessas e parcelas que vencem no dia, aprovações pendentes",
      params: CreditorParams,
      querystring: Type.Object({ at: Type.Optional(Type.String({ maxLength: 10, description: "AAAA-MM-DD (padrão: hoje no fuso do credor)" })) }),
      response: { 200: Dashboard },
    },
  }, async (request) => getDashboard(deps, actorOf(request), request.params.creditorId, { at: request.query.at }));
};
