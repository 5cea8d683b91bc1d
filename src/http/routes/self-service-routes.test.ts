// The debtor's self-service page over real HTTP: link checks, the identity check and its
// lock-out, the session cookie, CSRF, every action of the page, the headers (CSP and
// friends) and the JavaScript budget measured in bytes actually served.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testDialects } from "../../../test/support/db.ts";
import { importCsv, openTestDeps, seedTenants, TENANT_SPECS, TEST_NOW, type Seed } from "../../../test/support/factories.ts";
import { startServer, type CallOptions, type CallResult, type TestServer } from "../../../test/support/http.ts";
import { SYSTEM_ACTOR } from "../../app/access.ts";
import { addBillingAccount } from "../../app/boleto/billing-accounts.ts";
import { testAccountInput } from "../../app/boleto/billing-test-accounts.ts";
import type { AppDeps } from "../../app/deps.ts";
import { configureEmail } from "../../app/email/email-context.ts";
import type { PixAppDeps } from "../../app/pix/pix-deps.ts";
import { createSelfServiceLink } from "../../app/self-service/create-self-service-link.ts";
import { deriveLinkKey, signLinkToken } from "../../app/self-service/link-token.ts";
import { createPixPspClient } from "../../channels/pix-psp/psp-client.ts";
import { startPixSimulator, type PixSimulator } from "../../channels/pix-psp/simulator.ts";
import { buildServer } from "../server.ts";

const SECRET = "segredo-de-teste-do-autoatendimento";
const JS_BUDGET_BYTES = 100 * 1024;

const form = (fields: Record<string, string>, extra: CallOptions = {}): CallOptions => ({
  ...extra,
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded", ...extra.headers },
});
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
const pathOf = (url: string) => new URL(url).pathname;

/** The session cookie pair of a Set-Cookie answer, and its attributes. */
function sessionCookieOf(res: CallResult): { pair: string; attributes: string } {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith("regua_p="));
  assert.ok(raw, `sem cookie regua_p: ${res.status} ${res.text.slice(0, 200)}`);
  return { pair: raw.split(";")[0]!, attributes: raw };
}

