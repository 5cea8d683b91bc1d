import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dateBr, dateLong, days, firstName, formatDocumentFilter, maskDocument, money, moneyPlain, plural, plusDays, properName } from "./filters.ts";

describe("pt-BR template filters", () => {
  it("money: centavos → R$ with thousands dots and decimal comma; odd values → empty", () => {
    const table: [unknown, string][] = [
      [123456, "R$ 1.234,56"], [0, "R$ 0,00"], [5, "R$ 0,05"], [100, "R$ 1,00"], [100000000, "R$ 1.000.000,00"], [-2550, "-R$ 25,50"],
      ["31980", "R$ 319,80"], [12.6, "R$ 0,13"], [null, ""], [undefined, ""], ["abc", ""], [NaN, ""], [Infinity, ""], [{}, ""], [1e300, ""],
    ];
    for (const [v, want] of table) assert.equal(money(v), want, String(v));
    assert.equal(moneyPlain(123456), "1.234,56");
  });

  it("date: YYYY-MM-DD (or an ISO instant) → dd/mm/aaaa; anything else unchanged", () => {
    assert.equal(dateBr("2025-05-10"), "10/05/2025");
    assert.equal(dateBr("2024-02-29"), "29/02/2024");
    assert.equal(dateBr("2025-06-02T13:00:00.000Z"), "02/06/2025");
    assert.equal(dateBr("2025-02-30"), "2025-02-30");
    assert.equal(dateBr("amanhã"), "amanhã");
    assert.equal(dateBr(null), "");
    assert.equal(dateBr(20250510), "20250510");
  });

  it("date_long, add_days, days, plural", () => {
    assert.equal(dateLong("2025-06-02"), "2 de junho de 2025");
    assert.equal(dateLong("2025-03-01"), "1º de março de 2025");
    assert.equal(plusDays("2025-05-25", 10), "2025-06-04");
    assert.equal(plusDays("2025-03-01", -1), "2025-02-28");
    assert.equal(plusDays("2025-03-01", "x"), "2025-03-01");
    assert.deepEqual([0, 1, 2, 53, -1].map(days), ["0 dias", "1 dia", "2 dias", "53 dias", "-1 dia"]);
    assert.equal(days("abc"), "");
    assert.equal(plural(1, "título", "títulos"), "título");
    assert.equal(plural(2, "título", "títulos"), "títulos");
    assert.equal(plural(0, "título", "títulos"), "títulos");
    assert.equal(plural([1], "título", "títulos"), "título");
  });

  it("mask_document: CPF as the government publishes it, CNPJ keeps its root; already masked stays", () => {
    assert.equal(maskDocument("12345678909"), "***.456.789-**");
    assert.equal(maskDocument("529.982.247-25"), "***.982.247-**");
    assert.equal(maskDocument("11222333000181"), "11.222.333/****-**");
    assert.equal(maskDocument("***.456.789-**"), "***.456.789-**");
    assert.equal(maskDocument("123"), "");
    assert.equal(maskDocument(null), "");
    assert.equal(formatDocumentFilter("11222333000181"), "11.222.333/0001-81");
  });

  it("proper_name and first_name: names in capitals become readable; mixed case is kept", () => {
    assert.equal(properName("MARIA DA SILVA SOUZA"), "Maria da Silva Souza");
    assert.equal(properName("JOSÉ DOS SANTOS E FILHOS LTDA"), "José dos Santos e Filhos Ltda");
    assert.equal(properName("PADARIA PÃO DOURADO ME"), "Padaria Pão Dourado ME");
    assert.equal(properName("Ana de Oliveira"), "Ana de Oliveira");
    assert.equal(properName("  ana   clara "), "ana clara");
    assert.equal(firstName("MARIA DA SILVA"), "Maria");
    assert.equal(firstName(""), "");
  });
});
