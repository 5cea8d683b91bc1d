import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { freshDatabase } from "../support/db.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { ensureAdmin } from "../../src/app/auth/users.ts";
import { loadDemo } from "../../src/app/import/load-demo.ts";
import { buildServer, type App } from "../../src/http/server.ts";
import { checkA11y, formatViolations, launchBrowser, newPage, screenshot, step } from "./harness.ts";

const PASSWORD = "senha-de-teste-123";

describe("web shell in Chromium, against the real server on SQLite", () => {
  let app: App;
  let url: string;
  let browser: Browser;
  let cleanup: () => Promise<void>;
  let debtorName: string;

  before(async () => {
    const database = await freshDatabase("sqlite");
    cleanup = database.cleanup;
    const deps = { database, clock: fixedClock("2026-11-23T12:00:00Z") };
    await ensureAdmin(deps, PASSWORD);
    await loadDemo(deps, SYSTEM_ACTOR, { debtors: 40, seed: 3 });
    debtorName = (await database.db.selectFrom("debtors").select("name").orderBy("id").executeTakeFirstOrThrow()).name;
    app = await buildServer({ database, clock: { now: () => new Date() } }, { logLevel: "silent" });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await cleanup?.();
  });

  it("logs in, lists debtors, opens one, and every page passes axe", async () => {
    const page = await newPage(browser);
    await step(page, "abrir a interface", async () => {
      await page.goto(`${url}/`);
      await page.getByLabel("E-mail", { exact: true }).waitFor();
    });
    await screenshot(page, "login");
    assert.deepEqual(formatViolations(await checkA11y(page)), formatViolations([]));
    await step(page, "senha errada mostra erro em português", async () => {
      await page.getByLabel("E-mail", { exact: true }).fill("admin@regua.local");
      await page.getByLabel("Senha", { exact: true }).fill("errada-123456");
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByText("E-mail ou senha incorretos.").waitFor();
    });
    await step(page, "entrar", async () => {
      await page.getByLabel("Senha", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("link", { name: "Devedores" }).first().waitFor();
    });
    await screenshot(page, "painel");
    await step(page, "lista de devedores", async () => {
      await page.getByRole("link", { name: "Devedores" }).first().click();
      await page.getByText(debtorName).first().waitFor();
    });
    await screenshot(page, "devedores");
    assert.deepEqual(formatViolations(await checkA11y(page)), formatViolations([]));
    await step(page, "página do devedor", async () => {
      await page.getByText(debtorName).first().click();
      await page.getByRole("heading", { name: debtorName }).first().waitFor();
    });
    await screenshot(page, "devedor");
    assert.deepEqual(formatViolations(await checkA11y(page)), formatViolations([]));
    await step(page, "sair", async () => {
      await page.getByRole("button", { name: "Sair" }).first().click().catch(async () => {
        await page.getByText("Sair").first().click();
      });
      await page.getByLabel("E-mail", { exact: true }).waitFor();
    });
  });
});
