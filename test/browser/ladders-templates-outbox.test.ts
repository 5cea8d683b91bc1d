// The ladder, template and outbox pages in Chromium against the real server on SQLite: a
// manager builds a ladder (an invalid step shows the server's error beside it, then is
// fixed), simulates it on the real portfolio and saves it; edits a template, sees the CDC
// lint refuse a threat, fixes it, previews it with a debtor, saves v1 and v2 and restores
// v1; then, after a ladder run and the e-mail dispatcher, opens the outbox, approves a
// formal step, sees an uncertain send explained and reads a message as the debtor got it.
// Every page passes axe at laptop and phone width and leaves screenshots.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { freshDatabase } from "../support/db.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addUser, ensureAdmin } from "../../src/app/auth/users.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { dispatchUntilIdle } from "../../src/app/dispatch/dispatch-email.ts";
import { startEmail, type RunningEmail } from "../../src/app/email/start-email.ts";
import { loadDemo } from "../../src/app/import/load-demo.ts";
import { runLadder } from "../../src/app/ladder/run-ladder.ts";
import { buildServer, type App } from "../../src/http/server.ts";
import { checkA11y, formatViolations, launchBrowser, newPage, pageErrors, screenshot as saveScreenshot, step } from "./harness.ts";

const PASSWORD = "senha-de-teste-123";
const MANAGER = "gestora@teste.regua";
const AUDITOR = "auditora@teste.regua";
const PHONE = { width: 390, height: 844 };
/** Monday 23 November 2026, 10:00 in São Paulo: the run; the dispatcher an hour later. */
const RUN_AT = "2026-11-23T13:00:00.000Z";
const DISPATCH_AT = "2026-11-23T14:00:00.000Z";
const TEMPLATE_KEY = "varejo.amigavel.email";

