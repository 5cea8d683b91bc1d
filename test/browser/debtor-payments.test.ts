// The debtor page's actions and the payments and settings pages in Chromium, against the real
// server on SQLite with the PIX simulator (setupPix, as `regua serve` does) and a billing
// account: a manager opens a debtor, sees today's charges and the "why" of a planned action,
// issues a boleto and a PIX, records a payment, pauses and resumes, closes a 3-payment
// agreement, records a promise; then uploads a CNAB return (written with the domain's
// writer for the boleto just issued) that settles the debt, and the debt shows settled and
// its planned message cancelled. Settings: charges, windows and caps, the negotiation policy
// (refused by the server, then saved), billing accounts and e-mail. Every page passes axe at
// laptop and phone width and leaves a screenshot in .test-artifacts/screenshots/.
//
// The server runs on the real clock: the session cookie's expiry is judged by the browser's
// own clock, so a fixed past instant would log nobody in. Amounts are read from the API.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { importCsv, openTestDeps, seedTenants, type Seed } from "../support/factories.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addBillingAccount } from "../../src/app/boleto/billing-accounts.ts";
import { testAccountInput } from "../../src/app/boleto/billing-test-accounts.ts";
import { listDebtBoletos } from "../../src/app/boleto/list-boletos.ts";
import { getDebtCharges } from "../../src/app/charges/get-debt-charges.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { applyLadder } from "../../src/app/ladder/ladders.ts";
import { runLadder } from "../../src/app/ladder/run-ladder.ts";
import { setupPix, type PixSetup } from "../../src/app/pix/configure-pix.ts";
import type { PixAppDeps } from "../../src/app/pix/pix-deps.ts";
import { writeCnab240Return } from "../../src/domain/cnab/write-cnab240-return.ts";
import { buildServer, type App } from "../../src/http/server.ts";
import { formatCents } from "../../web/src/i18n/format.ts";
import { checkA11y, formatViolations, launchBrowser, newPage, pageErrors, screenshot, step } from "./harness.ts";

const PHONE = { width: 390, height: 844 };
const BRUNO = { document: "39053344705", name: "Bruno Barbosa Brandão" };
const LADDER = {
  id: "regua-teste",
  name: "Régua de teste",
  steps: [
    { id: "lembrete-email", offsetDays: -3, stage: "friendly", channel: "email" },
    { id: "amigavel-email", offsetDays: 5, stage: "friendly", channel: "email" },
    { id: "firme-email", offsetDays: 30, stage: "firm", channel: "email" },
  ],
};

/** YYYY-MM-DD in São Paulo, `days` from now (the creditors here are in SP). */
function spDay(days = 0): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
  return parts;
}
const br = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

