import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_LIMITS, FORBIDDEN_TAGS, renderText } from "./engine.ts";

const render = (text: string, ctx: object = {}) => renderText(text, ctx);

describe("sandboxed template engine", () => {
  it("renders Liquid with the pt-BR filters", () => {
    assert.deepEqual(render("{{ v | money }} em {{ d | date }}, {{ n | days }}", { v: 123456, d: "2025-05-10", n: 3 }), { ok: true, text: "R$ 1.234,56 em 10/05/2025, 3 dias" });
  });

  it("cannot read files: include, render, layout and block are refused at parse time, even for files that exist", () => {
    for (const source of ["{% include 'package.json' %}", "{% render 'package.json' %}", "{% layout 'package.json' %}x", "{% include '/etc/passwd' %}", "{% render 'src/cli/main.ts' %}", "{% block x %}{% endblock %}"]) {
      const out = render(source);
      assert.equal(out.ok, false, source);
      if (out.ok) continue;
      assert.equal(out.failure.kind, "syntax");
      assert.match(out.failure.message, /^a tag "(include|render|layout|block)" não é permitida: os modelos não podem carregar outros modelos nem arquivos$/);
      assert.equal(out.failure.line, 1);
    }
    assert.deepEqual([...FORBIDDEN_TAGS], ["include", "render", "layout", "block"]);
  });

  it("sees only own properties of the context (no prototype, no constructor)", () => {
    const out = render("[{{ x.constructor }}][{{ x.__proto__ }}][{{ x.toString }}][{{ x.hasOwnProperty }}][{{ s.length }}][{{ x.a }}]", { x: { a: 1 }, s: "abc" });
    // A string's length is its own property (harmless); inherited members are not visible.
    assert.deepEqual(out, { ok: true, text: "[][][][][3][1]" });
  });

  it("unknown filters are errors, with position and a Portuguese message; clock-reading and random filters are gone", () => {
    assert.deepEqual(render("olá\n  {{ x | nada }}"), { ok: false, failure: { kind: "syntax", message: "filtro desconhecido: nada", line: 2, column: 3 } });
    for (const f of ["date_to_string", "date_to_xmlschema", "date_to_rfc822", "date_to_long_string", "sample", "inspect"]) {
      const out = render(`{{ x | ${f} }}`, { x: [1, 2] });
      assert.equal(out.ok, false, f);
    }
    // `date` is ours: no "now" from the wall clock.
    assert.deepEqual(render('{{ "now" | date }}'), { ok: true, text: "now" });
  });

  it("unclosed tags and unknown tags are reported in Portuguese", () => {
    const a = render("a\n{% if x %}b");
    assert.equal(a.ok, false);
    if (!a.ok) assert.deepEqual(a.failure, { kind: "syntax", message: "a tag {% if x %} não foi fechada", line: 2, column: 1 });
    const b = render("{% foo %}");
    assert.equal(b.ok, false);
    if (!b.ok) assert.equal(b.failure.message, "tag desconhecida: foo");
  });

  it("enforces the parse limit", () => {
    const out = renderText("x".repeat(DEFAULT_LIMITS.parseChars + 1), {});
    assert.deepEqual(out, { ok: false, failure: { kind: "limit", message: "o modelo é grande demais (limite de 50.000 caracteres)" } });
    assert.equal(renderText("x".repeat(DEFAULT_LIMITS.parseChars), {}).ok, true);
  });

  it("enforces the memory limit (huge ranges, exponential concatenation)", () => {
    for (const source of ["{% for i in (1..100000000) %}{% endfor %}", "{% assign a = 'xxxxxxxxxx' | split: '' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a.size }}"]) {
      const out = render(source);
      assert.equal(out.ok, false, source);
      if (!out.ok) assert.deepEqual({ kind: out.failure.kind, message: out.failure.message }, { kind: "limit", message: "a renderização passou do limite de memória: simplifique os laços e listas do modelo" });
    }
  });

  it("enforces the render time limit", () => {
    const limits = { parseChars: 10_000, renderMs: 20, memory: 1e9 };
    const source = "{% for i in (1..2000) %}{% for j in (1..2000) %}{% if j == 0 %}x{% endif %}{% endfor %}{% endfor %}";
    const started = performance.now();
    const out = renderText(source, {}, limits);
    assert.equal(out.ok, false);
    if (!out.ok) assert.deepEqual({ kind: out.failure.kind, message: out.failure.message }, { kind: "limit", message: "a renderização passou do limite de tempo (20 ms): simplifique os laços do modelo" });
    assert.ok(performance.now() - started < 5_000, "stopped early");
  });
});
