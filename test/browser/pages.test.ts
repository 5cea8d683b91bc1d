// The journeys of the debtor, import, settings and audit pages in Chromium, against the real
// server on SQLite: each role sees only what it may do, every page passes axe (no serious or
// critical violation) at laptop and phone width, and every page leaves a screenshot in
// .test-artifacts/screenshots/.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { freshDatabase } from "../support/db.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { SYSTEM_ACTOR } from "../../src/app/access.ts";
import { addUser, ensureAdmin } from "../../src/app/auth/users.ts";
import { loadDemo } from "../../src/app/import/load-demo.ts";
import { buildServer, type App } from "../../src/http/server.ts";
import { checkA11y, formatViolations, launchBrowser, newPage, pageErrors, screenshot, step } from "./harness.ts";

const PASSWORD = "senha-de-teste-123";
const PHONE = { width: 390, height: 844 };
const USERS = {
  admin: "admin@regua.local",
  manager: "gestora@teste.regua",
  collector: "operador@teste.regua",
  auditor: "auditora@teste.regua",
} as const;
type Who = keyof typeof USERS;

const BAD_CSV = [
  "documento;nome;email;telefone;uf;titulo;valor;vencimento",
  "390.533.447-05;Zuleica Bragança;zuleica@exemplo.com.br;(11) 98765-4321;SP;NOVO-1;150,00;10/10/2026",
  "123.456.789-00;CPF Errado;;;SP;NOVO-2;10,00;10/10/2026",
  "862.883.667-57;Valor Ruim;;;RJ;NOVO-3;dez reais;10/10/2026",
  "714.287.938-60;Email Torto;torto@@exemplo;;PE;NOVO-4;20,00;10/10/2026",
].join("\n");

