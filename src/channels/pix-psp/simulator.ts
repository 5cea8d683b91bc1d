// A local PSP recebedor speaking the API Pix: OAuth2 client_credentials, PUT/GET of
// cob and cobv with the API's validation rules and problem format, webhooks per key,
// and what a real PSP does on its own: a payment ("pay") marks the charge CONCLUIDA and
// POSTs {pix: […]} to `{webhookUrl}/pix`, retrying on failure. Faults can be injected
// (next requests 503/429, slow answers, failed webhook deliveries, expired tokens) so
// the adapter's retries and the webhook's idempotency are tested over real HTTP.
// Charges live in memory for the life of the process.
import { randomBytes, randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { isValidIsoDate, localDateOf, addDays } from "../../domain/br/dates.ts";
import { crc16 } from "../../domain/pix/crc16.ts";
import { MERCHANT_CITY_MAX, MERCHANT_NAME_MAX, tlv } from "../../domain/pix/br-code-format.ts";
import { normalizeBrCodeText } from "../../domain/pix/normalize-br-code-text.ts";
import { validatePixKey } from "../../domain/pix/pix-key.ts";
import {
  PIX_ERROR_TYPE_PREFIX,
  TXID_PATTERN,
  VALOR_PATTERN,
  centsToValor,
  valorToCents,
  type CobResponse,
  type CobVResponse,
  type PixProblem,
  type PixRecebido,
  type Violacao,
  type WebhookConfig,
} from "./api-pix.ts";

export type PixSimulatorOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the simulator is for this machine only. */
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** The receiver's keys: a charge or webhook for any other key is refused. Empty: any valid key. */
  keys?: string[];
  tokenTtlSeconds?: number;
  /** Shown to the payer (BR Code fields 59/60) and in `recebedor` of a cobv. */
  receiver?: { nome: string; cidade: string; cnpj?: string; logradouro?: string; uf?: string; cep?: string };
  /** Waits between webhook attempts; attempts = 1 + length. */
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  nowMs?: () => number;
  log?: (line: string) => void;
  /**
   * Serve over https with this server certificate; with `ca`, every connection must present
   * a client certificate signed by it (mutual TLS, as the API Pix requires).
   */
  tls?: { cert: Buffer | string; key: Buffer | string; ca?: Buffer | string };
};

export type DeliveryResult = { delivered: boolean; attempts: number; lastStatus: number | null; lastError: string | null };

export type PixFault = { status?: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number };

export type PixSimulator = {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234` (`https://` with `tls`; token at `/oauth/token`). */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Pays an ATIVA charge (whole amount unless `valorCents`): CONCLUIDA, then the webhook in the background. */
  pay(txid: string, input?: { valorCents?: number; infoPagador?: string }): { pix: PixRecebido; delivery: Promise<DeliveryResult> };
  /** Sends the notification of a Pix again, as PSPs do when unsure it arrived. */
  redeliver(endToEndId: string): Promise<DeliveryResult>;
  /** The next `count` API requests (token included) fail with `status` (503 by default). */
  failNext(count: number, fault?: PixFault): void;
  /** The next `count` API requests answer only after `ms`. */
  delayNext(count: number, ms: number): void;
  /** The next `count` webhook attempts fail as if the receiver were unreachable. */
  failWebhookDeliveries(count: number): void;
  /** Every access token issued so far stops working (as when they expire). */
  expireTokens(): void;
  charge(txid: string): CobResponse | CobVResponse | undefined;
  /** Every API request answered: method, path and status. */
  readonly requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
};

type Stored = { kind: "cob" | "cobv"; cob: CobResponse | CobVResponse; request: string };

const SP_ZONE = "America/Sao_Paulo";
const SIM_ISPB = "99999999";
const DEFAULT_RECEIVER = { nome: "Regua Simulador Pix", cidade: "Sao Paulo" };

class SimulatorError extends Error {
  constructor(
    readonly problem: PixProblem,
  ) {
    super(problem.detail ?? problem.title);
  }
}

const problem = (tipo: string, title: string, status: number, detail: string, violacoes?: Violacao[]): PixProblem => ({
  type: `${PIX_ERROR_TYPE_PREFIX}${tipo}`,
  title,
  status,
  detail,
  correlationId: randomUUID(),
  ...(violacoes && violacoes.length ? { violacoes } : {}),
});

const sendProblem = (reply: FastifyReply, p: PixProblem) => reply.status(p.status).type("application/problem+json; charset=utf-8").send(JSON.stringify(p));

