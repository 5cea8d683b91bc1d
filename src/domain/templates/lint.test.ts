import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Stage } from "../ladder/channels.ts";
import { foldForMatch, lintTemplate, visibleText, type Finding } from "./lint.ts";
import type { MessageChannel } from "./message.ts";

/** [rule, line, column, excerpt] of each finding. */
type Row = [string, number, number, string];
const rows = (fs: Finding[]): Row[] => fs.map((f) => [f.rule, f.line, f.column, f.excerpt]);

/** A WhatsApp text that identifies the creditor on line 1, so only the line under test can produce findings. */
const ID = "{{ creditor.tradeName }}, CNPJ {{ creditor.cnpj }}\n";
function lintBody(body: string, stage?: Stage): { errors: Row[]; warnings: Row[] } {
  const r = lintTemplate(ID + body, "whatsapp", stage ? { stage } : {});
  return { errors: rows(r.errors), warnings: rows(r.warnings) };
}

describe("CDC lint: refused (errors), one golden case per rule", () => {
  const cases: [string, string, Row[]][] = [
    ["insult", "Você é um caloteiro e desonesto.", [["insult", 2, 11, "caloteiro"], ["insult", 2, 23, "desonesto"]]],
    ["insult (sem-vergonha wins over ridicule)", "Seu sem-vergonha.", [["insult", 2, 5, "sem-vergonha"]]],
    ["threat_arrest (cadeia)", "Quem não paga vai para a cadeia.", [["threat_arrest", 2, 26, "cadeia"]]],
    ["threat_arrest", "Você pode ser PRESO. Evite a prisão.", [["threat_arrest", 2, 15, "PRESO"], ["shouting_caps", 2, 15, "PRESO"], ["threat_arrest", 2, 30, "prisão"]]],
    ["threat_police", "Acionaremos a Polícia e a delegacia.", [["threat_police", 2, 15, "Polícia"], ["threat_police", 2, 27, "delegacia"]]],
    ["threat_criminal", "Abriremos um processo criminal: não pagar é crime.", [["threat_criminal", 2, 14, "processo criminal"], ["threat_criminal", 2, 45, "crime"]]],
    ["threat_exposure", "Seu nome vai ser exposto e todos vão saber.", [["threat_exposure", 2, 1, "Seu nome vai ser exposto"], ["threat_exposure", 2, 28, "todos vão saber"]]],
    ["threat_exposure (expor)", "Vamos expor seu nome.", [["threat_exposure", 2, 7, "expor seu nome"]]],
    ["third_party", "Vamos ligar para seu chefe, seus vizinhos e sua família.", [["third_party", 2, 18, "seu chefe"], ["third_party", 2, 34, "vizinhos"], ["third_party", 2, 49, "família"]]],
    ["third_party (employer)", "Avisaremos o empregador.", [["third_party", 2, 14, "empregador"]]],
    ["ridicule", "Que vergonha, um mau pagador na lista negra.", [["ridicule", 2, 5, "vergonha"], ["ridicule", 2, 18, "mau pagador"], ["ridicule", 2, 33, "lista negra"]]],
    ["shouting_caps (a word of 4+ letters)", "Pague HOJE.", [["shouting_caps", 2, 7, "HOJE"]]],
    ["shouting_caps (a run of short words)", "PAGUE JÁ o boleto.", [["shouting_caps", 2, 1, "PAGUE JÁ"]]],
    ["shouting_caps (a whole sentence)", "ÚLTIMO AVISO ANTES DA COBRANÇA.", [["shouting_caps", 2, 1, "ÚLTIMO AVISO ANTES DA COBRANÇA"]]],
    ["shouting_exclamation", "Pague agora!!! Já?!", [["shouting_exclamation", 2, 12, "!!!"], ["shouting_exclamation", 2, 18, "?!"]]],
    ["false_immediacy", "Seu nome será negativado imediatamente.", [["false_immediacy", 2, 15, "negativado"]]],
    ["false_immediacy (no notice)", "Caso não pague, protestaremos o título sem aviso.", [["false_immediacy", 2, 17, "protestaremos"]]],
  ];
  for (const [name, body, errors] of cases) {
    it(name, () => assert.deepEqual(lintBody(body, "formal").errors, errors));
  }

  it("syntax errors with their position in the source", () => {
    assert.deepEqual(rows(lintTemplate("Assunto: Oi\n\nOlá {{ debtor.name | nada }}", "email").errors), [["syntax", 3, 5, "{{ debtor.name | nada }}"]]);
    assert.deepEqual(rows(lintTemplate("Assunto: Oi {% if x %}\n\ncorpo", "email").errors), [["syntax", 1, 13, "{% if x %}"]]);
    assert.deepEqual(rows(lintTemplate(ID + "{% include 'package.json' %}", "sms").errors), [["syntax", 2, 1, "{% include 'package.json' %}"]]);
    assert.match(lintTemplate(ID + "{% include 'package.json' %}", "sms").errors[0]!.message, /tag "include" não é permitida/);
  });

  it("missing header: e-mail subject and letter title", () => {
    assert.deepEqual(rows(lintTemplate("Olá {{ debtor.name }}", "email").errors), [["missing_subject", 1, 1, ""]]);
    assert.deepEqual(rows(lintTemplate("\n\nCaro cliente", "letter").errors), [["missing_title", 3, 1, ""]]);
    assert.deepEqual(lintTemplate("assunto: ok\n\ncorpo", "email").errors, []);
  });

  it("limits: a template the sample context cannot render within the memory limit is refused", () => {
    const r = lintTemplate(ID + "{% for i in (1..100000000) %}x{% endfor %}", "whatsapp");
    assert.deepEqual(r.errors.map((f) => [f.rule, f.message]), [["limit", "O modelo passou de um limite de segurança: a renderização passou do limite de memória: simplifique os laços e listas do modelo"]]);
  });

  it("every finding carries a Portuguese explanation citing the law", () => {
    const r = lintBody("Você será PRESO pela polícia!!", "formal");
    assert.ok(r.errors.length >= 3);
    for (const f of lintTemplate(ID + "Você será PRESO pela polícia!!", "whatsapp").errors) assert.match(f.message, /CDC art\. \d+/);
  });
});

