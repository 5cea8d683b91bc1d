import { Type } from "@fastify/type-provider-typebox";
import { getTemplate } from "../../app/templates/get-template.ts";
import { lintTemplateSource } from "../../app/templates/lint-template-source.ts";
import { listTemplates } from "../../app/templates/list-templates.ts";
import { previewTemplate } from "../../app/templates/preview-template.ts";
import { restoreTemplate } from "../../app/templates/restore-template.ts";
import { saveTemplate } from "../../app/templates/save-template.ts";
import { templateHistory } from "../../app/templates/template-history.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const Key = Type.String({ minLength: 1, maxLength: 64, description: "chave do modelo, ex.: varejo.lembrete.email" });
const ChannelField = Type.String({ maxLength: 20, description: "email, sms, whatsapp, letter ou phone" });
const StageField = Type.String({ maxLength: 20, description: "friendly, firm, formal, extrajudicial ou judicial" });
const Content = Type.String({ minLength: 1, maxLength: 50_000, description: "texto do modelo (Liquid); e-mail começa com \"Assunto: …\", carta com \"Título: …\"" });

const Summary = {
  key: Type.String(), channel: Type.String(), stage: Type.String(), sector: NullableString, version: NullableInt, author: NullableString,
  createdAt: NullableString, restoredFrom: NullableInt, source: Type.String({ description: "creditor (salvo pelo credor) ou pack (modelo padrão)" }),
};
const TemplateSchema = Type.Object({ ...Summary, content: Type.String() });
const SummarySchema = Type.Object({ ...Summary, overridesPack: Type.Boolean() });
const FindingSchema = Type.Object({ rule: Type.String(), line: Type.Integer(), column: Type.Integer(), excerpt: Type.String(), message: Type.String() });
const LintSchema = Type.Object({ errors: Type.Array(FindingSchema), warnings: Type.Array(FindingSchema) });
const MessageSchema = Type.Object({
  channel: Type.String(),
  subject: Type.Optional(Type.String()),
  html: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  text: Type.String(),
  length: Type.Optional(Type.Integer()),
  segments: Type.Optional(Type.Integer()),
  sender: Type.Optional(Type.Object({ legalName: Type.String(), cnpj: Type.String(), addressLine: Type.String() })),
});
const KeyParams = Type.Object({ creditorId: Type.String({ maxLength: 64 }), key: Key });

export const templatesRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/templates", {
    schema: { tags: ["modelos"], summary: "Modelos de mensagem do credor e modelos padrão do seu setor", params: CreditorParams, response: { 200: Type.Object({ items: Type.Array(SummarySchema) }) } },
  }, async (request) => listTemplates(deps, actorOf(request), request.params.creditorId));

  app.post("/api/creditors/:creditorId/templates", {
    schema: {
      tags: ["modelos"],
      summary: "Salvar modelo como nova versão (verificado: erros de conformidade recusam com 422 e a posição de cada um)",
      params: CreditorParams,
      body: Type.Object({ key: Key, channel: ChannelField, stage: StageField, sector: Type.Optional(Type.String({ maxLength: 20 })), content: Content }, { additionalProperties: false }),
      response: {
        201: Type.Object({ template: TemplateSchema, created: Type.Boolean(), warnings: Type.Array(FindingSchema) }),
        200: Type.Object({ template: TemplateSchema, created: Type.Boolean(), warnings: Type.Array(FindingSchema) }),
      },
    },
  }, async (request, reply) => {
    const result = await saveTemplate(deps, actorOf(request), request.params.creditorId, request.body);
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.post("/api/creditors/:creditorId/templates/lint", {
    schema: {
      tags: ["modelos"], summary: "Verificar um modelo sem salvar (CDC art. 42, 42-A, 43 e 71)", params: CreditorParams,
      body: Type.Object({ content: Content, channel: ChannelField, stage: Type.Optional(StageField) }, { additionalProperties: false }),
      response: { 200: LintSchema },
    },
  }, async (request) => lintTemplateSource(deps, actorOf(request), request.params.creditorId, request.body));

  app.post("/api/creditors/:creditorId/templates/preview", {
    schema: {
      tags: ["modelos"], summary: "Pré-visualizar um modelo (salvo, padrão ou rascunho) com os dados reais de um devedor", params: CreditorParams,
      body: Type.Object({
        debtorId: Type.String({ maxLength: 20 }),
        key: Type.Optional(Key),
        content: Type.Optional(Content),
        channel: Type.Optional(ChannelField),
        stage: Type.Optional(StageField),
        debtIds: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          template: Type.Object({ key: NullableString, version: NullableInt, source: Type.String() }),
          message: MessageSchema, warnings: Type.Array(Type.String()), lint: LintSchema,
        }),
      },
    },
  }, async (request) => previewTemplate(deps, actorOf(request), request.params.creditorId, request.body));

  app.get("/api/creditors/:creditorId/templates/:key", {
    schema: {
      tags: ["modelos"], summary: "Um modelo: a última versão do credor (ou ?version=N), senão o modelo padrão da chave", params: KeyParams,
      querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: TemplateSchema },
    },
  }, async (request) => getTemplate(deps, actorOf(request), request.params.creditorId, request.params.key, request.query.version));

  app.get("/api/creditors/:creditorId/templates/:key/versions", {
    schema: {
      tags: ["modelos"], summary: "Versões de um modelo, da mais recente à mais antiga", params: KeyParams,
      response: { 200: Type.Object({ key: Type.String(), items: Type.Array(TemplateSchema), pack: Type.Union([TemplateSchema, Type.Null()]) }) },
    },
  }, async (request) => templateHistory(deps, actorOf(request), request.params.creditorId, request.params.key));

  app.post("/api/creditors/:creditorId/templates/:key/versions", {
    schema: {
      tags: ["modelos"], summary: "Restaurar uma versão antiga (cria uma nova versão igual a ela)", params: KeyParams,
      body: Type.Object({ fromVersion: Type.Integer({ minimum: 1, description: "versão a restaurar" }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ template: TemplateSchema, warnings: Type.Array(FindingSchema) }) },
    },
  }, async (request, reply) => reply.status(201).send(await restoreTemplate(deps, actorOf(request), request.params.creditorId, request.params.key, request.body.fromVersion)));
};
