import { escapeHtml } from "../../domain/templates/message.ts";
import { Type } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { TRACKING_GIF } from "../../channels/email/tracking.ts";
import { recordBounce } from "../../app/email/bounces.ts";
import { getEmailSettings, updateEmailSettings } from "../../app/email/email-settings.ts";
import { getSinkMessage, listSinkMessages } from "../../app/email/sink-messages.ts";
import { recordClick, recordOpen } from "../../app/email/tracking-events.ts";
import { describeCopyUnsubscribe, unsubscribeCopyByToken } from "../../app/email/email-copies.ts";
import { describeUnsubscribe, unsubscribeByToken } from "../../app/email/unsubscribe.ts";
import { actorOf } from "../auth.ts";
import type { App, Routes } from "../server.ts";
import { CreditorParams } from "../schemas.ts";

// Null first: with type coercion on, Ajv would otherwise turn a JSON null into "".
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);

const EmailSettingsSchema = Type.Object({
  fromName: Nullable(Type.String()), fromAddress: Nullable(Type.String()), replyTo: Nullable(Type.String()), cc: Type.Array(Type.String()),
  allowSharedMailboxDetails: Type.Boolean(),
  dkim: Type.Union([
    Type.Object({
      domain: Type.String(), selector: Type.String(), dnsName: Type.String(), dnsRecord: Nullable(Type.String()),
      keyReadable: Type.Boolean({ description: "false: a chave guardada foi cifrada com outro REGUA_SECRET; nada é assinado nem enviado até ela ser cadastrada de novo" }),
    }),
    Type.Null(),
  ]),
  effective: Type.Object({ fromName: Type.String(), fromAddress: Type.String() }),
  updatedAt: Nullable(Type.String()), updatedBy: Nullable(Type.String()),
  copiesStopped: Type.Array(Type.Object({ address: Type.String(), at: Type.String({ format: "date-time" }) }), {
    description: "endereços que deixaram de receber as cópias deste credor pelo link de descadastro da cópia (o devedor não é afetado)",
  }),
});

const SinkSummarySchema = Type.Object({
  id: Type.String(), kind: Type.String(), outcome: Type.String(), receivedAt: Type.String(), actionId: Nullable(Type.String()), messageId: Nullable(Type.String()),
  from: Nullable(Type.String()), to: Type.Array(Type.String()), cc: Type.Array(Type.String()), subject: Nullable(Type.String()), dkim: Type.String(),
  listUnsubscribe: Nullable(Type.String()), hasHtml: Type.Boolean(),
});

const SinkDetailSchema = Type.Object({
  ...SinkSummarySchema.properties,
  envelope: Type.Object({ from: Type.String(), to: Type.Array(Type.String()) }), replyTo: Nullable(Type.String()), listUnsubscribePost: Nullable(Type.String()),
  dkimDomain: Nullable(Type.String()), reguaHeaders: Type.Record(Type.String(), Type.String()), headers: Type.Array(Type.Array(Type.String())),
  text: Nullable(Type.String()), html: Nullable(Type.String()), raw: Type.String(),
});

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) });

