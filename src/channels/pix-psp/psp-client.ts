// Adapter to a PSP recebedor speaking the Banco Central's API Pix over HTTP: OAuth2
// client_credentials token (cached, refreshed before it expires and once on a 401),
// a timeout per attempt, retries of the idempotent calls (every call here is a PUT with
// our own txid, or a GET) on 429/5xx/network failures honouring Retry-After, and
// failures classified into one PixPspError with a Portuguese message. With `tls`, every
// request (token included) presents the client certificate (mutual TLS, required by the
// Banco Central's API Pix).
import { AppError, type ErrorCode, type FieldError } from "../../shared/app-error.ts";
import { createMtlsFetch, hasClientCertificate, type PixPspTls } from "./mtls-fetch.ts";
import { PIX_ERROR_TYPE_PREFIX, type CobRequest, type CobResponse, type CobVRequest, type CobVResponse, type PixProblem, type WebhookConfig } from "./api-pix.ts";

/** What Régua asks of a PSP. The HTTP client below implements it; tests may pass their own. */
export type PixPsp = {
  putCob(txid: string, body: CobRequest): Promise<CobResponse>;
  getCob(txid: string): Promise<CobResponse>;
  putCobV(txid: string, body: CobVRequest): Promise<CobVResponse>;
  getCobV(txid: string): Promise<CobVResponse>;
  /** Registers `webhookUrl` for the key; the PSP will POST to `{webhookUrl}/pix`. */
  putWebhook(chave: string, webhookUrl: string): Promise<void>;
  getWebhook(chave: string): Promise<WebhookConfig>;
};

export type PixPspOptions = {
  /** Base of the API, e.g. `https://pix.example.com/api/v2`; resource paths are appended. */
  baseUrl: string;
  /** Token endpoint; default `{baseUrl}/oauth/token`. */
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Per attempt, token request included. Default 10 s. */
  timeoutMs?: number;
  /** Extra attempts after a 429/5xx/network failure. Default 2. */
  maxRetries?: number;
  /** Longest wait between attempts; a longer Retry-After fails at once, telling when to try again. Default 5 s. */
  maxRetryDelayMs?: number;
  /** First backoff without Retry-After, doubled each attempt. Default 250 ms. */
  baseDelayMs?: number;
  /** Client certificate (and the PSP's CA) for mutual TLS; ignored when `fetch` is given. */
  tls?: PixPspTls;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock for the token's lifetime. */
  nowMs?: () => number;
};

export const DEFAULT_PIX_SCOPE = "cob.write cob.read cobv.write cobv.read webhook.write webhook.read pix.read";

export type PixPspErrorKind = "validation" | "not_found" | "auth" | "transient" | "protocol";

const KIND_CODES: Record<PixPspErrorKind, ErrorCode> = {
  validation: "invalid_input",
  not_found: "not_found",
  auth: "internal",
  transient: "internal",
  protocol: "internal",
};

/**
 * A failure talking to the PSP. `validation` and `not_found` are the caller's to fix;
 * `transient` (429, 5xx, timeout, connection) may succeed later (`retryAfterMs` when the
 * PSP said when); `auth` and `protocol` are configuration or PSP faults.
 */
export class PixPspError extends AppError {
  readonly kind: PixPspErrorKind;
  readonly httpStatus: number | null;
  readonly retryAfterMs: number | null;
  readonly problem: PixProblem | null;

  constructor(kind: PixPspErrorKind, detail: string, extra: { httpStatus?: number | null; retryAfterMs?: number | null; problem?: PixProblem | null; errors?: FieldError[] } = {}) {
    super(KIND_CODES[kind], detail, extra.errors ?? []);
    this.name = "PixPspError";
    this.kind = kind;
    this.httpStatus = extra.httpStatus ?? null;
    this.retryAfterMs = extra.retryAfterMs ?? null;
    this.problem = extra.problem ?? null;
  }

  // Upstream failures are 502/503 to our own callers, not 500: the fault is the PSP's or the network's.
  override get status(): number {
    if (this.kind === "transient") return 503;
    if (this.kind === "auth" || this.kind === "protocol") return 502;
    return super.status;
  }

  override get title(): string {
    if (this.kind === "transient") return "PSP Pix indisponível";
    if (this.kind === "auth" || this.kind === "protocol") return "Falha no PSP Pix";
    return super.title;
  }

  override get exitCode(): number {
    // 69 = EX_UNAVAILABLE (sysexits): a service we depend on is down or misconfigured.
    return this.kind === "transient" || this.kind === "auth" || this.kind === "protocol" ? 69 : super.exitCode;
  }
}

/** A failed attempt that may be retried, with the error to throw if no attempt is left. */
class RetryableFailure extends Error {
  constructor(
    readonly error: PixPspError,
    readonly retryAfterMs: number | null,
  ) {
    super(error.message);
  }
}

type Token = { value: string; expiresAtMs: number };

