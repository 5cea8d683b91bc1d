/**
 * The CDC lint of message templates (art. 42, 42-A, 43 §2 and 71): refuses threats,
 * third parties, ridicule, insults and shouting; warns on missing creditor
 * identification where no footer adds it, on spam-like formatting and on credit-bureau
 * consequences stated without a condition. Every finding has its line and column in the
 * source and a Portuguese explanation. See lint-rules.ts for the word lists and the
 * decisions on lawful legal language.
 */

import type { Stage } from "../ladder/channels.ts";
import { globalVariablesOf, parseTemplate, type TemplateFailure } from "./engine.ts";
import {
  ALLOWED_CAPS, CONDITION_PATTERNS, CONSEQUENCE_PATTERNS, IMMEDIACY_PATTERNS, NO_NOTICE_PATTERNS, RULE_MESSAGES, WORD_RULES,
} from "./lint-rules.ts";
import { HEADER_LABELS, IDENTIFIED_CHANNELS, placeFailure, renderMessage, splitSource, type MessageChannel, type SourcePart } from "./message.ts";
import { DEBT_FIELDS, KNOWN_ROOTS, sampleContext } from "./variables.ts";

export type Finding = {
  rule: string;
  /** 1-based line and column (UTF-16 units) in the template source. */
  line: number;
  column: number;
  /** The offending text, as written. */
  excerpt: string;
  message: string;
};

export type LintResult = { errors: Finding[]; warnings: Finding[] };

export type LintOptions = { stage?: Stage };

/** Lower case without accents, one output unit per input unit, so indexes map back to the source. */
export function foldForMatch(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      out += text[i]!.toLowerCase();
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      out += text[i]; // half of a surrogate pair: kept as is
      continue;
    }
    const base = text[i]!.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    out += base.length >= 1 ? base[0] : " ";
  }
  return out;
}

/**
 * The text a reader will see, at its place in the source: Liquid markup blanked out except
 * its string literals (which can be printed), URLs blanked out. Newlines are kept.
 */
