import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { PACK_TEMPLATES } from "./pack.ts";
import { renderMessage, splitSource, textToHtml, type RenderedMessage } from "./message.ts";
import { sampleContext, type TemplateContext } from "./variables.ts";

function ok(source: string, channel: Parameters<typeof renderMessage>[1], ctx: TemplateContext = sampleContext(channel)): { message: RenderedMessage; warnings: string[] } {
  const out = renderMessage(source, channel, ctx);
  assert.ok(out.ok, JSON.stringify(out));
  return out;
}

describe("messages per channel", () => {
  it("e-mail: subject, escaped HTML in a fixed layout, text part, and the footer with the creditor's identification and unsubscribe link (golden)", () => {
    const source = "Assunto:  Olá, {{ debtor.firstName }} <teste>\n\nOlá, {{ debtor.name }}.\nSegue o débito:\n{% for d in debts %}\n- {{ d.dueDate | date }}: {{ d.totalCents | money }}{% endfor %}\n\n\n\nPague: {{ links.payment }}.";
    const ctx = sampleContext("email");
    ctx.debtor.name = 'Maria <b>"&"</b>';
    const { message, warnings } = ok(source, "email", ctx);
    assert.deepEqual(warnings, []);
    assert.equal(message.channel, "email");
    if (message.channel !== "email") return;
    assert.equal(message.subject, "Olá, Maria <teste>");
    assert.equal(
      message.text,
      "Olá, Maria <b>\"&\"</b>.\nSegue o débito:\n\n- 10/04/2025: R$ 165,92\n- 10/05/2025: R$ 164,33\n\nPague: https://rg.ua/p/8fK2xQ.\n\n-- \nLoja Exemplo Comércio de Móveis Ltda · CNPJ 11.222.333/0001-81\nRua das Flores, 100, Centro · São Paulo/SP · CEP 01001-000\nPara deixar de receber e-mails de cobrança de Loja Exemplo, acesse: https://rg.ua/s/8fK2xQ\n",
    );
    assert.equal(
      message.html,
      [
        "<!DOCTYPE html>",
        '<html lang="pt-BR">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Olá, Maria &lt;teste&gt;</title>",
        "</head>",
        '<body style="margin:0;padding:0;background-color:#f6f6f6;">',
        '<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222222;">',
        '<p style="margin:0 0 16px;">Olá, Maria &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;.<br>',
        "Segue o débito:</p>",
        '<ul style="margin:0 0 16px;padding-left:20px;">',
        '<li style="margin:0 0 4px;">10/04/2025: R$ 165,92</li>',
        '<li style="margin:0 0 4px;">10/05/2025: R$ 164,33</li>',
        "</ul>",
        '<p style="margin:0 0 16px;">Pague: <a href="https://rg.ua/p/8fK2xQ" style="color:#0b57d0;">https://rg.ua/p/8fK2xQ</a>.</p>',
        '<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0 16px;">',
        '<p style="margin:0 0 8px;font-size:12px;line-height:1.4;color:#555555;">Loja Exemplo Comércio de Móveis Ltda · CNPJ 11.222.333/0001-81<br>',
        "Rua das Flores, 100, Centro · São Paulo/SP · CEP 01001-000</p>",
        '<p style="margin:0 0 8px;font-size:12px;line-height:1.4;color:#555555;">Para deixar de receber e-mails de cobrança de Loja Exemplo, acesse: <a href="https://rg.ua/s/8fK2xQ" style="color:#0b57d0;">https://rg.ua/s/8fK2xQ</a></p>',
        "</div>",
        "</body>",
        "</html>",
        "",
      ].join("\n"),
    );
  });

  it("the template cannot remove the footer, inject markup or load remote assets", () => {
    const source = 'Assunto: x\n\n<img src="https://rastreio.example/p.gif"><script>alert(1)</script><style>.f{display:none}</style>{{ "<!--" }}';
    const { message } = ok(source, "email");
    if (message.channel !== "email") return assert.fail();
    assert.ok(!/<img|<script|<style|<!--/i.test(message.html));
    assert.ok(message.html.includes("&lt;img src=&quot;"));
    assert.ok(message.html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(message.html.includes("CNPJ 11.222.333/0001-81"));
    assert.ok(message.html.includes("Rua das Flores, 100, Centro"));
    assert.ok(message.text.includes("acesse: https://rg.ua/s/8fK2xQ"));
  });

  it("an e-mail without a creditor address or unsubscribe link renders with warnings (the dispatcher refuses it)", () => {
    const ctx = sampleContext("email");
    ctx.creditor.address = "";
    ctx.links.unsubscribe = "";
    const { warnings } = ok("Assunto: x\n\ny", "email", ctx);
    assert.deepEqual(warnings, ["o cadastro do credor não tem endereço (CDC art. 42-A)", "falta o link de descadastro do e-mail"]);
  });

  it("the header line is required for e-mail and letters, with its position", () => {
    assert.deepEqual(renderMessage("Olá\n\ncorpo", "email", sampleContext()), { ok: false, failure: { kind: "syntax", message: 'a primeira linha deve ser "Assunto: …" (o assunto do e-mail)', line: 1, column: 1 } });
    assert.deepEqual(splitSource("\n  titulo: Aviso {{ x }}\n\n\ncorpo\nfim", "letter"), { ok: true, header: { text: "Aviso {{ x }}", line: 2, column: 11 }, body: { text: "corpo\nfim", line: 5, column: 1 } });
    // Errors inside the subject or the body point at the whole source.
    const bad = renderMessage("Assunto: a {{ x | nada }}\n\nb", "email", sampleContext());
    assert.deepEqual(bad, { ok: false, failure: { kind: "syntax", message: "filtro desconhecido: nada", line: 1, column: 12 } });
    const bad2 = renderMessage("Assunto: a\n\nb\nc {% if %}", "email", sampleContext());
    assert.equal(bad2.ok, false);
    if (!bad2.ok) assert.equal(bad2.failure.line, 4);
  });

  it("SMS: GSM-7 text with accents stripped, length and segments, warning over 160", () => {
    const { message, warnings } = ok("{{ creditor.tradeName }}: Olá {{ debtor.firstName }}, você tem um débito de {{ totals.totalCents | money }}.", "sms");
    assert.deepEqual(message, { channel: "sms", text: "Loja Exemplo: Ola Maria, voce tem um debito de R$ 330,25.", length: 57, segments: 1 });
    assert.deepEqual(warnings, []);
    const long = ok(`{{ creditor.tradeName }} ${"a".repeat(150)}`, "sms");
    assert.deepEqual({ ...long.message, text: undefined }, { channel: "sms", text: undefined, length: 163, segments: 2 });
    assert.deepEqual(long.warnings, ["o SMS tem 163 caracteres: será enviado em 2 partes (160 caracteres cabem em um SMS)"]);
  });

  it("letter: title, body and the sender block; phone and WhatsApp: text", () => {
    const { message } = ok("Título: Aviso\n\n{{ creditor.city }}, {{ today | date_long }}.", "letter");
    assert.deepEqual(message, { channel: "letter", title: "Aviso", text: "São Paulo, 2 de junho de 2025.", sender: { legalName: "Loja Exemplo Comércio de Móveis Ltda", cnpj: "11.222.333/0001-81", addressLine: "Rua das Flores, 100, Centro · São Paulo/SP · CEP 01001-000" } });
    assert.deepEqual(ok("Olá *{{ debtor.firstName }}*\n\n\n\nfim", "whatsapp").message, { channel: "whatsapp", text: "Olá *Maria*\n\nfim" });
    assert.deepEqual(ok("1. Apresente-se", "phone").message, { channel: "phone", text: "1. Apresente-se" });
  });

  it("lists in the HTML: runs of '- ' lines, links only for http(s)", () => {
    assert.equal(textToHtml("a\n- b\n- c\nd"), '<p style="margin:0 0 16px;">a</p>\n<ul style="margin:0 0 16px;padding-left:20px;">\n<li style="margin:0 0 4px;">b</li>\n<li style="margin:0 0 4px;">c</li>\n</ul>\n<p style="margin:0 0 16px;">d</p>');
    assert.equal(textToHtml("javascript:alert(1) https://a.b/c?x=1&y=2)"), '<p style="margin:0 0 16px;">javascript:alert(1) <a href="https://a.b/c?x=1&amp;y=2" style="color:#0b57d0;">https://a.b/c?x=1&amp;y=2</a>)</p>');
  });
});

// ---- Property: any variable values render without throwing, and the HTML stays ours ---------

const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "&amp;", "{{ x }}", "{% raw %}", "https://x.y/<a>", "\u0000", "💸"),
  fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const anyDebt = fc.record({
  externalId: anyValue, description: anyValue, dueDate: fc.oneof(anyValue, fc.constantFrom("2025-05-10", "2024-02-29")), daysLate: anyValue, daysUntilDue: anyValue,
  openCents: anyValue, principalCents: anyValue, fineCents: anyValue, interestCents: anyValue, correctionCents: anyValue, totalCents: anyValue, contract: anyValue, instalment: anyValue,
});

