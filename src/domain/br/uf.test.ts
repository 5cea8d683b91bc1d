import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isUf, normalizeUf, timeZoneOf, ufOf, UFS } from "./uf.ts";

const EXPECTED_ZONES: Record<string, string> = {
  AC: "America/Rio_Branco", AM: "America/Manaus", RR: "America/Boa_Vista", RO: "America/Porto_Velho",
  MT: "America/Cuiaba", MS: "America/Campo_Grande", PA: "America/Belem", AP: "America/Belem",
  TO: "America/Araguaina", MA: "America/Fortaleza", PI: "America/Fortaleza", CE: "America/Fortaleza",
  RN: "America/Fortaleza", PB: "America/Fortaleza", PE: "America/Recife", AL: "America/Maceio",
  SE: "America/Maceio", BA: "America/Bahia", GO: "America/Sao_Paulo", DF: "America/Sao_Paulo",
  MG: "America/Sao_Paulo", ES: "America/Sao_Paulo", RJ: "America/Sao_Paulo", SP: "America/Sao_Paulo",
  PR: "America/Sao_Paulo", SC: "America/Sao_Paulo", RS: "America/Sao_Paulo",
};

describe("UFS", () => {
  it("lists the 27 UFs once each with the time zone of the state", () => {
    assert.equal(UFS.length, 27);
    assert.equal(new Set(UFS.map((u) => u.code)).size, 27);
    for (const u of UFS) assert.equal(u.timeZone, EXPECTED_ZONES[u.code], u.code);
  });
  it("uses zones the runtime knows", () => {
    for (const u of UFS) assert.doesNotThrow(() => new Intl.DateTimeFormat("pt-BR", { timeZone: u.timeZone }));
  });
  it("has the record of São Paulo as specified", () => {
    assert.deepEqual(ufOf("SP"), { code: "SP", name: "São Paulo", timeZone: "America/Sao_Paulo", capital: "São Paulo" });
    assert.equal(ufOf("DF")?.capital, "Brasília");
  });
});

describe("isUf / normalizeUf / timeZoneOf", () => {
  it("isUf takes exact uppercase codes only", () => {
    assert.equal(isUf("SP"), true);
    assert.equal(isUf("sp"), false);
    assert.equal(isUf("XX"), false);
  });
  const table: [string, string | null][] = [
    ["SP", "SP"], ["sp", "SP"], [" SP ", "SP"], ["Sp", "SP"], ["São Paulo", "SP"], ["sao paulo", "SP"],
    ["SAO PAULO", "SP"], ["  são   paulo ", "SP"], ["Pará", "PA"], ["para", "PA"], ["Paraná", "PR"], ["parana", "PR"],
    ["Paraíba", "PB"], ["Piauí", "PI"], ["Rio Grande do Norte", "RN"], ["rio grande do sul", "RS"],
    ["Mato Grosso", "MT"], ["Mato Grosso do Sul", "MS"], ["Distrito Federal", "DF"], ["Espírito Santo", "ES"],
    ["Amapá", "AP"], ["Goiás", "GO"], ["Maranhão", "MA"], ["Ceará", "CE"], ["Rondônia", "RO"],
    ["", null], ["XX", null], ["S", null], ["São Paulo capital", null], ["Brasil", null],
  ];
  for (const [input, expected] of table) it(`normalizeUf(${JSON.stringify(input)})`, () => assert.equal(normalizeUf(input), expected));
  it("every UF name and code normalises back to its code", () => {
    for (const u of UFS) {
      assert.equal(normalizeUf(u.name), u.code);
      assert.equal(normalizeUf(u.name.toUpperCase()), u.code);
      assert.equal(normalizeUf(u.code.toLowerCase()), u.code);
    }
  });
  it("timeZoneOf", () => {
    assert.equal(timeZoneOf("AM"), "America/Manaus");
    assert.equal(timeZoneOf("AC"), "America/Rio_Branco");
    assert.throws(() => timeZoneOf("XX"), { code: "invalid_input" });
  });
});
