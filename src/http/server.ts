import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app/deps.ts";
import { registerAuth } from "./auth.ts";
import { errorHandler, sendProblem } from "./problem.ts";
import { adminRoutes } from "./routes/admin-routes.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { boletoRoutes } from "./routes/boleto-routes.ts";
import { chargesRoutes } from "./routes/charges-routes.ts";
import { toolsRoutes } from "./routes/tools-routes.ts";
import { emailRoutes } from "./routes/email-routes.ts";
import { exitPointRoutes } from "./routes/exit-point-routes.ts";
import { holdsRoutes } from "./routes/holds-routes.ts";
import { ladderRoutes } from "./routes/ladder-routes.ts";
import { negotiationRoutes } from "./routes/negotiation-routes.ts";
import { outboxRoutes } from "./routes/outbox-routes.ts";
import { paymentsRoutes } from "./routes/payments-routes.ts";
import { portfolioRoutes } from "./routes/portfolio-routes.ts";
import { pixRoutes } from "./routes/pix-routes.ts";
import { selfServiceRoutes } from "./routes/self-service-routes.ts";
import { callsRoutes } from "./routes/calls-routes.ts";
import { dashboardRoutes } from "./routes/dashboard-routes.ts";
import { templatesRoutes } from "./routes/templates-routes.ts";

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
export type Routes = (app: App, deps: AppDeps) => void;

const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export type ServerOptions = { logLevel?: string; webDist?: string; trustProxy?: boolean | string };

/** The HTTP API and the web UI, on one Fastify instance. */
export async function buildServer(deps: AppDeps, options: ServerOptions = {}): Promise<App> {
  const app = Fastify({
    logger: { level: options.logLevel ?? "info", redact: ["req.headers.authorization", "req.headers.cookie"] },
    ajv: { customOptions: { coerceTypes: "array", removeAdditional: false, allErrors: true } },
    bodyLimit: 1024 * 1024,
    // Signed tokens travel in the path (/t/c/…, /p/…, /u/…): a click link carries the whole target URL.
    routerOptions: { maxParamLength: 2048 },
    // Only behind a known reverse proxy may X-Forwarded-For set the client address (login throttling uses it).
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  await app.register(cookie);
  await app.register(multipart);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Régua API", version: "0.1.0", description: "API da Régua, plataforma de cobrança. Autentique com `Authorization: Bearer <chave de API>` ou com o cookie de sessão do login. Erros em application/problem+json (RFC 9457), em português." },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" }, session: { type: "apiKey", in: "cookie", name: "regua_session" } } },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list" } });
  registerAuth(app, deps);

  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get("/api/health", { config: { public: true }, schema: { tags: ["saúde"], summary: "Saúde do serviço" } }, async () => {
    await deps.database.db.selectFrom("creditors").select("id").limit(1).execute();
    return { status: "ok", database: deps.database.dialect, at: deps.clock.now().toISOString() };
  });
  authRoutes(app, deps);
  portfolioRoutes(app, deps);
  paymentsRoutes(app, deps);
  adminRoutes(app, deps);
  pixRoutes(app, deps);
  chargesRoutes(app, deps);
  toolsRoutes(app, deps);
  holdsRoutes(app, deps);
  ladderRoutes(app, deps);
  outboxRoutes(app, deps);
  emailRoutes(app, deps);
  templatesRoutes(app, deps);
  negotiationRoutes(app, deps);
  boletoRoutes(app, deps);
  selfServiceRoutes(app, deps);
  callsRoutes(app, deps);
  dashboardRoutes(app, deps);
  exitPointRoutes(app, deps);

  const webDist = options.webDist ?? WEB_DIST;
  const hasWeb = existsSync(join(webDist, "index.html"));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, prefix: "/", wildcard: false, index: ["index.html"] });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/") || request.method !== "GET" || !hasWeb) {
      return sendProblem(reply, { type: "https://regua.dev/problemas/not_found", title: "Não encontrado", status: 404, detail: `Rota não encontrada: ${request.method} ${request.url.split("?")[0]}` });
    }
    // The web app routes by path: every other page is its index.html.
    return reply.type("text/html; charset=utf-8").sendFile("index.html");
  });
  return app;
}
