/**
 * The one failure type of Régua. Each code maps, in one table, to an HTTP status,
 * a CLI exit code and a Portuguese title; the detail says what exactly went wrong.
 */
export const ERROR_CODES = {
  validation: { status: 400, exit: 2, title: "Dados inválidos" },
  bad_request: { status: 400, exit: 2, title: "Requisição inválida" },
  unauthenticated: { status: 401, exit: 3, title: "Não autenticado" },
  forbidden: { status: 403, exit: 3, title: "Acesso negado" },
  not_found: { status: 404, exit: 4, title: "Não encontrado" },
  conflict: { status: 409, exit: 5, title: "Conflito" },
  import_rejected: { status: 422, exit: 1, title: "Importação recusada" },
  unsupported_media: { status: 415, exit: 2, title: "Formato de arquivo não suportado" },
  invalid_input: { status: 422, exit: 1, title: "Entrada inválida" },
  too_many_requests: { status: 429, exit: 6, title: "Muitas tentativas" },
  internal: { status: 500, exit: 70, title: "Erro interno" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type FieldError = { field: string; reason: string; line?: number };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  /** What the failure is about without the list of field errors (the CLI prints the list below it). */
  readonly headline: string;

  constructor(code: ErrorCode, detail: string, errors: FieldError[] = [], headline = detail) {
    super(detail);
    this.name = "AppError";
    this.code = code;
    this.errors = errors;
    this.headline = headline;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get title(): string {
    return ERROR_CODES[this.code].title;
  }
}

/** A validation failure naming each bad field; `context` (e.g. "régua inválida") heads the detail. */
export function fieldErrors(errors: FieldError[], context?: string, code: ErrorCode = "validation"): AppError {
  const list = errors.map((e) => `${e.field}: ${e.reason}`).join("; ");
  const headline = context ?? (errors.length === 1 ? list : ERROR_CODES[code].title);
  return new AppError(code, context ? `${context}: ${list}` : list, errors, headline);
}

export const notFound = (what: string) => new AppError("not_found", `${what} não encontrado(a).`);
export const forbidden = (detail = "Você não tem permissão para esta operação.") => new AppError("forbidden", detail);
export const invalid = (field: string, reason: string) => new AppError("validation", `${field}: ${reason}`, [{ field, reason }]);
