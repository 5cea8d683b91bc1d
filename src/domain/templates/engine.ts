/**
 * The sandboxed LiquidJS engine of message templates. Templates are in-memory strings:
 * there is no file system behind the engine (`templates: {}`) and the tags that load
 * other templates (include, render, layout, block) are refused at parse time. Only own
 * properties of the context are visible, unknown filters are errors, and parse length,
 * render time and memory are limited, with a Portuguese explanation when exceeded.
 */

import { Liquid, type Template } from "liquidjs";
import { PT_BR_FILTERS } from "./filters.ts";

export type TemplateLimits = {
  /** Characters of template source parsed at once. */
  parseChars: number;
  /** Milliseconds of one render. */
  renderMs: number;
  /** LiquidJS memory units (array and string allocations) of one render. */
  memory: number;
};

/** Generous for any real message (a letter is ~5,000 characters), tight for abuse. */
export const DEFAULT_LIMITS: TemplateLimits = { parseChars: 50_000, renderMs: 1_000, memory: 2_000_000 };

/** A template that could not be parsed or rendered, positioned in the source when known. */
export type TemplateFailure = { kind: "syntax" | "limit" | "render"; message: string; line?: number; column?: number };

export type ParseOutcome = { ok: true; templates: Template[] } | { ok: false; failure: TemplateFailure };
export type RenderOutcome = { ok: true; text: string } | { ok: false; failure: TemplateFailure };

/** Tags that would read other templates; there are none to read, so they are refused outright. */
export const FORBIDDEN_TAGS = ["include", "render", "layout", "block"] as const;
/** Built-in filters removed: the date_to_* family reads the wall clock, sample is random, inspect dumps internals. */
const REMOVED_FILTERS = ["date_to_xmlschema", "date_to_rfc822", "date_to_string", "date_to_long_string", "sample", "inspect"];

function createEngine(limits: TemplateLimits): Liquid {
  const engine = new Liquid({
    templates: {},
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    dynamicPartials: false,
    cache: false,
    parseLimit: limits.parseChars,
    renderLimit: limits.renderMs,
    memoryLimit: limits.memory,
  });
  for (const tag of FORBIDDEN_TAGS) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`FORBIDDEN_TAG:${tag}`);
      },
      render() {
        return "";
      },
    });
  }
  for (const name of REMOVED_FILTERS) engine.unregisterFilter(name);
  for (const [name, fn] of Object.entries(PT_BR_FILTERS)) engine.registerFilter(name, (value: unknown, ...args: unknown[]) => fn(value, ...args));
  return engine;
}

const ENGINES = new Map<string, Liquid>();
function engineFor(limits: TemplateLimits): Liquid {
  const key = `${limits.parseChars}/${limits.renderMs}/${limits.memory}`;
  let engine = ENGINES.get(key);
  if (!engine) {
    engine = createEngine(limits);
    ENGINES.set(key, engine);
  }
  return engine;
}

const PARSED = new Map<string, Template[]>();
const PARSED_LIMIT = 512;

type LiquidLikeError = { message?: string; originalError?: { message?: string }; token?: { getPosition?: () => [number, number] } };

