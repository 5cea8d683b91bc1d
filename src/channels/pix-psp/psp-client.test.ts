// The API Pix adapter against the simulator, over real HTTP on loopback.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { parseBrCode } from "../../domain/pix/parse-br-code.ts";
import type { CobRequest, CobVRequest, PixProblem } from "./api-pix.ts";
import { createPixPspClient, parseRetryAfter, type PixPspOptions } from "./psp-client.ts";
import { appendPixPath, startPixSimulator, type PixSimulator } from "./simulator.ts";
import { rejectsWithPspError } from "./psp-test-kit.ts";

const KEY = "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc";
const TXID = (n: number) => `regua${String(n).padStart(27, "0")}`;
const COB: CobRequest = {
  calendario: { expiracao: 3600 },
  devedor: { cpf: "52998224725", nome: "Ana Clara Albuquerque" },
  valor: { original: "150.75" },
  chave: KEY,
  solicitacaoPagador: "Alfa: pagamento do título ALFA-0001",
  infoAdicionais: [{ nome: "Título", valor: "ALFA-0001" }],
};

let clock = Date.parse("2025-06-02T13:00:00Z");
let sim: PixSimulator;
let waits: number[] = [];

function client(extra: Partial<PixPspOptions> = {}) {
  return createPixPspClient({
    baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, nowMs: () => clock,
    sleep: async (ms) => void waits.push(ms), ...extra,
  });
}

before(async () => {
  sim = await startPixSimulator({ keys: [KEY], nowMs: () => clock, tokenTtlSeconds: 120, webhookRetryDelaysMs: [5, 5, 5] });
});
after(() => sim.close());