/** Starts the simulator on loopback; `close()` stops it and any pending webhook retry. */
export async function startPixSimulator(options: PixSimulatorOptions = {}): Promise<PixSimulator> {
  const clientId = options.clientId ?? "regua-simulador";
  const clientSecret = options.clientSecret ?? randomBytes(18).toString("base64url");
  const tokenTtl = options.tokenTtlSeconds ?? 3600;
  const receiver = options.receiver ?? DEFAULT_RECEIVER;
  const retryDelays = options.webhookRetryDelaysMs ?? [500, 2_000, 10_000, 30_000];
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 5_000;
  const nowMs = options.nowMs ?? (() => Date.now());
  const log = options.log ?? (() => {});
  const keys = new Set((options.keys ?? []).map((k) => validatePixKey(k)).filter((k) => k.ok).map((k) => (k.ok ? k.value.key : "")));

  const tokens = new Map<string, number>();
  const charges = new Map<string, Stored>();
  const webhooks = new Map<string, WebhookConfig>();
  const received = new Map<string, { pix: PixRecebido; chave: string }>();
  const faults: ({ kind: "fail"; fault: PixFault } | { kind: "delay"; ms: number })[] = [];
  let webhookFailures = 0;
  let nextLocId = 1;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const requests: PixSimulator["requests"] = [];
  let locationHost = "pix.simulador.local";

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const tls = options.tls;
  const app: FastifyInstance = (
    tls
      ? Fastify({ logger: false, bodyLimit: 256 * 1024, https: { cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: Boolean(tls.ca), rejectUnauthorized: Boolean(tls.ca) } })
      : Fastify({ logger: false, bodyLimit: 256 * 1024 })
  ) as FastifyInstance;
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? 400 : 500;
    if (status === 400) return sendProblem(reply, problem("RequisicaoInvalida", "Requisição inválida.", 400, `Corpo da requisição inválido: ${error.message ?? ""}`));
    return sendProblem(reply, problem("ErroInternoDoServidor", "Erro interno do servidor.", 500, "Condição inesperada ao processar a requisição."));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem("NaoEncontrado", "Não encontrado.", 404, `Recurso inexistente: ${request.method} ${request.url}`)));
  app.addHook("onResponse", async (request, reply) => {
    if (!request.url.startsWith("/sim/")) requests.push({ method: request.method, path: request.url.split("?")[0]!, status: reply.statusCode });
  });

  // Injected faults first (as a load balancer would answer), then the bearer token.
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/sim/")) return;
    const next = faults.shift();
    if (next?.kind === "delay") await sleep(next.ms);
    if (next?.kind === "fail") {
      const status = next.fault.status ?? 503;
      if (next.fault.retryAfterSeconds !== undefined) reply.header("retry-after", String(next.fault.retryAfterSeconds));
      const p: PixProblem =
        status === 429
          ? { type: "about:blank", title: "Too Many Requests", status, detail: "Limite de requisições excedido." }
          : status === 504
            ? problem("IndisponibilidadePorTempoEsgotado", "Tempo esgotado.", 504, "O serviço demorou além do esperado para retornar.")
            : status === 503
              ? problem("ServicoIndisponivel", "Serviço indisponível.", 503, "Serviço não está disponível no momento.")
              : problem("ErroInternoDoServidor", "Erro interno do servidor.", status, "Condição inesperada ao processar a requisição.");
      return sendProblem(reply, p);
    }
    if (request.url === "/oauth/token" || request.url.startsWith("/oauth/token?")) return;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    const expiresAt = match ? tokens.get(match[1]!) : undefined;
    if (expiresAt === undefined || expiresAt <= nowMs()) {
      reply.header("www-authenticate", 'Bearer error="invalid_token"');
      return sendProblem(reply, { type: "about:blank", title: "Unauthorized", status: 401, detail: "Token de acesso ausente, inválido ou expirado." });
    }
  });

  app.post("/oauth/token", async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    let id = body.client_id;
    let secret = body.client_secret;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    if (basic) {
      const decoded = Buffer.from(basic[1]!, "base64").toString();
      const colon = decoded.indexOf(":");
      id = decoded.slice(0, colon);
      secret = decoded.slice(colon + 1);
    }
    if (body.grant_type !== "client_credentials") return reply.status(400).send({ error: "unsupported_grant_type", error_description: "use grant_type=client_credentials" });
    if (id !== clientId || secret !== clientSecret) return reply.status(401).send({ error: "invalid_client", error_description: "client_id ou client_secret inválido" });
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, nowMs() + tokenTtl * 1000);
    return reply.header("cache-control", "no-store").send({ access_token: token, token_type: "Bearer", expires_in: tokenTtl, scope: body.scope ?? "cob.write cob.read cobv.write cobv.read webhook.write webhook.read" });
  });

  const location = () => `${locationHost}/qr/v2/${randomUUID().replace(/-/g, "")}`;
  const today = () => localDateOf(new Date(nowMs()), SP_ZONE);

  const putCharge = (kind: "cob" | "cobv", txid: string, body: unknown, reply: FastifyReply) => {
    const tag = kind === "cob" ? "CobOperacaoInvalida" : "CobVOperacaoInvalida";
    const title = kind === "cob" ? "Cobrança inválida." : "Cobrança com vencimento inválida.";
    const detail = kind === "cob"
      ? "A requisição que busca alterar ou criar uma cobrança para pagamento imediato não respeita o schema ou está semanticamente errada."
      : "A requisição que busca alterar ou criar uma cobrança com vencimento não respeita o schema ou está semanticamente errada.";
    const violacoes: Violacao[] = [];
    if (!TXID_PATTERN.test(txid)) violacoes.push({ razao: "O campo txid deve ter de 26 a 35 letras ou dígitos.", propriedade: "txid", valor: txid });
    violacoes.push(...(kind === "cob" ? validateCob(body, keys) : validateCobV(body, keys, today())));
    const existing = charges.get(txid);
    if (existing && existing.kind !== kind) violacoes.push({ razao: `O txid já está em uso por uma cobrança do tipo ${existing.kind}.`, propriedade: "txid", valor: txid });
    else if (existing && existing.cob.status !== "ATIVA") violacoes.push({ razao: "A cobrança já existe, não está no status ATIVA, e a presente requisição busca alterá-la.", propriedade: "txid", valor: txid });
    if (violacoes.length) return sendProblem(reply, problem(tag, title, 400, detail, violacoes));

    const request = JSON.stringify(body);
    if (existing && existing.request === request) return reply.status(200).send(existing.cob);
    const b = body as Record<string, unknown> & { calendario?: Record<string, unknown>; valor: Record<string, unknown>; chave: string };
    const criacao = existing?.cob.calendario.criacao ?? new Date(nowMs()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const loc = existing?.cob.loc ?? { id: nextLocId++, location: location(), tipoCob: kind, criacao };
    const key = validatePixKey(b.chave);
    const common = {
      txid,
      revisao: existing ? existing.cob.revisao + 1 : 0,
      loc,
      location: loc.location,
      status: "ATIVA" as const,
      chave: key.ok ? key.value.key : b.chave,
      ...(b.solicitacaoPagador !== undefined ? { solicitacaoPagador: b.solicitacaoPagador as string } : {}),
      ...(b.infoAdicionais !== undefined ? { infoAdicionais: b.infoAdicionais as CobResponse["infoAdicionais"] } : {}),
    };
    const amount = kind === "cob" ? valorToCents(b.valor.original as string) : null;
    const copiaECola = dynamicBrCode(loc.location, receiver.nome, receiver.cidade, amount);
    const cob: CobResponse | CobVResponse =
      kind === "cob"
        ? { calendario: { criacao, expiracao: (b.calendario?.expiracao as number | undefined) ?? 86400 }, ...common, ...(b.devedor ? { devedor: b.devedor as CobResponse["devedor"] } : {}), valor: b.valor as CobResponse["valor"], pixCopiaECola: copiaECola }
        : {
            calendario: { criacao, dataDeVencimento: b.calendario!.dataDeVencimento as string, validadeAposVencimento: (b.calendario!.validadeAposVencimento as number | undefined) ?? 30 },
            ...common,
            devedor: b.devedor as CobVResponse["devedor"],
            recebedor: receiver,
            valor: b.valor as CobVResponse["valor"],
            pixCopiaECola: copiaECola,
          };
    charges.set(txid, { kind, cob, request });
    log(`${kind} ${txid} ${existing ? "revisada" : "criada"}: R$ ${(b.valor.original as string)}`);
    return reply.status(existing ? 200 : 201).send(cob);
  };

  const getCharge = (kind: "cob" | "cobv", txid: string, reply: FastifyReply) => {
    const stored = charges.get(txid);
    if (!stored || stored.kind !== kind) {
      return kind === "cob"
        ? sendProblem(reply, problem("CobNaoEncontrado", "Cobrança não encontrada.", 404, "Cobrança não encontrada para o txid informado."))
        : sendProblem(reply, problem("CobVNaoEncontrada", "Cobrança com vencimento não encontrada.", 404, "Cobrança com vencimento não encontrada para o txid informado."));
    }
    return reply.send(stored.cob);
  };

  app.put<{ Params: { txid: string } }>("/cob/:txid", async (request, reply) => putCharge("cob", request.params.txid, request.body, reply));
  app.get<{ Params: { txid: string } }>("/cob/:txid", async (request, reply) => getCharge("cob", request.params.txid, reply));
  app.put<{ Params: { txid: string } }>("/cobv/:txid", async (request, reply) => putCharge("cobv", request.params.txid, request.body, reply));
  app.get<{ Params: { txid: string } }>("/cobv/:txid", async (request, reply) => getCharge("cobv", request.params.txid, reply));

  app.put<{ Params: { chave: string } }>("/webhook/:chave", async (request, reply) => {
    const violacoes: Violacao[] = [];
    const key = validatePixKey(request.params.chave);
    if (!key.ok) violacoes.push({ razao: "O parâmetro chave não corresponde a uma chave DICT válida.", propriedade: "chave", valor: request.params.chave });
    else if (keys.size && !keys.has(key.value.key)) violacoes.push({ razao: "O parâmetro chave não corresponde a uma chave DICT pertencente a este usuário recebedor.", propriedade: "chave", valor: request.params.chave });
    const url = (request.body as { webhookUrl?: unknown } | null)?.webhookUrl;
    if (typeof url !== "string" || !isHttpUrl(url)) violacoes.push({ razao: "Campo webhookUrl não respeita o schema.", propriedade: "webhookUrl", ...(typeof url === "string" ? { valor: url } : {}) });
    if (violacoes.length || !key.ok) return sendProblem(reply, problem("WebhookOperacaoInvalida", "Webhook inválido.", 400, "A presente requisição busca criar um webhook sem respeitar o schema ou, ainda, apresenta semântica inválida.", violacoes));
    webhooks.set(key.value.key, { webhookUrl: url as string, chave: key.value.key, criacao: new Date(nowMs()).toISOString() });
    log(`webhook da chave ${key.value.key}: ${redact(url as string)}`);
    return reply.status(204).send();
  });
  app.get<{ Params: { chave: string } }>("/webhook/:chave", async (request, reply) => {
    const key = validatePixKey(request.params.chave);
    const config = key.ok ? webhooks.get(key.value.key) : undefined;
    if (!config) return sendProblem(reply, problem("WebhookNaoEncontrado", "Webhook não encontrado.", 404, "O webhook denotado por chave não se encontra estabelecido."));
    return reply.send(config);
  });
  app.delete<{ Params: { chave: string } }>("/webhook/:chave", async (request, reply) => {
    const key = validatePixKey(request.params.chave);
    if (!key.ok || !webhooks.delete(key.value.key)) return sendProblem(reply, problem("WebhookNaoEncontrado", "Webhook não encontrado.", 404, "O webhook denotado por chave não se encontra estabelecido."));
    return reply.status(204).send();
  });

  const deliver = async (endToEndId: string): Promise<DeliveryResult> => {
    const entry = received.get(endToEndId);
    const config = entry ? webhooks.get(entry.chave) : undefined;
    if (!entry || !config) return { delivered: false, attempts: 0, lastStatus: null, lastError: "nenhum webhook configurado para a chave" };
    const target = appendPixPath(config.webhookUrl);
    const result: DeliveryResult = { delivered: false, attempts: 0, lastStatus: null, lastError: null };
    for (let attempt = 0; attempt <= retryDelays.length && !closed; attempt++) {
      if (attempt > 0) await sleep(retryDelays[attempt - 1]!);
      if (closed) break;
      result.attempts++;
      if (webhookFailures > 0) {
        webhookFailures--;
        result.lastStatus = null;
        result.lastError = "falha de entrega simulada";
        log(`webhook ${endToEndId}: tentativa ${result.attempts} falhou (simulada)`);
        continue;
      }
      try {
        const res = await fetch(target, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ pix: [entry.pix] }),
          signal: AbortSignal.timeout(webhookTimeoutMs),
        });
        await res.arrayBuffer();
        result.lastStatus = res.status;
        result.lastError = res.ok ? null : `HTTP ${res.status}`;
        log(`webhook ${endToEndId}: tentativa ${result.attempts} → HTTP ${res.status}`);
        if (res.ok) {
          result.delivered = true;
          return result;
        }
      } catch (error) {
        result.lastStatus = null;
        result.lastError = error instanceof Error ? error.message : String(error);
        log(`webhook ${endToEndId}: tentativa ${result.attempts} falhou: ${result.lastError}`);
      }
    }
    return result;
  };

  const pay: PixSimulator["pay"] = (txid, input = {}) => {
    const stored = charges.get(txid);
    if (!stored) throw new SimulatorError(problem("CobNaoEncontrado", "Cobrança não encontrada.", 404, `Cobrança não encontrada para o txid ${txid}.`));
    const cob = stored.cob;
    if (cob.status !== "ATIVA") throw new SimulatorError(problem("RequisicaoInvalida", "Cobrança não está ATIVA.", 400, `A cobrança ${txid} está ${cob.status} e não pode ser paga.`));
    if (stored.kind === "cob") {
      const c = cob as CobResponse;
      if (Date.parse(c.calendario.criacao) + c.calendario.expiracao * 1000 < nowMs()) {
        throw new SimulatorError(problem("RequisicaoInvalida", "Cobrança expirada.", 400, `A cobrança ${txid} expirou e não pode mais ser paga.`));
      }
    } else {
      const c = cob as CobVResponse;
      if (today() > addDays(c.calendario.dataDeVencimento, c.calendario.validadeAposVencimento)) {
        throw new SimulatorError(problem("RequisicaoInvalida", "Cobrança vencida.", 400, `A cobrança ${txid} passou da validade após o vencimento.`));
      }
    }
    const original = valorToCents(cob.valor.original ?? "0.00") ?? 0;
    const cents = input.valorCents ?? original;
    const now = new Date(nowMs());
    const pix: PixRecebido = {
      endToEndId: newEndToEndId(now),
      txid,
      valor: centsToValor(cents),
      chave: cob.chave,
      horario: now.toISOString(),
      ...(input.infoPagador ? { infoPagador: input.infoPagador } : {}),
    };
    cob.status = "CONCLUIDA";
    cob.pix = [...(cob.pix ?? []), pix];
    received.set(pix.endToEndId, { pix, chave: cob.chave });
    log(`pix ${pix.endToEndId} recebido para ${txid}: R$ ${pix.valor}`);
    return { pix, delivery: deliver(pix.endToEndId) };
  };

  app.post<{ Params: { txid: string }; Querystring: { wait?: string } }>("/sim/pay/:txid", async (request, reply) => {
    const body = (request.body ?? {}) as { valor?: string; infoPagador?: string };
    const valorCents = body.valor !== undefined ? valorToCents(body.valor) : undefined;
    if (valorCents === null) return sendProblem(reply, problem("RequisicaoInvalida", "Requisição inválida.", 400, "valor deve estar no formato 123.45"));
    try {
      const { pix, delivery } = pay(request.params.txid, { valorCents, infoPagador: body.infoPagador });
      // ?wait=1 answers after the webhook attempts end, with their outcome.
      if (request.query.wait === "1" || request.query.wait === "true") return { pix, entrega: await delivery };
      void delivery;
      return { pix };
    } catch (error) {
      if (error instanceof SimulatorError) return sendProblem(reply, error.problem);
      throw error;
    }
  });
  app.post<{ Params: { e2eid: string } }>("/sim/redeliver/:e2eid", async (request) => ({ entrega: await deliver(request.params.e2eid) }));
  app.post("/sim/faults", async (request) => {
    const body = (request.body ?? {}) as { failNext?: number; status?: PixFault["status"]; retryAfterSeconds?: number; delayNext?: number; delayMs?: number; webhookFailures?: number; expireTokens?: boolean };
    if (body.failNext) sim.failNext(body.failNext, { status: body.status, retryAfterSeconds: body.retryAfterSeconds });
    if (body.delayNext) sim.delayNext(body.delayNext, body.delayMs ?? 5_000);
    if (body.webhookFailures) sim.failWebhookDeliveries(body.webhookFailures);
    if (body.expireTokens) sim.expireTokens();
    return { ok: true };
  });

  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("simulador Pix sem porta TCP");
  const host = (options.host ?? "127.0.0.1").includes(":") ? `[${options.host}]` : (options.host ?? "127.0.0.1");
  const url = `${tls ? "https" : "http"}://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`;
  locationHost = `${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`;

  const sim: PixSimulator = {
    url,
    clientId,
    clientSecret,
    pay,
    redeliver: (endToEndId) => deliver(endToEndId),
    failNext: (count, fault = {}) => {
      for (let i = 0; i < count; i++) faults.push({ kind: "fail", fault });
    },
    delayNext: (count, ms) => {
      for (let i = 0; i < count; i++) faults.push({ kind: "delay", ms });
    },
    failWebhookDeliveries: (count) => {
      webhookFailures += count;
    },
    expireTokens: () => tokens.clear(),
    charge: (txid) => charges.get(txid)?.cob,
    requests,
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await app.close();
    },
  };
  return sim;
}

