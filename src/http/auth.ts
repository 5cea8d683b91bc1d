import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../shared/app-error.ts";
import type { Actor } from "../app/access.ts";
import type { AppDeps } from "../app/deps.ts";
import { actorFromApiKey, actorFromSession } from "../app/auth/sessions.ts";

export const SESSION_COOKIE = "regua_session";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Routes open without authentication: health, login, docs. */
    public?: boolean;
  }
}

/** Resolves the caller from the session cookie or `Authorization: Bearer <api key>`; every non-public route requires one. */
export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("sessionToken", null);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    if (!request.url.startsWith("/api/")) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await actorFromApiKey(deps, match[1]!) : null;
      if (!actor && !request.routeOptions.config?.public) throw new AppError("unauthenticated", "Chave de API inválida ou revogada.");
      request.actor = actor;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const found = await actorFromSession(deps, token);
      if (found) {
        request.actor = found.actor;
        request.sessionToken = token;
        // Cookie-authenticated writes must come from our own pages (CSRF defence beside SameSite=Lax).
        const origin = request.headers.origin;
        if (request.method !== "GET" && request.method !== "HEAD" && origin && hostOf(origin) !== request.headers.host) {
          throw new AppError("forbidden", "Origem da requisição não permitida.");
        }
      }
    }
    if (!request.actor && !request.routeOptions.config?.public) throw new AppError("unauthenticated", "Faça login para continuar.");
  });
}

/** The host of an Origin header; an opaque origin ("null") or garbage has none. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError("unauthenticated", "Faça login para continuar.");
  return request.actor;
}