/** LiquidJS messages, in Portuguese. */
function translate(raw: string, limits: TemplateLimits): { kind: TemplateFailure["kind"]; message: string } {
  const m = raw.replace(/, line:\d+, col:\d+$/, "");
  let match: RegExpMatchArray | null;
  if ((match = m.match(/FORBIDDEN_TAG:(\w+)/))) {
    return { kind: "syntax", message: `a tag "${match[1]}" não é permitida: os modelos não podem carregar outros modelos nem arquivos` };
  }
  if (m.includes("parse length limit exceeded")) return { kind: "limit", message: `o modelo é grande demais (limite de ${String(limits.parseChars).replace(/\B(?=(\d{3})+(?!\d))/g, ".")} caracteres)` };
  if (m.includes("template render limit exceeded")) return { kind: "limit", message: `a renderização passou do limite de tempo (${limits.renderMs} ms): simplifique os laços do modelo` };
  if (m.includes("memory alloc limit exceeded")) return { kind: "limit", message: "a renderização passou do limite de memória: simplifique os laços e listas do modelo" };
  if ((match = m.match(/^undefined filter: (.+)$/))) return { kind: "syntax", message: `filtro desconhecido: ${match[1]}` };
  if ((match = m.match(/^tag (.+) not closed$/))) return { kind: "syntax", message: `a tag ${match[1]} não foi fechada` };
  if ((match = m.match(/^output (.+) not closed$/))) return { kind: "syntax", message: `a saída ${match[1]} não foi fechada` };
  if ((match = m.match(/^tag "?([^"]+)"? not found$/))) return { kind: "syntax", message: `tag desconhecida: ${match[1]}` };
  if ((match = m.match(/^unexpected token at "?(.*?)"?,? /)) || (match = m.match(/^unexpected token at "?(.*?)"?$/))) {
    return { kind: "syntax", message: `trecho inesperado: ${match[1]}` };
  }
  if (/^invalid|^unexpected|^expected|illegal/i.test(m)) return { kind: "syntax", message: `sintaxe inválida: ${m}` };
  return { kind: "render", message: `erro no modelo: ${m}` };
}

function failureOf(error: unknown, limits: TemplateLimits, kind: "syntax" | "render"): TemplateFailure {
  const e = (error ?? {}) as LiquidLikeError;
  const raw = e.originalError?.message ?? e.message ?? String(error);
  const translated = translate(raw, limits);
  const failure: TemplateFailure = { kind: translated.kind === "render" ? kind : translated.kind, message: translated.message };
  let position: [number, number] | undefined;
  try {
    position = e.token?.getPosition?.();
  } catch {
    position = undefined;
  }
  if (position) {
    failure.line = position[0];
    failure.column = position[1];
  }
  return failure;
}

/** Parses template text (cached by content). Positions in failures are relative to `text`. */
export function parseTemplate(text: string, limits: TemplateLimits = DEFAULT_LIMITS): ParseOutcome {
  const cacheable = limits === DEFAULT_LIMITS;
  const cached = cacheable ? PARSED.get(text) : undefined;
  if (cached) return { ok: true, templates: cached };
  try {
    const templates = engineFor(limits).parse(text);
    if (cacheable) {
      if (PARSED.size >= PARSED_LIMIT) PARSED.delete(PARSED.keys().next().value as string);
      PARSED.set(text, templates);
    }
    return { ok: true, templates };
  } catch (error) {
    return { ok: false, failure: failureOf(error, limits, "syntax") };
  }
}

/** Renders parsed templates with a context. Never throws: failures come back as values. */
export function renderTemplate(templates: Template[], context: object, limits: TemplateLimits = DEFAULT_LIMITS): RenderOutcome {
  try {
    const out: unknown = engineFor(limits).renderSync(templates, context, { renderLimit: limits.renderMs, memoryLimit: limits.memory });
    return { ok: true, text: typeof out === "string" ? out : String(out) };
  } catch (error) {
    return { ok: false, failure: failureOf(error, limits, "render") };
  }
}

/** Parse and render in one step. */
export function renderText(text: string, context: object, limits: TemplateLimits = DEFAULT_LIMITS): RenderOutcome {
  const parsed = parseTemplate(text, limits);
  return parsed.ok ? renderTemplate(parsed.templates, context, limits) : parsed;
}

/** The global variables a template reads, each with its path and where it first appears. */
export function globalVariablesOf(templates: Template[]): { path: (string | number)[]; line: number; column: number }[] {
  const out: { path: (string | number)[]; line: number; column: number }[] = [];
  try {
    const analysis = engineFor(DEFAULT_LIMITS).analyzeSync(templates, { partials: false });
    for (const vars of Object.values(analysis.globals)) {
      for (const v of vars) {
        const path = v.toArray().map((s) => (Array.isArray(s) ? "?" : s));
        out.push({ path, line: v.location.row, column: v.location.col });
      }
    }
  } catch {
    // Analysis is advisory: a template that renders is never refused because of it.
  }
  return out;
}
