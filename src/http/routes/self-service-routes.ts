import type { FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import { acceptSelfServiceOption } from "../../app/self-service/accept-option.ts";
import { checkIdentity, identityPrompt, recordVisit } from "../../app/self-service/check-identity.ts";
import { disputeFromPage } from "../../app/self-service/dispute-from-page.ts";
import { getSelfServiceBoletoPdf } from "../../app/self-service/get-boleto-pdf.ts";
import { issueSelfServicePayment } from "../../app/self-service/issue-payment.ts";
import { loadSelfServicePage, type SelfServicePage } from "../../app/self-service/load-page.ts";
import { openSelfServiceLink, type OpenedLink } from "../../app/self-service/open-link.ts";
import { optOutFromPage } from "../../app/self-service/opt-out-channel.ts";
import { promiseFromPage } from "../../app/self-service/promise-from-page.ts";
import { publicUrlOf, selfServiceSettingsOf } from "../../app/self-service/self-service-context.ts";
import { csrfTokenOf, endSession, isValidCsrf, resumeSession, SESSION_COOKIE, type SelfServiceSession } from "../../app/self-service/sessions.ts";
import { simulateSelfServiceOptions } from "../../app/self-service/simulate-options.ts";
import { parseIncome } from "../../app/negotiation/negotiation-context.ts";
import type { PixAppDeps } from "../../app/pix/pix-deps.ts";
import { AppError } from "../../shared/app-error.ts";
import { ASSET_PATHS, PAGE_CSS, PAGE_JS } from "../self-service/assets.ts";
import { SELF_SERVICE_CSP } from "../self-service/html.ts";
import { errorPage, expiredLinkPage, FLASH_MESSAGES, identityPage, invalidLinkPage, lockedPage, mainPage, sessionEndedPage } from "../self-service/pages.ts";
import type { App, Routes } from "../server.ts";

/**
 * The debtor's self-service page, `/p/{token}`: public (outside /api, so the API's auth
 * hook never sees it; hidden from the OpenAPI document — no route names a creditor), the
 * signed link being the first key and the identity check the second. HTML only: every
 * action is a form POSTed here with the session's CSRF token, answered by a redirect
 * (303) back to the page with a notice, or by the page with the error.
 */

type Form = Record<string, string>;
type TokenParams = { token: string };

const HIDDEN = { config: { public: true }, schema: { hide: true } } as const;

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header("cache-control", "no-store")
    .header("content-security-policy", SELF_SERVICE_CSP)
    .header("x-frame-options", "DENY")
    .header("x-content-type-options", "nosniff")
    // The token is in the URL: no page may send it on as a Referer.
    .header("referrer-policy", "no-referrer")
    .header("x-robots-tag", "noindex, nofollow")
    .type("text/html; charset=utf-8")
    .send(html);
}

const baseOf = (token: string) => `/p/${token}`;

function formOf(request: FastifyRequest): Form {
  const body = request.body;
  if (!body || typeof body !== "object") return {};
  const out: Form = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A POST from another site (when the browser says so) is refused: the forms live here. */
function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin && origin !== "null") {
    try {
      if (new URL(origin).host !== request.headers.host) return true;
    } catch {
      return true;
    }
  }
  const site = request.headers["sec-fetch-site"];
  return site === "cross-site";
}

