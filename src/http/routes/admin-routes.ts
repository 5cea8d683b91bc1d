import { Type } from "@fastify/type-provider-typebox";
import { addUser } from "../../app/auth/users.ts";
import { createApiKey } from "../../app/auth/sessions.ts";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "../../app/audit.ts";
import { listAudit } from "../../app/audit-log.ts";
import { listApiKeys, revokeApiKey } from "../../app/auth/manage-api-keys.ts";
import { listUsers, setUserActive } from "../../app/auth/manage-users.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { UserSchema } from "../schemas.ts";

const RoleSchema = Type.Union([Type.Literal("admin"), Type.Literal("manager"), Type.Literal("collector"), Type.Literal("auditor")]);
const UserParams = Type.Object({ userId: Type.String({ maxLength: 64 }) });
const UserAdminSchema = Type.Object({ ...UserSchema.properties, active: Type.Boolean(), createdAt: Type.String() });
const ApiKeySchema = Type.Object({
  id: Type.String(), name: Type.String(), role: RoleSchema, creditorIds: Type.Array(Type.String()), createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]), lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export const adminRoutes: Routes = (app, deps) => {
  app.post("/api/users", {
    schema: {
      tags: ["administração"], summary: "Cadastrar usuário (admin); a senha gerada é devolvida uma única vez",
      body: Type.Object({ email: Type.String({ maxLength: 254 }), name: Type.String({ maxLength: 200 }), role: RoleSchema, creditorIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }), password: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ user: UserSchema, password: Type.Optional(Type.String()) }) },
    },
  }, async (request, reply) => {
    const { user, password } = await addUser(deps, actorOf(request), request.body);
    return reply.status(201).send({ user, password: request.body.password ? undefined : password });
  });

  app.post("/api/api-keys", {
    schema: {
      tags: ["administração"], summary: "Criar chave de API (admin); a chave é devolvida uma única vez",
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema, creditorIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String(), key: Type.String() }) },
    },
  }, async (request, reply) => reply.status(201).send(await createApiKey(deps, actorOf(request), request.body)));

  app.get("/api/users", {
    schema: { tags: ["administração"], summary: "Usuários da instalação (admin)", response: { 200: Type.Object({ items: Type.Array(UserAdminSchema) }) } },
  }, async (request) => ({ items: await listUsers(deps, actorOf(request)) }));

  app.post("/api/users/:userId/deactivate", {
    schema: { tags: ["administração"], summary: "Desativar usuário (admin): encerra as sessões; ninguém desativa o próprio usuário", params: UserParams, response: { 200: UserAdminSchema } },
  }, async (request) => setUserActive(deps, actorOf(request), request.params.userId, false));

  app.post("/api/users/:userId/activate", {
    schema: { tags: ["administração"], summary: "Reativar usuário (admin)", params: UserParams, response: { 200: UserAdminSchema } },
  }, async (request) => setUserActive(deps, actorOf(request), request.params.userId, true));

  app.get("/api/api-keys", {
    schema: { tags: ["administração"], summary: "Chaves de API, sem o segredo (admin)", response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }) } },
  }, async (request) => ({ items: await listApiKeys(deps, actorOf(request)) }));

  app.post("/api/api-keys/:keyId/revoke", {
    schema: { tags: ["administração"], summary: "Revogar chave de API (admin); vale na próxima requisição", params: Type.Object({ keyId: Type.String({ maxLength: 64 }) }), response: { 200: ApiKeySchema } },
  }, async (request) => revokeApiKey(deps, actorOf(request), request.params.keyId));

  app.get("/api/audit", {
    schema: {
      tags: ["auditoria"], summary: "Log de auditoria (admin e auditor), mais recente primeiro",
      querystring: Type.Object({
        creditorId: Type.Optional(Type.String({ maxLength: 64 })),
        action: Type.Optional(Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a)), { description: "uma das ações registradas (ex.: contact.add, creditor.update)" })),
        actor: Type.Optional(Type.String({ maxLength: 300, description: "user:e-mail, apikey:id, system:…, ou só o e-mail / id da chave" })),
        entity: Type.Optional(Type.Union(AUDIT_ENTITIES.map((e) => Type.Literal(e)), { description: "um dos tipos de registro (ex.: contact, creditor, user, api_key, import)" })),
        entityId: Type.Optional(Type.String({ maxLength: 100 })),
        from: Type.Optional(Type.String({ maxLength: 40, description: "instante ISO 8601: entradas a partir dele" })),
        to: Type.Optional(Type.String({ maxLength: 40, description: "instante ISO 8601: entradas antes dele" })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        before: Type.Optional(Type.String({ maxLength: 20, description: "o nextBefore da página anterior" })),
      }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), at: Type.String(), actor: Type.String(), creditorId: Type.Union([Type.String(), Type.Null()]), action: Type.String(), entity: Type.String(), entityId: Type.Union([Type.String(), Type.Null()]), before: Type.Unknown(), after: Type.Unknown() })), nextBefore: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => listAudit(deps, actorOf(request), request.query));
};