describe("debtor actions, payments and settings in Chromium (real server, SQLite, PIX simulator)", () => {
  let env: { deps: AppDeps; cleanup(): Promise<void> };
  let deps: PixAppDeps;
  let seed: Seed;
  let pix: PixSetup;
  let app: App;
  let url: string;
  let browser: Browser;
  let A: string;
  let brunoId: string;

  before(async () => {
    env = await openTestDeps("sqlite");
    seed = await seedTenants(env.deps);
    A = seed.a.creditor.id;
    // From here on the real clock (see the file comment); the seed above ran at TEST_NOW.
    pix = await setupPix({}, { allowSimulator: true });
    deps = { ...env.deps, clock: { now: () => new Date() }, pix: pix.pix };
    // Bruno owes one debt 62 days late: the default policy allows up to 6 payments (31–90 days).
    await importCsv(deps, A, `documento;nome;email;titulo;valor;vencimento\n${BRUNO.document};${BRUNO.name};bruno@exemplo.com.br;BRAVO-1;1.200,00;${br(spDay(-62))}\n`);
    brunoId = String((await deps.database.db.selectFrom("debtors").select("id").where("document", "=", BRUNO.document).executeTakeFirstOrThrow()).id);
    // A supervisor who stopped this creditor's copies through a copy's unsubscribe link (the e-mail settings list it).
    await deps.database.db.insertInto("email_copy_opt_outs").values({ creditor_id: A, address: "auditoria@alfa.com.br", opted_out_at: "2026-11-20T14:30:00.000Z", source: "one_click", action_id: null }).execute();
    await addBillingAccount(deps, SYSTEM_ACTOR, A, testAccountInput("itau", { nextOurNumber: 300 }));
    await applyLadder(deps, SYSTEM_ACTOR, A, { document: LADDER, makeDefault: true });
    await runLadder(deps, SYSTEM_ACTOR, A, {});
    app = await buildServer(deps, { logLevel: "silent", webDist: process.env.REGUA_WEB_DIST });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await pix?.close();
    await env?.cleanup();
  });

  async function login(who: "managerA" | "collectorA" | "auditorA", testName: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await newPage(browser, { testName, ...(viewport ? { viewport } : {}) });
    await step(page, `entrar como ${who}`, async () => {
      await page.goto(`${url}/login`);
      await page.getByLabel("E-mail", { exact: true }).fill(seed.users[who].email);
      await page.getByLabel("Senha", { exact: true }).fill(seed.users[who].password);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("navigation", { name: "Navegação principal" }).waitFor({ state: "attached" });
    });
    return page;
  }

  async function settle(page: Page): Promise<void> {
    await page.waitForLoadState("networkidle");
    await page.locator(".mantine-Skeleton-root").first().waitFor({ state: "detached" }).catch(() => undefined);
  }

  async function assertA11y(page: Page, where: string): Promise<void> {
    await settle(page);
    assert.equal(formatViolations(await checkA11y(page)), formatViolations([]), where);
  }

  async function openDebtor(page: Page, id: string, name: string): Promise<void> {
    await page.goto(`${url}/devedores/${id}`);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.getByRole("heading", { name: "Encargos de hoje" }).waitFor();
  }

  it("a manager works a debtor: charges and the why, boleto, PIX, payment, pause and resume, agreement and promise; a CNAB return settles the debt", async () => {
    const page = await login("managerA", "devedor-acoes");
    const ana = seed.a.debtor;
    const debtId = seed.a.debt.id;

    await step(page, "abrir o devedor: encargos de hoje e o porquê da ação planejada", async () => {
      await openDebtor(page, ana.id, ana.name);
      const charges = await getDebtCharges(deps, SYSTEM_ACTOR, A, { id: debtId });
      const table = page.getByRole("table", { name: "Encargos de hoje" });
      const row = table.getByRole("row").filter({ hasText: seed.a.debt.externalId });
      for (const cents of [charges.principalCents, charges.fineCents, charges.interestCents, charges.totalCents]) await row.getByText(formatCents(cents), { exact: true }).first().waitFor();
      await row.getByText(`${charges.daysLate.toLocaleString("pt-BR")} dias`).waitFor();
      const action = page.getByTestId("ladder-action").filter({ hasText: "Planejada" });
      await action.getByText("E-mail · firme").waitFor();
      const dueDay = seed.a.debt.dueDate;
      const stepDay = new Date(Date.parse(`${dueDay}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
      await action.getByText(`Etapa “firme-email” da régua “Régua de teste”: 30 dias após o vencimento (${br(stepDay)}). É a etapa mais recente já alcançada e ainda não feita; sai no primeiro horário permitido da janela de contato.`).waitFor();
      await page.getByRole("button", { name: /Título ALFA-0001 — vence em 10\/05\/2025/ }).waitFor();
      await page.getByRole("table", { name: "Etapas da régua do título ALFA-0001" }).getByText("Substituída").first().waitFor();
    });
    await screenshot(page, "devedor");
    await assertA11y(page, "página do devedor");

    let ourNumber = "";
    await step(page, "emitir boleto: linha digitável, copiar e PDF", async () => {
      await page.getByRole("button", { name: "Emitir boleto" }).click();
      const dialog = page.getByRole("dialog", { name: "Emitir boleto" });
      await dialog.getByRole("button", { name: "Emitir boleto" }).click();
      await dialog.getByText("Boleto do título ALFA-0001 emitido.").waitFor();
      const line = await dialog.getByTestId("boleto-line").innerText();
      assert.match(line, /^341\d{2}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
      await dialog.getByRole("button", { name: "Copiar: Linha digitável" }).waitFor();
      const boleto = (await listDebtBoletos(deps, SYSTEM_ACTOR, A, { id: debtId })).items[0]!;
      assert.equal(boleto.line, line.replace(/\D/g, ""));
      ourNumber = boleto.ourNumber;
      const href = await dialog.getByRole("link", { name: "Abrir o PDF do boleto" }).getAttribute("href");
      const pdf = await page.request.get(`${url}${href}`);
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()["content-type"], "application/pdf");
      assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");
      await screenshot(page, "boleto-emitido", { fullPage: false });
      await assertA11y(page, "boleto emitido");
      await dialog.getByRole("button", { name: "Concluir" }).click();
      await dialog.waitFor({ state: "hidden" });
    });

    await step(page, "gerar PIX: QR Code e copia e cola", async () => {
      await page.getByRole("button", { name: "Gerar PIX" }).click();
      const dialog = page.getByRole("dialog", { name: "Gerar cobrança PIX" });
      await dialog.getByRole("checkbox", { name: /ALFA-0001/ }).waitFor();
      await dialog.getByRole("button", { name: "Gerar PIX" }).click();
      await dialog.getByText(/Cobrança PIX de R\$/).waitFor();
      const qr = dialog.getByRole("img", { name: /QR Code do PIX de R\$/ });
      assert.ok(((await qr.getAttribute("src")) ?? "").startsWith("data:image/png;base64,"));
      assert.ok((await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 100, "the QR image loaded");
      const code = await dialog.getByTestId("pix-code").innerText();
      assert.match(code, /^000201.*6304[0-9A-F]{4}$/s);
      await dialog.getByRole("button", { name: "Copiar: PIX copia e cola" }).waitFor();
      await screenshot(page, "pix-gerado", { fullPage: false });
      await assertA11y(page, "PIX gerado");
      await dialog.getByRole("button", { name: "Concluir" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByText("Cobrança PIX emitida").first().waitFor();
      await page.getByText("Boleto emitido").first().waitFor();
    });

    await step(page, "registrar pagamento manual: a observação é obrigatória", async () => {
      await page.getByRole("button", { name: "Registrar pagamento" }).click();
      const dialog = page.getByRole("dialog", { name: "Registrar pagamento" });
      await dialog.getByLabel("Valor recebido").fill("50,00");
      await dialog.getByLabel("Forma de pagamento").selectOption("cash");
      assert.equal(await dialog.getByLabel("Data do pagamento").inputValue(), spDay());
      await dialog.getByRole("button", { name: "Registrar pagamento" }).click();
      await dialog.getByText("Descreva quem recebeu e por quê (pelo menos 3 letras).").waitFor();
      await screenshot(page, "pagamento-erro", { fullPage: false });
      await assertA11y(page, "pagamento com erro");
      await dialog.getByLabel("Observação").fill("recebido no caixa da loja por Paula");
      await dialog.getByRole("button", { name: "Registrar pagamento" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("status").getByText("Pagamento de R$ 50,00 registrado.").waitFor();
      const received = page.getByRole("table", { name: "Pagamentos recebidos" });
      await received.getByRole("cell", { name: "R$ 50,00", exact: true }).waitFor();
      await received.getByText("recebido no caixa da loja por Paula").waitFor();
      await page.getByText("Pagamento recebido").first().waitFor();
    });

    await step(page, "pausar com motivo e prazo, e retomar", async () => {
      await page.getByRole("button", { name: "Pausar cobrança" }).click();
      const dialog = page.getByRole("dialog", { name: "Pausar a cobrança do devedor" });
      await dialog.getByLabel("Motivo").fill("devedor internado, pediu prazo");
      await dialog.getByLabel("Até (opcional)").fill(spDay(10));
      await dialog.getByRole("button", { name: "Pausar" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByText(`A régua não envia nada a este devedor até ${br(spDay(10))} (inclusive).`).waitFor();
      await page.getByText("Motivo: devedor internado, pediu prazo").first().waitFor();
      await page.getByTestId("ladder-action").filter({ hasText: "Cancelada antes do envio: cobrança do devedor pausada." }).waitFor();
      await screenshot(page, "devedor-pausado");
      await assertA11y(page, "devedor pausado");
      await page.getByRole("button", { name: "Retomar cobrança" }).first().click();
      const resume = page.getByRole("dialog", { name: "Retomar a cobrança do devedor" });
      await resume.getByLabel("Motivo").fill("alta hospitalar");
      await resume.getByRole("button", { name: "Retomar" }).click();
      await resume.waitFor({ state: "hidden" });
      await page.getByRole("button", { name: "Pausar cobrança" }).waitFor();
      await page.getByText("Cobrança do devedor retomada").first().waitFor();
    });

    await step(page, "outro devedor: acordo em 3 pagamentos e promessa", async () => {
      await openDebtor(page, brunoId, BRUNO.name);
      await page.getByRole("button", { name: "Negociar acordo" }).click();
      const dialog = page.getByRole("dialog", { name: "Negociar acordo" });
      await dialog.getByRole("radio", { name: /^3 pagamentos: entrada de R\$/ }).waitFor();
      await dialog.getByLabel("Renda mensal declarada (opcional)").fill("2.000,00");
      await dialog.getByRole("button", { name: "Simular" }).click();
      await dialog.getByText(/renda/i).first().waitFor();
      await screenshot(page, "negociacao", { fullPage: false });
      await assertA11y(page, "negociação");
      await dialog.getByRole("radio", { name: /^3 pagamentos: entrada de R\$/ }).check();
      await dialog.getByRole("button", { name: "Fechar acordo" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("status").getByText(/^Acordo fechado: 3 pagamento\(s\), total R\$/).waitFor();
      const agreement = page.getByTestId("agreement");
      await agreement.getByText("Ativo").waitFor();
      const rows = agreement.getByRole("table").locator("tbody tr");
      assert.equal(await rows.count(), 3);
      assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("td")?.textContent)), ["Entrada", "2/3", "3/3"]);
      await page.getByRole("table", { name: "Títulos" }).getByText("Em acordo").waitFor();

      await page.getByRole("button", { name: "Registrar promessa" }).click();
      const promise = page.getByRole("dialog", { name: "Registrar promessa de pagamento" });
      await promise.getByLabel("Valor prometido").fill("300,00");
      await promise.getByLabel("Pagar até").fill(spDay(5));
      await promise.getByLabel("Feita por").selectOption("phone");
      await promise.getByRole("button", { name: "Registrar promessa" }).click();
      await promise.waitFor({ state: "hidden" });
      await page.getByTestId("promise").getByText(`R$ 300,00 até ${br(spDay(5))}`).waitFor();
      await page.getByText("Acordo fechado").first().waitFor();
    });
    await screenshot(page, "devedor-acordo");
    await assertA11y(page, "devedor com acordo");

    await step(page, "a régua roda de novo: a mensagem volta a ser planejada", async () => {
      await runLadder(deps, SYSTEM_ACTOR, A, {});
      await openDebtor(page, ana.id, ana.name);
      await page.getByTestId("ladder-action").filter({ hasText: "Planejada" }).getByText("E-mail · firme").waitFor();
    });

    await step(page, "enviar o retorno CNAB: aplica a liquidação do boleto; o que não casa vai para a fila", async () => {
      const boleto = (await listDebtBoletos(deps, SYSTEM_ACTOR, A, { id: debtId })).items[0]!;
      const today = spDay();
      const record = (our: string, cents: number) => ({
        ourNumber: our, movement: "06", faceValueCents: cents, paidCents: cents, interestCents: 0, discountCents: 0, feeCents: 0, creditedCents: cents, dueDate: boleto.dueDate, paidDate: today, creditDate: today,
      });
      const file = writeCnab240Return([record(ourNumber, boleto.amountCents), record("987654", 1000), record("987655", 2500)], { bank: "341", fileDate: today });
      await page.getByRole("link", { name: "Pagamentos" }).click();
      await page.getByRole("heading", { level: 1, name: "Pagamentos" }).waitFor();
      await page.locator("input[type=file]").setInputFiles({ name: "retorno-itau.ret", mimeType: "application/octet-stream", buffer: Buffer.from(file, "latin1") });
      await page.getByText("retorno-itau.ret").first().waitFor();
      await page.getByRole("button", { name: "Importar retorno" }).click();
      await page.getByText("2 liquidação(ões) sem título foram para a fila de conciliação.").waitFor();
      const unmatched = page.getByRole("table", { name: "Liquidações sem título" });
      await unmatched.getByRole("cell", { name: "987654" }).waitFor();
      await unmatched.getByText("Nosso número não corresponde a nenhum título").first().waitFor();
      const queue = page.getByRole("table", { name: "Fila de conciliação" });
      await queue.getByRole("cell", { name: "R$ 10,00", exact: true }).waitFor();
    });
    await screenshot(page, "pagamentos-retorno");
    await assertA11y(page, "pagamentos com retorno");

    await step(page, "conciliar um pagamento da fila com o devedor e recusar o outro", async () => {
      await page.getByRole("button", { name: /^Conciliar o pagamento de R\$ 10,00/ }).click();
      const dialog = page.getByRole("dialog", { name: "Conciliar pagamento" });
      await dialog.getByRole("searchbox", { name: "Buscar o devedor" }).fill("Bruno");
      await dialog.getByRole("button", { name: "Buscar" }).click();
      await dialog.getByRole("radio", { name: /^Bruno Barbosa Brandão/ }).check();
      await dialog.getByRole("radio", { name: "Títulos em aberto do devedor, do mais antigo" }).waitFor();
      await screenshot(page, "conciliar", { fullPage: false });
      await assertA11y(page, "conciliação");
      await dialog.getByLabel("Observação (opcional)").fill("depósito identificado pelo extrato");
      await dialog.getByRole("button", { name: "Conciliar", exact: true }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("status").getByText(`Pagamento de R$ 10,00 conciliado com ${BRUNO.name}.`).waitFor();

      await page.getByRole("button", { name: /^Recusar o pagamento de R\$ 25,00/ }).click();
      const reject = page.getByRole("dialog", { name: "Recusar pagamento" });
      await reject.getByRole("button", { name: "Recusar" }).click();
      await reject.getByText("Descreva o motivo (pelo menos 3 letras).").waitFor();
      await reject.getByLabel("Motivo").fill("crédito de outro credor, devolvido");
      await reject.getByRole("button", { name: "Recusar" }).click();
      await reject.waitFor({ state: "hidden" });
      await page.getByText("A fila de conciliação está vazia.").waitFor();
    });

    await step(page, "todos os pagamentos, filtrados por origem e data", async () => {
      await page.getByRole("tab", { name: "Todos os pagamentos" }).click();
      const table = page.getByRole("table", { name: "Todos os pagamentos" });
      await table.getByText("recebido no caixa da loja por Paula").waitFor();
      await page.getByLabel("Origem").selectOption("cnab");
      await page.waitForURL(/origem=cnab/);
      await page.waitForFunction(`[...document.querySelectorAll("table[aria-label='Todos os pagamentos'] tbody tr")].length === 3`);
      await page.getByLabel("Situação").selectOption("rejected");
      await page.waitForFunction(`[...document.querySelectorAll("table[aria-label='Todos os pagamentos'] tbody tr")].length === 1`);
      await table.getByText("crédito de outro credor, devolvido").waitFor();
      await page.getByLabel("Situação").selectOption("");
      await page.getByLabel("Pagos de").fill(spDay(1));
      await page.getByText("Nenhum pagamento com estes filtros.").waitFor();
      await page.getByLabel("Pagos de").fill(spDay());
      await page.waitForFunction(`[...document.querySelectorAll("table[aria-label='Todos os pagamentos'] tbody tr")].length === 3`);
    });
    await screenshot(page, "pagamentos-todos");
    await assertA11y(page, "todos os pagamentos");

    await step(page, "o título aparece liquidado e a mensagem planejada, cancelada", async () => {
      await openDebtor(page, ana.id, ana.name);
      await page.getByRole("table", { name: "Títulos" }).getByText("Liquidado").waitFor();
      const cancelled = page.getByTestId("ladder-action").filter({ hasText: "Cancelada antes do envio: pagamento quitou o título." });
      await cancelled.getByText("Cancelada", { exact: true }).waitFor();
      assert.equal(await page.getByTestId("ladder-action").filter({ hasText: "Planejada" }).count(), 0, "nothing left planned");
      await page.getByText("Nenhum título em aberto: não há encargos a calcular.").waitFor();
      await page.getByText("Título quitado.").first().waitFor();
    });
    await screenshot(page, "devedor-liquidado");
    await assertA11y(page, "devedor liquidado");
    assert.deepEqual(pageErrors(page), []);
  });

  it("each role is offered only what it may do", async () => {
    const collector = await login("collectorA", "operador-acoes");
    await step(collector, "o operador registra pagamento, emite boleto e PIX, mas não pausa", async () => {
      await openDebtor(collector, brunoId, BRUNO.name);
      const toolbar = collector.getByRole("region", { name: "Ações do devedor" });
      assert.deepEqual(await toolbar.getByRole("button").allInnerTexts(), ["Registrar pagamento", "Emitir boleto", "Gerar PIX", "Negociar acordo", "Registrar promessa"]);
      assert.equal(await collector.getByRole("link", { name: "Pagamentos" }).count(), 0);
    });
    await step(collector, "o operador descadastra um canal e registra uma contestação", async () => {
      await collector.getByRole("button", { name: "Descadastrar o devedor do canal SMS" }).click();
      const optOut = collector.getByRole("dialog", { name: "Descadastrar do canal SMS" });
      await optOut.getByLabel("Motivo (opcional)").fill("pediu por telefone");
      await optOut.getByRole("button", { name: "Descadastrar" }).click();
      await optOut.waitFor({ state: "hidden" });
      await collector.getByRole("list", { name: "Canais de contato" }).getByText(/^Descadastrado desde/).waitFor();
      assert.equal(await collector.getByRole("button", { name: "Reativar o canal SMS para o devedor" }).count(), 0, "opting back in is a manager's");
      const last = await collector.getByRole("table", { name: "Títulos" }).locator("tbody tr").last().locator("td").first().innerText();
      await collector.getByRole("button", { name: `Ações do título ${last}` }).click();
      // The menu opens with a transition: read its items once the first is there.
      await collector.getByRole("menuitem").first().waitFor();
      assert.deepEqual(await collector.getByRole("menuitem").allInnerTexts(), ["Registrar contestação"]);
      await collector.getByRole("menuitem", { name: "Registrar contestação" }).click();
      const dispute = collector.getByRole("dialog", { name: `Contestação do título ${last}` });
      await dispute.getByLabel("Motivo").fill("diz que já pagou esta parcela");
      await dispute.getByRole("button", { name: "Registrar contestação" }).click();
      await dispute.waitFor({ state: "hidden" });
      await collector.getByRole("table", { name: "Títulos" }).locator("tbody tr").last().getByText("Contestado").waitFor();
      await collector.getByText("Título contestado").first().waitFor();
    });
    await screenshot(collector, "devedor");
    await assertA11y(collector, "devedor visto pelo operador");
    assert.deepEqual(pageErrors(collector), []);
    const auditor = await login("auditorA", "auditor-acoes");
    await step(auditor, "o auditor só lê", async () => {
      await openDebtor(auditor, brunoId, BRUNO.name);
      await auditor.getByRole("heading", { name: "Acordos e promessas" }).waitFor();
      assert.equal(await auditor.getByRole("region", { name: "Ações do devedor" }).count(), 0);
      assert.equal(await auditor.getByRole("button", { name: /Descadastrar/ }).count(), 0);
      await auditor.goto(`${url}/pagamentos`);
      await auditor.getByRole("tab", { name: "Fila de conciliação" }).waitFor();
      assert.equal(await auditor.getByRole("button", { name: "Importar retorno" }).count(), 0);
    });
    await step(auditor, "em inglês", async () => {
      await openDebtor(auditor, brunoId, BRUNO.name);
      await auditor.getByRole("button", { name: "English" }).click();
      await auditor.getByRole("heading", { name: "Today's charges" }).waitFor();
      await auditor.getByRole("heading", { name: "Ladder actions and why" }).waitFor();
      await auditor.getByRole("heading", { name: "Payments received" }).waitFor();
      await auditor.getByText("Agreement closed").first().waitFor();
      await auditor.getByRole("columnheader", { name: "Total today" }).waitFor();
    });
    await screenshot(auditor, "devedor-em-ingles");
    await assertA11y(auditor, "devedor em inglês");
    assert.deepEqual(pageErrors(auditor), []);
  });

  it("a manager sets charges, contact windows and caps, the negotiation policy (validated by the server), a billing account and e-mail", async () => {
    const page = await login("managerA", "configuracoes-cobranca");
    await step(page, "encargos", async () => {
      await page.goto(`${url}/configuracoes?aba=encargos`);
      await page.getByLabel("Multa (consumidores)").waitFor();
      await page.getByLabel("Multa (consumidores)").fill("3");
      await page.getByRole("button", { name: "Salvar" }).click();
      await page.getByText("A multa de consumidores não pode passar de 2 %.").waitFor();
      await page.getByLabel("Multa (consumidores)").fill("2");
      await page.getByLabel("Juros de mora ao mês").fill("1");
      await page.getByRole("button", { name: "Salvar" }).click();
      await page.getByText("Encargos salvos. Os valores de hoje já os usam.").waitFor();
    });
    await screenshot(page, "encargos");
    await assertA11y(page, "encargos");

    await step(page, "janelas de contato e limites", async () => {
      await page.getByRole("tab", { name: "Janelas e limites" }).click();
      await page.getByLabel("Início: Dias úteis (seg. a sex.)").fill("09:00");
      await page.getByLabel("Fim: Dias úteis (seg. a sex.)").fill("18:00");
      await page.getByLabel("Canal", { exact: true }).selectOption("sms");
      await page.getByLabel("Segue as janelas padrão").uncheck();
      await page.getByLabel("Permitir contato: Sábado").uncheck();
      await page.getByLabel("Limite em 7 dias: SMS").fill("2");
      await page.getByRole("button", { name: "Salvar" }).click();
      await page.getByText("Janelas e limites salvos.").waitFor();
      const policy = await (await page.request.get(`${url}/api/creditors/${A}/contact-policy`)).json() as { windows: Record<string, { weekday: unknown; saturday: unknown }>; caps: { perWeek: Record<string, number | null> } };
      assert.deepEqual(policy.windows.default!.weekday, { from: "09:00", to: "18:00" });
      assert.deepEqual(policy.windows.sms, { weekday: { from: "09:00", to: "18:00" }, saturday: null, sunday: null, holidays: null });
      assert.equal(policy.caps.perWeek.sms, 2);
      assert.equal(policy.caps.perWeek.phone, 3);
    });
    await screenshot(page, "janelas-e-limites");
    await assertA11y(page, "janelas e limites");

    await step(page, "política de negociação: o servidor recusa a faixa com lacuna; corrigida, vira a versão 1", async () => {
      await page.getByRole("tab", { name: "Negociação" }).click();
      await page.getByLabel("De (dias) — Faixa 2").fill("40");
      await page.getByRole("button", { name: "Salvar nova versão" }).click();
      await page.getByText("deve ser 31, o dia seguinte ao fim da faixa anterior (recebido 40)").first().waitFor();
      await screenshot(page, "negociacao-recusada");
      await assertA11y(page, "política recusada");
      await page.getByLabel("De (dias) — Faixa 2").fill("31");
      await page.getByLabel("Máx. pagamentos — Faixa 2").fill("8");
      await page.getByRole("button", { name: "Salvar nova versão" }).click();
      await page.getByText("Política salva (versão 1).").waitFor();
      await page.getByText("Versão 1", { exact: true }).waitFor();
    });

    await step(page, "carteiras de cobrança: a do teste e uma nova", async () => {
      await page.getByRole("tab", { name: "Carteiras de cobrança" }).click();
      const table = page.getByRole("table", { name: "Carteiras de cobrança" });
      await table.getByText("341 — Itaú", { exact: false }).waitFor();
      await page.getByRole("button", { name: "Nova carteira" }).click();
      const dialog = page.getByRole("dialog", { name: "Nova carteira" });
      await dialog.getByLabel("Banco").selectOption("237");
      await dialog.getByLabel("Agência", { exact: true }).fill("1234");
      await dialog.getByLabel("Dígito da agência").fill("5");
      await dialog.getByLabel("Conta", { exact: true }).fill("0012345");
      await dialog.getByLabel("Dígito da conta").fill("6");
      await dialog.getByLabel("Carteira", { exact: true }).fill("09");
      await screenshot(page, "nova-carteira", { fullPage: false });
      await assertA11y(page, "nova carteira");
      await dialog.getByRole("button", { name: "Cadastrar carteira" }).click();
      await dialog.waitFor({ state: "hidden" });
      await table.getByText(/237 — Bradesco/).waitFor();
    });
    await screenshot(page, "carteiras");
    await assertA11y(page, "carteiras");

    await step(page, "e-mail: remetente, cópia e caixas compartilhadas", async () => {
      await page.getByRole("tab", { name: "E-mail" }).click();
      await page.getByLabel("Nome do remetente").fill("Alfa Cobrança");
      await page.getByLabel("Cópia (CC)").fill("cobranca@alfa.com.br, auditoria@alfa.com.br");
      await page.getByLabel("Enviar os detalhes da dívida a caixas compartilhadas de empresas").check();
      await page.getByRole("button", { name: "Salvar" }).click();
      await page.getByText("Configurações de e-mail salvas.").waitFor();
      const saved = await (await page.request.get(`${url}/api/creditors/${A}/email-settings`)).json() as { fromName: string; cc: string[]; allowSharedMailboxDetails: boolean };
      assert.deepEqual([saved.fromName, saved.cc, saved.allowSharedMailboxDetails], ["Alfa Cobrança", ["cobranca@alfa.com.br", "auditoria@alfa.com.br"], true]);
      await page.getByRole("region", { name: "Não recebem mais cópias" }).getByText("auditoria@alfa.com.br, desde 20/11/2026 11:30").waitFor();
    });
    await step(page, "e-mail: DKIM e o registro DNS a publicar", async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
      await page.getByLabel("E-mail do remetente").fill("cobranca@alfa.com.br");
      await page.getByLabel("Domínio").fill("alfa.com.br");
      await page.getByLabel("Seletor").fill("regua");
      await page.getByLabel("Chave privada (PEM)").fill(privateKey);
      await page.getByRole("button", { name: "Salvar" }).click();
      await page.getByText("Configurações de e-mail salvas.").waitFor();
      assert.equal(await page.getByTestId("dkim-name").innerText(), "regua._domainkey.alfa.com.br");
      assert.match(await page.getByTestId("dkim-record").innerText(), /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
      await page.getByRole("button", { name: "Copiar: Valor do registro TXT" }).waitFor();
      assert.equal(await page.getByLabel("Chave privada (PEM)").inputValue(), "", "the key is never shown back");
    });
    await screenshot(page, "email");
    await assertA11y(page, "e-mail");
    assert.deepEqual(pageErrors(page), []);
  });

  it("every page at phone width: screenshot and axe", async () => {
    const page = await login("managerA", "celular-acoes", PHONE);
    for (const path of [`/devedores/${seed.a.debtor.id}`, `/devedores/${brunoId}`, "/pagamentos", "/pagamentos?aba=todos", "/configuracoes?aba=encargos", "/configuracoes?aba=contato", "/configuracoes?aba=negociacao", "/configuracoes?aba=carteiras", "/configuracoes?aba=email"]) {
      await step(page, `${path} no celular`, async () => {
        await page.goto(`${url}${path}`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await settle(page);
      });
      await screenshot(page, `celular${path.replace(/[/?=]+/g, "-")}`);
      await assertA11y(page, `${path} no celular`);
      assert.ok((await page.evaluate("document.documentElement.scrollWidth")) as number <= PHONE.width, `${path}: nothing wider than the phone (wide tables scroll inside their own region)`);
    }
    await step(page, "a ação abre como diálogo no celular", async () => {
      await page.goto(`${url}/devedores/${brunoId}`);
      await page.getByRole("button", { name: "Gerar PIX" }).click();
      await page.getByRole("dialog", { name: "Gerar cobrança PIX" }).getByRole("button", { name: "Gerar PIX" }).click();
      await page.getByRole("dialog").getByTestId("pix-code").waitFor();
    });
    await screenshot(page, "celular-pix", { fullPage: false });
    await assertA11y(page, "PIX no celular");
    assert.deepEqual(pageErrors(page), []);
  });
});
