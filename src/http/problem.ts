import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type FieldError } from "../shared/app-error.ts";

/** RFC 9457 problem details, in Portuguese. */
export type Problem = { type: string; title: string; status: number; detail: string; errors?: FieldError[] };

const KEYWORD_REASONS: Record<string, (params: Record<string, unknown>) => string> = {
  required: () => "obrigatório",
  type: (p) => `tipo inválido (esperado ${String(p.type)})`,
  minLength: (p) => `deve ter pelo menos ${String(p.limit)} caracteres`,
  maxLength: (p) => `deve ter no máximo ${String(p.limit)} caracteres`,
  minimum: (p) => `deve ser no mínimo ${String(p.limit)}`,
  maximum: (p) => `deve ser no máximo ${String(p.limit)}`,
  enum: (p) => `valor não permitido (use ${(p.allowedValues as unknown[] | undefined)?.join(", ") ?? "um dos valores aceitos"})`,
  const: () => "valor não permitido",
  pattern: () => "formato inválido",
  format: (p) => `formato inválido (esperado ${String(p.format)})`,
  additionalProperties: () => "campo não permitido",
  minItems: (p) => `deve ter pelo menos ${String(p.limit)} itens`,
  anyOf: () => "valor inválido",
};

type ValidationItem = { keyword: string; instancePath: string; params: Record<string, unknown>; message?: string };

const CONTEXT_NAMES: Record<string, string> = { body: "corpo", querystring: "parâmetros", params: "caminho", headers: "cabeçalhos" };

export function validationProblem(rawItems: ValidationItem[], context: string | undefined): Problem {
  // A union of literals fails once per literal and once as anyOf: report one error listing the accepted values.
  const unionPaths = new Set(rawItems.filter((v) => v.keyword === "anyOf").map((v) => v.instancePath));
  const items: ValidationItem[] = [];
  for (const v of rawItems) {
    if (!unionPaths.has(v.instancePath)) items.push(v);
    else if (v.keyword === "anyOf") {
      const allowed = rawItems.filter((o) => o.instancePath === v.instancePath && o.keyword === "const").map((o) => String(o.params.allowedValue));
      items.push(allowed.length ? { ...v, keyword: "enum", params: { allowedValues: allowed } } : v);
    }
  }
  const errors = items.map((v) => {
    const path = v.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const missing = v.keyword === "required" ? String(v.params.missingProperty) : v.keyword === "additionalProperties" ? String(v.params.additionalProperty) : "";
    const field = [path, missing].filter(Boolean).join(".") || CONTEXT_NAMES[context ?? "body"] || "corpo";
    const reason = KEYWORD_REASONS[v.keyword]?.(v.params) ?? v.message ?? "inválido";
    return { field, reason };
  });
  return {
    type: "https://regua.dev/problemas/validation",
    title: "Dados inválidos",
    status: 400,
    detail: errors.map((e) => `${e.field}: ${e.reason}`).join("; "),
    errors,
  };
}

export function problemOf(error: unknown): Problem {
  if (error instanceof AppError) {
    return { type: `https://regua.dev/problemas/${error.code}`, title: error.title, status: error.status, detail: error.message, ...(error.errors.length ? { errors: error.errors } : {}) };
  }
  const fe = error as FastifyError & { validation?: ValidationItem[]; validationContext?: string };
  if (fe.validation) return validationProblem(fe.validation, fe.validationContext);
  if (fe.statusCode === 413 || fe.code === "FST_REQ_FILE_TOO_LARGE") return { type: "https://regua.dev/problemas/too_large", title: "Arquivo grande demais", status: 413, detail: "O arquivo excede o tamanho máximo aceito." };
  if (fe.statusCode === 415 || fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return { type: "https://regua.dev/problemas/unsupported_media", title: "Tipo de conteúdo não suportado", status: 415, detail: "Tipo de conteúdo não suportado." };
  if (fe.statusCode === 400 && fe.code?.startsWith("FST_ERR_CTP")) return { type: "https://regua.dev/problemas/bad_request", title: "Requisição inválida", status: 400, detail: "Corpo da requisição inválido (JSON malformado?)." };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { type: "https://regua.dev/problemas/bad_request", title: "Requisição inválida", status: fe.statusCode, detail: fe.message };
  return { type: "https://regua.dev/problemas/internal", title: "Erro interno", status: 500, detail: "Erro interno. A equipe técnica pode consultar o log do servidor." };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  // Serialized apart from any route response schema, so an error body never fails that schema.
  return reply.status(problem.status).type("application/problem+json; charset=utf-8").serializer(JSON.stringify).send(problem);
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const problem = problemOf(error);
  if (problem.status >= 500) request.log.error({ err: error }, "erro interno");
  return sendProblem(reply, problem);
}
