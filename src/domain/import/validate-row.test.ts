import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mapColumns, foldHeader } from "./columns.ts";
import { validateRow } from "./validate-row.ts";

const HEADERS = ["Documento", "Nome", "E-mail", "Telefone", "WhatsApp", "UF", "Cidade", "CEP", "Endereço", "Título", "Descrição", "Valor", "Vencimento", "Emissão", "Contrato", "Parcela", "Nosso_Número"];
const map = mapColumns(HEADERS);
const row = (over: Partial<Record<(typeof HEADERS)[number], string>>) => {
  const base: Record<string, string> = {
    Documento: "529.982.247-25", Nome: "Ana Souza", "E-mail": "Ana@Exemplo.com.br", Telefone: "(11) 98765-4321", WhatsApp: "", UF: "sp", Cidade: "São Paulo", CEP: "01310-100",
    "Endereço": "Av. Paulista, 1000", "Título": "T1", "Descrição": "Fatura", Valor: "R$ 1.234,56", Vencimento: "10/03/2026", "Emissão": "2026-02-01", Contrato: "C9", Parcela: "3/12", "Nosso_Número": "000123",
  };
  return HEADERS.map((h) => over[h] ?? base[h]!);
};

describe("mapColumns", () => {
  it("accepts Portuguese and English headers, ignoring case, accents and separators", () => {
    assert.equal(foldHeader("  Nosso Número "), "nosso_numero");
    const m = mapColumns(["DOCUMENT", "name", "debt_id", "AMOUNT", "due-date", "E-MAIL"]);
    assert.deepEqual(m.missing, []);
    assert.equal(m.fields.due_date?.header, "due-date");
    assert.equal(m.fields.email?.index, 5);
  });
  it("reports missing required, duplicated and unknown columns", () => {
    const m = mapColumns(["documento", "valor", "Valor", "cor favorita"]);
    assert.deepEqual(m.missing, ["debt_id", "due_date"]);
    assert.deepEqual(m.duplicated, ["Valor"]);
    assert.deepEqual(m.unknown, ["cor favorita"]);
  });
});

