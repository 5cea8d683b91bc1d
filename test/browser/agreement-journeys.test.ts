// Issue 6's end-to-end journeys, against the real server on SQLite with the embedded SMTP
// sink, the PIX simulator and a billing account; the clock is the test's (it moves).
//
// 1. The ladder's real run and dispatch send Ana an e-mail; the link is read from the HTML
//    the SMTP sink received and followed (click tracking, then /p/…) on a phone-sized
//    Chromium: the identity check, three payments, the PIX code. The simulator pays the
//    down payment and its webhook reaches the server; after the daily agreement check the
//    manager (desktop Chromium) sees the agreement active with payment 1 paid. The lock-out
//    is shown on another debtor's link, read from that debtor's own e-mail.
// 2. Payment 2 goes unpaid past the break limit: the daily run of a later day breaks the
//    agreement, the original debts are open again and the ladder's next message is planned.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { importCsv, openTestDeps, seedTenants, TEST_NOW, type Seed } from "../support/factories.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addBillingAccount } from "../../src/app/boleto/billing-accounts.ts";
import { testAccountInput } from "../../src/app/boleto/billing-test-accounts.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { dispatchUntilIdle } from "../../src/app/dispatch/dispatch-email.ts";
import { startEmail, type RunningEmail } from "../../src/app/email/start-email.ts";
import { explainDebtor } from "../../src/app/ladder/explain-debtor.ts";
import { applyLadder } from "../../src/app/ladder/ladders.ts";
import { runLadder } from "../../src/app/ladder/run-ladder.ts";
import { checkAgreements } from "../../src/app/negotiation/check-agreements.ts";
import type { PixAppDeps } from "../../src/app/pix/pix-deps.ts";
import { createPixPspClient } from "../../src/channels/pix-psp/psp-client.ts";
import { startPixSimulator, type PixSimulator } from "../../src/channels/pix-psp/simulator.ts";
import { addDays } from "../../src/domain/br/dates.ts";
import { SESSION_COOKIE } from "../../src/http/auth.ts";
import { buildServer, type App } from "../../src/http/server.ts";
import { runAllCreditors } from "../../src/jobs/daily-run.ts";
import { checkA11y, formatViolations, launchBrowser, newPage, pageErrors, screenshot, step } from "./harness.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const CARLOS = { document: "39053344705", name: "Carlos Bloqueado", email: "carlos.bloqueado@exemplo.com.br" };

// On 2025-06-02 Ana's ALFA-0001 (due 10/05) is at d+20 and ALFA-0002 (due 01/04) at d+60:
// one e-mail with both, with the d+60 template. d+90 comes next.
const LADDER = {
  id: "padrao",
  name: "Padrão",
  steps: [
    { id: "d+20", offsetDays: 20, stage: "friendly", channel: "email" },
    { id: "d+60", offsetDays: 60, stage: "firm", channel: "email" },
    { id: "d+90", offsetDays: 90, stage: "formal", channel: "email" },
  ],
};

type AgreementJson = {
  id: string;
  status: string;
  instalments: number;
  closeReason: unknown;
  debts: { externalId: string; status: string }[];
  schedule: { number: number; dueDate: string; amountCents: number; status: string; paidDate: string | null; externalId: string; openCents: number }[];
};