export const emailRoutes: Routes = (app, deps) => {
  app.get("/api/creditors/:creditorId/email-settings", {
    schema: { tags: ["e-mail"], summary: "Remetente, cópias e DKIM do credor (a chave privada nunca é devolvida)", params: CreditorParams, response: { 200: EmailSettingsSchema } },
  }, async (request) => getEmailSettings(deps, actorOf(request), request.params.creditorId));

  app.put("/api/creditors/:creditorId/email-settings", {
    schema: {
      tags: ["e-mail"], summary: "Definir remetente, resposta, cópias e DKIM do credor (dkim sem privateKey mantém a chave guardada; null remove)", params: CreditorParams,
      body: Type.Object({
        fromName: Type.Optional(Nullable(Type.String({ maxLength: 120 }))), fromAddress: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
        replyTo: Type.Optional(Nullable(Type.String({ maxLength: 254 }))), cc: Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { maxItems: 5 })),
        allowSharedMailboxDetails: Type.Optional(Type.Boolean()),
        dkim: Type.Optional(Type.Union([Type.Object({ domain: Type.String({ maxLength: 253 }), selector: Type.String({ maxLength: 63 }), privateKey: Type.Optional(Type.String({ maxLength: 20000 })) }, { additionalProperties: false }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 200: EmailSettingsSchema },
    },
  }, async (request) => {
    const b = request.body;
    // PUT replaces: what the body leaves out is cleared (except a stored DKIM key, see summary).
    return updateEmailSettings(deps, actorOf(request), request.params.creditorId, {
      fromName: b.fromName ?? null, fromAddress: b.fromAddress ?? null, replyTo: b.replyTo ?? null, cc: b.cc ?? [],
      allowSharedMailboxDetails: b.allowSharedMailboxDetails ?? false, dkim: b.dkim ?? null,
    });
  });

  app.get("/api/creditors/:creditorId/sink-messages", {
    schema: {
      tags: ["e-mail"], summary: "Caixa de saída: mensagens que o servidor SMTP local recebeu deste credor (mais recente primeiro)", params: CreditorParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 40 })), actionId: Type.Optional(Type.String({ maxLength: 20 })) }),
      response: { 200: Type.Object({ items: Type.Array(SinkSummarySchema), nextCursor: Nullable(Type.String()) }) },
    },
  }, async (request) => listSinkMessages(deps, actorOf(request), request.params.creditorId, request.query));

  app.get("/api/creditors/:creditorId/sink-messages/:messageId", {
    schema: {
      tags: ["e-mail"], summary: "Uma mensagem da caixa de saída: cabeçalhos, texto, HTML e a mensagem bruta",
      params: Type.Object({ ...CreditorParams.properties, messageId: Type.String({ maxLength: 20 }) }),
      response: { 200: SinkDetailSchema },
    },
  }, async (request) => getSinkMessage(deps, actorOf(request), request.params.creditorId, request.params.messageId));

  app.post("/api/creditors/:creditorId/bounces", {
    schema: {
      tags: ["e-mail"],
      summary: "Devolução ou reclamação de e-mail informada pelo provedor: permanent invalida o contato, transient só registra, complaint descadastra o devedor",
      params: CreditorParams,
      body: Type.Object({
        email: Type.String({ minLength: 3, maxLength: 254 }),
        type: Type.Union([Type.Literal("permanent"), Type.Literal("transient"), Type.Literal("complaint")]),
        status: Type.Optional(Type.String({ maxLength: 12 })), diagnostic: Type.Optional(Type.String({ maxLength: 1000 })),
        messageId: Type.Optional(Type.String({ maxLength: 300 })), actionId: Type.Optional(Type.String({ maxLength: 20, pattern: "^[0-9]{1,15}$" })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ email: Type.String(), type: Type.String(), actionId: Nullable(Type.String()), contacts: Type.Array(Type.Object({ contactId: Type.String(), debtorId: Type.String(), invalidated: Type.Boolean() })) }),
      },
    },
  }, async (request) => {
    const b = request.body;
    return recordBounce(deps, actorOf(request), request.params.creditorId, {
      email: b.email, type: b.type, status: b.status ?? null, diagnostic: b.diagnostic ?? null, messageId: b.messageId ?? null,
      actionId: b.actionId ? Number(b.actionId) : null, source: "webhook",
    });
  });

  publicRoutes(app, deps);
};

/**
 * The links inside messages: no login, the signed token is the only authority. Outside
 * /api (the auth hook only guards /api) and hidden from the API document.
 */