describe("validateRow", () => {
  it("normalises a good row", () => {
    const r = validateRow(row({}), map, 2);
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.record?.debtor, { document: "52998224725", kind: "person", name: "Ana Souza", state: "SP", city: "São Paulo", zip: "01310100", address: "Av. Paulista, 1000", segment: null, tags: [], representativeEmail: null, riskBand: null });
    assert.deepEqual(r.record?.debt, { externalId: "T1", description: "Fatura", amountCents: 123456, dueDate: "2026-03-10", issueDate: "2026-02-01", contract: "C9", instalment: 3, ourNumber: "123" });
    assert.deepEqual(r.record?.contacts.map((c) => [c.kind, c.value, c.validity]), [
      ["email", "ana@exemplo.com.br", "unknown"],
      ["phone", "+5511987654321", "unknown"],
      ["address", "Av. Paulista, 1000 — São Paulo/SP — CEP 01310-100", "unknown"],
    ]);
  });
  const rejections: [string, Partial<Record<string, string>>, string, RegExp][] = [
    ["missing document", { Documento: "" }, "Documento", /obrigatório/],
    ["bad CPF check digit", { Documento: "529.982.247-24" }, "Documento", /dígito verificador/],
    ["missing debt id", { "Título": " " }, "Título", /obrigatório/],
    ["zero amount", { Valor: "0,00" }, "Valor", /maior que zero/],
    ["text amount", { Valor: "mil reais" }, "Valor", /.+/],
    ["impossible due date", { Vencimento: "31/02/2026" }, "Vencimento", /31\/02\/2026/],
    ["missing due date", { Vencimento: "" }, "Vencimento", /obrigatório/],
  ];
  for (const [name, over, field, reason] of rejections) {
    it(`rejects: ${name}`, () => {
      const r = validateRow(row(over), map, 7);
      assert.equal(r.record, null);
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0]!.line, 7);
      assert.equal(r.rejected[0]!.field, field);
      assert.match(r.rejected[0]!.reason, reason);
    });
  }
  it("reports every untrustworthy field of one row", () => {
    const r = validateRow(row({ Documento: "123", Valor: "-5" }), map, 3);
    assert.deepEqual(r.rejected.map((x) => x.field), ["Documento", "Valor"]);
  });
  it("keeps malformed contacts as invalid with a warning, without rejecting the row", () => {
    const r = validateRow(row({ "E-mail": "ana@@x", Telefone: "123", UF: "XX" }), map, 4);
    assert.ok(r.record);
    assert.deepEqual(r.warnings.map((w) => w.field), ["UF", "E-mail", "Telefone"]);
    const invalid = r.record.contacts.filter((c) => c.validity === "invalid");
    assert.equal(invalid.length, 2);
    assert.ok(invalid.every((c) => c.invalidReason && c.invalidReason.length > 3));
    assert.equal(r.record.debtor.state, null);
  });
  it("reads the account representative under any of its headers, normalised like an e-mail contact", () => {
    const headers = ["representante", "Email_Representante", "E-mail Representante", "REPRESENTANTE_EMAIL", "Gerente Conta", "representative", "Representative-Email", "Account Manager"];
    for (const h of headers) {
      const m = mapColumns(["documento", "titulo", "valor", "vencimento", h]);
      assert.deepEqual([m.fields.representative?.header, m.unknown], [h, []], h);
      const r = validateRow(["52998224725", "T1", "10,00", "10/03/2026", "  Gerente.Conta@Credor.com.BR "], m, 2);
      assert.equal(r.record?.debtor.representativeEmail, "gerente.conta@credor.com.br", h);
    }
  });
  it("a malformed representative only warns (the row goes in, the address is left out); an empty cell is no value", () => {
    const m = mapColumns(["documento", "nome", "titulo", "valor", "vencimento", "E-mail do cliente", "Representante"]);
    assert.deepEqual(m.unknown, ["E-mail do cliente"]);
    const bad = validateRow(["52998224725", "Ana", "T1", "10,00", "10/03/2026", "", "gerente@gmial.com"], m, 5);
    assert.deepEqual(bad.rejected, []);
    assert.deepEqual(bad.warnings, [{ line: 5, field: "Representante", reason: "domínio provavelmente digitado errado (gmial.com → gmail.com?); representante da conta ignorado" }]);
    assert.equal(bad.record?.debtor.representativeEmail, null);
    assert.deepEqual(bad.record?.contacts, []);
    const noAt = validateRow(["52998224725", "Ana", "T1", "10,00", "10/03/2026", "", "gerente.credor.com.br"], m, 6);
    assert.deepEqual(noAt.warnings, [{ line: 6, field: "Representante", reason: "falta o @; representante da conta ignorado" }]);
    const empty = validateRow(["52998224725", "Ana", "T1", "10,00", "10/03/2026", "", "   "], m, 7);
    assert.deepEqual([empty.warnings, empty.record?.debtor.representativeEmail], [[], null]);
  });
  it("reads the risk band under any of its headers (case and accents ignored), trimmed and upper-cased", () => {
    const headers = ["faixa_risco", "Faixa de Risco", "FAIXA-DE-RISCO", "Risco", "Classificação Risco", "classificacao_risco", "risk_band", "Risk Band", "RISK"];
    for (const h of headers) {
      const m = mapColumns(["documento", "nome", "titulo", "valor", "vencimento", h]);
      assert.deepEqual([m.fields.risk_band?.header, m.unknown], [h, []], h);
      const r = validateRow(["52998224725", "Ana", "T1", "10,00", "10/03/2026", "  c+ "], m, 2);
      assert.deepEqual([r.record?.debtor.riskBand, r.warnings], ["C+", []], h);
    }
  });
  it("a malformed risk band only warns (the row goes in, no band); an empty cell is no value", () => {
    const m = mapColumns(["documento", "nome", "titulo", "valor", "vencimento", "Faixa de Risco"]);
    const cases: [string, string | null, { line: number; field: string; reason: string }[]][] = [
      ["B", "B", []],
      ["alto risco", "ALTO RISCO", []],
      ["médio", "MÉDIO", []],
      ["abcdefghijklmnopqrst", "ABCDEFGHIJKLMNOPQRST", []],
      ["   ", null, []],
      ["abcdefghijklmnopqrstu", null, [{ line: 9, field: "Faixa de Risco", reason: 'faixa de risco "abcdefghijklmnopqrstu" com 21 caracteres (máximo 20); faixa de risco ignorada' }]],
      ["A/B", null, [{ line: 9, field: "Faixa de Risco", reason: 'faixa de risco "A/B" com caractere não aceito ("/"): use letras, números, espaço, +, - ou _; faixa de risco ignorada' }]],
      ["C;", null, [{ line: 9, field: "Faixa de Risco", reason: 'faixa de risco "C;" com caractere não aceito (";"): use letras, números, espaço, +, - ou _; faixa de risco ignorada' }]],
    ];
    for (const [cell, band, warnings] of cases) {
      const r = validateRow(["52998224725", "Ana", "T1", "10,00", "10/03/2026", cell], m, 9);
      assert.deepEqual([r.rejected, r.record?.debtor.riskBand, r.warnings], [[], band, warnings], cell);
    }
  });
  it("accepts an alphanumeric CNPJ as a company", () => {
    const r = validateRow(row({ Documento: "12.ABC.345/01DE-35" }), map, 2);
    assert.equal(r.record?.debtor.kind, "company");
    assert.equal(r.record?.debtor.document, "12ABC34501DE35");
  });
});
