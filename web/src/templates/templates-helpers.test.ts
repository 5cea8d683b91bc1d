import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { FILTER_DOCS } from "../../../src/domain/templates/filters.ts";
import { VARIABLES } from "../../../src/domain/templates/variables.ts";
import { diffLines, diffStats } from "./line-diff.ts";
import { lineColumnOf, offsetOf, tokenizeLiquid } from "./liquid-highlight.ts";
import { sandboxedHtml } from "./sandbox-html.ts";
import { TEMPLATE_FILTERS, TEMPLATE_VARIABLES, snippetOf } from "./variables.ts";

const compact = (source: string) => tokenizeLiquid(source).map((t) => `${t.type}:${t.text}`);

describe("tokenizeLiquid", () => {
  it("colours output, filters, strings and numbers", () => {
    assert.deepEqual(compact('Olá {{ debtor.firstName }}, {{ totals.totalCents | money }} em {{ today | add_days: 10 | date }} {{ "x" }}'), [
      "text:Olá ", "delimiter:{{", "text: ", "variable:debtor.firstName", "text: ", "delimiter:}}", "text:, ",
      "delimiter:{{", "text: ", "variable:totals.totalCents", "text: ", "operator:|", "text: ", "filter:money", "text: ", "delimiter:}}", "text: em ",
      "delimiter:{{", "text: ", "variable:today", "text: ", "operator:|", "text: ", "filter:add_days", "operator::", "text: ", "number:10", "text: ", "operator:|", "text: ", "filter:date", "text: ", "delimiter:}}",
      "text: ", "delimiter:{{", "text: ", 'string:"x"', "text: ", "delimiter:}}",
    ]);
  });
  it("colours tags, keywords, whitespace control, comments and the subject line", () => {
    assert.deepEqual(compact("Assunto: Oi\n{%- if totals.count > 1 and debtor.kind == 'person' -%}x{% endif %}"), [
      "header:Assunto:", "text: Oi\n", "delimiter:{%-", "text: ", "tag:if", "text: ", "variable:totals.count", "text: ", "operator:>", "text: ", "number:1", "text: ",
      "keyword:and", "text: ", "variable:debtor.kind", "text: ", "operator:=", "operator:=", "text: ", "string:'person'", "text: ", "delimiter:-%}", "text:x",
      "delimiter:{%", "text: ", "tag:endif", "text: ", "delimiter:%}",
    ]);
    assert.deepEqual(compact("a{% comment %} {{ x }} {% endcomment %}b"), ["text:a", "comment:{% comment %} {{ x }} {% endcomment %}", "text:b"]);
  });
  it("keeps an unclosed tag and a '}}' inside a string", () => {
    assert.deepEqual(compact("{{ 'a}}b' }}"), ["delimiter:{{", "text: ", "string:'a}}b'", "text: ", "delimiter:}}"]);
    assert.deepEqual(compact("x {{ debtor.name"), ["text:x ", "delimiter:{{", "text: ", "variable:debtor.name"]);
  });
  it("always gives the source back", () => {
    const alphabet = fc.constantFrom("{", "}", "%", "-", "|", "'", '"', " ", "\n", "a", "b", ".", "1", ":", "Assunto:", "{{", "}}", "{%", "%}", "comment", "endcomment");
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
      const source = parts.join("");
      return tokenizeLiquid(source).map((t) => t.text).join("") === source;
    }), { numRuns: 2000 });
  });
  it("maps offsets to lines and columns and back", () => {
    const text = "ab\ncde\n\nf";
    assert.deepEqual(lineColumnOf(text, 4), { line: 2, column: 2 });
    assert.equal(offsetOf(text, 2, 2), 4);
    assert.equal(offsetOf(text, 3, 5), 7, "clamped to the line");
    assert.equal(offsetOf(text, 9, 1), text.length);
    fc.assert(fc.property(fc.string({ maxLength: 40 }).map((s) => s.replace(/\r/g, "")), fc.nat(), (s, n) => {
      const offset = s.length === 0 ? 0 : n % (s.length + 1);
      const { line, column } = lineColumnOf(s, offset);
      return offsetOf(s, line, column) === offset;
    }));
  });
});

describe("diffLines", () => {
  it("shows removals and additions in place, numbered on both sides", () => {
    const lines = diffLines("Assunto: A\nolá\nvamos acionar a polícia\nfim", "Assunto: A\nolá\nregularize até sexta\nfim\nps");
    assert.deepEqual(lines.map((l) => `${l.kind[0]}${l.oldLine ?? "-"}/${l.newLine ?? "-"} ${l.text}`), [
      "s1/1 Assunto: A", "s2/2 olá", "r3/- vamos acionar a polícia", "a-/3 regularize até sexta", "s4/4 fim", "a-/5 ps",
    ]);
    assert.deepEqual(diffStats(lines), { added: 2, removed: 1 });
    assert.deepEqual(diffStats(diffLines("igual", "igual")), { added: 0, removed: 0 });
  });
  it("rebuilds both sides", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", ""), { maxLength: 12 }).map((l) => l.join("\n"));
    fc.assert(fc.property(text, text, (before, after) => {
      const lines = diffLines(before, after);
      return lines.filter((l) => l.kind !== "added").map((l) => l.text).join("\n") === before && lines.filter((l) => l.kind !== "removed").map((l) => l.text).join("\n") === after;
    }));
  });
});

describe("template variables and filters", () => {
  it("are the server's, in its order", () => {
    assert.deepEqual(TEMPLATE_VARIABLES.map((v) => v.path), VARIABLES.map((v) => v.path));
    assert.deepEqual(TEMPLATE_FILTERS.map((f) => f.name).sort(), Object.keys(FILTER_DOCS).sort());
  });
  it("insert money and dates with their filter and debts as a loop", () => {
    const byPath = (path: string) => snippetOf(TEMPLATE_VARIABLES.find((v) => v.path === path)!);
    assert.equal(byPath("totals.totalCents"), "{{ totals.totalCents | money }}");
    assert.equal(byPath("debts[].dueDate"), "{{ debt.dueDate | date }}");
    assert.equal(byPath("debtor.firstName"), "{{ debtor.firstName }}");
    assert.match(byPath("debts"), /^\{% for debt in debts %\}[\s\S]*\{% endfor %\}$/);
  });
});

describe("sandboxedHtml", () => {
  it("blanks remote images (the open pixel), backgrounds and CSS urls, keeps data images, and adds a no-network policy", () => {
    const html = '<html><head><title>x</title></head><body style="background:url(https://x.test/bg.png)"><table background="http://x.test/t.png"><tr><td>'
      + '<img alt="" src="https://regua.test/t/o/23.abc" width="1"><img src=\'//cdn.test/logo.png\' srcset="//cdn.test/a.png 2x"><img src="data:image/png;base64,AAAA"></td></tr></table></body></html>';
    const out = sandboxedHtml(html);
    assert.ok(!/regua\.test|cdn\.test|x\.test/.test(out), out);
    assert.equal((out.match(/data-remote-image="bloqueada"/g) ?? []).length, 2);
    assert.match(out, /src="data:image\/png;base64,AAAA"/);
    assert.match(out, /^<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*img-src data:/);
    assert.match(sandboxedHtml("<p>sem head</p>"), /^<meta http-equiv="Content-Security-Policy"[^>]*><p>sem head<\/p>$/);
  });
});