describe("ladder, template and outbox pages in Chromium (real server, SQLite)", () => {
  let app: App;
  let url: string;
  let browser: Browser;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let email: RunningEmail;
  let creditorId: string;
  /** The dispatcher's clock is an hour after the run, inside the contact window. */
  let dispatcher: AppDeps;

  before(async () => {
    database = await freshDatabase("sqlite");
    const setup: AppDeps = { database, clock: fixedClock("2026-11-23T12:00:00Z") };
    await ensureAdmin(setup, PASSWORD);
    ({ creditorId } = await loadDemo(setup, SYSTEM_ACTOR, { debtors: 40, seed: 7 }));
    await addUser(setup, SYSTEM_ACTOR, { email: MANAGER, name: "Gabriela Gestora", role: "manager", creditorIds: [creditorId], password: PASSWORD });
    await addUser(setup, SYSTEM_ACTOR, { email: AUDITOR, name: "Aurora Auditora", role: "auditor", creditorIds: [creditorId], password: PASSWORD });
    dispatcher = { database, clock: fixedClock(DISPATCH_AT) };
    email = await startEmail(dispatcher, { mailDomain: "cobranca.test", publicUrl: "https://regua.test", secret: "segredo-de-teste" });
    // REGUA_WEB_DIST lets a developer test a build made elsewhere; CI builds web/dist.
    app = await buildServer({ database, clock: { now: () => new Date() } }, { logLevel: "silent", ...(process.env.REGUA_WEB_DIST ? { webDist: process.env.REGUA_WEB_DIST } : {}) });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await email?.close();
    await database?.cleanup();
  });

  async function login(who: string, testName: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await newPage(browser, { testName, ...(viewport ? { viewport } : {}) });
    track(page);
    await step(page, `entrar como ${who}`, async () => {
      await page.goto(`${url}/login`);
      await page.getByLabel("E-mail", { exact: true }).fill(who);
      await page.getByLabel("Senha", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("navigation", { name: "Navegação principal" }).waitFor({ state: "attached" });
    });
    return page;
  }

  /** Full-page screenshots from the top: scrolled, the fixed header would be painted mid-page. */
  async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
    if (options.fullPage !== false) await page.evaluate("window.scrollTo(0, 0)");
    return saveScreenshot(page, name, options);
  }

  const inFlight = new WeakMap<Page, { count: number; last: number }>();
  /** Counts the page's requests in flight (from its first navigation). */
  function track(page: Page): void {
    const state = { count: 0, last: Date.now() };
    const done = () => {
      state.count = Math.max(0, state.count - 1);
      state.last = Date.now();
    };
    page.on("request", () => {
      state.count++;
      state.last = Date.now();
    });
    page.on("requestfinished", done);
    page.on("requestfailed", done);
    inFlight.set(page, state);
  }
  /**
   * Waits until no request has been in flight for half a second. Playwright's "networkidle"
   * never fires again once a sandboxed srcdoc iframe (the e-mail preview) is on the page.
   */
  async function settle(page: Page): Promise<void> {
    const state = inFlight.get(page);
    if (!state) throw new Error("página sem acompanhamento de rede: use track(page)");
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (state.count === 0 && Date.now() - state.last >= 500) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`a página não parou de carregar (${state.count} pedidos pendentes)`);
  }

  async function assertA11y(page: Page, where: string): Promise<void> {
    await settle(page);
    assert.equal(formatViolations(await checkA11y(page)), formatViolations([]), where);
  }

  const stepGroup = (page: Page, n: number) => page.getByRole("group", { name: new RegExp(`^D\\S* Etapa ${n}:`) });

  it("a manager builds a ladder, sees the server's error on a step, fixes it, simulates and saves", async () => {
    const page = await login(MANAGER, "reguas");
    await step(page, "abrir réguas: sem régua, o editor de uma nova", async () => {
      await page.getByRole("navigation", { name: "Navegação principal" }).getByRole("link", { name: "Réguas" }).click();
      await page.getByRole("heading", { level: 1, name: "Réguas" }).waitFor();
      await page.getByRole("heading", { level: 2, name: "Nova régua" }).waitFor();
      await page.getByText("Nenhuma régua ainda.").waitFor();
    });
    await step(page, "nome, identificador e a primeira etapa (D+5, SMS)", async () => {
      await page.getByLabel("Nome", { exact: true }).fill("Varejo padrão");
      await page.getByLabel("Identificador", { exact: true }).fill("varejo");
      const first = stepGroup(page, 1);
      await first.getByLabel("Dia", { exact: true }).fill("5");
      await first.getByLabel("Canal").selectOption("sms");
      await page.getByRole("group", { name: /Etapa 1: d\+5 · SMS/ }).waitFor();
    });
    await step(page, "segunda etapa com um dia inválido: o erro do servidor aparece ao lado", async () => {
      await page.getByRole("button", { name: "Adicionar etapa" }).first().click();
      const second = stepGroup(page, 2);
      const day = second.getByLabel("Dia", { exact: true });
      await day.fill("4000");
      await second.getByLabel("Fase").selectOption("firm");
      await second.getByText("use um número inteiro de dias em relação ao vencimento, de -365 a 3650 (negativo = antes) (recebido 4000)").waitFor();
      assert.equal(await day.getAttribute("aria-invalid"), "true");
      await page.getByText("1 erro(s): corrija os campos marcados.").waitFor();
      assert.equal(await page.getByRole("button", { name: "Simular" }).isDisabled(), true, "no simulation while the ladder is invalid");
    });
    await screenshot(page, "etapa-invalida");
    await assertA11y(page, "régua com erro");
    await step(page, "corrigir para D+20: o erro some e a linha do tempo mostra as duas etapas", async () => {
      const day = stepGroup(page, 2).getByLabel("Dia", { exact: true });
      await day.fill("20");
      await day.blur();
      await page.getByText("Régua válida.").waitFor();
      assert.equal(await page.getByText("(recebido 4000)").count(), 0);
      const markers = page.getByRole("list", { name: "Etapas na linha do tempo" }).getByRole("button");
      assert.deepEqual(await markers.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label"))), [
        "D+5: etapa d+5, SMS, fase Amigável",
        "D+20: etapa d+20, E-mail, fase Firme",
      ]);
    });
    await step(page, "simular no dia de hoje, antes de salvar", async () => {
      await page.getByRole("button", { name: "Simular" }).click();
      await page.getByText("Simulação para 23/11/2026").waitFor();
      const byChannel = page.getByRole("table", { name: "Por canal" });
      await byChannel.getByRole("row").nth(1).waitFor();
      const channels = await byChannel.locator("tbody tr td:first-child").allInnerTexts();
      assert.ok(channels.includes("E-mail"), `canais: ${channels.join(", ")}`);
      const sample = page.getByRole("table", { name: "Amostra do que seria planejado" });
      await sample.getByRole("row").nth(1).waitFor();
      await sample.getByText(/^hora de [A-Z]/).first().waitFor();
      assert.equal(await database.db.selectFrom("ladders").selectAll().execute().then((rows) => rows.length), 0, "the simulation stored nothing");
      assert.equal(await database.db.selectFrom("actions").selectAll().execute().then((rows) => rows.length), 0);
    });
    await screenshot(page, "simulacao");
    await assertA11y(page, "simulação");
    await step(page, "salvar: a régua vira a padrão, versão 1", async () => {
      await page.getByRole("button", { name: "Salvar régua" }).click();
      await page.getByText('Régua "Varejo padrão" criada (versão 1).').waitFor();
      const list = page.getByRole("navigation", { name: "Réguas do credor" });
      await list.getByText("Padrão", { exact: true }).waitFor();
      await page.getByRole("heading", { level: 2, name: "Régua: Varejo padrão" }).waitFor();
    });
    await step(page, "pelo teclado: → move a primeira etapa um dia; salvar cria a versão 2", async () => {
      const marker = page.getByRole("button", { name: "D+5: etapa d+5, SMS, fase Amigável" });
      await marker.focus();
      await page.keyboard.press("ArrowRight");
      await page.getByText("Etapa d+5 movida para D+6.").waitFor();
      assert.equal(await stepGroup(page, 1).getByLabel("Dia", { exact: true }).inputValue(), "6");
      await page.getByRole("button", { name: "D+6: etapa d+6, SMS, fase Amigável" }).waitFor();
      await page.getByRole("button", { name: "Salvar nova versão" }).click();
      await page.getByText("Régua salva: versão 2.").waitFor();
      const versions = page.getByRole("table", { name: "Histórico de versões" });
      await versions.getByRole("row").nth(2).waitFor();
    });
    await screenshot(page, "regua-salva");
    await assertA11y(page, "régua salva");
    await step(page, "em inglês", async () => {
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: "Ladders" }).waitFor();
      await page.getByRole("button", { name: "Save new version" }).waitFor();
      await page.getByRole("button", { name: "Português" }).click();
      await page.getByRole("heading", { level: 1, name: "Réguas" }).waitFor();
    });
    const stored = await database.db.selectFrom("ladder_versions").select(["version", "document"]).orderBy("version").execute();
    assert.deepEqual(stored.map((v) => JSON.parse(v.document).steps.map((s: { id: string; offsetDays: number; channel: string }) => `${s.id}@${s.offsetDays}:${s.channel}`)), [
      ["d+5@5:sms", "d+20@20:email"],
      ["d+6@6:sms", "d+20@20:email"],
    ]);
    assert.deepEqual(pageErrors(page), []);
  });

  it("a manager edits a template: the lint refuses a threat, the fix previews with a debtor, v1 and v2 are saved and v1 restored", async () => {
    const page = await login(MANAGER, "modelos");
    await step(page, "lista de modelos, filtrada por canal", async () => {
      await page.getByRole("navigation", { name: "Navegação principal" }).getByRole("link", { name: "Modelos" }).click();
      await page.getByRole("table", { name: "Modelos de mensagem" }).waitFor();
      await page.getByLabel("Canal").selectOption("email");
      await page.getByRole("link", { name: TEMPLATE_KEY }).waitFor();
    });
    await screenshot(page, "lista");
    await assertA11y(page, "lista de modelos");
    const editor = page.getByRole("textbox", { name: "Texto do modelo (Liquid)" });
    let original = "";
    await step(page, "abrir o modelo padrão", async () => {
      await page.getByRole("link", { name: TEMPLATE_KEY }).click();
      await page.getByRole("heading", { level: 1, name: TEMPLATE_KEY }).waitFor();
      original = await editor.inputValue();
      assert.match(original, /^Assunto: /);
      await page.getByText("Nenhum problema encontrado.").waitFor();
    });
    await step(page, "uma ameaça é um erro, marcado na linha, e bloqueia o salvamento", async () => {
      await editor.fill(`${original}\nSe não pagar, vamos acionar a polícia.`);
      const findings = page.getByRole("list", { name: "Problemas encontrados no modelo" });
      const line = original.split("\n").length + 1;
      await findings.getByText(`linha ${line}, coluna 31`).waitFor();
      await findings.getByText(/Ameaça com polícia/).waitFor();
      await page.locator(`[data-level="error"]`).filter({ hasText: String(line) }).first().waitFor();
      assert.equal(await page.getByRole("button", { name: "Salvar como nova versão" }).isDisabled(), true);
      await page.getByText("Corrija os erros para salvar.").waitFor();
      await findings.getByRole("button").first().click();
      const caret = await editor.evaluate((el) => {
        const area = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
        return area.value.slice(area.selectionStart, area.selectionEnd);
      });
      assert.equal(caret, "polícia", "clicking the finding selects the offending words");
    });
    await screenshot(page, "erro-de-conformidade");
    await assertA11y(page, "modelo com erro");
    await step(page, "corrigir; a prévia mostra a mensagem com os dados de um devedor real", async () => {
      await editor.fill(`${original}\nEstamos à disposição para negociar.`);
      await page.getByText("Nenhum problema encontrado.").waitFor();
      const debtorName = await page.getByLabel("Devedor da prévia").evaluate((el) => (el as unknown as { selectedOptions: { textContent: string | null }[] }).selectedOptions[0]?.textContent ?? "");
      const firstName = debtorName.split(" ")[0]!;
      assert.ok(firstName.length > 1);
      await page.getByTestId("preview-subject").waitFor();
      const frame = page.frameLocator("iframe[title='Prévia do e-mail como o devedor vê']");
      await frame.getByText(`Olá, ${firstName}.`).waitFor();
      await frame.getByText("Estamos à disposição para negociar.").waitFor();
    });
    await screenshot(page, "previa");
    await assertA11y(page, "prévia do modelo");
    await step(page, "salvar a versão 1, editar e salvar a versão 2", async () => {
      await page.getByRole("button", { name: "Salvar como nova versão" }).click();
      await page.getByText("Versão 1 salva.").waitFor();
      await editor.fill(`${original}\nEstamos à disposição para negociar.\nObrigado pela atenção.`);
      await page.getByText("Nenhum problema encontrado.").waitFor();
      await page.getByRole("button", { name: "Salvar como nova versão" }).click();
      await page.getByText("Versão 2 salva.").waitFor();
    });
    await step(page, "comparar a versão 1 com o editor e restaurá-la", async () => {
      await page.getByRole("tab", { name: "Versões" }).click();
      await page.getByRole("button", { name: "Comparar a versão 1 com o editor" }).click();
      const diff = page.getByRole("region", { name: "Diferenças: versão 1 → editor" });
      await diff.getByText("Obrigado pela atenção.").waitFor();
      await page.getByText("+1 −0 linhas").waitFor();
      await screenshot(page, "versoes");
      await assertA11y(page, "versões do modelo");
      await page.getByRole("button", { name: "Restaurar a versão 1" }).click();
      await page.getByText("Versão 1 restaurada como versão 3.").waitFor();
      assert.equal(await editor.inputValue(), `${original}\nEstamos à disposição para negociar.`);
      await page.getByText("restaurada da v1").waitFor();
    });
    const rows = await database.db.selectFrom("message_templates").select(["version", "content", "restored_from"]).where("key", "=", TEMPLATE_KEY).orderBy("version").execute();
    assert.deepEqual(rows.map((r) => [r.version, r.restored_from, r.content.endsWith("Obrigado pela atenção.")]), [[1, null, false], [2, null, true], [3, 1, false]]);
    assert.deepEqual(pageErrors(page), []);
  });

  it("after a run and the dispatcher, the outbox shows planned and sent messages, approvals, an uncertain send and a message as the debtor saw it", async () => {
    const { db } = database;
    await step(await newPage(browser, { testName: "preparo" }), "rodar a régua e o despachante", async () => {
      const run = await runLadder({ database, clock: fixedClock(RUN_AT) }, SYSTEM_ACTOR, creditorId, { at: RUN_AT });
      assert.ok(run.summary.written > 0, "the run planned actions");
      const sent = await dispatchUntilIdle(dispatcher, { creditorId });
      assert.ok(sent.sent > 0, `the dispatcher sent e-mails: ${JSON.stringify(sent)}`);
      await email.sink!.settled();
    });
    // A formal step waiting for the manager, and a send interrupted after the SMTP server got it.
    const planned = await db.selectFrom("actions").selectAll().where("status", "=", "planned").orderBy("id").executeTakeFirstOrThrow();
    const now = RUN_AT;
    await db.insertInto("actions").values({
      creditor_id: creditorId, debtor_id: planned.debtor_id, ladder_id: "varejo", ladder_version: 2, step_id: "d+45", stage: "extrajudicial", channel: "credit_bureau", local_day: "2026-11-23",
      idempotency_key: "teste-aprovacao", status: "awaiting_approval", send_at: now, contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null, provider_message_id: null,
      approved_by: null, approved_at: null, sent_at: null, created_at: now, updated_at: now,
    }).execute();
    await db.insertInto("actions").values({
      creditor_id: creditorId, debtor_id: planned.debtor_id, ladder_id: "varejo", ladder_version: 2, step_id: "d+60", stage: "extrajudicial", channel: "protest", local_day: "2026-11-23",
      idempotency_key: "teste-recusa", status: "awaiting_approval", send_at: now, contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null, provider_message_id: null,
      approved_by: null, approved_at: null, sent_at: null, created_at: now, updated_at: now,
    }).execute();
    const sentAction = await db.selectFrom("actions").select(["id", "debtor_id"]).where("status", "=", "sent").orderBy("id", "desc").executeTakeFirstOrThrow();
    await db.updateTable("actions").set({ status: "uncertain", last_error: "envio interrompido depois de entregue ao servidor SMTP: confira antes de reenviar" }).where("id", "=", sentAction.id).execute();
    const debtorOfApproval = await db.selectFrom("debtors").select("name").where("id", "=", planned.debtor_id).executeTakeFirstOrThrow();

    const page = await login(MANAGER, "caixa-de-saida");
    await step(page, "abrir a caixa de saída: enviados e planejados, com contagem por situação", async () => {
      await page.getByRole("navigation", { name: "Navegação principal" }).getByRole("link", { name: "Caixa de saída" }).click();
      const table = page.getByRole("table", { name: "Acionamentos" });
      await table.getByRole("row").nth(3).waitFor();
      const statuses = await table.locator("tbody tr td:nth-child(4)").allInnerTexts();
      assert.ok(statuses.some((s) => s.includes("Enviado")), statuses.join(","));
      assert.ok(statuses.some((s) => s.includes("Planejado")), statuses.join(","));
      await page.getByRole("group", { name: "Filtrar por situação" }).getByRole("button", { name: /^Enviado \d+$/ }).waitFor();
    });
    await step(page, "o envio incerto é explicado", async () => {
      await page.getByText("Envio incerto: confira antes de reenviar").waitFor();
      await page.getByText(/A Régua não reenvia sozinha/).waitFor();
    });
    await screenshot(page, "acionamentos");
    await assertA11y(page, "caixa de saída");
    await step(page, "aprovar a negativação e recusar o protesto que aguardam o gestor", async () => {
      await page.getByRole("group", { name: "Filtrar por situação" }).getByRole("button", { name: /^Aguardando aprovação 2$/ }).click();
      await page.waitForURL(/status=awaiting_approval/);
      const table = page.getByRole("table", { name: "Acionamentos" });
      const listing = table.getByRole("row").filter({ hasText: "Negativação" });
      await listing.getByRole("button", { name: `Aprovar o acionamento de ${debtorOfApproval.name}` }).click();
      await page.getByText(`Acionamento de ${debtorOfApproval.name} aprovado.`).waitFor();
      const approved = await db.selectFrom("actions").select(["status", "approved_by"]).where("idempotency_key", "=", "teste-aprovacao").executeTakeFirstOrThrow();
      assert.deepEqual(approved, { status: "planned", approved_by: `user:${MANAGER}` });
      await table.getByRole("row").filter({ hasText: "Protesto" }).getByRole("button", { name: `Recusar o acionamento de ${debtorOfApproval.name}` }).click();
      const dialog = page.getByRole("dialog", { name: "Recusar acionamento" });
      await dialog.getByRole("button", { name: "Recusar acionamento" }).click();
      await dialog.getByText("Descreva o motivo (pelo menos 3 letras).").waitFor();
      await dialog.getByLabel("Motivo da recusa").fill("acordo em negociação");
      await dialog.getByRole("button", { name: "Recusar acionamento" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByText(`Acionamento de ${debtorOfApproval.name} recusado.`).waitFor();
      const rejected = await db.selectFrom("actions").select(["status", "cancel_reason"]).where("idempotency_key", "=", "teste-recusa").executeTakeFirstOrThrow();
      assert.deepEqual(rejected, { status: "rejected", cancel_reason: "acordo em negociação" });
    });
    await step(page, "filtrar os enviados por e-mail e abrir a mensagem como o devedor viu", async () => {
      await page.getByLabel("Canal").selectOption("email");
      await page.getByLabel("Situação", { exact: true }).selectOption("sent");
      await page.waitForURL(/status=sent/);
      const table = page.getByRole("table", { name: "Acionamentos" });
      await page.waitForFunction(`[...document.querySelectorAll("table[aria-label='Acionamentos'] > tbody > tr")].every((tr) => tr.textContent.includes("Enviado"))`);
      const view = table.getByRole("button", { name: /^Ver a mensagem enviada a / }).first();
      await view.click();
      const dialog = page.getByRole("dialog");
      const frame = page.frameLocator("iframe[title='E-mail como o devedor vê']");
      await frame.getByText(/Valor atualizado/).first().waitFor();
      await dialog.getByRole("row", { name: /List-Unsubscribe/ }).first().getByText(/^<(mailto|https?):/).waitFor();
      await dialog.getByText("sem assinatura").waitFor();
      await screenshot(page, "mensagem", { fullPage: false });
      await assertA11y(page, "mensagem do devedor");
      await dialog.getByRole("tab", { name: "Texto" }).click();
      await dialog.getByLabel("Texto").getByText(/Magazine Horizonte/).first().waitFor();
      await dialog.getByRole("tab", { name: "Cabeçalhos" }).click();
      await dialog.getByRole("table", { name: "Cabeçalhos" }).getByText("Message-ID", { exact: false }).first().waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
    });
    await step(page, "a aba dos e-mails do servidor local", async () => {
      await page.getByRole("tab", { name: "E-mails no servidor local" }).click();
      await page.waitForURL(/aba=emails/);
      const table = page.getByRole("table", { name: "E-mails recebidos pelo servidor local" });
      await table.getByRole("row").nth(1).waitFor();
      const messages = await db.selectFrom("sink_messages").select("id").where("creditor_id", "=", creditorId).execute();
      assert.equal(await table.locator("tbody tr").count(), messages.length);
    });
    await screenshot(page, "emails");
    await assertA11y(page, "e-mails do servidor local");
    assert.deepEqual(pageErrors(page), []);
  });

  it("an auditor reads the outbox without approving; every page at phone width passes axe", async () => {
    const auditor = await login(AUDITOR, "auditor-caixa");
    await step(auditor, "o auditor vê a caixa de saída, sem botões de aprovação", async () => {
      await auditor.goto(`${url}/caixa-de-saida`);
      await auditor.getByRole("table", { name: "Acionamentos" }).waitFor();
      assert.equal(await auditor.getByRole("button", { name: /^Aprovar/ }).count(), 0);
      await auditor.goto(`${url}/reguas`);
      await auditor.getByRole("heading", { level: 1, name: "Acesso restrito" }).waitFor();
    });
    assert.deepEqual(pageErrors(auditor), []);

    const page = await login(MANAGER, "celular", PHONE);
    for (const path of ["/reguas", "/modelos", `/modelos/${TEMPLATE_KEY}`, "/caixa-de-saida", "/caixa-de-saida?aba=emails"]) {
      await step(page, `${path} no celular`, async () => {
        await page.goto(`${url}${path}`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await settle(page);
        await page.locator(".mantine-Skeleton-root").first().waitFor({ state: "detached" }).catch(() => undefined);
      });
      await screenshot(page, path.replace(/[/?=.]+/g, "-").replace(/^-/, ""));
      await assertA11y(page, `${path} no celular`);
      const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
      assert.ok(width <= PHONE.width, `${path}: a página rola para o lado no celular (${width}px)`);
    }
    assert.deepEqual(pageErrors(page), []);
  });
});
