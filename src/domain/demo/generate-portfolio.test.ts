import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateDocument } from "../br/documents.ts";
import { parseDate, diffDays, addMonths } from "../br/dates.ts";
import { normalizeEmail } from "../br/email.ts";
import { parseAmountToCents } from "../br/money.ts";
import { normalizePhone } from "../br/phone.ts";
import { isUf } from "../br/uf.ts";
import { DEMO_HEADERS, generateDemoRows } from "./generate-portfolio.ts";
import { seededRandom } from "./random.ts";

const TODAY = "2026-11-23";
const rows = (seed: number, debtors = 2000) => [...generateDemoRows({ debtors, seed, today: TODAY })];
const dateOf = (br: string) => {
  const r = parseDate(br);
  assert.ok(r.ok, br);
  return r.date;
};

describe("generateDemoRows", () => {
  it("is reproducible from its seed and differs across seeds", () => {
    assert.deepEqual(rows(1, 50), rows(1, 50));
    assert.notDeepEqual(rows(1, 50), rows(2, 50));
  });
  it("is realistic: valid documents, all 27 states, unique debt ids, mixed contacts and aging", () => {
    const all = rows(42);
    assert.ok(all.length > 3000 && all.length < 5000, `${all.length} rows`);
    assert.ok(all.every((r) => validateDocument(r.documento!).ok));
    assert.equal(new Set(all.map((r) => r.uf)).size, 27);
    assert.equal(new Set(all.map((r) => r.titulo)).size, all.length);
    assert.ok(all.some((r) => /^[0-9A-Z]{12}\d{2}$/.test(r.documento!) && /[A-Z]/.test(r.documento!)), "alphanumeric CNPJ present");
    const emails = all.filter((r) => r.email).map((r) => normalizeEmail(r.email!).ok);
    assert.ok(emails.some((ok) => !ok) && emails.filter(Boolean).length > emails.length * 0.8);
    assert.ok(all.some((r) => !normalizePhone(r.telefone!).ok));
    const ages = all.map((r) => diffDays("2026-11-23", (parseDate(r.vencimento!) as { date: string }).date));
    assert.ok(ages.some((d) => d < 0), "not yet due");
    assert.ok(ages.some((d) => d > 5 * 365), "older than 5 years");
    assert.ok(all.some((r) => r.contrato && r.parcela));
  });
});