/** The Portuguese a person reads for an expected failure of a use case. */
export function friendlyMessage(error: AppError): string {
  const text = error.errors.length ? error.errors.map((e) => e.reason).join("; ") : error.message;
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Inline SVG QR codes of the page's PIX codes (no image request, nothing for the CSP to allow). */
async function qrCodesOf(page: SelfServicePage): Promise<Map<string, string>> {
  const codes = new Set<string>();
  const next = page.agreement?.next?.payment?.pix;
  if (next) codes.add(next.copiaECola);
  for (const d of page.debts) if (d.payment?.pix) codes.add(d.payment.pix.copiaECola);
  const out = new Map<string, string>();
  for (const code of codes) {
    const svg = await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    out.set(code, svg.replace("<svg ", '<svg class="qr" role="img" aria-label="QR Code do Pix" focusable="false" '));
  }
  return out;
}

export const selfServiceRoutes: Routes = (app, deps) => {
  app.register(async (plugin) => {
    const scope = plugin as unknown as App;
    // Plain HTML forms; this scope's own parser (email-routes keeps its own in its scope).
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    scope.get(ASSET_PATHS.css, HIDDEN, async (_request, reply) =>
      reply.header("cache-control", "public, max-age=3600").header("x-content-type-options", "nosniff").type("text/css; charset=utf-8").send(PAGE_CSS));
    scope.get(ASSET_PATHS.js, HIDDEN, async (_request, reply) =>
      reply.header("cache-control", "public, max-age=3600").header("x-content-type-options", "nosniff").type("text/javascript; charset=utf-8").send(PAGE_JS));

    /** HTTPS as the browser sees it: this request (behind a trusted proxy, X-Forwarded-Proto) or the public URL the links carry. */
    const isSecure = (request: FastifyRequest) => request.protocol === "https" || publicUrlOf(deps).startsWith("https:");

    /** The link of the request, or the page that says why there is none (already sent). */
    async function linkOf(request: FastifyRequest, reply: FastifyReply): Promise<OpenedLink | null> {
      const outcome = await openSelfServiceLink(deps, (request.params as TokenParams).token);
      if (outcome.kind === "ok") return outcome.link;
      await sendHtml(reply, outcome.kind === "expired" ? 410 : 404, outcome.kind === "expired" ? expiredLinkPage() : invalidLinkPage());
      return null;
    }

    async function renderMain(reply: FastifyReply, link: OpenedLink, session: SelfServiceSession, options: { status?: number; flash?: string | null; error?: string | null; unavailable?: string[]; incomeCents?: number | null; page?: SelfServicePage }) {
      const page = options.page ?? (await loadSelfServicePage(deps, session, { incomeCents: options.incomeCents ?? null }));
      const html = mainPage({ base: baseOf(link.token), page, csrf: await csrfTokenOf(deps, session), flash: options.flash, error: options.error, unavailable: options.unavailable, qr: await qrCodesOf(page) });
      return sendHtml(reply, options.status ?? 200, html);
    }

    /** The identity page, or the lock-out page while answers are refused. */
    async function renderIdentity(reply: FastifyReply, link: OpenedLink, status: number, error: string | null) {
      const prompt = await identityPrompt(deps, link);
      if (prompt.state.lockedUntil) return sendHtml(reply, 429, lockedPage(prompt.state.lockedUntil));
      return sendHtml(reply, status, identityPage({ base: baseOf(link.token), prompt, error }));
    }

    scope.get("/p/:token", HIDDEN, async (request, reply) => {
      const link = await linkOf(request, reply);
      if (!link) return reply;
      const session = await resumeSession(deps, link, request.cookies[SESSION_COOKIE]);
      if (!session) {
        if (request.method === "GET") await recordVisit(deps, link);
        return renderIdentity(reply, link, 200, null);
      }
      const aviso = (request.query as { aviso?: unknown }).aviso;
      return renderMain(reply, link, session, { flash: typeof aviso === "string" && aviso in FLASH_MESSAGES ? aviso : null });
    });

    scope.post("/p/:token/verificar", HIDDEN, async (request, reply) => {
      const link = await linkOf(request, reply);
      if (!link) return reply;
      if (isCrossSite(request)) return sendHtml(reply, 403, errorPage("Pedido recusado", "Abra o link da mensagem e tente de novo."));
      const outcome = await checkIdentity(deps, link, formOf(request).documento ?? "");
      switch (outcome.kind) {
        case "verified": {
          const { sessionMaxMinutes } = selfServiceSettingsOf(deps);
          reply.setCookie(SESSION_COOKIE, outcome.session.token, {
            path: baseOf(link.token), httpOnly: true, sameSite: "strict", secure: isSecure(request), maxAge: sessionMaxMinutes * 60,
          });
          return reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer").redirect(baseOf(link.token), 303);
        }
        case "locked":
          return sendHtml(reply, 429, lockedPage(outcome.until));
        case "wrong":
          return renderIdentity(reply, link, 400, `Os dígitos não conferem. Tentativas restantes antes do bloqueio: ${outcome.remaining}.`);
        case "malformed": {
          const { documentChars } = selfServiceSettingsOf(deps);
          return renderIdentity(reply, link, 400, `Digite exatamente os ${documentChars} primeiros dígitos.`);
        }
      }
    });

    /**
     * A POST of the page: the link, a live session, a same-site request and the session's
     * CSRF token, or it does nothing. Expected failures re-render the page with the message.
     */
    function action(path: string, handle: (ctx: { request: FastifyRequest; reply: FastifyReply; link: OpenedLink; session: SelfServiceSession; form: Form }) => Promise<FastifyReply>) {
      scope.post(`/p/:token/${path}`, HIDDEN, async (request, reply) => {
        const link = await linkOf(request, reply);
        if (!link) return reply;
        const session = await resumeSession(deps, link, request.cookies[SESSION_COOKIE]);
        // The session ended (or never was): back to the identity check.
        if (!session) return reply.header("cache-control", "no-store").redirect(baseOf(link.token), 303);
        const form = formOf(request);
        if (isCrossSite(request) || !(await isValidCsrf(deps, session, form.csrf))) {
          return sendHtml(reply, 403, errorPage("Pedido recusado", "A página ficou desatualizada. Volte, recarregue a página e tente de novo."));
        }
        try {
          return await handle({ request, reply, link, session, form });
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          return renderMain(reply, link, session, { status: error.status, error: friendlyMessage(error) });
        }
      });
    }

    const done = (reply: FastifyReply, link: OpenedLink, aviso: string) => reply.header("cache-control", "no-store").redirect(`${baseOf(link.token)}?aviso=${aviso}`, 303);

    action("simular", async ({ reply, link, session, form }) => {
      const incomeCents = parseIncome(form.renda ?? "", "renda");
      const page = await simulateSelfServiceOptions(deps, session, { incomeCents });
      return renderMain(reply, link, session, { page });
    });

    action("aceitar", async ({ reply, link, session, form, request }) => {
      const incomeCents = parseIncome(form.renda ?? "", "renda");
      const match = /^(\d{1,3}):(\d{1,15})$/.exec(form.opcao ?? "");
      if (!match) throw new AppError("validation", "Escolha uma das opções.", [{ field: "opcao", reason: "escolha uma das opções" }]);
      const outcome = await acceptSelfServiceOption(deps as PixAppDeps, session, { option: Number(match[1]), expectedTotalCents: Number(match[2]), incomeCents });
      if (outcome.kind === "changed") {
        return renderMain(reply, link, session, { status: 409, incomeCents, error: "Os valores mudaram desde que a página foi aberta. Confira as opções de hoje e escolha de novo." });
      }
      for (const e of outcome.payment?.errors ?? []) request.log.warn({ err: e }, "autoatendimento: Pix ou boleto do acordo não emitido");
      return done(reply, link, "acordo");
    });

    action("pagar", async ({ reply, link, session, form, request }) => {
      const issued = await issueSelfServicePayment(deps as PixAppDeps, session, form.titulo ?? "");
      for (const e of issued.errors) request.log.warn({ err: e }, "autoatendimento: Pix ou boleto não emitido");
      if (issued.unavailable.length) return renderMain(reply, link, session, { status: issued.pix || issued.boleto ? 200 : 503, unavailable: issued.unavailable });
      return done(reply, link, "pagamento");
    });

    action("prometer", async ({ reply, link, session, form }) => {
      await promiseFromPage(deps, session, { date: form.data, amount: form.valor });
      return done(reply, link, "promessa");
    });

    action("descadastrar", async ({ reply, link, session, form }) => {
      await optOutFromPage(deps, session, form.canal ?? "");
      return done(reply, link, "descadastro");
    });

    action("contestar", async ({ reply, link, session, form }) => {
      await disputeFromPage(deps, session, { debtId: form.titulo, reason: form.motivo });
      return done(reply, link, "contestacao");
    });

    action("sair", async ({ reply, link, session }) => {
      await endSession(deps, session);
      reply.clearCookie(SESSION_COOKIE, { path: baseOf(link.token), httpOnly: true, sameSite: "strict", secure: isSecure(reply.request) });
      return sendHtml(reply, 200, sessionEndedPage());
    });

    scope.get("/p/:token/boleto/:debtId/:boletoId", HIDDEN, async (request, reply) => {
      const link = await linkOf(request, reply);
      if (!link) return reply;
      const session = await resumeSession(deps, link, request.cookies[SESSION_COOKIE]);
      if (!session) return reply.header("cache-control", "no-store").redirect(baseOf(link.token), 303);
      const { debtId, boletoId } = request.params as { debtId: string; boletoId: string };
      try {
        const { pdf, fileName } = await getSelfServiceBoletoPdf(deps, session, debtId, boletoId);
        return reply
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .header("content-disposition", `attachment; filename="${fileName}"`)
          .type("application/pdf")
          .send(pdf);
      } catch (error) {
        if (error instanceof AppError && error.code === "not_found") return sendHtml(reply, 404, errorPage("Boleto não encontrado", "Volte à página e gere o boleto de novo."));
        throw error;
      }
    });

    // The debtor reads a page, never a problem+json: a bad request (a body too large) or a failure, in Portuguese; details go to the log.
    scope.setErrorHandler(async (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) return sendHtml(reply, 400, errorPage("Pedido inválido", "Volte à página e tente de novo."));
      request.log.error({ err: error }, "erro na página de autoatendimento");
      return sendHtml(reply, 500, errorPage("Algo deu errado", "Não foi possível concluir agora. Tente de novo em alguns minutos."));
    });
  });
};
