import { Type } from "@fastify/type-provider-typebox";
import { decideApproval, listActions } from "../../app/ladder/actions.ts";
import { explainDebtor } from "../../app/ladder/explain-debtor.ts";
import { checkLadderDocument } from "../../app/ladder/check-ladder-document.ts";
import { applyLadder, assignLadder, listLadders } from "../../app/ladder/ladders.ts";
import { runLadder } from "../../app/ladder/run-ladder.ts";
import { simulateLadder } from "../../app/ladder/simulate-ladder.ts";
import { actorOf } from "../auth.ts";
import type { Routes } from "../server.ts";
import { CreditorParams, DebtorParams } from "../schemas.ts";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const Loose = Type.Object({}, { additionalProperties: true });
const At = Type.String({ maxLength: 40, description: "instante ISO 8601 com fuso (padrão: agora)" });

const PlannedEntry = Type.Object({ debtorDocument: Type.String(), debtExternalIds: Type.Array(Type.String()), stepId: Type.String(), channel: Type.String(), sendAt: Type.String() });
const SkippedEntry = Type.Object({ debtorDocument: Type.String(), debtExternalIds: Type.Array(Type.String()), stepId: Type.String(), channel: Type.String(), reason: Type.String() });
const RunResult = Type.Object({ at: Type.String(), planned: Type.Array(PlannedEntry), skipped: Type.Array(SkippedEntry) });

const LadderView = Type.Object({
  creditorId: Type.String(), id: Type.String(), name: Type.String(), isDefault: Type.Boolean(), position: Type.Integer(), currentVersion: Type.Integer(), version: Type.Integer(),
  document: Loose, versions: Type.Array(Type.Object({ version: Type.Integer(), createdAt: Type.String(), actor: Type.String() })),
});
const Issue = Type.Object({ field: Type.String(), reason: Type.String() });
const ApplyResult = Type.Object({ id: Type.String(), version: Type.Integer(), changed: Type.Boolean(), created: Type.Boolean(), isDefault: Type.Boolean(), warnings: Type.Array(Issue), document: Loose });

const StepTrace = Type.Object({
  stepId: Type.String(), offsetDays: Type.Integer(), day: Type.String(), channel: Type.String(), stage: Type.String(), template: NullableString,
  outcome: Type.String({ description: "performed | superseded | planned | skipped | future" }), sendAt: Type.Optional(Type.String()), reason: Type.Optional(Type.String()),
  actionId: Type.Optional(Type.Integer()), actionStatus: Type.Optional(Type.String()), rule: Type.String({ description: "a regra que decidiu, em português" }),
});
const Explanation = Type.Object({
  at: Type.String(),
  debtor: Type.Object({ id: Type.String(), document: Type.String(), name: Type.String(), uf: Type.String(), timeZone: Type.String(), localDay: Type.String(), paused: Type.Boolean() }),
  debts: Type.Array(Type.Object({
    externalId: Type.String(), dueDate: Type.String(), openCents: Type.Integer(), status: Type.String(),
    ladder: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer(), via: Type.String() }), Type.Null()]),
    note: NullableString, steps: Type.Array(StepTrace),
  })),
  planned: Type.Array(PlannedEntry),
  skipped: Type.Array(SkippedEntry),
});

const ActionView = Type.Object({
  id: Type.String(), debtorId: Type.String(), debtorDocument: Type.String(), debtExternalIds: Type.Array(Type.String()), ladderId: Type.String(), stepId: Type.String(),
  stage: Type.String(), channel: Type.String(), localDay: Type.String(), status: Type.String(), sendAt: Type.String(), approvedBy: NullableString, approvedAt: NullableString, cancelReason: NullableString,
});
const Simulation = Type.Object({
  at: Type.String(),
  ladder: Type.Object({ id: Type.String(), name: Type.String(), isDefault: Type.Boolean(), stored: Type.Boolean() }),
  debtors: Type.Integer(), debts: Type.Integer(), planned: Type.Integer(), awaitingApproval: Type.Integer(), skipped: Type.Integer(),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), planned: Type.Integer(), skipped: Type.Integer() })),
  byReason: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
  sample: Type.Array(Type.Object({
    debtorId: Type.String(), debtorName: Type.String(), debtorDocument: Type.String(), timeZone: Type.String(), debtExternalIds: Type.Array(Type.String()),
    stepId: Type.String(), stage: Type.String(), channel: Type.String(), sendAt: Type.String(), status: Type.String(),
  })),
  warnings: Type.Array(Issue),
});
const LadderDocumentBody = Type.Object({}, { additionalProperties: true, description: "o documento da régua: {id, name, steps: [...], …}" });

const ActionIds = Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 1000 });