describe("PixPsp ↔ simulador", () => {
  it("creates and reads a cob: status ATIVA, revisão 0, location, and a dynamic copia e cola pointing at it", async () => {
    const psp = client();
    const cob = await psp.putCob(TXID(1), COB);
    assert.equal(cob.txid, TXID(1));
    assert.equal(cob.status, "ATIVA");
    assert.equal(cob.revisao, 0);
    assert.equal(cob.calendario.criacao, "2025-06-02T13:00:00Z");
    assert.equal(cob.calendario.expiracao, 3600);
    assert.deepEqual(cob.valor, { original: "150.75" });
    assert.deepEqual(cob.devedor, COB.devedor);
    assert.equal(cob.loc.tipoCob, "cob");
    assert.equal(cob.location, cob.loc.location);
    assert.match(cob.location, /^127\.0\.0\.1:\d+\/qr\/v2\/[0-9a-f]{32}$/);
    const parsed = parseBrCode(cob.pixCopiaECola);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.value.url, cob.location);
    assert.equal(parsed.value.amount, "150.75");
    assert.equal(parsed.value.txid, "***");
    assert.deepEqual(await psp.getCob(TXID(1)), cob);
    // The same PUT again (a retry after a lost answer) changes nothing.
    assert.deepEqual(await psp.putCob(TXID(1), COB), cob);
  });

  it("creates a cobv with due date, address, fine, interest, abatement and discount", async () => {
    const body: CobVRequest = {
      calendario: { dataDeVencimento: "2025-06-20", validadeAposVencimento: 5 },
      devedor: { cnpj: "11222333000181", nome: "Empresa Devedora Ltda", logradouro: "Rua das Flores, 10", cidade: "Campinas", uf: "SP", cep: "13010000" },
      valor: { original: "1000.00", multa: { modalidade: 2, valorPerc: "2.00" }, juros: { modalidade: 3, valorPerc: "1.00" }, abatimento: { modalidade: 1, valorPerc: "10.00" }, desconto: { modalidade: 1, descontoDataFixa: [{ data: "2025-06-10", valorPerc: "50.00" }] } },
      chave: KEY,
    };
    const psp = client();
    const cobv = await psp.putCobV(TXID(2), body);
    assert.equal(cobv.status, "ATIVA");
    assert.deepEqual(cobv.calendario, { criacao: "2025-06-02T13:00:00Z", dataDeVencimento: "2025-06-20", validadeAposVencimento: 5 });
    assert.deepEqual(cobv.valor, body.valor);
    assert.equal(cobv.loc.tipoCob, "cobv");
    assert.deepEqual(await psp.getCobV(TXID(2)), cobv);
    const missing = await rejectsWithPspError(psp.getCob(TXID(2)));
    assert.equal(missing.kind, "not_found");
    assert.equal(missing.status, 404);
    assert.match(missing.message, /\[CobNaoEncontrado\]/);
  });

  it("maps a validation problem to a 422 PixPspError with the violations as fields, without retrying", async () => {
    const before = sim.requests.length;
    const error = await rejectsWithPspError(client().putCob(TXID(3), { ...COB, valor: { original: "150,75" }, devedor: { nome: "" } }));
    assert.equal(error.kind, "validation");
    assert.equal(error.code, "invalid_input");
    assert.equal(error.status, 422);
    assert.equal(error.httpStatus, 400);
    assert.equal(error.problem?.type, "https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida");
    assert.deepEqual(error.errors.map((e) => e.field), ["cob.devedor.nome", "cob.devedor", "cob.valor.original"]);
    assert.match(error.message, /^o PSP Pix recusou a requisição \(HTTP 400, criar cobrança regua0+3\) \[CobOperacaoInvalida\]: /);
    assert.match(error.message, /cob\.valor\.original: O campo cob\.valor\.original não respeita o schema\./);
    assert.equal(sim.requests.slice(before).filter((r) => r.path.startsWith("/cob/")).length, 1, "uma só tentativa");
  });

  it("the simulator answers problems exactly in the API Pix format", async () => {
    const token = await (await fetch(`${sim.url}/oauth/token`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: sim.clientId, client_secret: sim.clientSecret }).toString(),
    })).json() as { access_token: string; token_type: string; expires_in: number };
    assert.equal(token.token_type, "Bearer");
    assert.equal(token.expires_in, 120);
    const res = await fetch(`${sim.url}/cob/curto`, { method: "PUT", headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" }, body: JSON.stringify({ ...COB, chave: "outra@chave.com.br", calendario: { expiracao: 0 } }) });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const body = (await res.json()) as PixProblem;
    assert.equal(body.type, "https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida");
    assert.equal(body.title, "Cobrança inválida.");
    assert.equal(body.status, 400);
    assert.match(body.correlationId ?? "", /^[0-9a-f-]{36}$/);
    assert.deepEqual(body.violacoes, [
      { razao: "O campo txid deve ter de 26 a 35 letras ou dígitos.", propriedade: "txid", valor: "curto" },
      { razao: "O campo cob.calendario.expiracao é igual ou menor que zero.", propriedade: "cob.calendario.expiracao", valor: "0" },
      { razao: "O campo cob.chave corresponde a uma conta que não pertence a este usuário recebedor.", propriedade: "cob.chave", valor: "outra@chave.com.br" },
    ]);
    const cobv = await fetch(`${sim.url}/cobv/${TXID(4)}`, {
      method: "PUT", headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ calendario: { dataDeVencimento: "2025-06-01" }, devedor: { cpf: "52998224725", nome: "Ana", uf: "sp" }, valor: { original: "10.00", abatimento: { modalidade: 1, valorPerc: "10.00" }, desconto: { modalidade: 1 } }, chave: KEY }),
    });
    const cobvProblem = (await cobv.json()) as PixProblem;
    assert.equal(cobvProblem.type, "https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida");
    assert.deepEqual(cobvProblem.violacoes?.map((v) => v.propriedade), ["cobv.calendario.dataDeVencimento", "cobv.devedor.uf", "cobv.valor.abatimento", "cobv.valor.desconto.descontoDataFixa"]);
    const unauthorized = await fetch(`${sim.url}/cob/${TXID(1)}`);
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
  });

  it("retries a 503 twice with growing backoff and succeeds", async () => {
    waits = [];
    const psp = client();
    await psp.getCob(TXID(1)); // token cached
    sim.failNext(2, { status: 503 });
    const from = sim.requests.length;
    const cob = await psp.getCob(TXID(1));
    assert.equal(cob.txid, TXID(1));
    assert.deepEqual(sim.requests.slice(from).map((r) => r.status), [503, 503, 200]);
    assert.deepEqual(waits, [250, 500]);
  });

  it("honours Retry-After on 429, and fails at once, saying when, if the wait is too long", async () => {
    waits = [];
    const psp = client();
    await psp.getCob(TXID(1));
    sim.failNext(1, { status: 429, retryAfterSeconds: 2 });
    await psp.getCob(TXID(1));
    assert.deepEqual(waits, [2000]);
    sim.failNext(1, { status: 429, retryAfterSeconds: 60 });
    const error = await rejectsWithPspError(psp.getCob(TXID(1)));
    assert.equal(error.kind, "transient");
    assert.equal(error.status, 503);
    assert.equal(error.exitCode, 69);
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(error.message, `o PSP Pix limitou o número de requisições (HTTP 429, consultar cobrança ${TXID(1)}): Limite de requisições excedido.; tente de novo em 60 s`);
  });

  it("gives up after the last retry with a transient error naming the attempts", async () => {
    const psp = client({ maxRetries: 2 });
    sim.failNext(3, { status: 503 });
    const error = await rejectsWithPspError(psp.putCob(TXID(1), COB));
    assert.equal(error.kind, "transient");
    assert.equal(error.title, "PSP Pix indisponível");
    assert.match(error.message, /^o PSP Pix está indisponível no momento \(HTTP 503, (token OAuth|criar cobrança regua0+1)\): Serviço não está disponível no momento\.; tente de novo em alguns instantes \(3 tentativas\)$/);
  });

  it("times out a slow answer and retries it", async () => {
    const psp = client({ timeoutMs: 150, maxRetries: 0 });
    await psp.getCob(TXID(1));
    sim.delayNext(1, 400);
    const error = await rejectsWithPspError(psp.getCob(TXID(1)));
    assert.equal(error.kind, "transient");
    assert.equal(error.message, `o PSP Pix não respondeu em 1 s (consultar cobrança ${TXID(1)})`);
    const patient = client({ timeoutMs: 150, maxRetries: 1 });
    sim.delayNext(1, 400);
    assert.equal((await patient.getCob(TXID(1))).txid, TXID(1));
  });

  it("renews the token before it expires, and once more when the PSP refuses it early", async () => {
    const psp = client();
    const tokens = () => sim.requests.filter((r) => r.path === "/oauth/token").length;
    const start = tokens();
    await psp.getCob(TXID(1));
    await psp.getCob(TXID(1));
    assert.equal(tokens(), start + 1, "token reused");
    clock += 109_000; // lifetime 120 s, renewed 12 s early
    await psp.getCob(TXID(1));
    assert.equal(tokens(), start + 2, "renewed before expiry");
    const from = sim.requests.length;
    sim.expireTokens();
    await psp.getCob(TXID(1));
    assert.deepEqual(sim.requests.slice(from).map((r) => `${r.path} ${r.status}`), [`/cob/${TXID(1)} 401`, "/oauth/token 200", `/cob/${TXID(1)} 200`]);
  });

  it("reports refused credentials as an auth error (502), without retrying", async () => {
    const error = await rejectsWithPspError(client({ clientSecret: "errado" }).getCob(TXID(1)));
    assert.equal(error.kind, "auth");
    assert.equal(error.status, 502);
    assert.equal(error.message, "o PSP Pix recusou as credenciais (PIX_PSP_CLIENT_ID/PIX_PSP_CLIENT_SECRET): HTTP 401 (invalid_client: client_id ou client_secret inválido)");
  });

  it("reports an unreachable PSP as transient", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const error = await rejectsWithPspError(createPixPspClient({ baseUrl: `http://127.0.0.1:${port}`, clientId: "x", clientSecret: "y", maxRetries: 0 }).getCob(TXID(1)));
    assert.equal(error.kind, "transient");
    assert.equal(error.message, `não foi possível conectar ao PSP Pix em http://127.0.0.1:${port} (token OAuth): ECONNREFUSED`);
  });

  it("parses Retry-After in seconds and as an HTTP date", () => {
    assert.equal(parseRetryAfter("3", 0), 3000);
    assert.equal(parseRetryAfter("Mon, 02 Jun 2025 13:00:10 GMT", Date.parse("2025-06-02T13:00:00Z")), 10_000);
    assert.equal(parseRetryAfter("soon", 0), null);
    assert.equal(parseRetryAfter(null, 0), null);
  });
});

