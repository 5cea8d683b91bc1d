/** One invalid field of a rejected request, as listed by a problem+json body. */
export type FieldProblem = { field: string; reason: string };

/** RFC 9457 problem details, as the server sends them. */
export type ProblemDetails = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
};

/**
 * A failed API call. `kind` tells how it failed: the server answered with an
 * error status ("http", with `problem` when the body was problem+json), or the
 * request never got an answer ("network").
 */
export class ApiError extends Error {
  readonly kind: "http" | "network";
  readonly status: number;
  readonly problem: ProblemDetails | null;

  constructor(kind: "http" | "network", status: number, problem: ProblemDetails | null, cause?: unknown) {
    super(problem?.detail ?? problem?.title ?? (kind === "network" ? "network error" : `HTTP ${status}`), { cause });
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.problem = problem;
  }

  /** The server's human message (Portuguese), if it sent one. */
  get detail(): string | null {
    return this.problem?.detail ?? this.problem?.title ?? null;
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem?.errors ?? [];
  }
}

/** Reads a problem+json (or plain JSON error) body; null when it is neither. */
export function parseProblem(body: unknown): ProblemDetails | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const problem: ProblemDetails = {};
  if (typeof record.type === "string") problem.type = record.type;
  if (typeof record.title === "string") problem.title = record.title;
  if (typeof record.status === "number") problem.status = record.status;
  if (typeof record.detail === "string") problem.detail = record.detail;
  if (Array.isArray(record.errors)) {
    problem.errors = record.errors.flatMap((item: unknown) => {
      if (typeof item !== "object" || item === null) return [];
      const entry = item as Record<string, unknown>;
      return typeof entry.field === "string" && typeof entry.reason === "string"
        ? [{ field: entry.field, reason: entry.reason }]
        : [];
    });
  }
  return Object.keys(problem).length > 0 ? problem : null;
}