export const ladderRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/ladders", {
    schema: {
      tags: ["régua"], summary: "Réguas do credor (a padrão primeiro), com o histórico de versões", params: CreditorParams,
      querystring: Type.Object({ id: Type.Optional(Type.String({ maxLength: 64 })), version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Type.Object({ items: Type.Array(LadderView) }) },
    },
  }, async (request) => listLadders(deps, actorOf(request), request.params.creditorId, request.query));

  app.post("/api/creditors/:creditorId/ladders", {
    schema: {
      tags: ["régua"], summary: "Gravar uma régua (o mesmo documento do arquivo da CLI); mesma id = nova versão", params: CreditorParams,
      querystring: Type.Object({ default: Type.Optional(Type.Boolean({ description: "torna esta régua a padrão do credor" })) }),
      body: Type.Object({}, { additionalProperties: true, description: "o documento da régua: {id, name, steps: [...], …}" }),
      response: { 200: ApplyResult, 201: ApplyResult },
    },
  }, async (request, reply) => {
    const r = await applyLadder(deps, actorOf(request), request.params.creditorId, { document: request.body, makeDefault: request.query.default });
    return reply.status(r.created ? 201 : 200).send({ id: r.ladder.id, version: r.version, changed: r.changed, created: r.created, isDefault: r.isDefault, warnings: r.warnings, document: r.ladder });
  });

  app.post("/api/creditors/:creditorId/ladders/validate", {
    schema: {
      tags: ["régua"], summary: "Verificar um documento de régua sem gravar: {ok, errors} com o caminho de cada erro, ou {ok, document, warnings}", params: CreditorParams,
      body: LadderDocumentBody,
      response: { 200: Type.Object({ ok: Type.Boolean(), errors: Type.Optional(Type.Array(Issue)), warnings: Type.Optional(Type.Array(Issue)), document: Type.Optional(Loose) }) },
    },
  }, async (request) => checkLadderDocument(deps, actorOf(request), request.params.creditorId, request.body));

  app.post("/api/creditors/:creditorId/ladders/simulate", {
    schema: {
      tags: ["régua"],
      summary: "Simular uma régua ainda não gravada na carteira real, num dia: contagem por canal e por motivo de não envio e uma amostra do que seria planejado (nada é gravado)",
      params: CreditorParams,
      body: Type.Object({
        document: LadderDocumentBody, at: Type.Optional(At), default: Type.Optional(Type.Boolean({ description: "simular como a régua padrão do credor" })),
        sampleSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
      }, { additionalProperties: false }),
      response: { 200: Simulation },
    },
  }, async (request) => simulateLadder(deps, actorOf(request), request.params.creditorId, { document: request.body.document, at: request.body.at, makeDefault: request.body.default, sampleSize: request.body.sampleSize }));

  app.put("/api/creditors/:creditorId/debtors/:debtorId/ladder", {
    schema: {
      tags: ["régua"], summary: "Fazer o devedor (ou alguns títulos dele) seguir uma régua; ladderId null volta às regras de atribuição", params: DebtorParams,
      body: Type.Object({ ladderId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]), debtExternalIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ debtorId: Type.String(), ladderId: NullableString, debtExternalIds: Type.Array(Type.String()) }) },
    },
  }, async (request) => assignLadder(deps, actorOf(request), request.params.creditorId, request.params.debtorId, request.body));

  app.post("/api/creditors/:creditorId/runs", {
    schema: {
      tags: ["régua"], summary: "Executar a régua do dia: {at, planned, skipped}; dryRun só mostra", params: CreditorParams,
      body: Type.Object({ at: Type.Optional(At), dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: RunResult },
    },
  }, async (request) => (await runLadder(deps, actorOf(request), request.params.creditorId, { at: request.body?.at, dryRun: request.body?.dryRun })).result);

  app.get("/api/creditors/:creditorId/debtors/:debtorId/explain", {
    schema: {
      tags: ["régua"], summary: "Por que o devedor recebeu (ou não) cada mensagem: título a título, etapa a etapa", params: DebtorParams,
      querystring: Type.Object({ at: Type.Optional(At) }),
      response: { 200: Explanation },
    },
  }, async (request) => explainDebtor(deps, actorOf(request), request.params.creditorId, { debtorId: request.params.debtorId, at: request.query.at }));

  app.get("/api/creditors/:creditorId/actions", {
    schema: {
      tags: ["régua"], summary: "Acionamentos do credor (mais recentes primeiro), paginados por cursor", params: CreditorParams,
      querystring: Type.Object({
        status: Type.Optional(Type.String({ maxLength: 20 })), debtorId: Type.Optional(Type.String({ maxLength: 20 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 40 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ActionView), nextCursor: NullableString }) },
    },
  }, async (request) => listActions(deps, actorOf(request), request.params.creditorId, request.query));

  app.post("/api/creditors/:creditorId/actions/approve", {
    schema: {
      tags: ["régua"], summary: "Aprovar negativação, protesto ou ação judicial que aguardam o gestor", params: CreditorParams,
      body: Type.Object({ actionIds: ActionIds }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ActionView) }) },
    },
  }, async (request) => decideApproval(deps, actorOf(request), request.params.creditorId, { actionIds: request.body.actionIds, approve: true }));

  app.post("/api/creditors/:creditorId/actions/reject", {
    schema: {
      tags: ["régua"], summary: "Recusar negativação, protesto ou ação judicial (a etapa não volta a ser planejada)", params: CreditorParams,
      body: Type.Object({ actionIds: ActionIds, reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ActionView) }) },
    },
  }, async (request) => decideApproval(deps, actorOf(request), request.params.creditorId, { actionIds: request.body.actionIds, approve: false, reason: request.body.reason }));
};
