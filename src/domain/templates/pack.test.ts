import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLadderDocument } from "../ladder/ladder-document.ts";
import { DEFAULT_LADDERS } from "./default-ladders.ts";
import { lintTemplate } from "./lint.ts";
import { renderMessage } from "./message.ts";
import { packKeyFor, packSectorOf, packTemplateByKey, packTemplatesOf, PACK_TEMPLATES } from "./pack.ts";
import { sampleContext } from "./variables.ts";

describe("default template pack", () => {
  it("has every stage × channel for each sector, and the reminder for e-mail, SMS and WhatsApp", () => {
    assert.equal(PACK_TEMPLATES.length, 5 * (4 * 5 + 3));
    for (const prefix of ["financeiro", "telecom", "utilidades", "varejo", "geral"]) {
      for (const purpose of ["amigavel", "firme", "notificacao", "extrajudicial"]) {
        for (const channel of ["email", "sms", "whatsapp", "letter", "phone"]) assert.ok(packTemplateByKey(`${prefix}.${purpose}.${channel}`), `${prefix}.${purpose}.${channel}`);
      }
      for (const channel of ["email", "sms", "whatsapp"]) assert.ok(packTemplateByKey(`${prefix}.lembrete.${channel}`));
    }
    assert.equal(new Set(PACK_TEMPLATES.map((t) => t.key)).size, PACK_TEMPLATES.length);
  });

  it("every template passes the lint with zero errors and zero warnings, for its stage", () => {
    for (const t of PACK_TEMPLATES) {
      const lint = lintTemplate(t.content, t.channel, { stage: t.stage });
      assert.deepEqual(lint, { errors: [], warnings: [] }, t.key);
    }
  });

  it("every template renders with the sample context, without warnings; SMS fit in one segment; the reminder never mentions consequences", () => {
    for (const t of PACK_TEMPLATES) {
      const out = renderMessage(t.content, t.channel, sampleContext(t.channel, t.stage));
      assert.ok(out.ok, `${t.key}: ${JSON.stringify(out)}`);
      assert.deepEqual(out.warnings, [], t.key);
      const m = out.message;
      const text = m.channel === "email" ? `${m.subject}\n${m.text}` : m.channel === "letter" ? `${m.title}\n${m.text}` : m.text;
      assert.ok(!/\{\{|\{%|undefined|null|NaN/.test(text), `${t.key}: ${text}`);
      if (m.channel === "sms") assert.equal(m.segments, 1, `${t.key}: ${m.length}`);
      if (t.purpose === "lembrete" || t.purpose === "amigavel") assert.ok(!/negativ|protest|SPC|Serasa/i.test(text), t.key);
      // Every message names its creditor: by the footer (e-mail), the sender block (letter) or in the text.
      assert.ok(m.channel === "email" || m.channel === "letter" || (text.includes("Loja Exemplo") && text.includes("11.222.333/0001-81")), t.key);
    }
  });

  it("the formal notice is the prior notice of CDC art. 43 §2: deadline, possible listing, how to pay or contest", () => {
    for (const t of PACK_TEMPLATES.filter((x) => x.purpose === "notificacao" && (x.channel === "email" || x.channel === "letter"))) {
      const out = renderMessage(t.content, t.channel, sampleContext(t.channel, "formal"));
      assert.ok(out.ok);
      const text = out.message.channel === "email" || out.message.channel === "letter" ? out.message.text : "";
      assert.match(text, /art\. 43, § 2º, do Código de Defesa do Consumidor/);
      assert.match(text, /no prazo de 10 \(dez\) dias/);
      assert.match(text, /poderá ser incluído nos cadastros de proteção ao crédito/);
      assert.match(text, /não reconhece este débito/);
      assert.match(text, /11\.222\.333\/0001-81/);
    }
  });

  it("singular and plural agree with the number of debts", () => {
    const t = packTemplateByKey("telecom.firme.email")!;
    const two = renderMessage(t.content, "email", sampleContext("email", "firm"));
    const ctx = sampleContext("email", "firm");
    ctx.debts = ctx.debts.slice(0, 1);
    ctx.totals = { ...ctx.totals, count: 1, totalCents: 16592, openCents: 15990 };
    const one = renderMessage(t.content, "email", ctx);
    assert.ok(two.ok && one.ok);
    if (two.message.channel !== "email" || one.message.channel !== "email") return;
    assert.equal(two.message.subject, "Suas faturas com Loja Exemplo estão em atraso");
    assert.equal(one.message.subject, "Sua fatura com Loja Exemplo está em atraso");
  });

  it("golden: the retail friendly SMS", () => {
    const out = renderMessage(packTemplateByKey("varejo.amigavel.sms")!.content, "sms", sampleContext("sms"));
    assert.deepEqual(out.ok && out.message, {
      channel: "sms",
      text: "Loja Exemplo (CNPJ 11.222.333/0001-81): Maria, nao identificamos o pagamento de R$ 330,25, vencido em 10/04/2025. Pague: https://rg.ua/p/8fK2xQ",
      length: 143,
      segments: 1,
    });
  });

  it("resolves the default key of a sector, stage and channel; other sectors use the general pack", () => {
    const table: [string, Parameters<typeof packKeyFor>[1], Parameters<typeof packKeyFor>[2], boolean, string | null][] = [
      ["retail", "friendly", "email", true, "varejo.lembrete.email"],
      ["retail", "friendly", "email", false, "varejo.amigavel.email"],
      ["retail", "friendly", "letter", true, "varejo.amigavel.letter"],
      ["financial", "firm", "sms", false, "financeiro.firme.sms"],
      ["telecom", "formal", "letter", false, "telecom.notificacao.letter"],
      ["utilities", "extrajudicial", "phone", false, "utilidades.extrajudicial.phone"],
      ["education", "formal", "email", false, "geral.notificacao.email"],
      ["retail", "judicial", "email", false, null],
    ];
    for (const [sector, stage, channel, beforeDue, key] of table) assert.equal(packKeyFor(sector, stage, channel, { beforeDue }), key, `${sector} ${stage} ${channel}`);
    assert.equal(packSectorOf("health"), "general");
    assert.equal(packTemplatesOf("telecom").length, 23);
  });
});

describe("default ladders", () => {
  for (const [sector, doc] of Object.entries(DEFAULT_LADDERS)) {
    it(`${doc.id}: a valid ladder document whose templates exist in the pack with the step's channel and stage`, () => {
      const parsed = parseLadderDocument(JSON.parse(JSON.stringify(doc)));
      assert.ok(parsed.ok, JSON.stringify(parsed));
      for (const step of doc.steps) {
        if (step.template === undefined) {
          assert.equal(step.channel, "credit_bureau");
          continue;
        }
        const t = packTemplateByKey(step.template);
        assert.ok(t, step.template);
        assert.equal(t.channel, step.channel, step.id);
        assert.equal(t.stage, step.stage, step.id);
        assert.equal(t.sector, sector);
      }
      const offsets = doc.steps.map((s) => s.offsetDays);
      assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), "in order");
      assert.ok(doc.steps[0]!.offsetDays < 0, "a reminder before the due date");
      const firstAfter = doc.steps.find((s) => s.offsetDays > 0)!;
      assert.ok(firstAfter.offsetDays >= 5 && firstAfter.offsetDays <= 7, "first message 5–7 days after");
      const firstCall = doc.steps.find((s) => s.channel === "phone")!;
      assert.ok(firstCall.offsetDays >= 20, "calls from about 25 days");
      assert.ok(doc.steps.some((s) => s.channel === "sms" && s.offsetDays < firstCall.offsetDays), "SMS before calls");
      const bureau = doc.steps.find((s) => s.channel === "credit_bureau")!;
      const notices = doc.steps.filter((s) => s.priorNotice);
      assert.ok(notices.length > 0 && notices.every((n) => bureau.offsetDays - n.offsetDays >= 10), "prior notice at least 10 days before the listing");
      assert.ok(notices.some((n) => n.channel === "letter"), "a written notice");
    });
  }
});
