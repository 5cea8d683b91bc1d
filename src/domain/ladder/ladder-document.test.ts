import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLadderDocument } from "./ladder-document.ts";

const valid = {
  id: "varejo",
  name: "Varejo padrão",
  steps: [
    { id: "d-3", offsetDays: -3, stage: "friendly", channel: "email", template: "lembrete" },
    { id: "d+30", offsetDays: 30, stage: "formal", channel: "letter", priorNotice: true },
    { id: "d+45", offsetDays: 45, stage: "extrajudicial", channel: "credit_bureau", conditions: { minOpenCents: 50_000, riskBands: ["C", "D"] } },
  ],
};

const errorsOf = (doc: unknown) => {
  const r = parseLadderDocument(doc);
  assert.equal(r.ok, false, "deveria ser inválida");
  return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.reason}`);
};

describe("parseLadderDocument", () => {
  it("normalises a valid document: defaults filled, canonical key order", () => {
    const r = parseLadderDocument({ steps: valid.steps, name: "  Varejo padrão ", id: "varejo" });
    assert.ok(r.ok);
    assert.equal(
      JSON.stringify(r.ladder),
      '{"id":"varejo","name":"Varejo padrão","priorNoticeDays":10,"steps":[{"id":"d-3","offsetDays":-3,"stage":"friendly","channel":"email","template":"lembrete"},{"id":"d+30","offsetDays":30,"stage":"formal","channel":"letter","priorNotice":true},{"id":"d+45","offsetDays":45,"stage":"extrajudicial","channel":"credit_bureau","conditions":{"minOpenCents":50000,"riskBands":["C","D"]}}]}',
    );
    assert.deepEqual(r.warnings, []);
  });

  it("names the path of every problem, in Portuguese", () => {
    assert.deepEqual(
      errorsOf({
        id: "varejo padrão",
        name: "",
        color: "azul",
        priorNoticeDays: 3.5,
        steps: [
          { id: "a", offsetDays: 1, stage: "friendly", channel: "email" },
          { id: "a", offsetDays: 2.5, stage: "gentil", channel: "fax", conditions: { minOpenCents: -1, idade: 3 } },
          { id: "c", offsetDays: 1, stage: "firm", channel: "email" },
          "d+10",
        ],
      }),
      [
        "color: campo desconhecido (use id, name, assign, exemptTags, priorNoticeDays, steps)",
        'id: obrigatório: letras, dígitos, "-", "_", "." ou "+", até 64 caracteres, começando por letra ou dígito (recebido "varejo padrão")',
        'name: obrigatório: texto de 1 a 200 caracteres (recebido "")',
        "priorNoticeDays: use um número inteiro de dias, de 0 a 365 (recebido 3.5)",
        "steps[1].offsetDays: use um número inteiro de dias em relação ao vencimento, de -365 a 3650 (negativo = antes) (recebido 2.5)",
        'steps[1].stage: fase desconhecida "gentil" (use friendly, firm, formal, extrajudicial, judicial)',
        'steps[1].channel: canal desconhecido "fax" (use email, sms, whatsapp, letter, phone, credit_bureau, protest, legal)',
        "steps[1].conditions.idade: condição desconhecida (use minOpenCents, maxOpenCents, segments, tags, riskBands)",
        "steps[1].conditions.minOpenCents: use um valor inteiro em centavos, 0 ou mais (R$ 500,00 = 50000) (recebido -1)",
        "steps[2]: já existe uma etapa de email no dia 1 (steps[0]): uma etapa por canal por dia",
        "steps[3]: cada etapa é um objeto {id, offsetDays, stage, channel, …}",
      ],
    );
  });

  it("refuses duplicate step ids, empty steps, and documents that are not objects", () => {
    assert.deepEqual(errorsOf({ ...valid, steps: [valid.steps[0], { ...valid.steps[1], id: "d-3" }] }), ['steps[1].id: etapa "d-3" repetida (já usada em steps[0])']);
    assert.deepEqual(errorsOf({ ...valid, steps: [] }), ["steps: a régua precisa de pelo menos uma etapa"]);
    assert.deepEqual(errorsOf([valid]), ["(documento): a régua deve ser um objeto com id, name e steps"]);
    assert.deepEqual(errorsOf({ id: "x", name: "X" }), ["steps: obrigatório: a lista de etapas"]);
  });

  it("checks assignment, exemptions and list conditions", () => {
    assert.deepEqual(errorsOf({ ...valid, assign: { segmento: "x" } }), [
      "assign.segmento: campo desconhecido (use segments, tags)",
      "assign: informe segments ou tags (ou retire assign)",
    ]);
    assert.deepEqual(errorsOf({ ...valid, exemptTags: "vip" }), ['exemptTags: use uma lista de 1 a 100 textos não vazios (recebido "vip")']);
    const ok = parseLadderDocument({ ...valid, assign: { segments: ["varejo", "varejo"] }, exemptTags: ["vip"] });
    assert.ok(ok.ok);
    assert.deepEqual(ok.ladder.assign, { segments: ["varejo"] });
  });

  it("warns (does not refuse) when a listing step has no prior notice early enough", () => {
    const r = parseLadderDocument({ ...valid, priorNoticeDays: 20 });
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, [{ field: "steps[2]", reason: "credit_bureau sem etapa de notificação prévia (priorNotice) pelo menos 20 dias antes: a execução vai pular com missing_prior_notice" }]);
  });
});
