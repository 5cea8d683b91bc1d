// Helpers for the browser tests: launch Debian's Chromium through playwright-core,
// name each step so a failure says where it happened (with a screenshot), take
// the screenshots the journeys keep, and run axe-core for accessibility.
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import type { AxeResults, ImpactValue, Result as AxeResult } from "axe-core";

export const CHROMIUM_PATH = process.env.REGUA_CHROMIUM ?? "/usr/bin/chromium";

/** Where screenshots go: <repo>/.test-artifacts/screenshots/. */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../.test-artifacts/screenshots/", import.meta.url));

// playwright-core already adds --headless (headless is its default), --no-sandbox,
// --no-first-run, --disable-background-networking, --disable-component-update and
// --disable-sync; they are repeated here so the set does not depend on its version
// (Chromium ignores duplicates). Each launch gets a fresh temporary profile from
// playwright, which refuses an explicit --user-data-dir.
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type LaunchOptions = { executablePath?: string; slowMo?: number };

/** Starts headless Chromium (REGUA_CHROMIUM or /usr/bin/chromium; see scripts/ensure-system-tools.mjs). */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      ...(options.slowMo ? { slowMo: options.slowMo } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(
      `Não foi possível iniciar o Chromium em ${executablePath} (rode "node scripts/ensure-system-tools.mjs"): ${reason}`,
      { cause: error },
    );
  }
}

export type PageOptions = {
  /** Names the screenshots of this page: "<testName>-<step>.png". */
  testName?: string;
  viewport?: { width: number; height: number };
  /** Resolves relative URLs in page.goto, e.g. "http://127.0.0.1:4321". */
  baseURL?: string;
  locale?: string;
  timezoneId?: string;
};

type PageState = { testName: string; errors: string[] };
const pageStates = new WeakMap<Page, PageState>();

/**
 * Opens a page in its own context (fresh cookies and storage). Uncaught page
 * errors and console errors are collected: read them with `pageErrors(page)`
 * (Chromium's "Failed to load resource" lines for 4xx/5xx answers are left out:
 * an expected 401 from /api/auth/me is not a bug).
 */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: options.locale ?? "pt-BR",
    timezoneId: options.timezoneId ?? "America/Sao_Paulo",
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const state: PageState = { testName: slug(options.testName ?? "browser"), errors: [] };
  pageStates.set(page, state);
  page.on("pageerror", (error) => state.errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (text.startsWith("Failed to load resource")) return;
    state.errors.push(`console.error: ${text}`);
  });
  return page;
}

/** Uncaught exceptions and console.error lines the page produced so far. */
export function pageErrors(page: Page): readonly string[] {
  return pageStates.get(page)?.errors ?? [];
}

/** "Lista de devedores (filtro)" → "lista-de-devedores-filtro": safe in a file name. */
export function slug(name: string): string {
  const cleaned = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return cleaned || "sem-nome";
}

function screenshotPath(page: Page, name: string): string {
  const testName = pageStates.get(page)?.testName ?? "browser";
  return `${SCREENSHOT_DIR}${testName}-${slug(name)}.png`;
}

/**
 * Saves a screenshot as .test-artifacts/screenshots/<test>-<name>.png and returns
 * its path. Full page by default; pass `fullPage: false` for what the viewport
 * shows (better for an open modal over a long page).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = screenshotPath(page, name);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: "disabled" });
  return path;
}

/**
 * Runs one named step of a journey. On failure it saves a screenshot and throws
 * an error naming the step and the screenshot (the original error is its cause).
 */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    let where: string;
    try {
      where = await screenshot(page, name);
    } catch (screenshotError) {
      const reason = screenshotError instanceof Error ? screenshotError.message.split("\n")[0] : String(screenshotError);
      where = `(sem screenshot: ${reason})`;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Passo "${name}" falhou: ${reason}\n  screenshot: ${where}`, { cause: error });
  }
}

export type A11yViolation = {
  id: string;
  impact: ImpactValue;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
};

export type A11yOptions = {
  /** CSS selectors to leave out (e.g. a third-party widget). */
  exclude?: string[];
  /** axe rule ids to skip, with a reason in the calling test. */
  disableRules?: string[];
  /** Impacts that count as failures; serious and critical by default. */
  impacts?: ImpactValue[];
};

let axeSource: Promise<string> | null = null;

function loadAxeSource(): Promise<string> {
  if (!axeSource) {
    const require = createRequire(import.meta.url);
    axeSource = readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  }
  return axeSource;
}

type AxeGlobal = { axe?: { run: (context: unknown, options: unknown) => Promise<AxeResults> } };

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now and
 * returns the violations whose impact is serious or critical.
 */
export async function checkA11y(page: Page, options: A11yOptions = {}): Promise<A11yViolation[]> {
  const hasAxe = await page.evaluate(() => Boolean((globalThis as AxeGlobal).axe));
  if (!hasAxe) await page.addScriptTag({ content: await loadAxeSource() });

  const context = options.exclude?.length ? { include: [["html"]], exclude: options.exclude.map((selector) => [selector]) } : { include: [["html"]] };
  const rules = Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }]));
  const results = await page.evaluate(
    ({ context, rules }) => {
      const axe = (globalThis as AxeGlobal).axe;
      if (!axe) throw new Error("axe-core não foi carregado na página");
      return axe.run(context, { resultTypes: ["violations"], rules });
    },
    { context, rules },
  );

  const impacts = options.impacts ?? ["serious", "critical"];
  return results.violations
    .filter((violation: AxeResult) => violation.impact != null && impacts.includes(violation.impact))
    .map((violation: AxeResult) => ({
      id: violation.id,
      impact: violation.impact as ImpactValue,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String).join(" "),
        html: node.html,
        summary: node.failureSummary ?? "",
      })),
    }));
}

/** A readable list of violations for an assertion message. */
export function formatViolations(violations: readonly A11yViolation[]): string {
  if (violations.length === 0) return "Nenhuma violação de acessibilidade.";
  const lines = [`${violations.length} violação(ões) de acessibilidade:`];
  for (const violation of violations) {
    lines.push(`- [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`);
    for (const node of violation.nodes.slice(0, 5)) {
      lines.push(`    ${node.target}  ${node.html.slice(0, 160)}`);
      if (node.summary) lines.push(`      ${node.summary.replace(/\n\s*/g, " ").slice(0, 300)}`);
    }
    if (violation.nodes.length > 5) lines.push(`    … e mais ${violation.nodes.length - 5} elemento(s)`);
  }
  return lines.join("\n");
}