function assertPageHeaders(res: CallResult, what: string): void {
  assert.match(res.contentType, /^text\/html; charset=utf-8/, what);
  assert.equal(res.headers.get("content-security-policy"), "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", what);
  assert.equal(res.headers.get("referrer-policy"), "no-referrer", what);
  assert.equal(res.headers.get("cache-control"), "no-store", what);
  assert.equal(res.headers.get("x-frame-options"), "DENY", what);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff", what);
  assert.match(res.text, /^<!DOCTYPE html>\n<html lang="pt-BR">/, what);
  assert.ok(!/<script(?![^>]*\bsrc=)/.test(res.text), `${what}: script inline`);
  assert.ok(!/\sstyle=/.test(res.text), `${what}: style inline`);
  assert.ok(!/https?:\/\//.test(res.text.replace(/<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "<svg")), `${what}: recurso externo`);
}

/** Nothing of the debtor or the creditor before the identity check. */
function assertNoData(res: CallResult, seed: Seed, what: string): void {
  const a = TENANT_SPECS.a;
  for (const secret of [a.legalName, a.cnpj, "11.222.333/0001-81", a.debtor.name, "Ana", a.debtor.document, "529.982.247-25", a.debt.externalId, "R$", "ALFA"]) {
    assert.ok(!res.text.includes(secret), `${what}: contém "${secret}"`);
  }
  void seed;
}

for (const dialect of testDialects()) {
  describe(`self-service page over HTTP (${dialect})`, () => {
    let env: { deps: AppDeps; cleanup(): Promise<void> };
    let deps: PixAppDeps;
    let seed: Seed;
    let server: TestServer;
    let sim: PixSimulator;

    before(async () => {
      env = await openTestDeps(dialect);
      deps = env.deps;
      configureEmail(deps, { secret: SECRET, publicUrl: "http://cobranca.exemplo.com.br" });
      seed = await seedTenants(deps);
      await importCsv(deps, seed.a.creditor.id, `documento;nome;titulo;valor;vencimento\n${seed.a.debtor.document};${seed.a.debtor.name};ALFA-0002;1.200,00;01/04/2025\n`);
      sim = await startPixSimulator({ nowMs: () => deps.clock.now().getTime() });
      deps.pix = { psp: createPixPspClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret }), pixKey: "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc", webhookBaseUrl: null };
      await addBillingAccount(deps, SYSTEM_ACTOR, seed.a.creditor.id, testAccountInput("itau", { nextOurNumber: 900 }));
      server = await startServer(deps);
    });
    after(async () => {
      await server?.close();
      await sim?.close();
      await env?.cleanup();
    });

    const linkFor = async (debtorId = seed.a.debtor.id, creditorId = seed.a.creditor.id, days?: number) => pathOf(await createSelfServiceLink(deps, creditorId, debtorId, days ? { expiresInDays: days } : {}));

    /** Opens a link and passes the identity check: the link's path and the cookie. */
    async function signIn(path: string, digits = "529"): Promise<string> {
      const res = await server.call("POST", `${path}/verificar`, form({ documento: digits }));
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.get("location"), path);
      return sessionCookieOf(res).pair;
    }

    it("an invalid or tampered link: 404 'Link inválido'; an expired one: 410 'Link expirado'; neither says anything else", async () => {
      const path = await linkFor();
      const token = path.slice(3);
      const tampered = `/p/${token.slice(0, 20)}${token[20] === "x" ? "y" : "x"}${token.slice(21)}`;
      // (A path parameter over 2,048 characters is refused by the router itself: 414.)
      assert.equal((await server.call("GET", `/p/${"A".repeat(3000)}`)).status, 414);
      for (const p of [tampered, "/p/abc", `/p/${"A".repeat(99)}`, `/p/${"A".repeat(500)}`, `${tampered}/verificar`, `${tampered}/boleto/1/1`]) {
        const post = p.endsWith("verificar");
        const res = await server.call(post ? "POST" : "GET", p, post ? form({ documento: "529" }) : {});
        assert.equal(res.status, 404, p);
        assertPageHeaders(res, p);
        assert.match(res.text, /<h1>Link inválido<\/h1>/);
        assertNoData(res, seed, p);
      }
      const expired = signLinkToken(deriveLinkKey(SECRET), { creditorId: seed.a.creditor.id, debtorId: Number(seed.a.debtor.id), expiresAt: new Date(Date.parse(TEST_NOW) - 1000) });
      const res = await server.call("GET", `/p/${expired}`);
      assert.equal(res.status, 410);
      assert.match(res.text, /<h1>Link expirado<\/h1>/);
      assertNoData(res, seed, "expirado");
    });

    it("a valid link first asks for the 3 first digits of the CPF, showing nothing, and counts the visit (HEAD does not)", async () => {
      const path = await linkFor();
      const visits = () => deps.database.db.selectFrom("events").select("id").where("kind", "=", "selfservice.visited").execute();
      const before = (await visits()).length;
      const res = await server.call("GET", path);
      assert.equal(res.status, 200);
      assertPageHeaders(res, "identidade");
      assertNoData(res, seed, "identidade");
      assert.match(res.text, /<label for="doc">Os 3 primeiros dígitos do seu CPF<\/label>/);
      assert.match(res.text, /<form method="post" action="\/p\/[A-Za-z0-9_-]+\/verificar">/);
      assert.match(res.text, /inputmode="numeric"/);
      assert.equal((await visits()).length, before + 1);
      assert.equal((await server.call("HEAD", path)).status, 200);
      assert.equal((await visits()).length, before + 1);
    });

    it("wrong digits: 400 with the attempts left; malformed: not counted; right digits: 303 and a HttpOnly, SameSite=Strict cookie on the link's path", async () => {
      const path = await linkFor();
      const wrong = await server.call("POST", `${path}/verificar`, form({ documento: "123" }));
      assert.equal(wrong.status, 400);
      assertPageHeaders(wrong, "errado");
      assert.match(wrong.text, /<div class="erro" role="alert" id="doc-erro">Os dígitos não conferem\. Tentativas restantes antes do bloqueio: 4\.<\/div>/);
      assert.match(wrong.text, /aria-describedby="doc-ajuda doc-erro" aria-invalid="true"/);
      assertNoData(wrong, seed, "errado");
      const short = await server.call("POST", `${path}/verificar`, form({ documento: "52" }));
      assert.equal(short.status, 400);
      assert.match(short.text, /Digite exatamente os 3 primeiros dígitos\./);
      const right = await server.call("POST", `${path}/verificar`, form({ documento: "529" }));
      assert.equal(right.status, 303);
      const { attributes } = sessionCookieOf(right);
      assert.match(attributes, new RegExp(`; Path=${path.replace(/[-/]/g, "\\$&")}(;|$)`));
      assert.match(attributes, /; HttpOnly/);
      assert.match(attributes, /; SameSite=Strict/);
      assert.doesNotMatch(attributes, /; Secure/, "plain http: no Secure flag");
      // A POST from another site is refused before anything is checked.
      const cross = await server.call("POST", `${path}/verificar`, form({ documento: "529" }, { headers: { origin: "https://golpe.example" } }));
      assert.equal(cross.status, 403);
    });

    it("the cookie is Secure behind an https proxy, or when the links' public URL is https", async () => {
      const app = await buildServer(deps, { logLevel: "silent", trustProxy: true });
      const cookieOf = async (headers: Record<string, string>) => {
        const res = await app.inject({ method: "POST", url: `${await linkFor()}/verificar`, headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, payload: "documento=529" });
        assert.equal(res.statusCode, 303);
        return ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("regua_p=")) ?? "";
      };
      try {
        assert.match(await cookieOf({ "x-forwarded-proto": "https" }), /; Secure/);
        assert.doesNotMatch(await cookieOf({}), /; Secure/);
        configureEmail(deps, { publicUrl: "https://cobranca.exemplo.com.br" });
        assert.match(await cookieOf({}), /; Secure/);
      } finally {
        configureEmail(deps, { publicUrl: "http://cobranca.exemplo.com.br" });
        await app.close();
      }
    });

    it("after the check: the creditor (CDC 42-A), the debts in R$ and dd/mm/aaaa, the options; JavaScript served stays under 100 KB", async () => {
      const path = await linkFor();
      const cookie = await signIn(path);
      const res = await server.call("GET", path, { cookie });
      assert.equal(res.status, 200, res.text);
      assertPageHeaders(res, "página");
      assert.match(res.text, /<h1>Olá, Ana<\/h1>/);
      assert.match(res.text, /Veja sua situação com <strong>Alfa Comércio de Roupas Ltda<\/strong> hoje, 02\/06\/2025\./);
      assert.match(res.text, /<footer><p>Credor: Alfa Comércio de Roupas Ltda, CNPJ 11\.222\.333\/0001-81/);
      assert.match(res.text, /<dt>Título<\/dt><dd>ALFA-0001<\/dd>\n<dt>Vencimento<\/dt><dd>10\/05\/2025<\/dd>\n<dt>Dias em atraso<\/dt><dd>23<\/dd>\n<dt>Valor principal<\/dt><dd>R\$ 150,00<\/dd>/);
      assert.match(res.text, /<dt>Valor principal<\/dt><dd>R\$ 1\.200,00<\/dd>/);
      assert.match(res.text, /<p class="total">Total hoje: R\$ [\d.]+,\d\d<\/p>/);
      assert.match(res.text, /<legend>Escolha como quer pagar<\/legend>/);
      assert.match(res.text, /<strong>À vista: R\$ [\d.]+,\d\d<\/strong> pague até \d\d\/\d\d\/2025\./);
      assert.match(res.text, /<strong>3 pagamentos<\/strong> entrada de R\$ [\d.]+,\d\d até \d\d\/\d\d\/2025 e 2 parcelas mensais de R\$ [\d.]+,\d\d\. Total R\$ [\d.]+,\d\d\./);
      assert.doesNotMatch(res.text, /Beta|Bernardo|BETA-SECRETO/);

      const scripts = [...res.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
      assert.deepEqual(scripts, ["/p/assets/pagina.js"]);
      let bytes = 0;
      for (const src of scripts) {
        const js = await fetch(server.baseUrl + src);
        assert.equal(js.status, 200);
        assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/);
        bytes += (await js.arrayBuffer()).byteLength;
      }
      assert.ok(bytes > 0 && bytes < JS_BUDGET_BYTES, `JavaScript servido: ${bytes} bytes`);
      const css = await fetch(`${server.baseUrl}/p/assets/pagina.css`);
      assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
      assert.deepEqual([...res.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]), ["/p/assets/pagina.css"]);
    });

    it("the cookie opens only its own link's page; without a session every action goes back to the identity check", async () => {
      const path = await linkFor();
      const cookie = await signIn(path);
      const other = await linkFor(seed.a.debtor.id, seed.a.creditor.id, 10);
      const res = await server.call("GET", other, { cookie });
      assert.match(res.text, /Confirme que é você/);
      assertNoData(res, seed, "outro link");
      const noSession = await server.call("POST", `${path}/simular`, form({ renda: "" }));
      assert.equal(noSession.status, 303);
      assert.equal(noSession.headers.get("location"), path);
    });

    it("every action needs the session's CSRF token and a same-site request", async () => {
      const path = await linkFor();
      const cookie = await signIn(path);
      const page = await server.call("GET", path, { cookie });
      const csrf = csrfOf(page.text);
      assert.match(csrf, /^[A-Za-z0-9_-]{22}$/);
      for (const action of ["simular", "aceitar", "pagar", "prometer", "descadastrar", "contestar", "sair"]) {
        const missing = await server.call("POST", `${path}/${action}`, form({ canal: "sms" }, { cookie }));
        assert.equal(missing.status, 403, action);
        assert.match(missing.text, /Pedido recusado/);
        const cross = await server.call("POST", `${path}/${action}`, form({ canal: "sms", csrf }, { cookie, headers: { origin: "https://golpe.example" } }));
        assert.equal(cross.status, 403, `${action} de outro site`);
      }
      const optOuts = await deps.database.db.selectFrom("opt_outs").select("id").where("debtor_id", "=", Number(seed.a.debtor.id)).execute();
      assert.deepEqual(optOuts, [], "nothing was done");
    });

    it("simulate with an income, promise, opt out, dispute: each answers 303 with its notice, or the page with the error in Portuguese", async () => {
      const path = await linkFor();
      const cookie = await signIn(path);
      let csrf = csrfOf((await server.call("GET", path, { cookie })).text);
      const sim = await server.call("POST", `${path}/simular`, form({ renda: "1.000,00", csrf }, { cookie }));
      assert.equal(sim.status, 200);
      assert.match(sim.text, /Renda mensal informada de R\$ 1\.000,00: nenhuma parcela acima de R\$ 300,00/);
      assert.match(sim.text, /<input id="renda" name="renda" type="text" inputmode="decimal" autocomplete="off" aria-describedby="renda-ajuda" value="1\.000,00">/);
      const badIncome = await server.call("POST", `${path}/simular`, form({ renda: "muito", csrf }, { cookie }));
      assert.equal(badIncome.status, 400);
      assert.match(badIncome.text, /<div class="erro" role="alert">[^<]+<\/div>/);

      const past = await server.call("POST", `${path}/prometer`, form({ data: "2025-05-01", valor: "100,00", csrf }, { cookie }));
      assert.equal(past.status, 400);
      assert.match(past.text, /<div class="erro" role="alert">A data prometida \(01\/05\/2025\) já passou\.<\/div>/);
      const promised = await server.call("POST", `${path}/prometer`, form({ data: "2025-06-10", valor: "150,00", csrf }, { cookie }));
      assert.equal(promised.status, 303);
      assert.equal(promised.headers.get("location"), `${path}?aviso=promessa`);
      const after = await server.call("GET", `${path}?aviso=promessa`, { cookie });
      assert.match(after.text, /<div class="aviso" role="status">Promessa registrada\. Obrigado por nos avisar!<\/div>/);
      assert.match(after.text, /Você combinou pagar R\$ 150,00 até 10\/06\/2025\./);
      csrf = csrfOf(after.text);

      const out = await server.call("POST", `${path}/descadastrar`, form({ canal: "whatsapp", csrf }, { cookie }));
      assert.equal(out.status, 303);
      assert.match((await server.call("GET", path, { cookie })).text, /Você não recebe mais: WhatsApp\./);

      const foreign = await server.call("POST", `${path}/contestar`, form({ titulo: seed.b.debt.id, motivo: "x", csrf }, { cookie }));
      assert.equal(foreign.status, 404);
      assert.match(foreign.text, /Título não encontrado\./);
      const disputed = await server.call("POST", `${path}/contestar`, form({ titulo: seed.a.debt.id, motivo: "Não fiz essa compra", csrf }, { cookie }));
      assert.equal(disputed.status, 303);
      assert.match((await server.call("GET", path, { cookie })).text, /Você contestou este título\./);

      const kinds = (await deps.database.db.selectFrom("events").select("kind").where("debtor_id", "=", Number(seed.a.debtor.id)).where("kind", "in", ["selfservice.simulated", "selfservice.promised", "selfservice.opted_out", "selfservice.disputed", "promise.created", "contact.opted_out", "debt.disputed"]).orderBy("id").execute()).map((e) => e.kind);
      assert.deepEqual(kinds, ["selfservice.simulated", "promise.created", "selfservice.promised", "contact.opted_out", "selfservice.opted_out", "debt.disputed", "selfservice.disputed"]);
    });

    it("accepting an option: 303, then the agreement with the first payment's PIX code and QR, the boleto line and its PDF", async () => {
      const b = seed.b;
      await addBillingAccount(deps, SYSTEM_ACTOR, b.creditor.id, testAccountInput("bradesco"));
      await importCsv(deps, b.creditor.id, `documento;nome;titulo;valor;vencimento\n${b.debtor.document};${b.debtor.name};BETA-3;900,00;01/03/2025\n`);
      const path = await linkFor(b.debtor.id, b.creditor.id);
      const cookie = await signIn(path, "111");
      const page = await server.call("GET", path, { cookie });
      const value = /<input type="radio" name="opcao" value="(3:\d+)"/.exec(page.text)?.[1];
      assert.ok(value, "opção de 3 pagamentos");
      const stale = await server.call("POST", `${path}/aceitar`, form({ opcao: "3:1", renda: "", csrf: csrfOf(page.text) }, { cookie }));
      assert.equal(stale.status, 409);
      assert.match(stale.text, /Os valores mudaram desde que a página foi aberta\./);
      const none = await server.call("POST", `${path}/aceitar`, form({ renda: "", csrf: csrfOf(page.text) }, { cookie }));
      assert.equal(none.status, 400);
      assert.match(none.text, /Escolha uma das opções\./);

      const accepted = await server.call("POST", `${path}/aceitar`, form({ opcao: value, renda: "", csrf: csrfOf(page.text) }, { cookie }));
      assert.equal(accepted.status, 303, accepted.text);
      assert.equal(accepted.headers.get("location"), `${path}?aviso=acordo`);
      const shown = await server.call("GET", `${path}?aviso=acordo`, { cookie });
      assert.equal(shown.status, 200);
      assertPageHeaders(shown, "acordo");
      assert.match(shown.text, /<h2 id="s-acordo">Seu acordo nº \d+<\/h2>/);
      assert.match(shown.text, /<h3>Entrada \(pagamento 1 de 3\): R\$ [\d.]+,\d\d, vence em \d\d\/\d\d\/2025<\/h3>/);
      assert.match(shown.text, /<svg class="qr" role="img" aria-label="QR Code do Pix" focusable="false" /);
      const code = /<textarea id="pix-\d+" class="codigo" readonly rows="4">([^<]+)<\/textarea>/.exec(shown.text)?.[1];
      assert.ok(code?.startsWith("000201"), "Pix copia e cola (BR Code)");
      assert.match(shown.text, /<button type="button" class="secundario" data-copiar="pix-\d+" hidden>Copiar código Pix<\/button>/);
      assert.match(shown.text, /Linha digitável: <span class="linha-digitavel">\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}<\/span>/);
      const pdfPath = /<a class="botao secundario" href="([^"]+)" download>Baixar boleto \(PDF\)<\/a>/.exec(shown.text)?.[1];
      assert.ok(pdfPath);
      const pdf = await fetch(server.baseUrl + pdfPath, { headers: { cookie } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get("content-type"), "application/pdf");
      assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
      assert.equal((await fetch(server.baseUrl + pdfPath, { redirect: "manual" })).status, 303, "no PDF without the session");
      const otherDebt = pdfPath.replace(/\/boleto\/\d+\//, `/boleto/${seed.a.debt.id}/`);
      assert.equal((await fetch(server.baseUrl + otherDebt, { headers: { cookie } })).status, 404, "another debtor's debt");
    });

    it("5 wrong answers: 429 lock-out page, even for the right digits afterwards", async () => {
      const path = await linkFor(seed.a.debtor.id, seed.a.creditor.id, 20);
      for (let i = 0; i < 4; i++) assert.equal((await server.call("POST", `${path}/verificar`, form({ documento: "000" }))).status, 400);
      const locked = await server.call("POST", `${path}/verificar`, form({ documento: "000" }));
      assert.equal(locked.status, 429);
      assertPageHeaders(locked, "bloqueio");
      assert.match(locked.text, /<h1>Acesso bloqueado por enquanto<\/h1>/);
      assert.match(locked.text, /Tente de novo depois das <strong>11:00 de 02\/06\/2025 \(horário de Brasília\)<\/strong>\./);
      assertNoData(locked, seed, "bloqueio");
      assert.equal((await server.call("POST", `${path}/verificar`, form({ documento: "529" }))).status, 429);
      assert.equal((await server.call("GET", path)).status, 429);
    });

    it("'Sair' ends the session; the page is hidden from the API document", async () => {
      const bPath = await linkFor(seed.b.debtor.id, seed.b.creditor.id, 25);
      const cookie = await signIn(bPath, "111");
      const csrf = csrfOf((await server.call("GET", bPath, { cookie })).text);
      const out = await server.call("POST", `${bPath}/sair`, form({ csrf }, { cookie }));
      assert.equal(out.status, 200);
      assert.match(out.text, /<h1>Você saiu<\/h1>/);
      assert.match(out.headers.getSetCookie().join("\n"), /regua_p=;.*Expires=Thu, 01 Jan 1970/);
      assert.match((await server.call("GET", bPath, { cookie })).text, /Confirme que é você/);
      const spec = await server.call<{ paths: Record<string, unknown> }>("GET", "/api/openapi.json");
      assert.deepEqual(Object.keys(spec.body.paths).filter((p) => p.startsWith("/p/")), []);
    });
  });
}