describe("CDC lint: warnings, one golden case per rule", () => {
  const cases: [string, string, Stage | undefined, Row[]][] = [
    ["seizure", "Poderá haver penhora de bens.", "formal", [["seizure", 2, 14, "penhora"]]],
    ["pejorative", "Evite ficar com o nome sujo.", "formal", [["pejorative", 2, 19, "nome sujo"]]],
    ["spam_words", "Urgente: clique aqui, oferta especial grátis, 100% de desconto $$$", "formal", [["spam_words", 2, 1, "Urgente"], ["spam_words", 2, 10, "clique aqui"], ["spam_words", 2, 23, "oferta especial"], ["spam_words", 2, 39, "grátis"], ["spam_words", 2, 47, "100%"], ["spam_words", 2, 64, "$$$"]]],
    ["consequence_without_condition", "Seu nome será negativado.", "formal", [["consequence_without_condition", 2, 15, "negativado"]]],
    ["early_consequence (friendly stage)", "Caso não pague até o vencimento, o nome poderá ser incluído no SPC.", "friendly", [["early_consequence", 2, 64, "SPC"]]],
    ["shouting_caps short word (maybe an acronym)", "Fale com a XYZ.", "formal", [["shouting_caps", 2, 12, "XYZ"]]],
    ["emoji", "Olá 😀😀😀", "formal", [["emoji", 2, 9, "😀"]]],
    ["upcase_filter", "{{ debtor.name | upcase }}", "formal", [["upcase_filter", 2, 16, "| upcase"]]],
    ["unknown_variable", "{{ debtor.cpf }} {{ cliente.nome }} {{ debts[0].valor }} {{ debts.first.totalCents }}", "formal", [["unknown_variable", 2, 4, "debtor.cpf"], ["unknown_variable", 2, 21, "cliente.nome"], ["unknown_variable", 2, 40, "debts[0].valor"]]],
  ];
  for (const [name, body, stage, warnings] of cases) {
    it(name, () => assert.deepEqual(lintBody(body, stage), { errors: [], warnings }));
  }

  it("subject_exclamation (e-mail)", () => {
    assert.deepEqual(rows(lintTemplate("Assunto: Pague hoje!\n\nOlá.", "email").warnings), [["subject_exclamation", 1, 20, "!"]]);
  });

  it("missing creditor identification on channels without the automatic footer, not on e-mail or letters", () => {
    for (const channel of ["sms", "whatsapp", "phone"] as MessageChannel[]) {
      assert.deepEqual(rows(lintTemplate("Olá, {{ debtor.firstName }}.", channel).warnings), [["missing_creditor_name", 1, 1, ""], ["missing_creditor_document", 1, 1, ""]], channel);
      assert.deepEqual(rows(lintTemplate("{{ creditor.legalName }}: olá.", channel).warnings), [["missing_creditor_document", 1, 1, ""]], channel);
      assert.deepEqual(rows(lintTemplate("{{ creditor.legalName }} (CNPJ 11.222.333/0001-81): olá.", channel).warnings), [], channel);
    }
    assert.deepEqual(lintTemplate("Assunto: Olá\n\nOlá.", "email").warnings, []);
    assert.deepEqual(lintTemplate("Título: Aviso\n\nPrezado.", "letter").warnings, []);
  });

  it("sms_length: rendered with the sample data, over 160 GSM-7 characters", () => {
    const r = lintTemplate(`${ID}${"Texto longo de cobrança. ".repeat(6)}`, "sms");
    assert.deepEqual(rows(r.warnings), [["sms_length", 1, 1, ""]]);
    assert.match(r.warnings[0]!.message, /^SMS longo: o SMS tem 1\d\d caracteres: será enviado em 2 partes/);
  });
});