const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))} s`;

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === "") return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Builds the API Pix client. Nothing is sent until the first call. */
export function createPixPspClient(options: PixPspOptions): PixPsp {
  const base = options.baseUrl.replace(/\/+$/, "");
  const tokenUrl = options.tokenUrl ?? `${base}/oauth/token`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 2;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const doFetch = options.fetch ?? (options.tls ? createMtlsFetch(options.tls) : fetch);
  const withClientCert = hasClientCertificate(options.tls);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const nowMs = options.nowMs ?? (() => Date.now());
  let token: Token | null = null;
  let pendingToken: Promise<Token> | null = null;

  const send = async (url: string, init: RequestInit, what: string): Promise<Response> => {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const tlsError = tlsFailure(error, url, what, withClientCert);
      if (tlsError) throw tlsError;
      const name = (error as { name?: string }).name;
      const detail =
        name === "TimeoutError" || name === "AbortError"
          ? `o PSP Pix não respondeu em ${seconds(timeoutMs)} (${what})`
          : `não foi possível conectar ao PSP Pix em ${new URL(url).origin} (${what}): ${causeOf(error)}${withClientCert && isConnectionDropped(error) ? DROPPED_WITH_CERT : ""}`;
      throw new RetryableFailure(new PixPspError("transient", detail), null);
    }
  };

  const fetchToken = async (): Promise<Token> => {
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64");
    const body = new URLSearchParams({ grant_type: "client_credentials", scope: options.scope ?? DEFAULT_PIX_SCOPE }).toString();
    const started = nowMs();
    const res = await send(tokenUrl, { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body }, "token OAuth");
    const text = await res.text();
    if (res.status === 429 || res.status >= 500) throw transientFailure(res, text, "token OAuth", nowMs());
    if (!res.ok) {
      throw new PixPspError("auth", `o PSP Pix recusou as credenciais (PIX_PSP_CLIENT_ID/PIX_PSP_CLIENT_SECRET): HTTP ${res.status}${oauthError(text)}`, { httpStatus: res.status });
    }
    const json = parseJson(text) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!json || typeof json.access_token !== "string" || json.access_token === "") {
      throw new PixPspError("protocol", "o PSP Pix respondeu ao pedido de token sem access_token", { httpStatus: res.status });
    }
    const lifetime = typeof json.expires_in === "number" && json.expires_in > 0 ? json.expires_in : 300;
    // Renew a little before the PSP would refuse it: 30 s early, or a tenth of a short lifetime.
    const margin = Math.min(30, lifetime / 10);
    return { value: json.access_token, expiresAtMs: started + (lifetime - margin) * 1000 };
  };

  const getToken = async (): Promise<string> => {
    if (token && token.expiresAtMs > nowMs()) return token.value;
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = null;
    });
    token = await pendingToken;
    return token.value;
  };

  const call = async <T>(method: "GET" | "PUT", path: string, body: unknown, what: string): Promise<T> => {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const bearer = await getToken();
        const res = await send(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${bearer}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }, what);
        const text = await res.text();
        if (res.status === 401 && !refreshed) {
          // The token expired or was revoked early: fetch a new one once, without spending an attempt.
          refreshed = true;
          token = null;
          attempt--;
          continue;
        }
        if (res.ok) return (text === "" ? undefined : parseJsonOrThrow(text, what, res.status)) as T;
        if (res.status === 429 || res.status >= 500) throw transientFailure(res, text, what, nowMs());
        throw clientFailure(res.status, text, what);
      } catch (error) {
        if (!(error instanceof RetryableFailure)) throw error;
        const wait = error.retryAfterMs ?? baseDelayMs * 2 ** attempt;
        if (attempt >= maxRetries || wait > maxRetryDelayMs) throw withAttempts(error.error, attempt + 1);
        await sleep(wait);
      }
    }
  };

  const enc = encodeURIComponent;
  return {
    putCob: (txid, body) => call<CobResponse>("PUT", `/cob/${enc(txid)}`, body, `criar cobrança ${txid}`),
    getCob: (txid) => call<CobResponse>("GET", `/cob/${enc(txid)}`, undefined, `consultar cobrança ${txid}`),
    putCobV: (txid, body) => call<CobVResponse>("PUT", `/cobv/${enc(txid)}`, body, `criar cobrança com vencimento ${txid}`),
    getCobV: (txid) => call<CobVResponse>("GET", `/cobv/${enc(txid)}`, undefined, `consultar cobrança com vencimento ${txid}`),
    putWebhook: async (chave, webhookUrl) => {
      await call<unknown>("PUT", `/webhook/${enc(chave)}`, { webhookUrl }, `configurar webhook da chave ${chave}`);
    },
    getWebhook: (chave) => call<WebhookConfig>("GET", `/webhook/${enc(chave)}`, undefined, `consultar webhook da chave ${chave}`),
  };
}

/** OpenSSL/Node codes of a handshake the PSP refused for want of (a good) client certificate. */
const CLIENT_CERT_REFUSED = /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED/;
/** Node codes of a PSP server certificate this side could not verify. */
const SERVER_CERT_UNTRUSTED = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|ERR_TLS_CERT_ALTNAME_INVALID)$/;

// Some TLS servers refuse a client certificate by closing the connection, without an alert.
const DROPPED_WITH_CERT = "; se persistir, o PSP pode estar recusando o certificado de cliente (mTLS): confira PIX_PSP_CERT/PIX_PSP_KEY ou PIX_PSP_PFX";

function isConnectionDropped(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  return [e.code, e.cause?.code].includes("ECONNRESET") || [e.message, e.cause?.message].includes("socket hang up");
}

/**
 * A TLS failure is configuration, not a passing fault: no retry, and a message saying
 * which variable to look at. Null for any other failure.
 */
function tlsFailure(error: unknown, url: string, what: string, withClientCert: boolean): PixPspError | null {
  const cause = (error as { cause?: unknown }).cause;
  const codeOf = (e: unknown) => String((e as { code?: unknown } | null)?.code ?? "");
  const code = [codeOf(error), codeOf(cause)].find((c) => c !== "") ?? "";
  const origin = new URL(url).origin;
  if (SERVER_CERT_UNTRUSTED.test(code)) {
    return new PixPspError("auth", `não foi possível verificar o certificado TLS do PSP Pix em ${origin} (${what}): ${code}; se o PSP usa uma autoridade certificadora própria, informe-a em PIX_PSP_CA`);
  }
  if (CLIENT_CERT_REFUSED.test(code)) {
    const hint = withClientCert
      ? "recusou o certificado de cliente (mTLS): confira se PIX_PSP_CERT/PIX_PSP_KEY (ou PIX_PSP_PFX) é o certificado emitido por este PSP e está válido"
      : "exige certificado de cliente (mTLS): configure PIX_PSP_CERT e PIX_PSP_KEY, ou PIX_PSP_PFX, com o certificado emitido pelo PSP";
    return new PixPspError("auth", `o PSP Pix em ${origin} ${hint} (${what}; ${code})`);
  }
  return null;
}

function transientFailure(res: Response, text: string, what: string, nowMs: number): RetryableFailure {
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), nowMs);
  const problem = problemOf(text);
  const reason = res.status === 429 ? "limitou o número de requisições" : "está indisponível no momento";
  const when = retryAfterMs !== null ? `tente de novo em ${seconds(retryAfterMs)}` : "tente de novo em alguns instantes";
  const said = problem?.detail ? `: ${problem.detail}` : "";
  const error = new PixPspError("transient", `o PSP Pix ${reason} (HTTP ${res.status}, ${what})${said}; ${when}`, { httpStatus: res.status, retryAfterMs, problem });
  return new RetryableFailure(error, retryAfterMs);
}

function clientFailure(status: number, text: string, what: string): PixPspError {
  const problem = problemOf(text);
  const tipo = problem?.type.startsWith(PIX_ERROR_TYPE_PREFIX) ? problem.type.slice(PIX_ERROR_TYPE_PREFIX.length) : null;
  const errors: FieldError[] = (problem?.violacoes ?? []).map((v) => ({ field: v.propriedade ?? "pix", reason: v.razao }));
  const explained = [problem?.detail, ...errors.map((e) => `${e.field}: ${e.reason}`)].filter(Boolean).join("; ");
  const suffix = `${tipo ? ` [${tipo}]` : ""}${explained ? `: ${explained}` : ""}`;
  if (status === 404) return new PixPspError("not_found", `não encontrado no PSP Pix (${what})${suffix}`, { httpStatus: status, problem, errors });
  if (status === 401 || status === 403) {
    return new PixPspError("auth", `o PSP Pix negou acesso (HTTP ${status}, ${what})${suffix}; confira as credenciais, os escopos e a chave Pix (PIX_KEY)`, { httpStatus: status, problem, errors });
  }
  return new PixPspError("validation", `o PSP Pix recusou a requisição (HTTP ${status}, ${what})${suffix}`, { httpStatus: status, problem, errors });
}

function withAttempts(error: PixPspError, attempts: number): PixPspError {
  if (attempts <= 1) return error;
  return new PixPspError(error.kind, `${error.message} (${attempts} tentativas)`, { httpStatus: error.httpStatus, retryAfterMs: error.retryAfterMs, problem: error.problem, errors: error.errors });
}

function problemOf(text: string): PixProblem | null {
  const json = parseJson(text) as Partial<PixProblem> | null;
  if (!json || typeof json !== "object" || typeof json.type !== "string") return null;
  return { type: json.type, title: String(json.title ?? ""), status: Number(json.status ?? 0), detail: typeof json.detail === "string" ? json.detail : undefined, violacoes: Array.isArray(json.violacoes) ? json.violacoes : undefined };
}

function oauthError(text: string): string {
  const json = parseJson(text) as { error?: unknown; error_description?: unknown } | null;
  if (!json) return "";
  const parts = [json.error, json.error_description].filter((p): p is string => typeof p === "string");
  return parts.length ? ` (${parts.join(": ")})` : "";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseJsonOrThrow(text: string, what: string, status: number): unknown {
  const json = parseJson(text);
  if (json === null) throw new PixPspError("protocol", `o PSP Pix respondeu com um corpo que não é JSON (${what})`, { httpStatus: status });
  return json;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
