import { Type } from "@fastify/type-provider-typebox";
import { addUser } from "../../app/auth/users.ts";
import { createApiKey } from "../../app/auth/sessions.ts";
import { listAudit } from "../../app/audit-log.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { UserSchema } from "../schemas.ts";

const RoleSchema = Type.Union([Type.Literal("admin"), Type.Literal("manager"), Type.Literal("collector"), Type.Literal("auditor")]);

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

  app.get("/api/audit", {
    schema: {
      tags: ["auditoria"], summary: "Log de auditoria (admin e auditor), mais recente primeiro",
      querystring: Type.Object({ creditorId: Type.Optional(Type.String({ maxLength: 64 })), action: Type.Optional(Type.String({ maxLength: 100 })), actor: Type.Optional(Type.String({ maxLength: 300 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), before: Type.Optional(Type.String({ maxLength: 20 })) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), at: Type.String(), actor: Type.String(), creditorId: Type.Union([Type.String(), Type.Null()]), action: Type.String(), entity: Type.String(), entityId: Type.Union([Type.String(), Type.Null()]), before: Type.Unknown(), after: Type.Unknown() })) }) },
    },
  }, async (request) => listAudit(deps, actorOf(request), request.query));
};
