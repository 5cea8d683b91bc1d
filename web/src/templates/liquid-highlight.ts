// A small Liquid tokenizer for the template editor's colours: plain text, {{ output }} and
// {% tags %} with their tag names, variables, filters, strings, numbers and operators, and
// the "Assunto:"/"Título:" header line. The tokens' texts always add up to the source, so
// the coloured layer lines up character for character with the textarea above it.

export type TokenType = "text" | "header" | "delimiter" | "tag" | "variable" | "filter" | "string" | "number" | "operator" | "keyword" | "comment";

export type Token = { type: TokenType; text: string };

const KEYWORDS = new Set(["and", "or", "not", "contains", "in", "with", "as", "true", "false", "nil", "null", "empty", "blank", "else", "reversed", "limit", "offset"]);
const HEADER = /^(Assunto|Título|Titulo|Subject|Title):/;

/** Splits a template into coloured tokens (concatenating their text gives the source back). */
export function tokenizeLiquid(source: string): Token[] {
  const tokens: Token[] = [];
  const push = (type: TokenType, text: string) => {
    if (text === "") return;
    const last = tokens[tokens.length - 1];
    if (last && last.type === type && (type === "text" || type === "comment")) last.text += text;
    else tokens.push({ type, text });
  };
  let i = 0;
  const header = HEADER.exec(source);
  if (header) {
    push("header", header[0]);
    i = header[0].length;
  }
  while (i < source.length) {
    const open = nextOpening(source, i);
    if (open === -1) {
      push("text", source.slice(i));
      break;
    }
    push("text", source.slice(i, open));
    const isTag = source[open + 1] === "%";
    const close = isTag ? "%}" : "}}";
    let end = findClose(source, open + 2, close);
    const complete = end !== -1;
    if (!complete) end = source.length;
    // Delimiters with their whitespace-control dashes: "{{-", "-%}".
    let innerStart = open + 2;
    if (source[innerStart] === "-") innerStart++;
    let innerEnd = end;
    if (complete && innerEnd > innerStart && source[innerEnd - 1] === "-") innerEnd--;
    const inner = source.slice(innerStart, innerEnd);
    if (isTag && /^\s*comment\b/.test(inner)) {
      // {% comment %} … {% endcomment %} is one grey block.
      const closeAt = source.indexOf("endcomment", end);
      const blockEnd = closeAt === -1 ? source.length : findClose(source, closeAt, "%}");
      const stop = blockEnd === -1 ? source.length : blockEnd + 2;
      push("comment", source.slice(open, stop));
      i = stop;
      continue;
    }
    push("delimiter", source.slice(open, innerStart));
    tokenizeInner(inner, isTag, push);
    if (complete) push("delimiter", source.slice(innerEnd, end + 2));
    i = complete ? end + 2 : source.length;
  }
  return tokens;
}

function nextOpening(source: string, from: number): number {
  const a = source.indexOf("{{", from);
  const b = source.indexOf("{%", from);
  if (a === -1) return b;
  if (b === -1) return a;
  return Math.min(a, b);
}

/** The closing delimiter, skipping over quoted strings. */
function findClose(source: string, from: number, close: string): number {
  let quote: string | null = null;
  for (let k = from; k < source.length - 1; k++) {
    const c = source[k]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (source.startsWith(close, k)) return k;
  }
  return -1;
}

function tokenizeInner(inner: string, isTag: boolean, push: (type: TokenType, text: string) => void): void {
  let k = 0;
  let first = isTag;
  let afterPipe = false;
  while (k < inner.length) {
    const rest = inner.slice(k);
    const space = /^\s+/.exec(rest);
    if (space) {
      push("text", space[0]);
      k += space[0].length;
      continue;
    }
    const c = inner[k]!;
    if (c === '"' || c === "'") {
      const end = inner.indexOf(c, k + 1);
      const stop = end === -1 ? inner.length : end + 1;
      push("string", inner.slice(k, stop));
      k = stop;
      first = false;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      push("number", number[0]);
      k += number[0].length;
      first = false;
      continue;
    }
    const word = /^[A-Za-z_][\w-]*(\??)/.exec(rest);
    if (word) {
      const text = word[0];
      if (first) push("tag", text);
      else if (afterPipe) push("filter", text);
      else if (KEYWORDS.has(text)) push("keyword", text);
      else {
        // A path: debtor.firstName, debts[0].dueDate, totals.count.
        const path = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[[^\]]*\])*/.exec(rest)![0];
        push("variable", path);
        k += path.length;
        first = false;
        afterPipe = false;
        continue;
      }
      k += text.length;
      first = false;
      afterPipe = false;
      continue;
    }
    push("operator", c);
    afterPipe = c === "|";
    first = false;
    k += 1;
  }
}

/** Line and column (1-based) of an offset in the text. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offset of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf("\n", offset);
  const end = lineEnd === -1 ? text.length : lineEnd;
  return Math.min(offset + Math.max(column - 1, 0), end);
}