describe("CDC lint: respectful and lawful language passes (no false positives)", () => {
  const clean: [string, Stage][] = [
    ["Caso o débito não seja pago até 10/06/2025, seu nome poderá ser incluído nos cadastros de proteção ao crédito (SPC e Serasa).", "formal"],
    ["O título poderá ser levado a protesto após o prazo desta notificação.", "extrajudicial"],
    ["Esta é a comunicação prévia de que trata o art. 43, § 2º, do CDC: caso o débito não seja regularizado no prazo de 10 dias, o nome poderá ser incluído nos cadastros de proteção ao crédito.", "formal"],
    ["Após o pagamento, eventuais registros em cadastros de proteção ao crédito serão retirados em até 5 dias úteis.", "extrajudicial"],
    ["Pague hoje mesmo e evite a negativação.", "firm"],
    ["Conforme exposto acima, o débito segue em aberto.", "formal"],
    ["Trabalhamos para oferecer a melhor condição. A empresa está à disposição.", "firm"],
    ["Pague com PIX ou boleto; informe seu CPF ou CNPJ. Para sair, responda SAIR ou PARAR.", "friendly"],
    ["Nos termos do art. 42, inciso II, da Lei 8.078/90 (CDC), informamos o débito em aberto em São Paulo/SP.", "formal"],
    ["Olá! Tudo bem? Passando para lembrar do vencimento.", "friendly"],
    ["Uma ação judicial de cobrança é um possível próximo passo, se não houver acordo.", "extrajudicial"],
    ["Seu gerente de conta pode ajudar a renegociar. Estamos familiarizados com o seu contrato.", "firm"],
    ["Se o pagamento já foi feito, desconsidere esta mensagem. A confirmação pode levar até 3 dias úteis.", "friendly"],
    ["{% comment %}Não use PRISÃO nem POLÍCIA aqui!!{% endcomment %}Olá.", "friendly"],
    ["Link: https://rg.ua/p/ABCDEF?X=PAGUE!!", "friendly"],
    ["Somos uma cadeia de lojas (veja a política de privacidade entre parênteses); o prêmio do seguro está incluído.", "firm"],
  ];
  for (const [body, stage] of clean) {
    it(body.slice(0, 60), () => assert.deepEqual(lintBody(body, stage), { errors: [], warnings: [] }));
  }
});

describe("lint helpers", () => {
  it("folds accents and case one unit per unit, so positions map back", () => {
    assert.equal(foldForMatch("PRISÃO Ação é"), "prisao acao e");
    assert.equal(foldForMatch("a😀b").length, "a😀b".length);
  });
  it("the visible text blanks Liquid markup except string literals, and URLs", () => {
    assert.equal(visibleText('a {{ x | default: "PRESO" }} b {% if y %}c{% endif %} https://x.y/Z'), 'a                  PRESO     b           c                         ');
  });
});
