import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isMessageKey, parseLocale, translate } from "./locale.ts";
import { EN, PT_BR } from "./messages.ts";

describe("translate", () => {
  it("reads the Portuguese table by default language and fills placeholders", () => {
    assert.equal(translate("pt-BR", "nav.callQueue"), "Fila de ligações");
    assert.equal(translate("en", "nav.callQueue"), "Call queue");
    assert.equal(translate("pt-BR", "debtors.shown", { count: "1.234" }), "1.234 devedores exibidos");
  });
  it("leaves an unknown placeholder visible", () => {
    assert.equal(translate("pt-BR", "debtors.shown", {}), "{count} devedores exibidos");
  });
  it("has the Portuguese labels the product requires", () => {
    assert.equal(translate("pt-BR", "debtStatus.open"), "Em aberto");
    assert.equal(translate("pt-BR", "debtStatus.settled"), "Liquidado");
    assert.equal(translate("pt-BR", "debtStatus.in_agreement"), "Em acordo");
    assert.equal(translate("pt-BR", "debtStatus.written_off"), "Baixado");
    assert.equal(translate("pt-BR", "debtStatus.disputed"), "Contestado");
    assert.equal(translate("pt-BR", "header.logout"), "Sair");
    assert.equal(translate("pt-BR", "debtors.loadMore"), "Carregar mais");
  });
});

describe("dictionaries", () => {
  it("use the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(PT_BR) as (keyof typeof PT_BR)[]) {
      assert.deepEqual(placeholders(EN[key]), placeholders(PT_BR[key]), key);
    }
  });
  it("have no empty entry", () => {
    for (const [key, value] of [...Object.entries(PT_BR), ...Object.entries(EN)]) assert.notEqual(value.trim(), "", key);
  });
});

describe("isMessageKey / parseLocale", () => {
  it("recognises dictionary keys only", () => {
    assert.equal(isMessageKey("event.debt.imported"), true);
    assert.equal(isMessageKey("event.unknown"), false);
    assert.equal(isMessageKey("toString"), false);
  });
  it("falls back to pt-BR", () => {
    assert.equal(parseLocale("en"), "en");
    assert.equal(parseLocale("pt-BR"), "pt-BR");
    assert.equal(parseLocale("fr"), "pt-BR");
    assert.equal(parseLocale(null), "pt-BR");
  });
});