describe("generateDemoRows — shape and proportions (seed 7, 2,000 debtors)", () => {
  const all = rows(7);
  const byDebtor = new Map<string, typeof all>();
  for (const r of all) {
    const doc = validateDocument(r.documento);
    assert.ok(doc.ok, r.documento);
    const list = byDebtor.get(doc.document) ?? [];
    list.push(r);
    byDebtor.set(doc.document, list);
  }
  const debtors = [...byDebtor.values()].map((list) => list[0] as (typeof all)[number]);

  it("has exactly the demo headers, in order, on every row", () => {
    assert.deepEqual([...DEMO_HEADERS], ["documento", "nome", "email", "telefone", "whatsapp", "uf", "cidade", "cep", "endereco", "titulo", "descricao", "valor", "vencimento", "emissao", "contrato", "parcela", "nosso_numero"]);
    for (const r of all) assert.deepEqual(Object.keys(r), [...DEMO_HEADERS]);
  });
  it("gives every debtor its own document and about 2 debts", () => {
    assert.equal(byDebtor.size, 2000);
    for (const list of byDebtor.values()) assert.equal(new Set(list.map((r) => r.nome)).size, 1);
    const average = all.length / byDebtor.size;
    assert.ok(average > 1.8 && average < 2.2, `average ${average}`);
  });
  it("has ~12 % companies, some with alphanumeric CNPJ, and a few CPFs that lost their leading zero", () => {
    const companies = [...byDebtor.keys()].filter((d) => d.length === 14);
    const share = companies.length / byDebtor.size;
    assert.ok(share > 0.08 && share < 0.16, `companies ${share}`);
    assert.ok(companies.some((d) => /[A-Z]/.test(d)));
    assert.ok(debtors.some((r) => /^\d{9,10}$/.test(r.documento)), "CPF without leading zeros");
    assert.ok(debtors.some((r) => /^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(r.documento)), "masked CPF");
    assert.ok(debtors.some((r) => / (Ltda|ME|EPP|S\.A\.)$/.test(r.nome)), "company names");
    assert.ok(debtors.some((r) => /[áéíóúâêôãõç]/i.test(r.nome)), "accented names");
  });
  it("has ~10 % debtors without e-mail and ~85 % valid among the others, with realistic faults", () => {
    const none = debtors.filter((r) => r.email === "").length / debtors.length;
    assert.ok(none > 0.06 && none < 0.14, `no e-mail ${none}`);
    const results = debtors.filter((r) => r.email).map((r) => normalizeEmail(r.email));
    const valid = results.filter((r) => r.ok).length / results.length;
    assert.ok(valid > 0.8 && valid < 0.92, `valid e-mails ${valid}`);
    const reasons = new Set(results.flatMap((r) => (r.ok ? [] : [r.reason.split(" (")[0]])));
    assert.ok(reasons.has("domínio provavelmente digitado errado"), [...reasons].join(" | "));
    assert.ok(reasons.has("falta o @"));
  });
  it("has ~85 % valid phones, with realistic faults", () => {
    const results = debtors.filter((r) => r.telefone).map((r) => normalizePhone(r.telefone));
    const valid = results.filter((r) => r.ok).length / results.length;
    assert.ok(valid > 0.8 && valid < 0.92, `valid phones ${valid}`);
    const reasons = new Set(results.flatMap((r) => (r.ok ? [] : [r.reason])));
    assert.ok(reasons.has("celular deve ter 9 dígitos começando com 9"));
    assert.ok(reasons.has("falta o DDD"));
    assert.ok([...reasons].some((x) => /^DDD \d\d não existe$/.test(x)));
    assert.ok(results.some((r) => r.ok && !r.mobile), "landlines");
    assert.ok(debtors.some((r) => r.whatsapp && normalizePhone(r.whatsapp).ok));
  });
  it("weights states by population: SP is the largest", () => {
    const count = (uf: string) => debtors.filter((r) => r.uf === uf).length;
    assert.ok(count("SP") > count("MG") && count("MG") > count("RR"));
    assert.ok(debtors.every((r) => isUf(r.uf)));
    assert.ok(debtors.every((r) => /^\d{5}-?\d{3}$/.test(r.cep)));
    assert.ok(debtors.filter((r) => r.uf === "SP").every((r) => r.cep < "2"), "SP CEPs start with 0 or 1");
    assert.ok(debtors.filter((r) => r.uf === "RS").every((r) => r.cep >= "9"), "RS CEPs start with 9");
  });
  it("has Brazilian amounts and dates, issue before due", () => {
    for (const r of all) {
      const v = parseAmountToCents(r.valor);
      assert.ok(v.ok && v.cents > 0, r.valor);
      assert.match(r.valor, /^\d{1,3}(\.\d{3})*,\d{2}$/);
      assert.match(r.vencimento, /^\d{2}\/\d{2}\/\d{4}$/);
      assert.ok(dateOf(r.emissao) < dateOf(r.vencimento), `${r.emissao} < ${r.vencimento}`);
    }
  });
  it("spreads aging from 30 days before due to 6 years overdue, skewed to recent", () => {
    const ages = all.map((r) => diffDays(TODAY, dateOf(r.vencimento)));
    const min = Math.min(...ages);
    const max = Math.max(...ages);
    assert.ok(min < 0, `min ${min}`);
    assert.ok(max > 5 * 365 && max <= 6 * 365, `max ${max}`);
    const firstAges = debtors.map((r) => diffDays(TODAY, dateOf(r.vencimento)));
    assert.ok(firstAges.every((d) => d >= -30));
    const recent = firstAges.filter((d) => d <= 365).length / firstAges.length;
    assert.ok(recent > 0.6, `within one year ${recent}`);
  });
  it("has instalment contracts for ~30 % of debtors with monthly due dates and one value", () => {
    const contracts = new Map<string, typeof all>();
    for (const r of all) {
      if (!r.contrato) {
        assert.equal(r.parcela, "");
        continue;
      }
      const list = contracts.get(r.contrato) ?? [];
      list.push(r);
      contracts.set(r.contrato, list);
    }
    const share = contracts.size / byDebtor.size;
    assert.ok(share > 0.25 && share < 0.35, `contracts ${share}`);
    for (const [contrato, list] of contracts) {
      assert.equal(new Set(list.map((r) => r.documento)).size, 1);
      assert.equal(new Set(list.map((r) => r.valor)).size, 1);
      for (let i = 0; i < list.length; i++) {
        const r = list[i] as (typeof all)[number];
        const k = Number(r.parcela);
        const m = /^Parcela (\d+) de (\d+) — Contrato (.+)$/.exec(r.descricao);
        assert.ok(m, r.descricao);
        assert.equal(Number(m[1]), k);
        assert.ok(Number(m[2]) >= 3 && Number(m[2]) <= 12 && k <= Number(m[2]));
        assert.equal(m[3], contrato);
        if (i > 0) {
          const prev = list[i - 1] as (typeof all)[number];
          assert.equal(k, Number(prev.parcela) + 1);
          assert.equal(dateOf(r.vencimento), addMonths(dateOf(list[0]!.vencimento), i));
        }
      }
    }
  });
  it("describes standalone debts by sector", () => {
    const standalone = all.filter((r) => !r.contrato).map((r) => r.descricao);
    for (const phrase of ["Fatura de cartão", "Mensalidade escolar", "Conta de telefone", "Compra parcelada loja"]) {
      assert.ok(standalone.some((d) => d.startsWith(phrase)), phrase);
    }
  });
  it("numbers titles and nosso número uniquely", () => {
    assert.equal(new Set(all.map((r) => r.nosso_numero)).size, all.length);
    assert.ok(all.every((r) => /^\d{11}$/.test(r.nosso_numero)));
    assert.ok(all.every((r) => /^TIT-\d{7}$/.test(r.titulo)));
  });
});

describe("generateDemoRows — limits", () => {
  it("rejects bad options", () => {
    assert.throws(() => rows(1, -1), { code: "invalid_input" });
    assert.throws(() => [...generateDemoRows({ debtors: 1, seed: 1, today: "23/11/2026" })], { code: "invalid_input" });
    assert.deepEqual(rows(1, 0), []);
  });
  it("keeps documents unique over a large portfolio", () => {
    const docs = new Set<string>();
    let debtors = 0;
    let last = "";
    for (const r of generateDemoRows({ debtors: 30_000, seed: 3, today: TODAY })) {
      if (r.documento === last) continue;
      last = r.documento;
      debtors++;
      const d = validateDocument(r.documento);
      assert.ok(d.ok, r.documento);
      docs.add(d.document);
    }
    assert.equal(docs.size, debtors);
  });
});

describe("seededRandom", () => {
  it("is deterministic, in [0, 1) and roughly uniform", () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = a();
      assert.equal(x, b());
      assert.ok(x >= 0 && x < 1);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const c of buckets) assert.ok(c > 900 && c < 1100, String(c));
    assert.notEqual(seededRandom(1)(), seededRandom(2)());
  });
});
