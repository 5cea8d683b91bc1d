import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Type } from "@fastify/type-provider-typebox";
import { AppError } from "../../shared/app-error.ts";
import { addCreditor, getCreditor, listCreditors, updateCreditor } from "../../app/creditors/creditors.ts";
import { DEBT_STATUSES, getDebtor, getTimeline } from "../../app/portfolio/debtors.ts";
import { AGING_BUCKETS, DEBTOR_SORTS, listDebtors } from "../../app/portfolio/list-debtors.ts";
import { listImports } from "../../app/portfolio/list-imports.ts";
import { addContact, invalidateContact, listDebts } from "../../app/portfolio/debts-contacts.ts";
import { updateDebtor } from "../../app/portfolio/update-debtor.ts";
import { importDebts } from "../../app/import/import-debts.ts";
import { authorize } from "../../app/access.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { ContactSchema, CreditorParams, CreditorSchema, DebtorParams, DebtorSummarySchema, DebtSchema, ImportResultSchema } from "../schemas.ts";

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export const portfolioRoutes: Routes = (app, deps) => {
  app.get("/api/creditors", { schema: { tags: ["credores"], summary: "Credores visíveis para quem chama", response: { 200: Type.Object({ items: Type.Array(CreditorSchema) }) } } }, async (request) => ({
    items: await listCreditors(deps, actorOf(request)),
  }));

  app.post("/api/creditors", {
    schema: {
      tags: ["credores"], summary: "Cadastrar credor (admin)",
      body: Type.Object({
        legalName: Type.String({ minLength: 1, maxLength: 200 }), cnpj: Type.String({ maxLength: 20 }), tradeName: Type.Optional(Type.String({ maxLength: 200 })),
        address: Type.Optional(Type.String({ maxLength: 300 })), city: Type.Optional(Type.String({ maxLength: 100 })), state: Type.Optional(Type.String({ maxLength: 30 })),
        zip: Type.Optional(Type.String({ maxLength: 10 })), sector: Type.Optional(Type.String({ maxLength: 20 })),
      }, { additionalProperties: false }),
      response: { 201: CreditorSchema },
    },
  }, async (request, reply) => reply.status(201).send(await addCreditor(deps, actorOf(request), request.body)));

  app.get("/api/creditors/:creditorId", { schema: { tags: ["credores"], summary: "Um credor", params: CreditorParams, response: { 200: CreditorSchema } } }, async (request) =>
    getCreditor(deps, actorOf(request), request.params.creditorId),
  );

  app.patch("/api/creditors/:creditorId", {
    schema: {
      tags: ["credores"], summary: "Alterar dados e encargos do credor", params: CreditorParams,
      body: Type.Object({
        legalName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), tradeName: Type.Optional(Type.String({ maxLength: 200 })),
        address: Type.Optional(Type.String({ maxLength: 300 })), city: Type.Optional(Type.String({ maxLength: 100 })), state: Type.Optional(Type.String({ maxLength: 30 })),
        zip: Type.Optional(Type.String({ maxLength: 10 })), sector: Type.Optional(Type.String({ maxLength: 20 })),
        finePercent: Type.Optional(Type.Number({ minimum: 0 })), interestMonthlyPercent: Type.Optional(Type.Number({ minimum: 0 })),
        // Null first: with type coercion a null would otherwise match the number/string branch as 0 or "".
        businessFinePercent: Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0 })], { description: "multa para devedores empresa (até 10 %); null = a mesma dos consumidores" })),
        correctionIndex: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 20 })], { description: "índice de correção monetária (ex.: IPCA); null = sem correção" })),
      }, { additionalProperties: false }),
      response: { 200: CreditorSchema },
    },
  }, async (request) => updateCreditor(deps, actorOf(request), request.params.creditorId, request.body));

  app.get("/api/creditors/:creditorId/debtors", {
    schema: {
      tags: ["devedores"],
      summary: "Buscar, filtrar e ordenar devedores, paginado por cursor",
      description:
        "Busca em `q`: início do nome (sem distinção de acentos e maiúsculas), CPF/CNPJ com ou sem máscara, número do título, e-mail ou telefone. " +
        "Filtros combináveis. Ordenações por saldo e por vencimento listam primeiro os devedores com títulos em aberto e, depois, os demais. " +
        "Cada página devolve `nextCursor`; passe-o em `cursor` com os mesmos filtros e ordenação para a página seguinte.",
      params: CreditorParams,
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200, description: "nome (prefixo), CPF/CNPJ, título, e-mail ou telefone" })),
        status: Type.Optional(Type.Union(DEBT_STATUSES.map((s) => Type.Literal(s)), { description: "devedores com ao menos um título nesta situação" })),
        bucket: Type.Optional(Type.Union(AGING_BUCKETS.map((b) => Type.Literal(b)), { description: "faixa de atraso do título em aberto mais antigo: a vencer, 1–30, 31–90, 91–180, 181–360, 361+ dias" })),
        state: Type.Optional(Type.String({ maxLength: 30, description: "UF (sigla ou nome)" })),
        segment: Type.Optional(Type.String({ maxLength: 100 })),
        tag: Type.Optional(Type.String({ maxLength: 100 })),
        sort: Type.Optional(Type.Union(DEBTOR_SORTS.map((s) => Type.Literal(s)), { description: "name (padrão), balance (saldo em aberto) ou oldest_due (vencimento em aberto mais antigo)" })),
        dir: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")], { description: "padrão: desc para saldo, asc para os demais" })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Type.String({ maxLength: 400 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DebtorSummarySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => listDebtors(deps, actorOf(request), request.params.creditorId, request.query));

  app.get("/api/creditors/:creditorId/debtors/:debtorId", {
    schema: {
      tags: ["devedores"], summary: "Devedor com contatos e títulos", params: DebtorParams,
      response: {
        200: Type.Object({
          debtor: Type.Object({
            ...DebtorSummarySchema.properties, zip: Type.Union([Type.String(), Type.Null()]), address: Type.Union([Type.String(), Type.Null()]),
            representativeEmail: Type.Union([Type.String(), Type.Null()], { description: "representante da conta: recebe cópia (Cc) dos e-mails de cobrança" }),
            representativeCopiesStoppedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
              description: "quando o representante deixou de receber as cópias deste credor pelo link de descadastro da cópia (null: recebe)",
            }),
            riskBand: Type.Union([Type.String(), Type.Null()], { description: "faixa de risco (maiúsculas), usada pelas condições riskBands das etapas da régua" }),
          }),
          contacts: Type.Array(ContactSchema), debts: Type.Array(DebtSchema),
        }),
      },
    },
  }, async (request) => getDebtor(deps, actorOf(request), request.params.creditorId, request.params.debtorId));

  app.patch("/api/creditors/:creditorId/debtors/:debtorId", {
    schema: {
      tags: ["devedores"], summary: "Alterar o representante da conta e a faixa de risco do devedor (null remove)", params: DebtorParams,
      description:
        "Campos opcionais; informe ao menos um. Campo ausente fica como está; null remove. " +
        "O representante da conta recebe cópia (Cc) de cada e-mail de cobrança enviado ao devedor; o e-mail é validado e normalizado como um contato (perfil que edita contatos). " +
        "A faixa de risco decide quais etapas com a condição riskBands se aplicam: até 20 letras, números, espaço, +, - ou _, guardada em maiúsculas; só quem edita réguas (gestor, admin) pode alterá-la. " +
        "Cada requisição que muda algo gera um evento na linha do tempo e uma entrada no log de auditoria, com antes e depois de cada campo alterado.",
      body: Type.Object({
        // Null first: with type coercion a null would otherwise match the string branch as "".
        representativeEmail: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 254 })], { description: "e-mail do representante; null remove" })),
        riskBand: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 100 })], { description: "faixa de risco (ex.: A, C+, ALTO); null remove" })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ id: Type.String(), document: Type.String(), representativeEmail: Type.Union([Type.String(), Type.Null()]), riskBand: Type.Union([Type.String(), Type.Null()]) }),
      },
    },
  }, async (request) => (await updateDebtor(deps, actorOf(request), request.params.creditorId, { id: request.params.debtorId }, request.body)).debtor);

  app.get("/api/creditors/:creditorId/debtors/:debtorId/timeline", {
    schema: {
      tags: ["devedores"], summary: "Linha do tempo do devedor (mais recente primeiro)", params: DebtorParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), before: Type.Optional(Type.String({ maxLength: 20, description: "o nextBefore da página anterior" })) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), at: Type.String(), actor: Type.String(), debtId: Type.Union([Type.String(), Type.Null()]), data: Type.Unknown() })), nextBefore: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => getTimeline(deps, actorOf(request), request.params.creditorId, request.params.debtorId, request.query));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/contacts", {
    schema: {
      tags: ["contatos"], summary: "Adicionar contato", params: DebtorParams,
      body: Type.Object({ kind: Type.Union([Type.Literal("email"), Type.Literal("phone"), Type.Literal("whatsapp"), Type.Literal("address")]), value: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
      response: { 201: ContactSchema },
    },
  }, async (request, reply) => reply.status(201).send(await addContact(deps, actorOf(request), request.params.creditorId, request.params.debtorId, request.body)));

  app.post("/api/creditors/:creditorId/debtors/:debtorId/contacts/:contactId/invalidate", {
    schema: {
      tags: ["contatos"], summary: "Marcar contato como inválido", params: Type.Object({ ...DebtorParams.properties, contactId: Type.String({ maxLength: 20 }) }),
      body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 300 }) }, { additionalProperties: false }),
      response: { 200: ContactSchema },
    },
  }, async (request) => invalidateContact(deps, actorOf(request), request.params.creditorId, request.params.debtorId, request.params.contactId, request.body.reason));

  app.get("/api/creditors/:creditorId/debts", {
    schema: {
      tags: ["títulos"], summary: "Títulos do credor, paginados por cursor", params: CreditorParams,
      querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })), externalId: Type.Optional(Type.String({ maxLength: 100 })), ourNumber: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 40 })) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...DebtSchema.properties, debtorId: Type.String() })), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => listDebts(deps, actorOf(request), request.params.creditorId, request.query));

  app.get("/api/creditors/:creditorId/imports", {
    schema: {
      tags: ["importação"], summary: "Importações já feitas (mais recente primeiro; simulações não ficam registradas)", params: CreditorParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), before: Type.Optional(Type.String({ maxLength: 200, description: "o nextBefore da página anterior" })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            id: Type.String(), fileName: Type.String(), at: Type.String(), actor: Type.String(), imported: Type.Integer(), updated: Type.Integer(),
            unchanged: Type.Integer(), rejected: Type.Integer(), warnings: Type.Integer(),
          })),
          nextBefore: Type.Union([Type.String(), Type.Null()]),
        }),
      },
    },
  }, async (request) => listImports(deps, actorOf(request), request.params.creditorId, request.query));

  app.post("/api/creditors/:creditorId/imports", {
    schema: {
      tags: ["importação"], summary: "Importar devedores e títulos (multipart, campo file: CSV ou XLSX)", params: CreditorParams, consumes: ["multipart/form-data"],
      querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()), allOrNothing: Type.Optional(Type.Boolean()) }),
      response: { 200: ImportResultSchema, 422: ImportResultSchema },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    // Authorise before reading the upload, so a stranger's file is never stored.
    authorize(actor, request.params.creditorId, "import");
    if (!request.isMultipart()) throw new AppError("unsupported_media", "Envie o arquivo como multipart/form-data no campo \"file\".");
    const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (!file) throw new AppError("validation", "Arquivo ausente: envie o campo \"file\".", [{ field: "file", reason: "obrigatório" }]);
    const dir = mkdtempSync(join(tmpdir(), "regua-upload-"));
    try {
      const path = join(dir, "upload");
      await pipeline(file.file, createWriteStream(path));
      if (file.file.truncated) throw new AppError("validation", "Arquivo maior que o limite de 512 MB.", [{ field: "file", reason: "grande demais" }]);
      const result = await importDebts(deps, actor, { creditorId: request.params.creditorId, path, fileName: file.filename, dryRun: request.query.dryRun, allOrNothing: request.query.allOrNothing });
      return reply.status(request.query.allOrNothing && result.rejected.length > 0 ? 422 : 200).send(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
};