/**
 * `{webhookUrl}/pix`, appended to the path so a query string (our `?token=`) survives.
 * Some PSPs append to the raw string instead; see the webhook route for that case.
 */
export function appendPixPath(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/pix`;
  return url.toString();
}

/** The "copia e cola" of a dynamic charge: field 26 points at the location (sub-field 25), txid "***". */
export function dynamicBrCode(location: string, name: string, city: string, amountCents: number | null): string {
  const body =
    tlv("00", "01") +
    tlv("01", "12") +
    tlv("26", tlv("00", "br.gov.bcb.pix") + tlv("25", location)) +
    tlv("52", "0000") +
    tlv("53", "986") +
    (amountCents !== null ? tlv("54", centsToValor(amountCents)) : "") +
    tlv("58", "BR") +
    tlv("59", normalizeBrCodeText(name, MERCHANT_NAME_MAX) || "RECEBEDOR") +
    tlv("60", normalizeBrCodeText(city, MERCHANT_CITY_MAX) || "BRASIL") +
    tlv("62", tlv("05", "***")) +
    "6304";
  return body + crc16(body);
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function newEndToEndId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, "").slice(0, 12);
  const bytes = randomBytes(11);
  let tail = "";
  for (const b of bytes) tail += ALNUM[b % ALNUM.length];
  return `E${SIM_ISPB}${stamp}${tail}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** A webhook URL for the log, its query (our token) hidden. */
function redact(url: string): string {
  return url.replace(/\?.*$/, "?…");
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function validateDevedor(devedor: unknown, prefix: string, withAddress: boolean): Violacao[] {
  const out: Violacao[] = [];
  const bad = (razao: string, propriedade: string, valor?: unknown) => out.push({ razao, propriedade, ...(valor !== undefined ? { valor: String(valor) } : {}) });
  if (!isObject(devedor)) {
    bad(`O objeto ${prefix}.devedor não respeita o schema.`, `${prefix}.devedor`);
    return out;
  }
  if (typeof devedor.nome !== "string" || devedor.nome.trim() === "" || devedor.nome.length > 200) bad(`O campo ${prefix}.devedor.nome é obrigatório e tem no máximo 200 caracteres.`, `${prefix}.devedor.nome`);
  const hasCpf = devedor.cpf !== undefined;
  const hasCnpj = devedor.cnpj !== undefined;
  if (hasCpf === hasCnpj) bad(`O objeto ${prefix}.devedor deve ter cpf ou cnpj (um dos dois).`, `${prefix}.devedor`);
  if (hasCpf && !(typeof devedor.cpf === "string" && /^\d{11}$/.test(devedor.cpf))) bad(`O campo ${prefix}.devedor.cpf deve ter 11 dígitos.`, `${prefix}.devedor.cpf`, devedor.cpf);
  // The alphanumeric CNPJ (July 2026) keeps two numeric check digits at the end.
  if (hasCnpj && !(typeof devedor.cnpj === "string" && /^[0-9A-Z]{12}\d{2}$/.test(devedor.cnpj))) bad(`O campo ${prefix}.devedor.cnpj deve ter 14 caracteres.`, `${prefix}.devedor.cnpj`, devedor.cnpj);
  if (withAddress) {
    if (devedor.logradouro !== undefined && !(typeof devedor.logradouro === "string" && devedor.logradouro.length <= 200)) bad(`O campo ${prefix}.devedor.logradouro tem no máximo 200 caracteres.`, `${prefix}.devedor.logradouro`);
    if (devedor.cidade !== undefined && !(typeof devedor.cidade === "string" && devedor.cidade.length <= 200)) bad(`O campo ${prefix}.devedor.cidade tem no máximo 200 caracteres.`, `${prefix}.devedor.cidade`);
    if (devedor.uf !== undefined && !(typeof devedor.uf === "string" && /^[A-Z]{2}$/.test(devedor.uf))) bad(`O campo ${prefix}.devedor.uf deve ter 2 letras maiúsculas.`, `${prefix}.devedor.uf`, devedor.uf);
    if (devedor.cep !== undefined && !(typeof devedor.cep === "string" && /^\d{8}$/.test(devedor.cep))) bad(`O campo ${prefix}.devedor.cep deve ter 8 dígitos.`, `${prefix}.devedor.cep`, devedor.cep);
    if (devedor.email !== undefined && !(typeof devedor.email === "string" && /^[^@\s]+@[^@\s]+$/.test(devedor.email))) bad(`O campo ${prefix}.devedor.email não respeita o schema.`, `${prefix}.devedor.email`, devedor.email);
  }
  return out;
}

function validateCommon(body: Record<string, unknown>, prefix: string, keys: Set<string>): Violacao[] {
  const out: Violacao[] = [];
  const key = typeof body.chave === "string" ? validatePixKey(body.chave) : null;
  if (!key || !key.ok) out.push({ razao: `O campo ${prefix}.chave não respeita o schema.`, propriedade: `${prefix}.chave`, ...(typeof body.chave === "string" ? { valor: body.chave } : {}) });
  else if (keys.size && !keys.has(key.value.key)) out.push({ razao: `O campo ${prefix}.chave corresponde a uma conta que não pertence a este usuário recebedor.`, propriedade: `${prefix}.chave`, valor: String(body.chave) });
  if (body.solicitacaoPagador !== undefined && !(typeof body.solicitacaoPagador === "string" && body.solicitacaoPagador.length <= 140)) {
    out.push({ razao: "O campo solicitacaoPagador não respeita o schema (até 140 caracteres).", propriedade: `${prefix}.solicitacaoPagador` });
  }
  if (body.infoAdicionais !== undefined) {
    const items = body.infoAdicionais;
    const ok = Array.isArray(items) && items.length <= 50 && items.every((i) => isObject(i) && typeof i.nome === "string" && i.nome.length <= 50 && typeof i.valor === "string" && i.valor.length <= 200);
    if (!ok) out.push({ razao: "O objeto infoAdicionais não respeita o schema (até 50 itens {nome ≤ 50, valor ≤ 200}).", propriedade: `${prefix}.infoAdicionais` });
  }
  return out;
}

function validateOriginal(valor: unknown, prefix: string): Violacao[] {
  if (!isObject(valor) || typeof valor.original !== "string" || !VALOR_PATTERN.test(valor.original)) {
    return [{ razao: `O campo ${prefix}.valor.original não respeita o schema.`, propriedade: `${prefix}.valor.original`, ...(isObject(valor) && valor.original !== undefined ? { valor: String(valor.original) } : {}) }];
  }
  if (valorToCents(valor.original) === 0) return [{ razao: `O campo ${prefix}.valor.original é zero.`, propriedade: `${prefix}.valor.original`, valor: valor.original }];
  return [];
}

function validateCob(body: unknown, keys: Set<string>): Violacao[] {
  if (!isObject(body)) return [{ razao: "O corpo da requisição deve ser um objeto JSON.", propriedade: "cob" }];
  const out: Violacao[] = [];
  if (body.calendario !== undefined) {
    const expiracao = isObject(body.calendario) ? body.calendario.expiracao : undefined;
    if (!isObject(body.calendario) || (expiracao !== undefined && !(Number.isInteger(expiracao) && (expiracao as number) > 0))) {
      out.push({ razao: "O campo cob.calendario.expiracao é igual ou menor que zero.", propriedade: "cob.calendario.expiracao", ...(expiracao !== undefined ? { valor: String(expiracao) } : {}) });
    }
  }
  if (body.devedor !== undefined) out.push(...validateDevedor(body.devedor, "cob", false));
  out.push(...validateOriginal(body.valor, "cob"));
  if (isObject(body.valor) && body.valor.modalidadeAlteracao !== undefined && body.valor.modalidadeAlteracao !== 0 && body.valor.modalidadeAlteracao !== 1) {
    out.push({ razao: "O campo cob.valor.modalidadeAlteracao deve ser 0 ou 1.", propriedade: "cob.valor.modalidadeAlteracao" });
  }
  out.push(...validateCommon(body, "cob", keys));
  return out;
}

function validateValorPerc(value: unknown, name: string, maxModalidade: number): Violacao[] {
  if (value === undefined) return [];
  const ok = isObject(value) && Number.isInteger(value.modalidade) && (value.modalidade as number) >= 1 && (value.modalidade as number) <= maxModalidade && typeof value.valorPerc === "string" && VALOR_PATTERN.test(value.valorPerc);
  return ok ? [] : [{ razao: `O objeto cobv.valor.${name} não respeita o schema (modalidade de 1 a ${maxModalidade}, valorPerc "0.00").`, propriedade: `cobv.valor.${name}` }];
}

function validateCobV(body: unknown, keys: Set<string>, today: string): Violacao[] {
  if (!isObject(body)) return [{ razao: "O corpo da requisição deve ser um objeto JSON.", propriedade: "cobv" }];
  const out: Violacao[] = [];
  const cal = body.calendario;
  if (!isObject(cal) || typeof cal.dataDeVencimento !== "string" || !isValidIsoDate(cal.dataDeVencimento)) {
    out.push({ razao: "O campo cobv.calendario.dataDeVencimento é obrigatório, no formato AAAA-MM-DD.", propriedade: "cobv.calendario.dataDeVencimento" });
  } else {
    if (cal.dataDeVencimento < today) out.push({ razao: "O campo cobv.calendario.dataDeVencimento é anterior à data de criação da cobrança.", propriedade: "cobv.calendario.dataDeVencimento", valor: cal.dataDeVencimento });
    if (cal.validadeAposVencimento !== undefined && !(Number.isInteger(cal.validadeAposVencimento) && (cal.validadeAposVencimento as number) >= 0)) {
      out.push({ razao: "O campo cobv.calendario.validadeAposVencimento é menor do que zero.", propriedade: "cobv.calendario.validadeAposVencimento", valor: String(cal.validadeAposVencimento) });
    }
  }
  out.push(...validateDevedor(body.devedor, "cobv", true));
  out.push(...validateOriginal(body.valor, "cobv"));
  if (isObject(body.valor)) {
    const valor = body.valor;
    const original = typeof valor.original === "string" ? valorToCents(valor.original) : null;
    out.push(...validateValorPerc(valor.multa, "multa", 2), ...validateValorPerc(valor.juros, "juros", 8), ...validateValorPerc(valor.abatimento, "abatimento", 2));
    if (isObject(valor.abatimento) && typeof valor.abatimento.valorPerc === "string" && original !== null) {
      const cents = valorToCents(valor.abatimento.valorPerc) ?? 0;
      const tooBig = valor.abatimento.modalidade === 1 ? cents >= original : cents >= 10000;
      if (tooBig) out.push({ razao: "O objeto cobv.valor.abatimento representa um valor maior ou igual ao valor da cobrança original ou maior ou igual a 100%.", propriedade: "cobv.valor.abatimento" });
    }
    if (valor.desconto !== undefined) out.push(...validateDesconto(valor.desconto, original, isObject(cal) ? (cal.dataDeVencimento as string) : null));
  }
  out.push(...validateCommon(body, "cobv", keys));
  return out;
}

function validateDesconto(desconto: unknown, original: number | null, dueDate: string | null): Violacao[] {
  const p = "cobv.valor.desconto";
  if (!isObject(desconto) || !Number.isInteger(desconto.modalidade) || (desconto.modalidade as number) < 1 || (desconto.modalidade as number) > 6) {
    return [{ razao: `O objeto ${p} não respeita o schema (modalidade de 1 a 6).`, propriedade: p }];
  }
  const modalidade = desconto.modalidade as number;
  const out: Violacao[] = [];
  if (modalidade <= 2) {
    if (desconto.valorPerc !== undefined) out.push({ razao: `O objeto ${p} apresenta modalidade no valor 1 ou 2, porém ${p}.valorPerc encontra-se preenchido.`, propriedade: `${p}.valorPerc` });
    const list = desconto.descontoDataFixa;
    if (!Array.isArray(list) || list.length === 0) {
      out.push({ razao: `O objeto ${p} apresenta modalidade no valor 1 ou 2, porém o array ${p}.descontoDataFixa está vazio ou nulo.`, propriedade: `${p}.descontoDataFixa` });
    } else {
      if (list.length > 3) out.push({ razao: `${p}.descontoDataFixa tem no máximo 3 elementos.`, propriedade: `${p}.descontoDataFixa` });
      for (const item of list) {
        if (!isObject(item) || typeof item.data !== "string" || !isValidIsoDate(item.data) || typeof item.valorPerc !== "string" || !VALOR_PATTERN.test(item.valorPerc)) {
          out.push({ razao: `Elemento de ${p}.descontoDataFixa não respeita o schema ({data, valorPerc}).`, propriedade: `${p}.descontoDataFixa` });
          continue;
        }
        if (dueDate && item.data > dueDate) out.push({ razao: `O objeto ${p} apresenta algum elemento cuja data seja posterior à data de vencimento representada por calendario.dataDeVencimento.`, propriedade: `${p}.descontoDataFixa`, valor: item.data });
        const cents = valorToCents(item.valorPerc) ?? 0;
        if (original !== null && (modalidade === 1 ? cents >= original : cents >= 10000)) {
          out.push({ razao: `O objeto ${p} apresenta algum elemento de desconto que representa um valor maior ou igual ao valor da cobrança original ou maior ou igual a 100%.`, propriedade: `${p}.descontoDataFixa`, valor: item.valorPerc });
        }
      }
    }
  } else {
    if (typeof desconto.valorPerc !== "string" || !VALOR_PATTERN.test(desconto.valorPerc)) out.push({ razao: `O objeto ${p} apresenta modalidade nos valores de 3 a 6, porém o elemento ${p}.valorPerc não está preenchido.`, propriedade: `${p}.valorPerc` });
    if (desconto.descontoDataFixa !== undefined && desconto.descontoDataFixa !== null) out.push({ razao: `O objeto ${p} apresenta modalidade nos valores de 3 a 6, porém o elemento ${p}.descontoDataFixa está preenchido.`, propriedade: `${p}.descontoDataFixa` });
  }
  return out;
}
