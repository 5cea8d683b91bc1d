// Real-HTTP helpers for API tests: the server listens on an ephemeral port of 127.0.0.1
// and tests talk to it with fetch, cookies and all, as a client would.
import assert from "node:assert/strict";
import type { AppDeps } from "../../src/app/deps.ts";
import { SESSION_COOKIE } from "../../src/http/auth.ts";
import { buildServer, type App } from "../../src/http/server.ts";

export type CallOptions = {
  /** `regua_session=<token>` as returned by `login`. */
  cookie?: string;
  /** An API key, sent as `Authorization: Bearer <key>`. */
  bearer?: string;
  json?: unknown;
  form?: FormData;
  /** A raw body (with `headers` to give its content type). */
  body?: string;
  headers?: Record<string, string>;
};

export type CallResult<T = unknown> = {
  status: number;
  headers: Headers;
  contentType: string;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T;
};

export type TestServer = {
  app: App;
  baseUrl: string;
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<CallResult<T>>;
  /** Logs in and returns the cookie pair to send back (`regua_session=…`); fails the test on anything but 200. */
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
};

/** Builds the API with `deps` and listens on 127.0.0.1 on a free port. */
export async function startServer(deps: AppDeps): Promise<TestServer> {
  const app = await buildServer(deps, { logLevel: "silent" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("servidor sem porta TCP");
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const call = async <T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    let body: string | FormData | undefined = options.body;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    const response = await fetch(baseUrl + path, { method, headers, body, redirect: "manual" });
    const text = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    let parsed: unknown = undefined;
    if (text !== "" && /json/.test(contentType)) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, contentType, text, body: parsed as T };
  };

  const login = async (email: string, password: string): Promise<string> => {
    const res = await call("POST", "/api/auth/login", { json: { email, password } });
    assert.equal(res.status, 200, `login de ${email}: ${res.text}`);
    return sessionCookie(res.headers);
  };

  return { app, baseUrl, call, login, close: () => app.close() };
}

/** The `regua_session=<token>` pair from a response's Set-Cookie headers. */
export function sessionCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  assert.ok(cookie, `sem cookie ${SESSION_COOKIE} na resposta`);
  return cookie.split(";")[0]!;
}

/** A multipart form with one file in the field `file`, as the import route expects. */
export function fileForm(content: string | Buffer, fileName = "carteira.csv", type = "text/csv"): FormData {
  const form = new FormData();
  form.append("file", new Blob([content], { type }), fileName);
  return form;
}

export type ProblemBody = { type: string; title: string; status: number; detail: string; errors?: { field: string; reason: string; line?: number }[] };

/** Asserts an RFC 9457 answer with the given status, and returns its body. */
export function assertProblem(res: CallResult, status: number, message = ""): ProblemBody {
  const where = `${message ? `${message}: ` : ""}${res.status} ${res.text}`;
  assert.equal(res.status, status, where);
  assert.match(res.contentType, /^application\/problem\+json/, where);
  const body = res.body as ProblemBody;
  assert.equal(body.status, status, where);
  assert.match(body.type, /^https:\/\/regua\.dev\/problemas\//, where);
  assert.equal(typeof body.title, "string", where);
  assert.equal(typeof body.detail, "string", where);
  return body;
}