const publicRoutes: Routes = (app, deps) => {
  app.get("/t/o/:token", { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    try {
      await recordOpen(deps, request.params.token, { userAgent: request.headers["user-agent"] });
    } catch (error) {
      request.log.warn({ err: error }, "abertura de e-mail não registrada");
    }
    // Same answer for any token: the pixel reveals nothing, and an image never breaks.
    return reply
      .header("cache-control", "no-store, no-cache, must-revalidate, private")
      .header("pragma", "no-cache")
      .header("referrer-policy", "no-referrer")
      .type("image/gif")
      .send(TRACKING_GIF);
  });

  app.get("/t/c/:token", { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    const url = await recordClick(deps, request.params.token, { userAgent: request.headers["user-agent"] });
    if (!url) return page(reply, 404, "Link inválido", "<p>Este link não é válido. Se você o copiou de um e-mail, confira se ele veio completo.</p>");
    return reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer").redirect(url, 302);
  });

  app.get("/u/:token", { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    const target = await describeUnsubscribe(deps, request.params.token);
    if (!target) return invalidUnsubscribe(reply);
    const name = escapeHtml(target.creditorName);
    if (target.alreadyOptedOut) return page(reply, 200, "E-mails cancelados", `<p>Você já não recebe e-mails de cobrança de <strong>${name}</strong>.</p>`);
    return page(
      reply,
      200,
      "Cancelar e-mails de cobrança",
      `<p>Confirme para deixar de receber e-mails de cobrança de <strong>${name}</strong>.</p>` +
        `<form method="post" action="/u/${encodeURIComponent(request.params.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><input type="hidden" name="origem" value="pagina"><button type="submit">Confirmar</button></form>` +
        "<p class=\"nota\">Isso vale só para e-mails. Os valores em aberto continuam existindo, e o credor pode procurar você por outros meios permitidos.</p>",
    );
  });

  // A copy's link (a supervisor, the account representative): it stops that address's copies, never the debtor's e-mail.
  app.get("/u/c/:token", { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    const target = await describeCopyUnsubscribe(deps, request.params.token);
    if (!target) return invalidUnsubscribe(reply);
    const name = escapeHtml(target.creditorName);
    const address = escapeHtml(target.address);
    if (target.alreadyOptedOut) return page(reply, 200, "Cópias canceladas", `<p><strong>${address}</strong> já não recebe cópias dos e-mails de cobrança de <strong>${name}</strong>.</p>`);
    return page(
      reply,
      200,
      "Cancelar cópias de e-mails de cobrança",
      `<p>Você recebeu uma cópia de um e-mail de cobrança de <strong>${name}</strong>. Confirme para que <strong>${address}</strong> deixe de receber essas cópias.</p>` +
        `<form method="post" action="/u/c/${encodeURIComponent(request.params.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><input type="hidden" name="origem" value="pagina"><button type="submit">Confirmar</button></form>` +
        "<p class=\"nota\">Isso vale só para as cópias enviadas a este endereço. O destinatário principal da mensagem continua recebendo os e-mails dele.</p>",
    );
  });

  app.register(async (scope) => {
    // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` as a form (urlencoded or multipart).
    if (!scope.hasContentTypeParser("application/x-www-form-urlencoded")) {
      scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 4096 }, (_req, body, done) => done(null, body));
    }
    (scope as unknown as App).post("/u/:token", { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const form = await readOneClick(request);
      if (!form.oneClick) return page(reply, 400, "Pedido inválido", "<p>Para cancelar os e-mails, use o botão da página de descadastro.</p>");
      const token = (request.params as { token: string }).token;
      const result = await unsubscribeByToken(deps, token, form.fromPage ? "unsubscribe_page" : "one_click");
      if (!result) return invalidUnsubscribe(reply);
      return page(reply, 200, "E-mails cancelados", `<p>Pronto. Você não receberá mais e-mails de cobrança de <strong>${escapeHtml(result.creditorName)}</strong>.</p>`);
    });
    (scope as unknown as App).post("/u/c/:token", { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const form = await readOneClick(request);
      if (!form.oneClick) return page(reply, 400, "Pedido inválido", "<p>Para cancelar as cópias, use o botão da página de descadastro.</p>");
      const result = await unsubscribeCopyByToken(deps, (request.params as { token: string }).token, form.fromPage ? "unsubscribe_page" : "one_click");
      if (!result) return invalidUnsubscribe(reply);
      return page(reply, 200, "Cópias canceladas", `<p>Pronto. <strong>${escapeHtml(result.address)}</strong> não receberá mais cópias dos e-mails de cobrança de <strong>${escapeHtml(result.creditorName)}</strong>.</p>`);
    });
  });
};

/**
 * Whether the body carries `List-Unsubscribe=One-Click` (urlencoded form, multipart form or
 * plain text), and whether it came from our own page's button (`origem=pagina`).
 */
async function readOneClick(request: FastifyRequest): Promise<{ oneClick: boolean; fromPage: boolean }> {
  const fields = new Map<string, string>();
  if (request.isMultipart()) {
    for await (const part of request.parts({ limits: { fields: 10, fieldSize: 1024, files: 0 } })) {
      if (part.type === "field" && typeof part.value === "string") fields.set(part.fieldname, part.value);
    }
  } else if (typeof request.body === "string") {
    for (const [k, v] of new URLSearchParams(request.body.trim())) fields.set(k, v);
  } else if (request.body && typeof request.body === "object") {
    for (const [k, v] of Object.entries(request.body as Record<string, unknown>)) if (typeof v === "string") fields.set(k, v);
  }
  return { oneClick: fields.get("List-Unsubscribe") === "One-Click", fromPage: fields.get("origem") === "pagina" };
}

function invalidUnsubscribe(reply: FastifyReply) {
  return page(reply, 404, "Link inválido", "<p>Este link de descadastro não é válido. Se você o copiou de um e-mail, confira se ele veio completo.</p>");
}

/** A minimal page in Portuguese: no scripts, no outside resources, not indexed, not framed. */
function page(reply: FastifyReply, status: number, title: string, body: string) {
  const html = `<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;background:#f6f7f9;color:#1b1f24}main{max-width:32rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 1.75rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}h1{font-size:1.35rem;margin-top:0}button{font:inherit;font-weight:600;background:#1c64d1;color:#fff;border:0;border-radius:6px;padding:.7rem 1.4rem;cursor:pointer}.nota{color:#5a6270;font-size:.9rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
  return reply
    .status(status)
    .header("cache-control", "no-store")
    .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .header("x-frame-options", "DENY")
    .header("referrer-policy", "no-referrer")
    .header("x-robots-tag", "noindex, nofollow")
    .type("text/html; charset=utf-8")
    .send(html);
}