const anyContext = fc.record({
  creditor: fc.record({ legalName: anyValue, tradeName: anyValue, cnpj: anyValue, address: anyValue, city: anyValue, state: anyValue, zip: anyValue }),
  debtor: fc.record({ name: anyValue, firstName: anyValue, document: anyValue, kind: anyValue }),
  debts: fc.oneof(fc.array(anyDebt, { maxLength: 3 }), anyValue),
  totals: fc.record({ openCents: anyValue, totalCents: anyValue, count: anyValue, maxDaysLate: anyValue, oldestDueDate: anyValue }),
  links: fc.record({ payment: anyValue, unsubscribe: anyValue }),
  step: fc.record({ id: anyValue, stage: anyValue, channel: anyValue }),
  today: anyValue,
});

/** Only the layout's own tags may remain: anything else that looks like markup came from data and was not escaped. */
function strayMarkup(html: string): string {
  return html.replace(/<!DOCTYPE html>|<\/?(?:html|head|title|body|div|p|ul|li|hr|br)(?: [^<>]*)?>|<meta [^<>]*>|<a href="[^"<>]*" style="color:#0b57d0;">|<\/a>/g, "");
}

describe("rendering with random variable values (property)", () => {
  const samples = ["varejo.amigavel.email", "financeiro.notificacao.email", "telecom.firme.sms", "utilidades.notificacao.letter", "geral.extrajudicial.phone", "varejo.lembrete.whatsapp"].map(
    (k) => PACK_TEMPLATES.find((t) => t.key === k)!,
  );
  it("never throws, always succeeds for the pack, and the e-mail HTML escapes every value", () => {
    fc.assert(
      fc.property(anyContext, fc.constantFrom(...samples), (ctx, template) => {
        const out = renderMessage(template.content, template.channel, ctx as unknown as TemplateContext);
        assert.ok(out.ok, JSON.stringify(out));
        if (out.message.channel === "email") {
          const stray = strayMarkup(out.message.html);
          assert.ok(!stray.includes("<") && !stray.includes(">"), stray);
          assert.ok(!out.message.subject.includes("\n"));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a user's own template never throws either, whatever it references", () => {
    const source = "Assunto: {{ debtor.name }} {{ debtor.name.first }} {{ debts[0].totalCents | money }}\n\n{% for d in debts %}{{ d | money }} {{ d.dueDate | date_long }} {{ d.daysLate | days }} {{ d.description | mask_document }}{% endfor %} {{ totals | plural: 'a', 'b' }} {{ today | add_days: 3 }} {{ creditor.cnpj | format_document }} {{ debtor.name | proper_name | first_name }}";
    fc.assert(
      fc.property(anyContext, (ctx) => {
        const out = renderMessage(source, "email", ctx as unknown as TemplateContext);
        // The only refusal is a subject that came out empty (all its variables were blank).
        if (!out.ok) return assert.match(out.failure.message, /^Assunto ficou vazio/);
        if (out.message.channel === "email") assert.ok(!/[<>]/.test(strayMarkup(out.message.html)));
      }),
      { numRuns: 200 },
    );
  });
});
