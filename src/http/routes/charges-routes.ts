import { Type } from "@fastify/type-provider-typebox";
import { AppError } from "../../shared/app-error.ts";
import { requirePermission } from "../../app/access.ts";
import { getDebtCharges } from "../../app/charges/get-debt-charges.ts";
import { importIndexValues, listIndexValues } from "../../app/charges/index-values.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";

const MAX_INDEX_FILE_BYTES = 1024 * 1024;

export const ChargeBreakdownSchema = Type.Object({
  principalCents: Type.Integer(), fineCents: Type.Integer(), interestCents: Type.Integer(), correctionCents: Type.Integer(),
  totalCents: Type.Integer(), daysLate: Type.Integer(),
});

const IndexParams = Type.Object({ indexName: Type.String({ maxLength: 20 }) });

export const chargesRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/debts/:debtId/charges", {
    schema: {
      tags: ["encargos"], summary: "Encargos do título numa data: multa, juros de mora pro rata die e correção monetária",
      params: Type.Object({ creditorId: Type.String({ maxLength: 64 }), debtId: Type.String({ maxLength: 20 }) }),
      querystring: Type.Object({ at: Type.Optional(Type.String({ maxLength: 10, description: "data do cálculo, AAAA-MM-DD (padrão: hoje no fuso do devedor)" })) }),
      response: { 200: ChargeBreakdownSchema },
    },
  }, async (request) => getDebtCharges(deps, actorOf(request), request.params.creditorId, { id: request.params.debtId }, request.query.at));

  app.get("/api/indexes/:indexName/values", {
    schema: {
      tags: ["encargos"], summary: "Variações mensais importadas de um índice de correção (ex.: IPCA)", params: IndexParams,
      response: { 200: Type.Object({ index: Type.String(), items: Type.Array(Type.Object({ month: Type.String(), variationPpm: Type.Integer(), variationPercent: Type.String() })) }) },
    },
  }, async (request) => listIndexValues(deps, actorOf(request), request.params.indexName));

  app.post("/api/indexes/:indexName/values", {
    schema: {
      tags: ["encargos"], summary: "Importar variações mensais de um índice (admin; multipart, campo file: CSV mes;variacao; tudo ou nada)", params: IndexParams,
      consumes: ["multipart/form-data"],
      response: { 200: Type.Object({ index: Type.String(), imported: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), firstMonth: Type.String(), lastMonth: Type.String() }) },
    },
  }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, "index.manage");
    if (!request.isMultipart()) throw new AppError("unsupported_media", "Envie o arquivo como multipart/form-data no campo \"file\".");
    const file = await request.file({ limits: { fileSize: MAX_INDEX_FILE_BYTES, files: 1 } });
    if (!file) throw new AppError("validation", "Arquivo ausente: envie o campo \"file\".", [{ field: "file", reason: "obrigatório" }]);
    const content = await file.toBuffer().catch(() => {
      throw new AppError("validation", "Arquivo maior que o limite de 1 MB.", [{ field: "file", reason: "grande demais" }]);
    });
    return importIndexValues(deps, actor, { indexName: request.params.indexName, content, fileName: file.filename });
  });
};
