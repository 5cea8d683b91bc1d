import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ApiError, parseProblem } from "./api-error.ts";
import { apiGet, apiPath, apiPost, setUnauthorizedHandler } from "./client.ts";

type Call = { url: string; init: RequestInit };
const realFetch = globalThis.fetch;
let calls: Call[] = [];

function answer(status: number, body?: unknown, contentType = "application/json") {
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": contentType } });
  }) as typeof fetch;
}

beforeEach(() => {
  calls = [];
});
afterEach(() => {
  globalThis.fetch = realFetch;
  setUnauthorizedHandler(null);
});

describe("apiRequest", () => {
  it("sends JSON with the same-origin session cookie", async () => {
    answer(200, { user: { id: "u1" } });
    const result = await apiPost<{ user: { id: string } }>("/api/auth/login", { email: "a@b.c", password: "x" });
    assert.deepEqual(result, { user: { id: "u1" } });
    const [call] = calls;
    assert.equal(call?.url, "/api/auth/login");
    assert.equal(call?.init.method, "POST");
    assert.equal(call?.init.credentials, "same-origin");
    assert.equal(call?.init.body, JSON.stringify({ email: "a@b.c", password: "x" }));
    assert.equal((call?.init.headers as Record<string, string>)["Content-Type"], "application/json");
  });

  it("resolves undefined for 204", async () => {
    answer(204);
    assert.equal(await apiPost("/api/auth/logout"), undefined);
  });

  it("turns problem+json into an ApiError with the Portuguese detail and field errors", async () => {
    const problem = {
      type: "https://regua.dev/problems/validation",
      title: "Dados inválidos",
      status: 400,
      detail: "A nova senha é curta demais.",
      errors: [{ field: "newPassword", reason: "Use pelo menos 10 caracteres." }],
    };
    answer(400, problem, "application/problem+json");
    const error = await apiPost("/api/auth/password", {}).catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.equal(error.kind, "http");
    assert.equal(error.status, 400);
    assert.equal(error.detail, "A nova senha é curta demais.");
    assert.deepEqual(error.fieldErrors, [{ field: "newPassword", reason: "Use pelo menos 10 caracteres." }]);
  });

  it("calls the unauthorized handler on 401, unless the caller expects it", async () => {
    let ended = 0;
    setUnauthorizedHandler(() => {
      ended += 1;
    });
    answer(401, { title: "Não autenticado", status: 401, detail: "Sessão expirada." });
    await assert.rejects(apiGet("/api/creditors"), ApiError);
    assert.equal(ended, 1);
    await assert.rejects(apiGet("/api/auth/me", { allowUnauthorized: true }), ApiError);
    assert.equal(ended, 1);
  });

  it("reports a failed connection as a network error", async () => {
    globalThis.fetch = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const error = await apiGet("/api/creditors").catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.equal(error.kind, "network");
    assert.equal(error.status, 0);
  });

  it("keeps an error without a JSON body", async () => {
    answer(502, undefined, "text/html");
    const error = await apiGet("/api/creditors").catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 502);
    assert.equal(error.detail, null);
  });
});

describe("parseProblem", () => {
  it("ignores malformed members", () => {
    assert.deepEqual(parseProblem({ detail: "x", errors: [{ field: "a" }, { field: "b", reason: "r" }, 3] }), {
      detail: "x",
      errors: [{ field: "b", reason: "r" }],
    });
    assert.equal(parseProblem("oops"), null);
    assert.equal(parseProblem([]), null);
    assert.equal(parseProblem({}), null);
  });
});

describe("apiPath", () => {
  it("leaves out empty parameters and encodes the rest", () => {
    assert.equal(apiPath("/api/x", { q: "", status: null, cursor: undefined }), "/api/x");
    assert.equal(apiPath("/api/x", { q: "maria & joão", limit: 50 }), "/api/x?q=maria+%26+jo%C3%A3o&limit=50");
  });
});