describe("simulador: pagamento e webhook", () => {
  let receiver: Server;
  let receiverUrl: string;
  const hits: { url: string; body: unknown }[] = [];
  let failures = 0;

  before(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => {
        hits.push({ url: req.url ?? "", body: JSON.parse(data) });
        res.statusCode = failures-- > 0 ? 500 : 200;
        res.end("{}");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((r) => receiver.close(() => r())));

  it("appends /pix to the path of the registered URL, keeping its query", () => {
    assert.equal(appendPixPath("https://regua.example/api/webhooks/pix/c1?token=abc"), "https://regua.example/api/webhooks/pix/c1/pix?token=abc");
    assert.equal(appendPixPath("https://regua.example/hook/"), "https://regua.example/hook/pix");
  });

  it("pays a cob: CONCLUIDA with pix[], and POSTs {pix:[…]} to {webhookUrl}/pix, retrying failures", async () => {
    const psp = client();
    await psp.putWebhook(KEY, `${receiverUrl}/hook?token=t0k`);
    assert.equal((await psp.getWebhook(KEY)).webhookUrl, `${receiverUrl}/hook?token=t0k`);
    await psp.putCob(TXID(10), COB);
    sim.failWebhookDeliveries(1);
    failures = 1;
    const { pix, delivery } = sim.pay(TXID(10), { infoPagador: "obrigado" });
    assert.match(pix.endToEndId, new RegExp(`^E99999999${new Date(clock).toISOString().replace(/[-:T]/g, "").slice(0, 12)}[A-Za-z0-9]{11}$`));
    assert.deepEqual({ ...pix, endToEndId: "E" }, { endToEndId: "E", txid: TXID(10), valor: "150.75", chave: KEY, horario: new Date(clock).toISOString(), infoPagador: "obrigado" });
    assert.deepEqual(await delivery, { delivered: true, attempts: 3, lastStatus: 200, lastError: null });
    assert.deepEqual(hits.map((h) => h.url), ["/hook/pix?token=t0k", "/hook/pix?token=t0k"]);
    assert.deepEqual(hits[1]!.body, { pix: [pix] });
    const cob = await psp.getCob(TXID(10));
    assert.equal(cob.status, "CONCLUIDA");
    assert.deepEqual(cob.pix, [pix]);
    assert.throws(() => sim.pay(TXID(10)), /está CONCLUIDA/);
    assert.deepEqual(await sim.redeliver(pix.endToEndId), { delivered: true, attempts: 1, lastStatus: 200, lastError: null });
    assert.equal(hits.length, 3);
    // A PUT on a concluded charge is refused.
    const again = await rejectsWithPspError(psp.putCob(TXID(10), { ...COB, valor: { original: "1.00" } }));
    assert.equal(again.errors[0]?.reason, "A cobrança já existe, não está no status ATIVA, e a presente requisição busca alterá-la.");
  });

  it("gives up after the last webhook attempt, and pays over HTTP with ?wait=1", async () => {
    await client().putCob(TXID(11), COB);
    sim.failWebhookDeliveries(4);
    const res = await fetch(`${sim.url}/sim/pay/${TXID(11)}?wait=1`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ valor: "100.00" }) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { pix: { valor: string }; entrega: unknown };
    assert.equal(body.pix.valor, "100.00");
    assert.deepEqual(body.entrega, { delivered: false, attempts: 4, lastStatus: null, lastError: "falha de entrega simulada" });
    const unknown = await fetch(`${sim.url}/sim/pay/${TXID(99)}`, { method: "POST" });
    assert.equal(unknown.status, 404);
  });
});