export function visibleText(source: string): string {
  const chars = source.split("");
  const blank = (from: number, to: number, keepStrings: boolean) => {
    let quote: string | null = null;
    for (let k = from; k < to; k++) {
      const ch = chars[k]!;
      if (keepStrings) {
        if (quote) {
          if (ch === quote) {
            quote = null;
            chars[k] = " ";
          }
          continue;
        }
        if (ch === '"' || ch === "'") {
          quote = ch;
          chars[k] = " ";
          continue;
        }
      }
      if (ch !== "\n") chars[k] = " ";
    }
  };
  const markup = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
  for (const m of source.matchAll(markup)) {
    const at = m.index;
    const isComment = /^\{%-?\s*comment\b/.test(m[0]);
    blank(at, at + m[0].length, !isComment);
  }
  // {% comment %}…{% endcomment %}: never shown to the reader.
  for (const m of source.matchAll(/\{%-?\s*comment\s*-?%\}([\s\S]*?)\{%-?\s*endcomment\s*-?%\}/g)) blank(m.index, m.index + m[0].length, false);
  for (const m of source.matchAll(/https?:\/\/[^\s<>"'`]+/g)) blank(m.index, m.index + m[0].length, false);
  return chars.join("");
}

type Span = { start: number; end: number; rule: string; severity: "error" | "warning"; message: string };

function wordRegex(patterns: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join("|")})(?![\\p{L}\\p{N}])`, "gu");
}

const COMPILED_RULES = WORD_RULES.map((r) => ({ ...r, re: wordRegex(r.patterns) }));
const WORD_RULE_NAMES: ReadonlySet<string> = new Set(WORD_RULES.map((r) => r.rule));
const CONSEQUENCE_RE = wordRegex(CONSEQUENCE_PATTERNS);
const IMMEDIACY_RE = wordRegex(IMMEDIACY_PATTERNS);
const NO_NOTICE_RE = wordRegex(NO_NOTICE_PATTERNS);
const CONDITION_RE = wordRegex(CONDITION_PATTERNS);
const AVOID_RE = /(?<![\p{L}\p{N}])evit\w*/u;
const EMOJI_RE = /\p{Extended_Pictographic}/gu;

function test(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

/** Sentences of the folded text, with their offsets: split at . ! ? ; blank lines and list items. */
function sentences(folded: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const boundary = /[.!?;](?=\s)|\n\s*\n|\n(?=\s*[-•*]\s)/g;
  let start = 0;
  for (const m of folded.matchAll(boundary)) {
    out.push({ start, text: folded.slice(start, m.index + m[0].length) });
    start = m.index + m[0].length;
  }
  out.push({ start, text: folded.slice(start) });
  return out;
}

function isRoman(word: string): boolean {
  return /^[IVXLC]{2,6}$/.test(word);
}

/** ALL-CAPS words: a run of two or more, or one of four or more letters, is shouting; a lone 3-letter one may be an acronym. */
function capsSpans(visible: string): Span[] {
  const spans: Span[] = [];
  const tokens = [...visible.matchAll(/\p{L}+/gu)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
  const isShout = (w: string) => w.length >= 2 && w === w.toUpperCase() && w !== w.toLowerCase() && !ALLOWED_CAPS.has(foldForMatch(w).toUpperCase()) && !isRoman(w);
  let i = 0;
  while (i < tokens.length) {
    if (!isShout(tokens[i]!.word)) {
      i++;
      continue;
    }
    let j = i;
    // Extend the run over caps words separated by spaces or light punctuation on the same line.
    while (j + 1 < tokens.length && isShout(tokens[j + 1]!.word) && /^[\s,:;.'"-]*$/.test(visible.slice(tokens[j]!.end, tokens[j + 1]!.start)) && !visible.slice(tokens[j]!.end, tokens[j + 1]!.start).includes("\n")) j++;
    const run = tokens.slice(i, j + 1);
    const start = run[0]!.start;
    const end = run[run.length - 1]!.end;
    if (run.length >= 2 || run[0]!.word.length >= 4) spans.push({ start, end, rule: "shouting_caps", severity: "error", message: RULE_MESSAGES.shouting_caps });
    else if (run[0]!.word.length === 3) spans.push({ start, end, rule: "shouting_caps", severity: "warning", message: RULE_MESSAGES.shouting_caps_short });
    i = j + 1;
  }
  return spans;
}

function textSpans(visible: string, stage: Stage | undefined): Span[] {
  const folded = foldForMatch(visible);
  const spans: Span[] = [];
  for (const r of COMPILED_RULES) {
    for (const m of folded.matchAll(r.re)) spans.push({ start: m.index, end: m.index + m[0].length, rule: r.rule, severity: r.severity, message: r.message });
  }
  spans.push(...capsSpans(visible));
  for (const m of visible.matchAll(/!(?:[ \t]*!)+|\?[ \t]*!|![ \t]*\?/g)) {
    spans.push({ start: m.index, end: m.index + m[0].length, rule: "shouting_exclamation", severity: "error", message: RULE_MESSAGES.shouting_exclamation });
  }
  for (const s of sentences(folded)) {
    CONSEQUENCE_RE.lastIndex = 0;
    const consequence = CONSEQUENCE_RE.exec(s.text);
    if (!consequence) continue;
    const at = s.start + consequence.index;
    const span = { start: at, end: at + consequence[0].length };
    NO_NOTICE_RE.lastIndex = 0;
    IMMEDIACY_RE.lastIndex = 0;
    const noNotice = NO_NOTICE_RE.exec(s.text);
    const immediate = IMMEDIACY_RE.exec(s.text);
    if (noNotice || (immediate && !AVOID_RE.test(s.text))) {
      spans.push({ ...span, rule: "false_immediacy", severity: "error", message: RULE_MESSAGES.false_immediacy });
    } else if (!test(CONDITION_RE, s.text)) {
      spans.push({ ...span, rule: "consequence_without_condition", severity: "warning", message: RULE_MESSAGES.consequence_without_condition });
    }
    if (stage === "friendly") spans.push({ ...span, rule: "early_consequence", severity: "warning", message: RULE_MESSAGES.early_consequence });
  }
  const emoji = [...visible.matchAll(EMOJI_RE)];
  if (emoji.length > 2) spans.push({ start: emoji[2]!.index, end: emoji[2]!.index + emoji[2]![0].length, rule: "emoji", severity: "warning", message: RULE_MESSAGES.emoji });
  return spans;
}

/** Offset → 1-based line and column. */
function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function offsetOf(source: string, line: number, column: number): number {
  let l = 1;
  let i = 0;
  while (l < line && i < source.length) {
    if (source.charCodeAt(i) === 10) l++;
    i++;
  }
  return i + column - 1;
}

function knownPath(path: (string | number)[]): boolean {
  const [root, second, third] = path;
  if (typeof root !== "string") return true;
  if (root === "debts") {
    if (second === undefined || second === "size" || second === "?") return true;
    if (typeof second === "number" || second === "first" || second === "last") return third === undefined || (typeof third === "string" && DEBT_FIELDS.has(third));
    return false;
  }
  if (!KNOWN_ROOTS.has(root)) return false;
  const fields = KNOWN_ROOTS.get(root);
  if (!fields || second === undefined) return true;
  return typeof second === "string" && (fields.has(second) || second === "size");
}

function displayPath(path: (string | number)[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

const CNPJ_LITERAL = /\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}/;

/**
 * Lints a template for a channel. Errors make the template unusable (saving refuses
 * it); warnings are shown and saved along. The optional stage enables the friendly-stage
 * check.
 */
export function lintTemplate(source: string, channel: MessageChannel, options: LintOptions = {}): LintResult {
  const text = source.replace(/\r\n?/g, "\n");
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const add = (severity: "error" | "warning", f: Finding) => (severity === "error" ? errors : warnings).push(f);
  const fromFailure = (failure: TemplateFailure, rule: "syntax" | "render" | "limit") => {
    const prefix = rule === "syntax" ? RULE_MESSAGES.syntax : rule === "render" ? RULE_MESSAGES.render : RULE_MESSAGES.limit;
    const line = failure.line ?? 1;
    const column = failure.column ?? 1;
    const at = offsetOf(text, line, column);
    add("error", { rule, line, column, excerpt: text.slice(at, text.indexOf("\n", at) < 0 ? undefined : text.indexOf("\n", at)).slice(0, 60), message: `${prefix}: ${failure.message}` });
  };

  const split = splitSource(text, channel);
  const parts: SourcePart[] = [];
  if (!split.ok) {
    add("error", { rule: channel === "email" ? "missing_subject" : "missing_title", line: split.failure.line ?? 1, column: 1, excerpt: "", message: `Falta o cabeçalho: ${split.failure.message}.` });
    parts.push({ text, line: 1, column: 1 });
  } else {
    if (split.header) parts.push(split.header);
    parts.push(split.body);
  }

  // 1. Liquid syntax, and the variables used.
  let parsedAll = true;
  const globals: { path: (string | number)[]; line: number; column: number }[] = [];
  for (const part of parts) {
    const parsed = parseTemplate(part.text);
    if (!parsed.ok) {
      parsedAll = false;
      fromFailure(placeFailure(parsed.failure, part), parsed.failure.kind === "limit" ? "limit" : "syntax");
      continue;
    }
    for (const v of globalVariablesOf(parsed.templates)) {
      const placed = placeFailure({ kind: "syntax", message: "", line: v.line, column: v.column }, part);
      globals.push({ path: v.path, line: placed.line ?? 1, column: placed.column ?? 1 });
    }
  }
  const seenUnknown = new Set<string>();
  for (const g of globals) {
    if (knownPath(g.path)) continue;
    const name = displayPath(g.path);
    if (seenUnknown.has(name)) continue;
    seenUnknown.add(name);
    warnings.push({ rule: "unknown_variable", line: g.line, column: g.column, excerpt: name, message: `${RULE_MESSAGES.unknown_variable} (${name})` });
  }

  // 2. What the reader sees: CDC word rules, shouting, consequences.
  const visible = visibleText(text);
  const spans = textSpans(visible, options.stage).sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const s of spans) {
    // Two word rules on the same words ("sem vergonha": insult and ridicule) report once; shouting is always reported too.
    if (WORD_RULE_NAMES.has(s.rule) && kept.some((k) => WORD_RULE_NAMES.has(k.rule) && k.rule !== s.rule && s.start < k.end && k.start < s.end)) continue;
    kept.push(s);
  }
  for (const s of kept) {
    const { line, column } = positionOf(text, s.start);
    add(s.severity, { rule: s.rule, line, column, excerpt: text.slice(s.start, s.end), message: s.message });
  }
  for (const m of text.matchAll(/\|\s*upcase\b/g)) {
    const { line, column } = positionOf(text, m.index);
    warnings.push({ rule: "upcase_filter", line, column, excerpt: m[0], message: RULE_MESSAGES.upcase_filter });
  }
  if (channel === "email" && split.ok && split.header && visibleText(split.header.text).includes("!")) {
    warnings.push({ rule: "subject_exclamation", line: split.header.line, column: split.header.column + visibleText(split.header.text).indexOf("!"), excerpt: "!", message: RULE_MESSAGES.subject_exclamation });
  }

  // 3. Creditor identification where no footer adds it (CDC art. 42-A).
  if (!IDENTIFIED_CHANNELS.has(channel)) {
    const uses = (field: string) => globals.some((g) => g.path[0] === "creditor" && g.path[1] === field);
    if (!uses("legalName") && !uses("tradeName")) warnings.push({ rule: "missing_creditor_name", line: 1, column: 1, excerpt: "", message: RULE_MESSAGES.missing_creditor_name });
    if (!uses("cnpj") && !CNPJ_LITERAL.test(visible)) warnings.push({ rule: "missing_creditor_document", line: 1, column: 1, excerpt: "", message: RULE_MESSAGES.missing_creditor_document });
  }

  // 4. A render with the sample context: limits, empty results, SMS length.
  if (split.ok && parsedAll) {
    const rendered = renderMessage(text, channel, sampleContext(channel, options.stage ?? "friendly"));
    if (!rendered.ok) fromFailure(rendered.failure, rendered.failure.kind === "limit" ? "limit" : "render");
    else if (rendered.message.channel === "sms" && rendered.message.segments > 1) {
      warnings.push({ rule: "sms_length", line: split.body.line, column: 1, excerpt: "", message: `${RULE_MESSAGES.sms_length}: ${rendered.warnings.join("; ")} — com os dados de exemplo.` });
    }
  }

  const order = (a: Finding, b: Finding) => a.line - b.line || a.column - b.column;
  return { errors: errors.sort(order), warnings: warnings.sort(order) };
}

/** The header label a channel's template must start with, if any ("Assunto" / "Título"). */
export function headerLabelOf(channel: MessageChannel): string | undefined {
  return HEADER_LABELS[channel];
}