describe("debtor, import, settings and audit pages in Chromium (real server, SQLite)", () => {
  let app: App;
  let url: string;
  let browser: Browser;
  let cleanup: () => Promise<void>;
  let debtor: { id: number; name: string; document: string };

  before(async () => {
    const database = await freshDatabase("sqlite");
    cleanup = database.cleanup;
    const deps = { database, clock: fixedClock("2026-11-23T12:00:00Z") };
    await ensureAdmin(deps, PASSWORD);
    const { creditorId } = await loadDemo(deps, SYSTEM_ACTOR, { debtors: 60, seed: 5 });
    await addUser(deps, SYSTEM_ACTOR, { email: USERS.manager, name: "Gabriela Gestora", role: "manager", creditorIds: [creditorId], password: PASSWORD });
    await addUser(deps, SYSTEM_ACTOR, { email: USERS.collector, name: "Otávio Operador", role: "collector", creditorIds: [creditorId], password: PASSWORD });
    await addUser(deps, SYSTEM_ACTOR, { email: USERS.auditor, name: "Aurora Auditora", role: "auditor", creditorIds: [creditorId], password: PASSWORD });
    // A person (CPF) with a name that has an accent: searched without it.
    const rows = await database.db.selectFrom("debtors").select(["id", "name", "document"]).where("kind", "=", "person").orderBy("id").execute();
    debtor = rows.find((r) => /[áâãéêíóôõúç]/i.test(r.name.split(" ")[0]!)) ?? rows[0]!;
    // The address the collector will make this debtor's representative once unsubscribed from this creditor's copies (a copy's link).
    await database.db
      .insertInto("email_copy_opt_outs")
      .values({ creditor_id: creditorId, address: "gerente.conta@credor.com.br", opted_out_at: "2026-11-20T14:30:00.000Z", source: "one_click", action_id: null })
      .execute();
    app = await buildServer({ database, clock: { now: () => new Date() } }, { logLevel: "silent" });
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
    await step(page, `entrar como ${who}`, async () => {
      await page.goto(`${url}/login`);
      await page.getByLabel("E-mail", { exact: true }).fill(USERS[who]);
      await page.getByLabel("Senha", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Entrar" }).click();
      await page.getByRole("navigation", { name: "Navegação principal" }).waitFor({ state: "attached" });
    });
    return page;
  }

  async function assertA11y(page: Page, where: string): Promise<void> {
    // Let lazy chunks and charts settle before axe looks.
    await page.waitForLoadState("networkidle");
    assert.equal(formatViolations(await checkA11y(page)), formatViolations([]), where);
  }

  async function navLinks(page: Page): Promise<string[]> {
    return page.getByRole("navigation", { name: "Navegação principal" }).getByRole("link").allInnerTexts();
  }

  it("a manager searches without accents, filters, sorts and opens a debtor", async () => {
    const page = await login("manager", "gestor");
    await step(page, "lista de devedores", async () => {
      await page.getByRole("link", { name: "Devedores" }).first().click();
      await page.getByRole("table", { name: "Lista de devedores" }).getByRole("row").nth(5).waitFor();
    });
    await screenshot(page, "devedores");
    await assertA11y(page, "lista de devedores");

    const plain = debtor.name.split(" ")[0]!.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();
    await step(page, `buscar "${plain}" sem acento`, async () => {
      await page.getByRole("searchbox", { name: "Buscar" }).fill(plain);
      await page.getByRole("link", { name: debtor.name }).first().waitFor();
      assert.match(page.url(), new RegExp(`q=${encodeURIComponent(plain)}`));
    });
    await step(page, "buscar pelo CPF com máscara", async () => {
      const masked = `${debtor.document.slice(0, 3)}.${debtor.document.slice(3, 6)}.${debtor.document.slice(6, 9)}-${debtor.document.slice(9)}`;
      await page.getByRole("searchbox", { name: "Buscar" }).fill(masked);
      await page.waitForURL(/q=\d{3}\.\d{3}/);
      const rows = page.getByRole("table", { name: "Lista de devedores" }).getByRole("row");
      await page.waitForFunction(`document.querySelectorAll("table[aria-label='Lista de devedores'] tbody tr").length === 1`);
      assert.equal(await rows.count(), 2, "cabeçalho e um devedor");
    });
    await step(page, "filtrar por faixa de atraso e ordenar pelo maior saldo", async () => {
      await page.getByRole("searchbox", { name: "Buscar" }).fill("");
      await page.waitForURL((address) => !address.search.includes("q="));
      await page.getByLabel("Atraso (título mais antigo)").selectOption("361_plus");
      await page.waitForURL(/bucket=361_plus/);
      await page.getByRole("button", { name: "Saldo em aberto" }).click();
      await page.waitForURL(/sort=balance/);
      await page.getByRole("columnheader", { name: "Saldo em aberto" }).and(page.locator("[aria-sort='descending']")).waitFor();
      // The header turns at once; the rows stay the previous page's until the new one arrives.
      await page.locator("table[aria-label='Lista de devedores'][aria-busy='false']").waitFor();
      const balances = await page.locator("table[aria-label='Lista de devedores'] tbody tr td:nth-child(4)").allInnerTexts();
      const cents = balances.map((b) => Number(b.replace(/[^\d]/g, "")));
      assert.ok(cents.length > 3, `há devedores com mais de 360 dias de atraso: ${cents.length}`);
      assert.deepEqual(cents, [...cents].sort((a, b) => b - a), "maior saldo primeiro");
      const badges = await page.locator("table[aria-label='Lista de devedores'] tbody tr td:nth-child(6)").allInnerTexts();
      for (const badge of badges) assert.ok(Number((badge.match(/([\d.]+)\s+dias em atraso/)?.[1] ?? "0").replace(/\./g, "")) >= 361, badge);
    });
    await screenshot(page, "devedores-filtrados");
    await assertA11y(page, "lista filtrada");
    await step(page, "abrir um devedor da lista", async () => {
      const link = page.getByRole("table", { name: "Lista de devedores" }).getByRole("link").first();
      const name = await link.innerText();
      await link.click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
      await page.getByRole("heading", { name: "Títulos" }).waitFor();
      await page.getByRole("heading", { name: "Histórico" }).waitFor();
      await page.getByText("Títulos novos").first().waitFor();
    });
    await screenshot(page, "devedor");
    await assertA11y(page, "página do devedor");
    await step(page, "definir a faixa de risco", async () => {
      await page.getByRole("button", { name: "Definir a faixa de risco" }).click();
      const dialog = page.getByRole("dialog", { name: "Faixa de risco" });
      await dialog.getByLabel("Faixa", { exact: true }).fill("A/B");
      await dialog.getByRole("button", { name: "Salvar" }).click();
      await dialog.getByText('faixa de risco "A/B" com caractere não aceito ("/"): use letras, números, espaço, +, - ou _').waitFor();
      await dialog.getByLabel("Faixa", { exact: true }).fill(" c+ ");
      await dialog.getByRole("button", { name: "Salvar" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("status").getByText("Faixa de risco definida: C+.").waitFor();
      await page.getByRole("region", { name: "Identificação" }).getByText("C+", { exact: true }).waitFor();
      await page.getByText("faixa de risco: — → C+").waitFor();
      await page.getByRole("button", { name: "Alterar a faixa de risco" }).waitFor();
    });
    await step(page, "voltar restaura os filtros", async () => {
      await page.goBack();
      await page.waitForURL(/bucket=361_plus/);
      assert.equal(await page.getByLabel("Atraso (título mais antigo)").inputValue(), "361_plus");
    });
    await step(page, "em inglês", async () => {
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: "Debtors" }).waitFor();
      assert.equal(await page.getByLabel("Days late (oldest debt)").inputValue(), "361_plus");
      await page.getByRole("button", { name: "Open balance" }).waitFor();
      await page.getByText(/\d days late/).first().waitFor();
      await page.getByRole("button", { name: "Português" }).click();
      await page.getByRole("heading", { level: 1, name: "Devedores" }).waitFor();
    });
    assert.deepEqual(pageErrors(page), []);
  });

  it("a collector adds a contact and invalidates one, and is offered nothing else", async () => {
    const page = await login("collector", "operador");
    await step(page, "o menu do operador", async () => {
      assert.deepEqual(await navLinks(page), ["Painel", "Devedores", "Fila de ligações"]);
    });
    await step(page, "abrir o devedor", async () => {
      await page.goto(`${url}/devedores/${debtor.id}`);
      await page.getByRole("heading", { level: 1, name: debtor.name }).waitFor();
    });
    const email = "novo.contato@exemplo.com.br";
    await step(page, "adicionar contato", async () => {
      await page.getByRole("button", { name: "Adicionar contato" }).click();
      const dialog = page.getByRole("dialog", { name: "Adicionar contato" });
      await dialog.getByLabel("Contato", { exact: true }).fill("nao-e-email");
      await dialog.getByRole("button", { name: "Adicionar" }).click();
      await dialog.getByText("falta o @").waitFor();
      await screenshot(page, "adicionar-contato-erro", { fullPage: false });
      await assertA11y(page, "diálogo de contato com erro");
      await dialog.getByLabel("Contato", { exact: true }).fill(email);
      await dialog.getByRole("button", { name: "Adicionar" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("status").getByText("Contato adicionado.").waitFor();
      await page.getByRole("cell", { name: email, exact: true }).waitFor();
      await page.getByText(`E-mail: ${email}`).waitFor();
    });
    await step(page, "invalidar o contato", async () => {
      await page.getByRole("button", { name: `Invalidar o contato ${email}` }).click();
      const dialog = page.getByRole("dialog", { name: "Invalidar contato" });
      await dialog.getByRole("button", { name: "Invalidar contato" }).click();
      await dialog.getByText("Descreva o motivo (pelo menos 3 letras).").waitFor();
      await dialog.getByLabel("Motivo").fill("caixa de e-mail de outra pessoa");
      await dialog.getByRole("button", { name: "Invalidar contato" }).click();
      await dialog.waitFor({ state: "hidden" });
      const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: email, exact: true }) });
      await row.getByText("Inválido").waitFor();
      await row.getByText("caixa de e-mail de outra pessoa").waitFor();
      assert.equal(await page.getByRole("button", { name: `Invalidar o contato ${email}` }).count(), 0);
      await page.getByText("Motivo: caixa de e-mail de outra pessoa").waitFor();
      await page.getByText(`por ${USERS.collector}`).first().waitFor();
    });
    await step(page, "definir o representante da conta", async () => {
      await page.getByRole("button", { name: "Definir o representante da conta" }).click();
      const dialog = page.getByRole("dialog", { name: "Representante da conta" });
      await dialog.getByLabel("E-mail do representante").fill("Gerente.Conta@Credor.com.br");
      await dialog.getByRole("button", { name: "Salvar" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("status").getByText("Representante da conta definido: gerente.conta@credor.com.br.").waitFor();
      await page.getByRole("region", { name: "Identificação" }).getByText("gerente.conta@credor.com.br", { exact: true }).waitFor();
      // That address had stopped this creditor's copies through a copy's link: the page says so, and when.
      await page.getByRole("region", { name: "Identificação" }).getByText("Não recebe as cópias: descadastrou-se pelo link da cópia em 20/11/2026 11:30.").waitFor();
      await page.getByText("representante da conta: — → gerente.conta@credor.com.br").waitFor();
      await page.getByRole("button", { name: "Alterar o representante da conta" }).waitFor();
      // The risk band decides which ladder steps apply: a manager's, not a collector's.
      await page.getByRole("region", { name: "Identificação" }).getByText("Faixa de risco").waitFor();
      assert.equal(await page.getByRole("button", { name: /faixa de risco/ }).count(), 0);
    });
    await screenshot(page, "devedor-contatos");
    await assertA11y(page, "devedor após contatos");
    await step(page, "páginas proibidas não abrem", async () => {
      for (const path of ["/importacoes", "/configuracoes", "/auditoria"]) {
        await page.goto(`${url}${path}`);
        await page.getByRole("heading", { level: 1, name: "Acesso restrito" }).waitFor();
      }
    });
    await screenshot(page, "acesso-restrito");
    assert.deepEqual(pageErrors(page), []);
  });

  it("a manager imports a file with bad rows, sees the report and downloads it", async () => {
    const page = await login("manager", "importacao");
    await step(page, "abrir importações", async () => {
      await page.getByRole("link", { name: "Importações" }).click();
      await page.getByRole("heading", { level: 1, name: "Importações" }).waitFor();
      await page.getByRole("table", { name: "Importações anteriores" }).waitFor();
    });
    await screenshot(page, "importacoes");
    await assertA11y(page, "importações");
    await step(page, "simular primeiro", async () => {
      await page.locator("input[type=file]").setInputFiles({ name: "carteira-junho.csv", mimeType: "text/csv", buffer: Buffer.from(BAD_CSV) });
      await page.getByText("carteira-junho.csv").first().waitFor();
      await page.getByLabel("Simular").check();
      await page.getByRole("button", { name: "Simular importação" }).click();
      await page.getByText("Simulação: nada foi gravado.").waitFor();
    });
    await step(page, "importar e ver o relatório por linha", async () => {
      await page.getByLabel("Simular").uncheck();
      await page.getByRole("button", { name: "Importar", exact: true }).click();
      await page.getByText("Importação concluída.").waitFor();
      const rejected = page.getByRole("table", { name: "Linhas recusadas" });
      await rejected.getByRole("row").nth(2).waitFor();
      const cells = await rejected.locator("tbody tr").evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((td) => td.textContent ?? "")));
      assert.deepEqual(cells.map((row) => [row[0], row[1]]), [["3", "documento"], ["4", "valor"]]);
      const warnings = page.getByRole("table", { name: "Avisos (a linha entrou, com ressalvas)" });
      await warnings.getByRole("cell", { name: "5", exact: true }).waitFor();
      await page.getByRole("img", { name: /Resultado da importação — Títulos novos: 2/ }).waitFor();
    });
    await screenshot(page, "importacao-relatorio");
    await assertA11y(page, "relatório da importação");
    await step(page, "baixar o relatório em CSV", async () => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Baixar relatório (CSV)" }).click()]);
      assert.equal(download.suggestedFilename(), "carteira-junho-relatorio.csv");
      const text = (await readFile((await download.path())!)).toString("utf8");
      const lines = text.replace(/^\ufeff/, "").trim().split(/\r\n/);
      assert.equal(lines[0], "Tipo;Linha;Campo;Motivo");
      assert.match(lines[1]!, /^recusada;3;documento;/);
      assert.match(lines[2]!, /^recusada;4;valor;/);
      assert.match(lines[3]!, /^aviso;5;email;/);
    });
    await step(page, "a importação entra no histórico (a simulação não)", async () => {
      const history = page.getByRole("table", { name: "Importações anteriores" });
      await history.getByRole("cell", { name: "carteira-junho.csv" }).waitFor();
      assert.equal(await history.getByRole("cell", { name: "carteira-junho.csv" }).count(), 1);
    });
    assert.deepEqual(pageErrors(page), []);
  });

  it("an admin edits the creditor, creates a user and an API key (secret shown once) and revokes it", async () => {
    const page = await login("admin", "admin");
    await step(page, "dados do credor", async () => {
      await page.getByRole("link", { name: "Configurações" }).click();
      await page.getByLabel("Nome fantasia").waitFor();
    });
    await screenshot(page, "configuracoes-credor");
    await assertA11y(page, "configurações do credor");
    await step(page, "alterar o nome fantasia", async () => {
      await page.getByLabel("Nome fantasia").fill("Magazine Horizonte Online");
      await page.getByRole("button", { name: "Salvar" }).click();
      await page.getByText("Dados do credor salvos.").waitFor();
      await page.getByRole("banner").getByText("Magazine Horizonte Online").waitFor();
    });
    await step(page, "criar um usuário", async () => {
      await page.getByRole("tab", { name: "Usuários e perfis" }).click();
      await page.getByRole("table", { name: "Usuários" }).waitFor();
      await screenshot(page, "configuracoes-usuarios");
      await assertA11y(page, "usuários");
      await page.getByRole("button", { name: "Novo usuário" }).click();
      const dialog = page.getByRole("dialog", { name: "Novo usuário" });
      await dialog.getByLabel("Nome").fill("Nina Nova");
      await dialog.getByLabel("E-mail").fill("nina@teste.regua");
      await dialog.getByLabel("Perfil").selectOption("collector");
      await dialog.getByRole("button", { name: "Criar usuário" }).click();
      await dialog.getByText("Senha inicial").waitFor();
      assert.ok((await dialog.getByTestId("secret").innerText()).length >= 12);
      await dialog.getByRole("button", { name: "Concluir" }).click();
      await page.getByRole("cell", { name: /nina@teste\.regua/ }).waitFor();
    });
    let key = "";
    await step(page, "criar uma chave de API: o segredo aparece uma vez", async () => {
      await page.getByRole("tab", { name: "Chaves de API" }).click();
      await page.getByRole("button", { name: "Nova chave de API" }).click();
      const dialog = page.getByRole("dialog", { name: "Nova chave de API" });
      await dialog.getByLabel("Nome da chave").fill("ERP financeiro");
      await dialog.getByRole("button", { name: "Criar chave" }).click();
      await dialog.getByText("Copie a chave agora").waitFor();
      key = await dialog.getByTestId("secret").innerText();
      assert.match(key, /^rk_[0-9a-f]{16}_[A-Za-z0-9_-]{20,}$/);
      await dialog.getByRole("button", { name: "Copiar" }).waitFor();
      await screenshot(page, "chave-criada", { fullPage: false });
      await assertA11y(page, "chave criada");
      await dialog.getByRole("button", { name: "Já guardei a chave" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("table", { name: "Chaves de API" }).getByText("ERP financeiro", { exact: true }).waitFor();
      assert.ok(!(await page.content()).includes(key.split("_").slice(2).join("_")), "o segredo não volta a aparecer");
    });
    await screenshot(page, "configuracoes-chaves");
    await assertA11y(page, "chaves de API");
    await step(page, "a chave funciona, e depois de revogada não", async () => {
      const call = () => fetch(`${url}/api/creditors`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal((await call()).status, 200);
      await page.getByRole("button", { name: "Revogar a chave ERP financeiro" }).click();
      await page.getByRole("dialog", { name: "Revogar chave de API" }).getByRole("button", { name: "Revogar" }).click();
      await page.getByText(/Revogada em/).waitFor();
      assert.equal((await call()).status, 401);
    });
    assert.deepEqual(pageErrors(page), []);
  });

  it("an auditor reads the audit log, filters it and sees a change's before and after", async () => {
    const page = await login("auditor", "auditor");
    await step(page, "o menu do auditor", async () => {
      assert.deepEqual(await navLinks(page), ["Painel", "Devedores", "Caixa de saída", "Pagamentos", "Auditoria"]);
    });
    await step(page, "abrir a auditoria", async () => {
      await page.getByRole("link", { name: "Auditoria" }).click();
      await page.getByRole("table", { name: "Entradas do log de auditoria" }).waitFor();
    });
    await screenshot(page, "auditoria");
    await assertA11y(page, "auditoria");
    await step(page, "filtrar pela alteração do credor e ver antes/depois", async () => {
      await page.getByLabel("Ação", { exact: true }).selectOption("creditor.update");
      const table = page.getByRole("table", { name: "Entradas do log de auditoria" });
      await table.getByText("Dados do credor alterados").first().waitFor();
      await page.waitForFunction(`[...document.querySelectorAll("table[aria-label='Entradas do log de auditoria'] > tbody > tr")].every((tr) => tr.textContent.includes("creditor.update"))`);
      await table.getByRole("button", { name: "Ver" }).first().click();
      const changes = page.getByRole("table", { name: "Alterações: Dados do credor alterados" });
      const row = changes.getByRole("row").filter({ hasText: "tradeName" });
      await row.getByText("Magazine Horizonte Online").waitFor();
      await row.getByRole("cell", { name: "Magazine Horizonte", exact: true }).waitFor();
    });
    await screenshot(page, "auditoria-detalhe");
    await assertA11y(page, "auditoria com detalhe");
    await step(page, "filtrar por quem fez", async () => {
      await page.getByLabel("Ação", { exact: true }).selectOption("");
      await page.getByLabel("Quem", { exact: true }).fill(USERS.collector);
      await page.waitForFunction(`(() => {
        const rows = [...document.querySelectorAll("table[aria-label='Entradas do log de auditoria'] > tbody > tr")];
        return rows.length >= 2 && rows.every((tr) => tr.textContent.includes("operador@teste.regua"));
      })()`);
    });
    assert.deepEqual(pageErrors(page), []);
  });

  it("every page at phone width: screenshot and axe", async () => {
    for (const [who, paths] of [
      ["manager", ["/devedores", `/devedores/${debtor.id}`, "/importacoes", "/configuracoes"]],
      ["admin", ["/configuracoes?aba=usuarios", "/configuracoes?aba=chaves", "/auditoria"]],
    ] as const) {
      const page = await login(who, "celular", PHONE);
      for (const path of paths) {
        await step(page, `${path} no celular`, async () => {
          await page.goto(`${url}${path}`);
          await page.getByRole("heading", { level: 1 }).waitFor();
          await page.waitForLoadState("networkidle");
          await page.locator(".mantine-Skeleton-root").first().waitFor({ state: "detached" }).catch(() => undefined);
        });
        await screenshot(page, `${who}${path.replace(/[/?=]+/g, "-")}`);
        await assertA11y(page, `${path} no celular`);
      }
      await step(page, "os filtros abrem num botão no celular", async () => {
        await page.goto(`${url}/devedores`);
        const toggle = page.getByRole("button", { name: "Filtros" });
        await toggle.click();
        assert.equal(await toggle.getAttribute("aria-expanded"), "true");
        await page.getByLabel("UF").selectOption("SP");
        await page.waitForURL(/state=SP/);
      });
      assert.deepEqual(pageErrors(page), []);
    }
  });
});