describe("agreement journeys: from a real e-mail to an agreement, a PIX payment, and a break (real server, SQLite)", () => {
  let env: { deps: AppDeps; cleanup(): Promise<void> };
  let deps: PixAppDeps;
  let seed: Seed;
  let app: App;
  let url: string;
  let sim: PixSimulator;
  let email: RunningEmail;
  let browser: Browser;
  let now = TEST_NOW; // Monday 2025-06-02, 10:00 in São Paulo
  let creditorId: string;
  let agreementId = "";

  before(async () => {
    env = await openTestDeps("sqlite");
    deps = env.deps;
    deps.clock = { now: () => new Date(now) };
    seed = await seedTenants(deps);
    creditorId = seed.a.creditor.id;
    const { db } = deps.database;
    // Every message names the creditor with its address (CDC art. 42-A): the seed has none.
    await db.updateTable("creditors").set({ address: "Rua Augusta, 100", city: "São Paulo", zip: "01305000" }).where("id", "=", creditorId).execute();
    // Ana also owes R$ 1.200,00 due 01/04 (62 days late: up to 6 payments); Carlos, R$ 300,00 due 10/05.
    await importCsv(deps, creditorId, [
      "documento;nome;email;uf;titulo;valor;vencimento",
      `${seed.a.debtor.document};${seed.a.debtor.name};;SP;ALFA-0002;1.200,00;01/04/2025`,
      `${CARLOS.document};${CARLOS.name};${CARLOS.email};SP;ALFA-0100;300,00;10/05/2025`,
    ].join("\n") + "\n");
    await applyLadder(deps, SYSTEM_ACTOR, creditorId, { document: LADDER });
    await addBillingAccount(deps, SYSTEM_ACTOR, creditorId, testAccountInput("itau", { nextOurNumber: 300 }));
    sim = await startPixSimulator({ nowMs: () => deps.clock.now().getTime() });
    deps.pix = { psp: createPixPspClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret }), pixKey: "5f84a4c5-c5cb-4599-9f13-7eb4d419dacc", webhookBaseUrl: null };
    app = await buildServer(deps, { logLevel: "silent" });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    // As `regua serve`: the PSP calls this server back, and the links in messages point here.
    deps.pix.webhookBaseUrl = url;
    email = await startEmail(deps, { mailDomain: "cobranca.test", publicUrl: url, secret: "segredo-do-teste-de-navegador" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await email?.close();
    await sim?.close();
    await env?.cleanup();
  });

  /**
   * The payment link of the e-mail the SMTP sink received, read from its HTML: the anchor
   * showing the /p/… address. Its href is the click-tracking redirect wrapping that same
   * address (checked here); the page is opened at the address itself, because the redirect
   * route refuses tokens this long (Fastify's default maxParamLength of 100: see the report).
   */
  async function linkFromMessage(to: string): Promise<string> {
    await email.sink!.settled();
    const messages = await deps.database.db.selectFrom("sink_messages").select(["envelope_to", "html_body"]).where("kind", "=", "message").orderBy("id").execute();
    const mine = messages.filter((m) => m.envelope_to.includes(to));
    assert.equal(mine.length, 1, `one message to ${to}: ${JSON.stringify(messages.map((m) => m.envelope_to))}`);
    const anchors = [...(mine[0]!.html_body ?? "").matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)];
    const payment = anchors.find((a) => a[2]!.startsWith(`${url}/p/`));
    assert.ok(payment, `a payment link in the HTML: ${mine[0]!.html_body}`);
    const [, href, shown] = payment as unknown as [string, string, string];
    const tracked = /\/t\/c\/\d+\.([A-Za-z0-9_-]+)\.[0-9a-f]+$/.exec(href);
    assert.ok(href.startsWith(`${url}/t/c/`) && tracked, `the link is tracked: ${href}`);
    assert.equal(Buffer.from(tracked[1]!, "base64url").toString(), shown, "the tracked redirect leads to the address shown");
    return shown;
  }

  /** The page's CSP forbids inline scripts: axe goes in through the DevTools protocol (as in self-service.test.ts). */
  async function assertAccessible(page: Page, what: string): Promise<void> {
    const source = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await page.evaluate(source);
    assert.equal(formatViolations(await checkA11y(page, { impacts: ["minor", "moderate", "serious", "critical"] })), formatViolations([]), what);
  }

  /**
   * The manager on a desktop Chromium. The session is opened through the login API at the
   * test's clock and handed to the browser as a session cookie: the server's own cookie
   * expires 12 hours after the test's clock, long before the browser's real today.
   */
  async function managerPage(testName: string): Promise<Page> {
    const res = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: seed.users.managerA.email, password: seed.users.managerA.password }) });
    assert.equal(res.status, 200, await res.text());
    const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get("set-cookie") ?? "")?.[1];
    assert.ok(token, "session cookie");
    const page = await newPage(browser, { testName, viewport: DESKTOP });
    await page.context().addCookies([{ name: SESSION_COOKIE, value: token, url }]);
    return page;
  }

  async function api<T>(page: Page, path: string): Promise<T> {
    const res = await page.request.get(`${url}${path}`);
    assert.equal(res.status(), 200, await res.text());
    return (await res.json()) as T;
  }

  const debtRow = (page: Page, externalId: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: externalId, exact: true }) });

  it("a real e-mail's link → identity check → three payments → PIX code → the webhook pays payment 1 → the manager sees the agreement active; another debtor's link locks out", async () => {
    const { db } = deps.database;
    // The ladder's real run plans one e-mail per debtor; the dispatcher sends them to the SMTP sink.
    const run = await runLadder(deps, SYSTEM_ACTOR, creditorId, { at: now });
    assert.deepEqual(run.result.planned.map((p) => [p.debtorDocument, p.debtExternalIds, p.stepId, p.channel]), [
      [seed.a.debtor.document, ["ALFA-0002", "ALFA-0001"], "d+60", "email"],
      [CARLOS.document, ["ALFA-0100"], "d+20", "email"],
    ]);
    const sent = await dispatchUntilIdle(deps);
    assert.deepEqual([sent.sent, sent.failed, sent.retried], [2, 0, 0]);

    const page = await newPage(browser, { testName: "jornada-acordo", viewport: PHONE });
    const link = await linkFromMessage(seed.a.contacts[0]!.value);
    await step(page, "abrir o link do e-mail", async () => {
      await page.goto(link);
      await page.getByRole("heading", { name: "Confirme que é você" }).waitFor();
    });
    await screenshot(page, "identidade");
    await assertAccessible(page, "identidade");

    await step(page, "dígitos errados, depois certos", async () => {
      await page.getByLabel("Os 3 primeiros dígitos do seu CPF").fill("123");
      await page.getByRole("button", { name: "Continuar" }).click();
      await page.getByRole("alert").filter({ hasText: "Os dígitos não conferem. Tentativas restantes antes do bloqueio: 4." }).waitFor();
      await page.getByLabel("Os 3 primeiros dígitos do seu CPF").fill("529");
      await page.getByRole("button", { name: "Continuar" }).click();
      await page.getByRole("heading", { name: "Olá, Ana" }).waitFor();
    });
    await step(page, "débitos e opções", async () => {
      await page.getByText("R$ 1.200,00").first().waitFor();
      await page.getByRole("group", { name: "Escolha como quer pagar" }).waitFor();
    });
    await step(page, "três pagamentos", async () => {
      await page.getByRole("radio", { name: /^3 pagamentos/ }).check();
      await page.getByRole("button", { name: "Fechar acordo" }).click();
      await page.getByRole("heading", { name: /^Seu acordo nº \d+$/ }).waitFor();
    });
    let code = "";
    await step(page, "código Pix da entrada", async () => {
      await page.getByRole("heading", { name: /^Entrada \(pagamento 1 de 3\)/ }).waitFor();
      await page.getByRole("img", { name: "QR Code do Pix" }).waitFor();
      code = await page.getByLabel("Pix copia e cola").inputValue();
    });
    assert.match(code, /^000201/);
    await screenshot(page, "acordo-pix");
    await assertAccessible(page, "acordo com Pix");
    assert.deepEqual(pageErrors(page), []);

    const agreement = await db.selectFrom("agreements").select(["id", "instalments", "status", "created_by"]).where("creditor_id", "=", creditorId).executeTakeFirstOrThrow();
    assert.deepEqual([agreement.instalments, agreement.status, agreement.created_by], [3, "active", "debtor:self-service"]);
    agreementId = String(agreement.id);
    const down = await db
      .selectFrom("agreement_instalments as i")
      .innerJoin("pix_charge_debts as pd", "pd.debt_id", "i.debt_id")
      .innerJoin("pix_charges as c", "c.id", "pd.charge_id")
      .select(["c.txid", "c.pix_copia_e_cola", "i.amount_cents", "i.debt_id"])
      .where("i.agreement_id", "=", Number(agreement.id))
      .where("i.number", "=", 1)
      .executeTakeFirstOrThrow();
    assert.equal(down.pix_copia_e_cola, code, "the code on the page is the down payment's charge");

    await step(page, "o simulador paga a entrada; o webhook chega ao servidor", async () => {
      const { pix, delivery } = sim.pay(down.txid, { infoPagador: "entrada do acordo" });
      assert.equal(pix.valor, (down.amount_cents / 100).toFixed(2));
      const result = await delivery;
      assert.deepEqual([result.delivered, result.lastStatus], [true, 200], JSON.stringify(result));
    });
    const paidDebt = await db.selectFrom("debts").select(["status", "open_cents"]).where("id", "=", down.debt_id).executeTakeFirstOrThrow();
    assert.deepEqual(paidDebt, { status: "settled", open_cents: 0 }, "the webhook settled the down payment's debt");
    const payment = await db.selectFrom("payments").select(["source", "status", "amount_cents"]).where("creditor_id", "=", creditorId).execute();
    assert.deepEqual(payment, [{ source: "pix", status: "applied", amount_cents: down.amount_cents }]);
    // The day's agreement check (the scheduler's job) marks the instalment paid.
    assert.deepEqual(await checkAgreements(deps, creditorId, "2025-06-02"), { checked: 1, settled: [], broken: [] });
    await page.context().close();

    const manager = await managerPage("jornada-acordo-gestor");
    const debtorPath = `/api/creditors/${creditorId}/debtors/${seed.a.debtor.id}`;
    await step(manager, "página do devedor", async () => {
      await manager.goto(`${url}/devedores/${seed.a.debtor.id}`);
      await manager.getByRole("heading", { name: seed.a.debtor.name }).first().waitFor();
      await debtRow(manager, "ALFA-0001").getByText("Em acordo").waitFor();
      await debtRow(manager, "ALFA-0002").getByText("Em acordo").waitFor();
      await debtRow(manager, `ACORDO-${agreementId}-1`).getByText("Liquidado").waitFor();
      // The agreement card itself: active, with its first payment paid.
      const card = manager.getByRole("article", { name: `Acordo nº ${agreementId}` });
      await card.getByText("Ativo", { exact: true }).waitFor();
      await card.getByText(/3 pagamento\(s\).*1 pago\(s\)/).waitFor();
    });
    await screenshot(manager, "devedor-com-acordo");
    const list = await api<{ items: AgreementJson[] }>(manager, `${debtorPath}/agreements`);
    assert.equal(list.items.length, 1);
    const a = list.items[0]!;
    assert.deepEqual([a.id, a.status, a.instalments], [agreementId, "active", 3]);
    assert.deepEqual(a.schedule.map((s) => [s.number, s.status, s.paidDate, s.openCents === 0]), [[1, "paid", "2025-06-02", true], [2, "open", null, false], [3, "open", null, false]]);
    assert.deepEqual(a.debts.map((d) => [d.externalId, d.status]), [["ALFA-0002", "in_agreement"], ["ALFA-0001", "in_agreement"]]);
    assert.deepEqual(pageErrors(manager), []);
    await manager.context().close();

    // The lock-out, on Carlos's own e-mail.
    const locked = await newPage(browser, { testName: "jornada-acordo-bloqueio", viewport: PHONE });
    await locked.goto(await linkFromMessage(CARLOS.email));
    for (let i = 1; i <= 5; i++) {
      await step(locked, `tentativa errada ${i}`, async () => {
        await locked.getByLabel("Os 3 primeiros dígitos do seu CPF").fill("000");
        await locked.getByRole("button", { name: "Continuar" }).click();
        await locked.waitForLoadState();
      });
    }
    await step(locked, "bloqueado", async () => {
      await locked.getByRole("heading", { name: "Acesso bloqueado por enquanto" }).waitFor();
      await locked.getByText("Tente de novo depois das 11:00 de 02/06/2025 (horário de Brasília).").waitFor();
    });
    await step(locked, "nem os dígitos certos abrem o link bloqueado", async () => {
      await locked.reload();
      await locked.getByRole("heading", { name: "Acesso bloqueado por enquanto" }).waitFor();
    });
    await screenshot(locked, "bloqueio");
    await assertAccessible(locked, "bloqueio");
    assert.deepEqual(pageErrors(locked), []);
    await locked.context().close();
  });

  it("payment 2 unpaid past the break limit: the daily run breaks the agreement, the originals are open again and the ladder's next message is planned", async () => {
    assert.ok(agreementId, "the agreement of the first journey");
    const { db } = deps.database;
    const second = await db.selectFrom("agreement_instalments").select(["due_date", "number"]).where("agreement_id", "=", Number(agreementId)).where("number", "=", 2).executeTakeFirstOrThrow();
    const breakAfter = (await db.selectFrom("agreements").select("break_after_days").where("id", "=", Number(agreementId)).executeTakeFirstOrThrow()).break_after_days;
    assert.equal(breakAfter, 10);

    // The last day the debtor may still pay: nothing breaks.
    now = `${addDays(second.due_date, breakAfter)}T10:00:00.000Z`;
    const lastDay = await runAllCreditors(deps, now);
    assert.ok(lastDay.every((r) => r.error === null), JSON.stringify(lastDay));
    assert.equal((await db.selectFrom("agreements").select("status").where("id", "=", Number(agreementId)).executeTakeFirstOrThrow()).status, "active");

    // The day after, 10:00 in São Paulo: the daily run breaks it, then runs the ladder.
    const breakDay = addDays(second.due_date, breakAfter + 1);
    now = `${breakDay}T13:00:00.000Z`;
    const report = await runAllCreditors(deps, now);
    const mine = report.find((r) => r.creditorId === creditorId)!;
    assert.equal(mine.error, null);

    const manager = await managerPage("jornada-acordo-rompido");
    const agreement = await api<AgreementJson>(manager, `/api/creditors/${creditorId}/agreements/${agreementId}`);
    assert.equal(agreement.status, "broken");
    assert.deepEqual(agreement.closeReason, { kind: "broken", instalment: 2, dueDate: second.due_date, daysLate: breakAfter + 1 });
    assert.deepEqual(agreement.schedule.map((s) => s.status), ["paid", "cancelled", "cancelled"]);

    // The originals are open again, with what was paid imputed to the oldest (ALFA-0002) by the payment rules.
    const originals = await db.selectFrom("debts").select(["external_id", "status", "open_cents"]).where("creditor_id", "=", creditorId).where("external_id", "in", ["ALFA-0001", "ALFA-0002"]).orderBy("external_id").execute();
    assert.deepEqual(originals.map((d) => [d.external_id, d.status]), [["ALFA-0001", "open"], ["ALFA-0002", "open"]]);
    assert.equal(originals[0]!.open_cents, 15_000, "ALFA-0001 untouched");
    assert.ok(originals[1]!.open_cents > 0 && originals[1]!.open_cents < 120_000, `ALFA-0002 reduced by the down payment: ${originals[1]!.open_cents}`);

    // The ladder resumes where it was: d+20 and d+60 were sent; for ALFA-0002 d+90 has come, so one e-mail with both, at d+90.
    const actions = await db
      .selectFrom("actions as a")
      .innerJoin("action_debts as ad", "ad.action_id", "a.id")
      .innerJoin("debts as d", "d.id", "ad.debt_id")
      .select(["a.id", "a.step_id", "a.channel", "a.status", "a.local_day", "a.send_at", "d.external_id"])
      .where("a.creditor_id", "=", creditorId)
      .where("a.debtor_id", "=", Number(seed.a.debtor.id))
      .where("a.local_day", "=", breakDay)
      .orderBy("d.external_id")
      .execute();
    assert.deepEqual(actions.map((r) => [r.step_id, r.channel, r.status, r.external_id]), [["d+90", "email", "planned", "ALFA-0001"], ["d+90", "email", "planned", "ALFA-0002"]]);
    assert.ok(actions[0]!.send_at >= now, `sent from the run's instant on: ${actions[0]!.send_at}`);

    const explained = await explainDebtor(deps, SYSTEM_ACTOR, creditorId, { document: seed.a.debtor.document, at: now });
    const alfa2 = explained.debts.find((d) => d.externalId === "ALFA-0002")!;
    const d90 = alfa2.steps.find((s) => s.stepId === "d+90")!;
    assert.equal(d90.outcome, "performed", "explain shows the action this run wrote");
    assert.match(d90.rule, new RegExp(`^Realizada: acionamento #${actions[0]!.id} de \\d{2}/\\d{2}/\\d{4}, planejado, aguardando envio, envio previsto para`));
    assert.equal(alfa2.steps.find((s) => s.stepId === "d+60")!.outcome, "performed");

    await step(manager, "página do devedor depois do rompimento", async () => {
      await manager.goto(`${url}/devedores/${seed.a.debtor.id}`);
      await debtRow(manager, "ALFA-0001").getByText("Em aberto").waitFor();
      await debtRow(manager, "ALFA-0002").getByText("Em aberto").waitFor();
      await debtRow(manager, `ACORDO-${agreementId}-2`).getByText("Cancelado (acordo rompido)").waitFor();
      await manager.getByRole("article", { name: `Acordo nº ${agreementId}` }).getByText("Rompido", { exact: true }).waitFor();
    });
    await screenshot(manager, "devedor-acordo-rompido");
    assert.deepEqual(pageErrors(manager), []);
    await manager.context().close();
  });
});
