import { ApiError, parseProblem } from "./api-error.ts";

type RequestOptions = {
  body?: unknown;
  signal?: AbortSignal;
  /** Let a 401 through to the caller instead of ending the session (login, me). */
  allowUnauthorized?: boolean;
};

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Registers what to do when any call answers 401 (the session is gone). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Calls the Régua API with the session cookie and JSON bodies. Resolves with the
 * parsed body (undefined for 204); rejects with an ApiError.
 */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError("network", 0, null, cause);
  }

  const body = await readBody(response);
  if (response.ok) return body as T;

  if (response.status === 401 && !options.allowUnauthorized) unauthorizedHandler?.();
  throw new ApiError("http", response.status, parseProblem(body));
}

export function apiGet<T>(path: string, options?: Omit<RequestOptions, "body">): Promise<T> {
  return apiRequest<T>("GET", path, options);
}

export function apiPost<T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T> {
  return apiRequest<T>("POST", path, { ...options, body });
}

export function apiPatch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T> {
  return apiRequest<T>("PATCH", path, { ...options, body });
}

/** Builds "/api/…?a=1&b=2", leaving out empty parameters. */
export function apiPath(path: string, params: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
