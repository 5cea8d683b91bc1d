import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseLadderDocument } from "../../../src/domain/ladder/ladder-document.ts";
import {
  dayLabel, documentOf, emptyLadderForm, formOf, formatReais, ladderIssues, newStep, parseOffset, parseReais, placeIssues, positionOf, sortByOffset, stepIdFor, stepIssues,
  timelineScale, withOffset, type LadderDocument,
} from "./ladder-form.ts";

const DOC: LadderDocument = {
  id: "varejo",
  name: "Varejo",
  assign: { segments: ["varejo"] },
  exemptTags: ["vip"],
  priorNoticeDays: 10,
  steps: [
    { id: "d-3", offsetDays: -3, stage: "friendly", channel: "email", template: "varejo.lembrete.email" },
    { id: "aviso", offsetDays: 30, stage: "formal", channel: "letter", priorNotice: true },
    { id: "d+45", offsetDays: 45, stage: "extrajudicial", channel: "credit_bureau", conditions: { minOpenCents: 50000, tags: ["loja"] } },
  ],
};

describe("ladder form ↔ document", () => {
  it("round-trips a stored document exactly, and the server accepts it unchanged", () => {
    const doc = documentOf(formOf(DOC));
    assert.deepEqual(doc, DOC);
    const parsed = parseLadderDocument(doc);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.ladder, DOC);
  });

  it("sends what is not a number as typed, so the server's error quotes it", () => {
    const form = formOf(DOC);
    form.steps[1] = { ...form.steps[1]!, offsetDays: "dez", minOpen: "muito" };
    const doc = documentOf(form) as { steps: { offsetDays: unknown; conditions?: { minOpenCents: unknown } }[] };
    assert.equal(doc.steps[1]!.offsetDays, "dez");
    assert.equal(doc.steps[1]!.conditions!.minOpenCents, "muito");
    const parsed = parseLadderDocument(doc);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.errors.map((e) => e.field), ["steps[1].offsetDays", "steps[1].conditions.minOpenCents"]);
  });

  it("drops a template on a channel without messages", () => {
    const form = formOf(DOC);
    form.steps[2] = { ...form.steps[2]!, template: "varejo.firme.email" };
    assert.equal((documentOf(form) as { steps: { template?: string }[] }).steps[2]!.template, undefined);
  });

  it("places the server's errors beside their step and field", () => {
    const form = formOf(DOC);
    const placed = placeIssues([
      { field: "steps[1].offsetDays", reason: "fora do intervalo" },
      { field: "steps[2].conditions.minOpenCents", reason: "centavos" },
      { field: "steps[0]", reason: "repetida" },
      { field: "name", reason: "obrigatório" },
      { field: "assign.segments", reason: "lista" },
      { field: "steps[9].id", reason: "sem linha" },
    ], form.steps);
    assert.deepEqual(stepIssues(placed, form.steps[1]!.key), { offsetDays: ["fora do intervalo"] });
    assert.deepEqual(stepIssues(placed, form.steps[2]!.key), { minOpen: ["centavos"] });
    assert.deepEqual(stepIssues(placed, form.steps[0]!.key), { "": ["repetida"] });
    assert.deepEqual(ladderIssues(placed), { name: ["obrigatório"], assign: ["lista"], steps: ["sem linha"] });
  });
});

describe("steps", () => {
  it("ids follow the day until typed", () => {
    assert.deepEqual([stepIdFor(-3), stepIdFor(0), stepIdFor(15)], ["d-3", "d0", "d+15"]);
    const step = newStep([]);
    assert.equal(withOffset(step, "12").id, "d+12");
    assert.equal(withOffset({ ...step, id: "lembrete", idAuto: false }, "12").id, "lembrete");
    assert.equal(withOffset(step, "doze").id, step.id, "an unparsable day keeps the id");
  });
  it("a new step comes after the last, with a fresh id", () => {
    const first = newStep([]);
    assert.equal(first.offsetDays, "1");
    const second = newStep([first]);
    assert.deepEqual([second.offsetDays, second.id], ["6", "d+6"]);
    assert.notEqual(newStep([{ ...first, id: "d+6" }]).id, "d+6");
    assert.equal(emptyLadderForm().steps.length, 1);
  });
  it("sorts by day, then stage, keeping the order of equals and putting unparsable days last", () => {
    const form = formOf(DOC);
    const [a, b, c] = form.steps as [typeof form.steps[0], typeof form.steps[0], typeof form.steps[0]];
    const sorted = sortByOffset([{ ...c, offsetDays: "x" }, b, { ...a, offsetDays: "30" }]);
    assert.deepEqual(sorted.map((s) => s.id), ["d-3", "aviso", "d+45"]);
  });
  it("parses days and reais in Brazilian and English style", () => {
    assert.deepEqual(["5", "+5", "-3", " 0 ", "1.5", "", "999999"].map(parseOffset), [5, 5, -3, 0, null, null, null]);
    assert.deepEqual(["1.500,50", "1500,5", "1500", "1,500.50", "1.5", "R$ 20,00", "abc", ""].map(parseReais), [150050, 150050, 150000, 150050, 150, 2000, null, null]);
    assert.equal(formatReais(150050), "1.500,50");
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => parseReais(formatReais(cents)) === cents));
  });
});

describe("timeline scale", () => {
  it("covers D−5 to D+30 at least, every step, and D itself", () => {
    const plain = timelineScale([]);
    assert.ok(plain.from <= -5 && plain.to >= 30 && plain.ticks.includes(0));
    const wide = timelineScale([-10, 120]);
    assert.ok(wide.from <= -10 && wide.to >= 120);
    fc.assert(fc.property(fc.array(fc.integer({ min: -365, max: 3650 }), { maxLength: 20 }), (offsets) => {
      const scale = timelineScale(offsets);
      return offsets.every((d) => positionOf(d, scale) >= 0 && positionOf(d, scale) <= 100) && positionOf(0, scale) > 0 && scale.ticks.length < 40;
    }));
  });
  it("labels days with a real minus sign", () => {
    assert.deepEqual([dayLabel(-3), dayLabel(0), dayLabel(15)], ["D\u22123", "D", "D+15"]);
  });
});
