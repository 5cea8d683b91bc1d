import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DOMAIN_TYPOS, isSharedMailbox, normalizeEmail } from "./email.ts";

const ok = (email: string) => ({ ok: true, email });
const fail = (reason: string) => ({ ok: false, reason });

describe("normalizeEmail — accepted", () => {
  const table: [string, string][] = [
    ["joao.silva@gmail.com", "joao.silva@gmail.com"],
    ["  Joao.Silva@Gmail.COM ", "joao.silva@gmail.com"],
    ["MARIA_SOUZA123@HOTMAIL.COM.BR", "maria_souza123@hotmail.com.br"],
    ["ana@yahoo.com.br", "ana@yahoo.com.br"],
    ["financeiro@padaria-pao-dourado.com.br", "financeiro@padaria-pao-dourado.com.br"],
    ["joao+boletos@outlook.com", "joao+boletos@outlook.com"],
    ["o'neil@empresa.com", "o'neil@empresa.com"],
    ["a@b.co", "a@b.co"],
    ["x@sub.dominio.gov.br", "x@sub.dominio.gov.br"],
    ["x@xn--cafs-rqa.com.br", "x@xn--cafs-rqa.com.br"],
    ["x@empresa.xn--p1ai", "x@empresa.xn--p1ai"],
    [`${"a".repeat(64)}@gmail.com`, `${"a".repeat(64)}@gmail.com`],
  ];
  for (const [input, email] of table) it(JSON.stringify(input), () => assert.deepEqual(normalizeEmail(input), ok(email)));
});

describe("normalizeEmail — rejected with their reasons", () => {
  const table: [string, string][] = [
    ["", "vazio"],
    ["   ", "vazio"],
    ["joao.silvagmail.com", "falta o @"],
    ["joao@@gmail.com", "mais de um @"],
    ["joao@silva@gmail.com", "mais de um @"],
    ["joao silva@gmail.com", "e-mail contém espaços"],
    ["@gmail.com", "falta a parte antes do @"],
    ["joao@", "falta o domínio depois do @"],
    [`${"a".repeat(65)}@gmail.com`, "parte antes do @ com mais de 64 caracteres"],
    [`a@${`${"x".repeat(62)}.`.repeat(3)}${"y".repeat(60)}.com`, "e-mail com mais de 254 caracteres"], // 255 characters
    [`a@${`${"x".repeat(62)}.`.repeat(3)}${"y".repeat(59)}.com`, "ok:254"],
    ["joão@gmail.com", "caractere inválido antes do @: 'ã'"],
    ["joao,silva@gmail.com", "caractere inválido antes do @: ','"],
    ["joao..silva@gmail.com", "ponto no início, no fim ou pontos consecutivos"],
    [".joao@gmail.com", "ponto no início, no fim ou pontos consecutivos"],
    ["joao.@gmail.com", "ponto no início, no fim ou pontos consecutivos"],
    ["joao@gmail..com", "ponto no início, no fim ou pontos consecutivos"],
    ["joao@.gmail.com", "ponto no início, no fim ou pontos consecutivos"],
    ["joao@gmail.com.", "ponto no início, no fim ou pontos consecutivos"],
    ["joao@gmail", "domínio sem ponto (ex.: gmail.com)"],
    ["joao@gmail_x.com", "caractere inválido no domínio: '_'"],
    ["joao@café.com.br", "caractere inválido no domínio: 'é'"],
    ["joao@-gmail.com", "parte do domínio inválida (hífen nas pontas ou mais de 63 caracteres)"],
    ["joao@gmail-.com", "parte do domínio inválida (hífen nas pontas ou mais de 63 caracteres)"],
    [`joao@${"x".repeat(64)}.com`, "parte do domínio inválida (hífen nas pontas ou mais de 63 caracteres)"],
    ["joao@gmail.c", "terminação do domínio inválida (ex.: .com, .br)"],
    ["joao@gmail.c0m", "terminação do domínio inválida (ex.: .com, .br)"],
    ["joao@10.0.0.1", "terminação do domínio inválida (ex.: .com, .br)"],
    // commonest misspellings of Brazilian providers
    ["joao@gmial.com", "domínio provavelmente digitado errado (gmial.com → gmail.com?)"],
    ["joao@GMIAL.COM", "domínio provavelmente digitado errado (gmial.com → gmail.com?)"],
    ["joao@gmail.com.br", "domínio provavelmente digitado errado (gmail.com.br → gmail.com?)"],
    ["joao@gmail.con", "domínio provavelmente digitado errado (gmail.con → gmail.com?)"],
    ["joao@hotmial.com", "domínio provavelmente digitado errado (hotmial.com → hotmail.com?)"],
    ["joao@hotmail.co", "domínio provavelmente digitado errado (hotmail.co → hotmail.com?)"],
    ["joao@outlok.com", "domínio provavelmente digitado errado (outlok.com → outlook.com?)"],
    ["joao@yaho.com.br", "domínio provavelmente digitado errado (yaho.com.br → yahoo.com.br?)"],
  ];
  for (const [input, reason] of table) {
    it(JSON.stringify(input), () => assert.deepEqual(normalizeEmail(input), reason === "ok:254" ? ok(input) : fail(reason)));
  }

  it("keeps the real Brazilian variants valid", () => {
    for (const d of ["hotmail.com.br", "yahoo.com.br", "outlook.com.br", "uol.com.br", "bol.com.br", "terra.com.br", "live.com"]) {
      assert.deepEqual(normalizeEmail(`ana@${d}`), ok(`ana@${d}`));
    }
  });
  it("suggests a domain that is itself accepted", () => {
    for (const meant of DOMAIN_TYPOS.values()) assert.deepEqual(normalizeEmail(`ana@${meant}`), ok(`ana@${meant}`), meant);
  });
});

describe("properties", () => {
  it("is idempotent and never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.emailAddress()), (s) => {
        const r = normalizeEmail(s);
        if (r.ok) {
          assert.deepEqual(normalizeEmail(r.email), r);
          assert.equal(r.email, r.email.toLowerCase());
        }
      }),
    );
  });
  it("accepts practical addresses generated by fast-check (ASCII, no quoted parts)", () => {
    fc.assert(
      fc.property(fc.emailAddress({ size: "small" }), (s) => {
        const [, domain = ""] = s.split("@");
        fc.pre(/\.[a-z]{2,}$/.test(domain) && !DOMAIN_TYPOS.has(domain) && s.length <= 254);
        assert.deepEqual(normalizeEmail(s), ok(s.toLowerCase()));
      }),
    );
  });
});

describe("isSharedMailbox", () => {
  const shared = [
    "financeiro@empresa.com.br", "FINANCEIRO@EMPRESA.COM.BR", "contato@x.com", "cobranca@x.com", "faturamento@x.com",
    "admin@x.com", "comercial@x.com", "sac@x.com", "atendimento@x.com", "contasapagar@x.com", "contas.a.pagar@x.com",
    "contas_a_pagar@x.com", "nfe@x.com", "financeiro2@x.com", "financeiro.sp@x.com", "contato+site@x.com", "nf-e@x.com",
  ];
  const personal = ["joao.silva@gmail.com", "maria@empresa.com.br", "financas.joao@x.com".replace("financas", "ana"), "contatojoao@x.com", "sacramento@x.com", "administrador.joao@x.com"];
  for (const e of shared) it(`${e} is shared`, () => assert.equal(isSharedMailbox(e), true));
  for (const e of personal) it(`${e} is personal`, () => assert.equal(isSharedMailbox(e), false));
});

