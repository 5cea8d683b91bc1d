// The manager's Painel and the collector's call queue in Chromium, against the real server on
// SQLite: a collector works three calls from the queue with the keyboard (no answer, wrong
// number, right party → a boleto during the call and a promise), and the promise shows on the
// debtor's timeline; the manager's Painel shows the figures, and a figure's link opens the
// filtered list. axe on both pages at laptop and phone width; screenshots of both.
//
// The server runs on a fixed clock, Monday 3 June 2030 at 10:00 in São Paulo (inside every
// phone contact window but Acre's), and the browser's clock is set to the same instant, so
// "today" agrees on both sides and the test does not depend on the day it runs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { freshDatabase } from "../support/db.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addUser, ensureAdmin } from "../../src/app/auth/users.ts";
import { addBillingAccount } from "../../src/app/boleto/billing-accounts.ts";
import { testAccountInput } from "../../src/app/boleto/billing-test-accounts.ts";
import { loadDemo } from "../../src/app/import/load-demo.ts";
import { recordPromise } from "../../src/app/negotiation/promises.ts";
import { recordManualPayment } from "../../src/app/payments/record-manual-payment.ts";
import { buildServer, type App } from "../../src/http/server.ts";
import { checkA11y, formatViolations, launchBrowser, newPage, pageErrors, screenshot, step } from "./harness.ts";

const NOW = "2030-06-03T13:00:00.000Z";
const TODAY = "2030-06-03";
const PASSWORD = "senha-de-teste-123";
const PHONE = { width: 390, height: 844 };
const USERS = { manager: "gestora.painel@teste.regua", collector: "operador.fila@teste.regua" } as const;
type Who = keyof typeof USERS;

