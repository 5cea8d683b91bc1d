import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { PhoneNormalization } from "./phone.ts";
import { DDDS, formatPhoneBr, normalizePhone } from "./phone.ts";

const mobile = (e164: string): PhoneNormalization => ({ ok: true, e164, mobile: true });
const landline = (e164: string): PhoneNormalization => ({ ok: true, e164, mobile: false });
const fail = (reason: string): PhoneNormalization => ({ ok: false, reason });

describe("normalizePhone — accepted forms", () => {
  const table: [string, ReturnType<typeof normalizePhone>][] = [
    ["(11) 98765-4321", mobile("+5511987654321")],
    ["11987654321", mobile("+5511987654321")],
    ["11 98765-4321", mobile("+5511987654321")],
    ["11 9 8765 4321", mobile("+5511987654321")],
    ["+55 11 98765-4321", mobile("+5511987654321")],
    ["+55 (11) 98765-4321", mobile("+5511987654321")],
    ["+5511987654321", mobile("+5511987654321")],
    ["5511987654321", mobile("+5511987654321")],
    ["55 11 98765-4321", mobile("+5511987654321")],
    ["0xx11 98765-4321", mobile("+5511987654321")],
    ["0XX11987654321", mobile("+5511987654321")],
    ["011 98765-4321", mobile("+5511987654321")],
    ["(011) 98765-4321", mobile("+5511987654321")],
    ["0 15 11 98765-4321", mobile("+5511987654321")],
    ["+55 (011) 98765-4321", mobile("+5511987654321")],
    ["0055 11 98765-4321", mobile("+5511987654321")],
    ["(11) 3265-4321", landline("+551132654321")],
    ["1132654321", landline("+551132654321")],
    ["(61) 2020-1234", landline("+556120201234")],
    ["(92) 4009-1234", landline("+559240091234")],
    ["(55) 3222-1234", landline("+555532221234")], // DDD 55 (RS), not the country code
    ["55 98765-4321", mobile("+5555987654321")],
    ["555532221234", landline("+555532221234")],
    ["0xx21 2555-1234", landline("+552125551234")],
    [" 21.98765.4321 ", mobile("+5521987654321")],
    ["(99) 99123-4567", mobile("+5599991234567")],
  ];
  for (const [input, expected] of table) it(JSON.stringify(input), () => assert.deepEqual(normalizePhone(input), expected));
});

describe("normalizePhone — rejected forms with their reasons", () => {
  const table: [string, string][] = [
    ["", "vazio"],
    ["   ", "vazio"],
    ["(20) 98765-4321", "DDD 20 não existe"],
    ["(10) 98765-4321", "DDD 10 não existe"],
    ["(23) 3265-4321", "DDD 23 não existe"],
    ["(11) 8765-4321", "celular deve ter 9 dígitos começando com 9"],
    ["(11) 9876-5432", "celular deve ter 9 dígitos começando com 9"],
    ["(11) 88765-4321", "celular deve ter 9 dígitos começando com 9"],
    ["(11) 1265-4321", "telefone fixo deve ter 8 dígitos começando com 2 a 5"],
    ["(11) 0265-4321", "telefone fixo deve ter 8 dígitos começando com 2 a 5"],
    ["98765-4321", "falta o DDD"],
    ["3265-4321", "falta o DDD"],
    ["1234567", "número incompleto (7 dígitos)"],
    ["(11) 987654-32100", "número com dígitos demais (13)"],
    ["+1 212 555 1234", "apenas números brasileiros (+1, US)"],
    ["+351 912 345 678", "apenas números brasileiros (+351, PT)"],
    ["0054 11 4321 1234", "apenas números brasileiros"],
    ["0800 123 4567", "número não geográfico (0800, 0300, 4004…) não é aceito"],
    ["0300 789 1234", "número não geográfico (0800, 0300, 4004…) não é aceito"],
    ["4004-1234", "número não geográfico (0800, 0300, 4004…) não é aceito"],
    ["(11) 99999-9999", "número fictício (dígitos repetidos)"],
    ["(11) 91111-1111", "número fictício (dígitos repetidos)"],
    ["(11) 3333-3333", "número fictício (dígitos repetidos)"],
    ["(11) 98765-432l", "telefone contém caracteres inválidos"],
    ["tel 11987654321", "telefone contém caracteres inválidos"],
    ["0x11 98765-4321", "telefone contém caracteres inválidos"],
    ["11 98765+4321", "telefone contém caracteres inválidos"],
    ["+", "telefone contém caracteres inválidos"],
  ];
  for (const [input, reason] of table) it(JSON.stringify(input), () => assert.deepEqual(normalizePhone(input), fail(reason)));
});

describe("DDD list", () => {
  it("has the 67 Brazilian area codes, each accepted", () => {
    assert.equal(DDDS.length, 67);
    assert.equal(new Set(DDDS).size, 67);
    for (const ddd of DDDS) assert.deepEqual(normalizePhone(`(${ddd}) 98765-4321`), mobile(`+55${ddd}987654321`));
  });
  it("rejects every other two-digit code", () => {
    for (let i = 10; i < 100; i++) {
      const ddd = String(i);
      if (DDDS.includes(ddd)) continue;
      assert.deepEqual(normalizePhone(`(${ddd}) 98765-4321`), fail(`DDD ${ddd} não existe`));
    }
  });
});

describe("properties", () => {
  const ddd = fc.constantFrom(...DDDS);
  const mobileSub = fc.stringMatching(/^9[0-9]{8}$/).filter((s) => !/^9(\d)\1{7}$/.test(s));
  const landSub = fc.stringMatching(/^[2-5][0-9]{7}$/).filter((s) => !/^(\d)\1{7}$/.test(s));
  it("every written form of a mobile gives the same E.164, which formats back", () => {
    fc.assert(
      fc.property(ddd, mobileSub, (d, s) => {
        const e164 = `+55${d}${s}`;
        const forms = [`(${d}) ${s.slice(0, 5)}-${s.slice(5)}`, d + s, `+55 ${d} ${s}`, `55${d}${s}`, `0xx${d} ${s}`, `0${d}${s}`, `0 21 ${d} ${s}`];
        for (const f of forms) assert.deepEqual(normalizePhone(f), mobile(e164), f);
        assert.deepEqual(normalizePhone(formatPhoneBr(e164)), mobile(e164));
      }),
    );
  });
  it("every written form of a landline gives the same E.164", () => {
    fc.assert(
      fc.property(ddd, landSub, (d, s) => {
        const e164 = `+55${d}${s}`;
        for (const f of [`(${d}) ${s.slice(0, 4)}-${s.slice(4)}`, d + s, `+55${d}${s}`, `0${d} ${s}`]) assert.deepEqual(normalizePhone(f), landline(e164), f);
        assert.deepEqual(normalizePhone(formatPhoneBr(e164)), landline(e164));
      }),
    );
  });
  it("never throws, and every ok result is a +55 E.164 of 12 or 13 digits", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (s) => {
        const r = normalizePhone(s);
        if (r.ok) assert.match(r.e164, /^\+55\d{10,11}$/);
      }),
    );
  });
});

describe("formatPhoneBr", () => {
  it("formats mobiles and landlines", () => {
    assert.equal(formatPhoneBr("+5511987654321"), "(11) 98765-4321");
    assert.equal(formatPhoneBr("+551132654321"), "(11) 3265-4321");
    assert.equal(formatPhoneBr("+12125551234"), "+12125551234");
  });
});

describe("speed", () => {
});
