import { Type } from "@fastify/type-provider-typebox";
import { AppError } from "../../shared/app-error.ts";
import { login, logout } from "../../app/auth/sessions.ts";
import { changePassword, loadUserView } from "../../app/auth/users.ts";
import { actorOf, SESSION_COOKIE } from "../auth.ts";
import type { Routes } from "../server.ts";
import { UserSchema } from "../schemas.ts";

const WINDOW_MS = 15 * 60_000;
const MAX_ATTEMPTS = 10;

export const authRoutes: Routes = (app, deps) => {
  // Failed logins per address and e-mail, to slow down password guessing.
  const failures = new Map<string, { count: number; since: number }>();

  app.post("/api/auth/login", {
    config: { public: true },
    schema: {
      tags: ["autenticação"], summary: "Entrar (cria a sessão por cookie)",
      body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ user: UserSchema }) },
    },
  }, async (request, reply) => {
    const key = `${request.ip}|${request.body.email.trim().toLowerCase()}`;
    const nowMs = deps.clock.now().getTime();
    const entry = failures.get(key);
    if (entry && nowMs - entry.since < WINDOW_MS && entry.count >= MAX_ATTEMPTS) {
      throw new AppError("too_many_requests", "Muitas tentativas de login. Aguarde 15 minutos e tente de novo.");
    }
    try {
      const session = await login(deps, request.body.email, request.body.password);
      failures.delete(key);
      reply.setCookie(SESSION_COOKIE, session.token, { path: "/", httpOnly: true, sameSite: "lax", secure: request.protocol === "https", expires: session.expiresAt });
      return { user: session.user };
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthenticated") {
        const fresh = !entry || nowMs - entry.since >= WINDOW_MS;
        failures.set(key, { count: fresh ? 1 : entry.count + 1, since: fresh ? nowMs : entry.since });
      }
      throw error;
    }
  });

  app.post("/api/auth/logout", { config: { public: true }, schema: { tags: ["autenticação"], summary: "Sair" } }, async (request, reply) => {
    if (request.sessionToken) await logout(deps, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send();
  });

  app.get("/api/auth/me", { schema: { tags: ["autenticação"], summary: "Usuário da sessão", response: { 200: Type.Object({ user: UserSchema }) } } }, async (request) => {
    const actor = actorOf(request);
    if (actor.kind !== "user") throw new AppError("forbidden", "Esta rota é para sessões de usuário.");
    const user = await loadUserView(deps, actor.id);
    if (!user) throw new AppError("unauthenticated", "Faça login para continuar.");
    return { user };
  });

  app.post("/api/auth/password", {
    schema: {
      tags: ["autenticação"], summary: "Trocar a própria senha",
      body: Type.Object({ currentPassword: Type.String({ minLength: 1 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await changePassword(deps, actor, request.body);
    // Every session of the user ended with the old password; this one continues with a new token.
    const user = await loadUserView(deps, actor.id);
    const session = await login(deps, user!.email, request.body.newPassword);
    reply.setCookie(SESSION_COOKIE, session.token, { path: "/", httpOnly: true, sameSite: "lax", secure: request.protocol === "https", expires: session.expiresAt });
    return reply.status(204).send();
  });
};