describe("Painel and call queue in Chromium (real server, SQLite)", () => {
  let app: App;
  let url: string;
  let browser: Browser;
  let cleanup: () => Promise<void>;

  before(async () => {
    const database = await freshDatabase("sqlite");
    cleanup = database.cleanup;
    const deps = { database, clock: fixedClock(NOW) };
    await ensureAdmin(deps, PASSWORD);
    const { creditorId } = await loadDemo(deps, SYSTEM_ACTOR, { debtors: 60, seed: 5 });
    await addUser(deps, SYSTEM_ACTOR, { email: USERS.manager, name: "Gabriela Gestora", role: "manager", creditorIds: [creditorId], password: PASSWORD });
    await addUser(deps, SYSTEM_ACTOR, { email: USERS.collector, name: "Otávio Operador", role: "collector", creditorIds: [creditorId], password: PASSWORD });
    // Bradesco numbers boletos with 11 digits, as the demo portfolio's nossos números.
    await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("bradesco", { nextOurNumber: 700 }));
    const { db } = database;

    // The month's activity the Painel counts: two payments, a promise due today, e-mails sent and opened, formal steps awaiting approval.
    const late = await db
      .selectFrom("debts as t")
      .innerJoin("debtors as d", "d.id", "t.debtor_id")
      .select(["d.id", "d.document", "t.external_id", "t.open_cents"])
      .where("t.creditor_id", "=", creditorId)
      .where("t.status", "=", "open")
      .where("t.due_date", "<", TODAY)
      .orderBy("t.id")
      .limit(4)
      .execute();
    for (const [i, debt] of late.slice(0, 2).entries()) {
      await recordManualPayment(deps, SYSTEM_ACTOR, creditorId, { debtorDocument: debt.document, debtExternalId: debt.external_id, amountCents: 5_000 + i * 2_500, method: "cash", paidDate: i === 0 ? TODAY : "2030-06-01", note: "recebido no caixa" });
    }
    await recordPromise(deps, SYSTEM_ACTOR, creditorId, { id: String(late[2]!.id) }, { amountCents: 12_345, date: TODAY, channel: "phone" });
    let key = 0;
    const action = async (debtorId: number, channel: string, status: "sent" | "failed" | "planned" | "awaiting_approval") => {
      const { id } = await db.insertInto("actions").values({
        creditor_id: creditorId, debtor_id: debtorId, ladder_id: "varejo", ladder_version: 1, step_id: `passo-${++key}`, stage: channel === "credit_bureau" ? "extrajudicial" : "friendly", channel,
        local_day: TODAY, idempotency_key: `painel-${key}`, status, send_at: NOW, contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null,
        provider_message_id: null, approved_by: null, approved_at: null, sent_at: status === "sent" ? NOW : null, created_at: NOW, updated_at: NOW,
      }).returning("id").executeTakeFirstOrThrow();
      return Number(id);
    };
    const someone = Number(late[3]!.id);
    const sent = [await action(someone, "email", "sent"), await action(someone, "email", "sent"), await action(someone, "email", "sent")];
    await action(someone, "email", "failed");
    await action(someone, "sms", "sent");
    await action(someone, "credit_bureau", "awaiting_approval");
    await action(someone, "credit_bureau", "awaiting_approval");
    for (const id of sent.slice(0, 2)) await db.insertInto("tracking_events").values({ creditor_id: creditorId, action_id: id, debtor_id: someone, contact_id: null, kind: "opened", at: NOW, data: "{}" }).execute();

    app = await buildServer(deps, { logLevel: "silent", ...(process.env.REGUA_WEB_DIST ? { webDist: process.env.REGUA_WEB_DIST } : {}) });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await cleanup?.();
  });

  async function login(who: Who, testName: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await newPage(browser, { testName, ...(viewport ? { viewport } : {}) });
    await page.clock.setFixedTime(new Date(NOW));
    await step(page, `entrar como ${who}`, async () => {
      await page.goto(`${url}/login`);
      await page.getByLabel("E-mail", { exact: true }).fill(USERS[who]);
      await page.getByLabel("Senha", { exact: true }).fill(PASSWORD);
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

  /** Records the outcome chosen with its key, with Enter, and waits for the confirmation. */
  async function recordWithKeys(page: Page, key: string, outcome: string): Promise<void> {
    await page.keyboard.press(key);
    await page.getByRole("button", { name: `Registrar: ${outcome}` }).waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: `Ligação registrada: ${outcome}` }).waitFor();
  }

  async function currentDebtor(page: Page): Promise<string> {
    return (await page.locator("#call-debtor").innerText()).trim();
  }

  it("a collector works three calls from the queue with the keyboard; the promise shows on the timeline", async () => {
    const page = await login("collector", "fila");
    const names: string[] = [];
    await step(page, "abrir a fila de ligações", async () => {
      await page.getByRole("link", { name: "Fila de ligações" }).first().click();
      await page.getByRole("heading", { level: 1, name: "Fila de ligações" }).waitFor();
      await page.getByRole("heading", { name: "Roteiro da ligação" }).waitFor();
      names.push(await currentDebtor(page));
      // Before the identity is confirmed, no amount of the debt is on the page.
      await page.getByText("Os títulos e valores aparecem depois que a identidade for confirmada.").waitFor();
      assert.equal(await page.getByRole("table", { name: "Títulos da ligação com os valores de hoje" }).count(), 0);
      assert.equal(await page.getByRole("button", { name: /Falou com o titular/ }).getAttribute("aria-disabled"), "true");
    });
    await screenshot(page, "fila-antes-da-identidade");
    await assertA11y(page, "fila de ligações");

    await step(page, "1ª ligação: não atendeu (4, Enter), próximo (N)", async () => {
      await recordWithKeys(page, "4", "Não atendeu");
      await page.keyboard.press("n");
      await page.getByRole("heading", { name: "Roteiro da ligação" }).waitFor();
      names.push(await currentDebtor(page));
      assert.notEqual(names[1], names[0], "outro devedor");
    });
    await step(page, "2ª ligação: número errado (3, Enter), próximo (N)", async () => {
      await recordWithKeys(page, "3", "Número errado");
      await page.getByText(/foi marcado como inválido/).waitFor();
      await page.keyboard.press("n");
      await page.getByRole("heading", { name: "Roteiro da ligação" }).waitFor();
      names.push(await currentDebtor(page));
      assert.ok(!names.slice(0, 2).includes(names[2]!), `três devedores diferentes: ${names.join(", ")}`);
    });
    let debtorPath = "";
    await step(page, "3ª ligação: identidade confirmada (I), o débito com os encargos de hoje, um boleto", async () => {
      await page.keyboard.press("i");
      await page.getByText("Identidade confirmada", { exact: true }).first().waitFor();
      const table = page.getByRole("table", { name: "Títulos da ligação com os valores de hoje" });
      await table.waitFor();
      assert.ok((await table.getByRole("row").count()) >= 2);
      await page.getByRole("list", { name: "Condições que a política permite hoje" }).or(page.getByText("Nenhuma condição de negociação")).first().waitFor();
      debtorPath = (await page.getByRole("link", { name: "Abrir a página do devedor" }).getAttribute("href")) ?? "";
      assert.match(debtorPath, /^\/devedores\/\d+$/);
      await page.getByRole("button", { name: "Emitir boleto" }).click();
      const dialog = page.getByRole("dialog", { name: "Emitir boleto" });
      await dialog.getByRole("button", { name: "Emitir boleto" }).click();
      await dialog.getByText("Linha digitável").waitFor();
    });
    await screenshot(page, "fila-boleto-na-ligacao", { fullPage: false });
    await step(page, "fechar o boleto e registrar a promessa (5, Enter)", async () => {
      await page.getByRole("dialog", { name: "Emitir boleto" }).getByRole("button", { name: "Concluir" }).click();
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await page.keyboard.press("5");
      await page.getByLabel("Valor prometido").waitFor();
      assert.match(await page.getByLabel("Valor prometido").inputValue(), /^\d+,\d{2}$/);
      assert.equal(await page.getByLabel("Pagará até").inputValue(), "2030-06-06");
    });
    await page.evaluate("window.scrollTo(0, 0)");
    await screenshot(page, "fila");
    await assertA11y(page, "fila com a identidade confirmada e a promessa");
    await step(page, "Enter registra a promessa", async () => {
      await page.getByRole("heading", { name: "Resultado da ligação" }).click();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Ligação registrada: Promessa de pagamento" }).waitFor();
      await page.getByText(/Promessa de R\$\s[\d.]+,\d{2} até 06\/06\/2030 registrada/).waitFor();
    });
    await step(page, "a promessa e as ligações aparecem no histórico do devedor", async () => {
      await page.goto(`${url}${debtorPath}`);
      await page.getByRole("heading", { level: 1, name: names[2] }).waitFor();
      const timeline = page.getByRole("heading", { name: "Histórico" }).locator("xpath=ancestor::section[1]");
      await timeline.getByText("Promessa de pagamento", { exact: true }).first().waitFor();
      await timeline.getByText("Ligação: promessa de pagamento").waitFor();
    });
    assert.deepEqual(pageErrors(page), []);
  });

  it("the manager's Painel shows the figures; a bucket's link opens the filtered debtor list", async () => {
    const page = await login("manager", "painel");
    await step(page, "o painel com os números", async () => {
      await page.goto(`${url}/`);
      await page.getByRole("heading", { level: 1, name: "Painel" }).waitFor();
      await page.getByText("Carteira em aberto", { exact: true }).waitFor();
      await page.getByRole("img", { name: /Gráfico de barras do saldo em aberto por faixa de atraso/ }).locator("svg").waitFor();
      // R$ 50,00 today + R$ 75,00 on the 1st.
      await page.getByRole("link", { name: /^Recuperado no mês: R\$\s125,00 — ver os pagamentos$/ }).waitFor();
      await page.getByRole("link", { name: /^Vencem hoje: R\$\s123,45 — ver a lista de promessas e parcelas$/ }).waitFor();
      await page.getByRole("link", { name: "Aprovações pendentes: 2 — ver na caixa de saída" }).waitFor();
      await page.getByRole("link", { name: "3 Enviados — E-mail: ver na caixa de saída" }).waitFor();
      await page.getByRole("link", { name: "2 Abertos — E-mail: ver na caixa de saída" }).waitFor();
      const due = page.getByRole("list", { name: "Promessas de pagamento" });
      assert.match(await due.innerText(), /R\$\s123,45/);
    });
    await screenshot(page, "painel");
    await assertA11y(page, "painel");
    await step(page, "em inglês", async () => {
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      await page.getByRole("heading", { name: "Open portfolio by days late" }).waitFor();
      await page.getByRole("link", { name: /^Recovered this month: R\$\s?125\.00 — see the payments$/ }).waitFor();
      await page.getByRole("button", { name: "Português" }).click();
      await page.getByRole("heading", { level: 1, name: "Painel" }).waitFor();
    });
    let count = "";
    await step(page, "o link de uma faixa abre a lista de devedores filtrada", async () => {
      const link = page.getByRole("link", { name: /devedores em 361 dias ou mais — ver a lista/ });
      count = (await link.innerText()).trim();
      await link.click();
      await page.waitForURL(/\/devedores\?bucket=361_plus$/);
      await page.getByRole("heading", { level: 1, name: "Devedores" }).waitFor();
      assert.equal(await page.getByLabel("Atraso (título mais antigo)").inputValue(), "361_plus");
      await page.waitForFunction(`document.querySelectorAll("table[aria-label='Lista de devedores'] tbody tr").length === ${Number(count)}`);
    });
    await step(page, "o link do valor recuperado abre os pagamentos do mês", async () => {
      await page.goBack();
      await page.getByRole("link", { name: /^Recuperado no mês: R\$\s125,00 — ver os pagamentos$/ }).click();
      await page.waitForURL(/\/pagamentos\?aba=todos&situacao=applied&de=2030-06-01&ate=2030-06-03$/);
    });
    assert.deepEqual(pageErrors(page), []);
  });

  it("both pages at phone width: screenshot and axe", async () => {
    for (const who of ["manager", "collector"] as const) {
      const page = await login(who, who === "manager" ? "painel-celular" : "fila-celular", PHONE);
      if (who === "manager") {
        await step(page, "painel no celular", async () => {
          await page.goto(`${url}/`);
          await page.getByRole("heading", { level: 1, name: "Painel" }).waitFor();
          await page.getByRole("img", { name: /Gráfico de barras/ }).locator("svg").waitFor();
        });
        await screenshot(page, "painel");
        await assertA11y(page, "painel no celular");
      } else {
        await step(page, "fila no celular", async () => {
          await page.goto(`${url}/fila-de-ligacoes`);
          await page.getByRole("heading", { level: 1, name: "Fila de ligações" }).waitFor();
          await page.getByRole("heading", { name: "Roteiro da ligação" }).waitFor();
          await page.getByRole("button", { name: /Identidade confirmada/ }).click();
          await page.getByRole("table", { name: "Títulos da ligação com os valores de hoje" }).waitFor();
        });
        await page.evaluate("window.scrollTo(0, 0)");
        await screenshot(page, "fila");
        await assertA11y(page, "fila no celular");
      }
      assert.deepEqual(pageErrors(page), []);
    }
  });
});
