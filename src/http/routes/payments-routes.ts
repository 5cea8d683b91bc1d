import { Type } from "@fastify/type-provider-typebox";
import { importCnab } from "../../app/payments/import-cnab.ts";
import { listPayments } from "../../app/payments/list-payments.ts";
import { matchPayment } from "../../app/payments/match-payment.ts";
import { cnabImportJson, recordResultJson } from "../../app/payments/payment-json.ts";
import { UNMATCHED_REASONS } from "../../app/payments/payment-types.ts";
import { recordManualPayment } from "../../app/payments/record-manual-payment.ts";
import { rejectPayment } from "../../app/payments/reject-payment.ts";
import { authorizeExisting } from "../../app/portfolio/debtors.ts";
import { AppError } from "../../shared/app-error.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

/** A bank return file of 400,000 titles is about 200 MB (CNAB 240, two lines each). */
const MAX_CNAB_BYTES = 256 * 1024 * 1024;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const AllocationSchema = Type.Object({
  debtId: Type.String(), externalId: Type.String(), interestCents: Type.Integer(), fineCents: Type.Integer(), correctionCents: Type.Integer(),
  principalCents: Type.Integer(), settled: Type.Boolean(),
});

const PaymentSchema = Type.Object({
  id: Type.String(), debtorId: Nullable(Type.String()), source: Type.String(), method: Type.String(), amountCents: Type.Integer(), paidDate: Type.String(),
  creditedDate: Nullable(Type.String()), feeCents: Type.Integer(), creditCents: Type.Integer(), ourNumber: Nullable(Type.String()), txid: Nullable(Type.String()),
  endToEndId: Nullable(Type.String()), status: Type.String(), unmatchedReason: Nullable(Type.String()), actor: Type.String(), note: Nullable(Type.String()),
  receivedAt: Type.String(), resolvedBy: Nullable(Type.String()), resolvedAt: Nullable(Type.String()), resolutionNote: Nullable(Type.String()),
  cnabFileId: Nullable(Type.String()), line: Type.Union([Type.Integer(), Type.Null()]), allocations: Type.Array(AllocationSchema),
});

const RecordResultSchema = Type.Object({
  status: Type.Union([Type.Literal("applied"), Type.Literal("already_applied"), Type.Literal("unmatched")]), paymentId: Type.String(), allocations: Type.Array(AllocationSchema),
  creditCents: Type.Integer(), unmatchedReason: Type.Union([Type.String({ description: `um de: ${Object.keys(UNMATCHED_REASONS).join(", ")}` }), Type.Null()]),
});

const CnabImportSchema = Type.Object({
  applied: Type.Integer(),
  unmatched: Type.Array(Type.Object({ paymentId: Type.String(), ourNumber: Type.String(), paidCents: Type.Integer(), paidDate: Type.String(), line: Type.Integer(), reason: Type.String() })),
  alreadyApplied: Type.Integer(),
});

const PaymentParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), paymentId: Type.String({ maxLength: 20 }) });

export const paymentsRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/payments", {
    schema: {
      tags: ["pagamentos"], summary: "Pagamentos do credor, do mais antigo ao mais novo ou o contrário (order=desc), por situação, origem e data do pagamento (status=unmatched: a fila de conciliação)", params: CreditorParams,
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal("applied"), Type.Literal("unmatched"), Type.Literal("rejected")])), debtorId: Type.Optional(Type.String({ maxLength: 20 })),
        source: Type.Optional(Type.Union([Type.Literal("cnab"), Type.Literal("pix"), Type.Literal("manual")])),
        from: Type.Optional(Type.String({ maxLength: 10, description: "pagos a partir deste dia, AAAA-MM-DD" })), to: Type.Optional(Type.String({ maxLength: 10, description: "pagos até este dia, AAAA-MM-DD" })),
        order: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")], { description: "asc (padrão): do mais antigo; desc: do mais novo" })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 40 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(PaymentSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => listPayments(deps, actorOf(request), request.params.creditorId, request.query));

  app.post("/api/creditors/:creditorId/payments", {
    schema: {
      tags: ["pagamentos"],
      summary: "Registrar pagamento recebido fora do banco (dinheiro, cheque, cartão, transferência); a mesma chave de idempotência não registra duas vezes",
      params: CreditorParams,
      headers: Type.Object({ "idempotency-key": Type.Optional(Type.String({ minLength: 1, maxLength: 150 })) }),
      body: Type.Object({
        debtorDocument: Type.String({ minLength: 1, maxLength: 20 }),
        debtExternalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        amountCents: Type.Integer({ minimum: 1 }),
        method: Type.Union([Type.Literal("cash"), Type.Literal("cheque"), Type.Literal("card"), Type.Literal("transfer")]),
        paidDate: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
        note: Type.String({ minLength: 3, maxLength: 1000 }),
        idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
      }, { additionalProperties: false }),
      response: { 200: RecordResultSchema, 201: RecordResultSchema },
    },
  }, async (request, reply) => {
    const body = request.body;
    const result = await recordManualPayment(deps, actorOf(request), request.params.creditorId, {
      ...body, idempotencyKey: body.idempotencyKey ?? request.headers["idempotency-key"],
    });
    return reply.status(result.status === "already_applied" ? 200 : 201).send(recordResultJson(result));
  });

  app.post("/api/creditors/:creditorId/payments/:paymentId/match", {
    schema: {
      tags: ["pagamentos"], summary: "Conciliar um pagamento da fila: indicar o título (recebe primeiro) ou o devedor (títulos em aberto do mais antigo)", params: PaymentParams,
      body: Type.Object({
        debtExternalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), debtorDocument: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        note: Type.Optional(Type.String({ maxLength: 1000 })),
      }, { additionalProperties: false }),
      response: { 200: PaymentSchema },
    },
  }, async (request) => matchPayment(deps, actorOf(request), request.params.creditorId, request.params.paymentId, request.body));

  app.post("/api/creditors/:creditorId/payments/:paymentId/reject", {
    schema: {
      tags: ["pagamentos"], summary: "Tirar um pagamento da fila sem aplicá-lo, com o motivo", params: PaymentParams,
      body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 200: PaymentSchema },
    },
  }, async (request) => rejectPayment(deps, actorOf(request), request.params.creditorId, request.params.paymentId, request.body));

  app.post("/api/creditors/:creditorId/cnab-imports", {
    schema: {
      tags: ["pagamentos"],
      summary: "Importar arquivo de retorno CNAB 240/400 (multipart, campo file): aplica as liquidações; o que não casar vai para a fila de conciliação",
      params: CreditorParams, consumes: ["multipart/form-data"],
      querystring: Type.Object({ requireEnvelope: Type.Optional(Type.Boolean({ description: "false: CNAB 240 só com segmentos T e U, sem headers e trailers" })) }),
      response: { 200: CnabImportSchema },
    },
  }, async (request) => {
    const actor = actorOf(request);
    // Authorise before reading the upload, so a stranger's file is never read.
    await authorizeExisting(deps, actor, request.params.creditorId, "import");
    if (!request.isMultipart()) throw new AppError("unsupported_media", "Envie o arquivo como multipart/form-data no campo \"file\".");
    const file = await request.file({ limits: { fileSize: MAX_CNAB_BYTES, files: 1 } });
    if (!file) throw new AppError("validation", "Arquivo ausente: envie o campo \"file\".", [{ field: "file", reason: "obrigatório" }]);
    const content = await file.toBuffer();
    const result = await importCnab(deps, actor, request.params.creditorId, { content, fileName: file.filename || "retorno.ret", requireEnvelope: request.query.requireEnvelope });
    return cnabImportJson(result);
  });
};
