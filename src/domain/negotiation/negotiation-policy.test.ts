import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bucketFor, bucketLabel, DEFAULT_NEGOTIATION_POLICY, parseNegotiationPolicy, percentToBp, type PolicyBucket } from "./negotiation-policy.ts";

const b = (fromDays: number, toDays: number | null, extra: Partial<PolicyBucket> = {}): PolicyBucket => ({
  fromDays, toDays, single: { chargesPercent: 100, principalPercent: 10 }, instalments: { chargesPercent: 50, principalPercent: 0 },
  maxInstalments: 6, minInstalmentCents: 5000, minDownPaymentPercent: 10, minDownPaymentCents: 5000, interestMonthlyPercent: 1.99, firstDueDays: 5, ...extra,
});

function errorsOf(value: unknown): string[] {
  const r = parseNegotiationPolicy(value);
  assert.equal(r.ok, false, "deveria recusar");
  return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.reason}`);
}

describe("negotiation policy — defaults", () => {
  it("an empty document is the default policy, and the default buckets are 1–30, 31–90, 91–180, 181–360, 361+", () => {
    const r = parseNegotiationPolicy({});
    assert.ok(r.ok);
    assert.deepEqual(r.policy, DEFAULT_NEGOTIATION_POLICY);
    assert.deepEqual(r.policy.buckets.map(bucketLabel), ["1–30", "31–90", "91–180", "181–360", "361+"]);
    assert.deepEqual([r.policy.affordabilityPercent, r.policy.minimumExistentialCents, r.policy.breakAfterDays, r.policy.promiseMaxDays, r.policy.ladderId], [30, 60000, 10, 30, null]);
  });
  it("the default policy is valid as a document (what `policy show --json` prints can be set back)", () => {
    const r = parseNegotiationPolicy(JSON.parse(JSON.stringify(DEFAULT_NEGOTIATION_POLICY)));
    assert.ok(r.ok);
    assert.deepEqual(r.policy, DEFAULT_NEGOTIATION_POLICY);
  });
  it("bucketFor: by days late, boundaries inclusive; 0 days late has no bucket", () => {
    const p = DEFAULT_NEGOTIATION_POLICY;
    const table: [number, string | null][] = [[0, null], [1, "1–30"], [30, "1–30"], [31, "31–90"], [90, "31–90"], [91, "91–180"], [180, "91–180"], [181, "181–360"], [360, "181–360"], [361, "361+"], [5000, "361+"]];
    for (const [days, label] of table) assert.equal(bucketFor(p, days) && bucketLabel(bucketFor(p, days)!), label, `${days} dias`);
  });
  it("percentToBp: 1,99 % → 199 without float residue", () => {
    assert.deepEqual([1.99, 0.29, 30, 0, 99.99, 1.15].map(percentToBp), [199, 29, 3000, 0, 9999, 115]);
  });
});

describe("negotiation policy — validation names the path, in Portuguese", () => {
  it("a partial document keeps the defaults of what it leaves out", () => {
    const r = parseNegotiationPolicy({ affordabilityPercent: 25.5, breakAfterDays: 15, ladderId: "acordos" });
    assert.ok(r.ok);
    assert.equal(r.policy.affordabilityPercent, 25.5);
    assert.equal(r.policy.breakAfterDays, 15);
    assert.equal(r.policy.ladderId, "acordos");
    assert.deepEqual(r.policy.buckets, DEFAULT_NEGOTIATION_POLICY.buckets);
  });
  it("custom buckets: contiguous from day 1, the last one open", () => {
    const r = parseNegotiationPolicy({ buckets: [b(1, 60), b(61, null, { maxInstalments: 12 })] });
    assert.ok(r.ok);
    assert.equal(r.policy.buckets.length, 2);
    assert.equal(bucketLabel(bucketFor(r.policy, 61)!), "61+");
  });
  it("golden errors", () => {
    assert.deepEqual(errorsOf([]), ["(documento): a política deve ser um objeto JSON com buckets e os demais campos"]);
    assert.deepEqual(errorsOf({ prazo: 3 }), ["prazo: campo desconhecido (use buckets, affordabilityPercent, minimumExistentialCents, breakAfterDays, promiseMaxDays, ladderId)"]);
    assert.deepEqual(errorsOf({ affordabilityPercent: 0 }), ["affordabilityPercent: use um percentual da renda mensal de 1 a 100, com até 2 casas decimais (recebido 0)"]);
    assert.deepEqual(errorsOf({ affordabilityPercent: 30.123 }), ["affordabilityPercent: use um percentual da renda mensal de 1 a 100, com até 2 casas decimais (recebido 30.123)"]);
    assert.deepEqual(errorsOf({ breakAfterDays: "10" }), ['breakAfterDays: use um número inteiro de dias, de 1 a 90 (recebido "10")']);
    assert.deepEqual(errorsOf({ buckets: [] }), ["buckets: a política precisa de pelo menos uma faixa de atraso"]);
    assert.deepEqual(errorsOf({ buckets: [b(1, 30), b(32, null)] }), ["buckets[1].fromDays: deve ser 31, o dia seguinte ao fim da faixa anterior (recebido 32)"]);
    assert.deepEqual(errorsOf({ buckets: [b(2, null)] }), ["buckets[0].fromDays: a primeira faixa começa no dia 1 de atraso (recebido 2)"]);
    assert.deepEqual(errorsOf({ buckets: [b(1, 30)] }), ["buckets[0].toDays: a última faixa não tem fim: use null, para que todo título em atraso tenha uma faixa (recebido 30)"]);
    assert.deepEqual(errorsOf({ buckets: [b(1, null), b(2, null)] }), ["buckets[0].toDays: só a última faixa pode ficar sem fim (null)"]);
    assert.deepEqual(errorsOf({ buckets: [b(1, null, { instalments: { chargesPercent: 100, principalPercent: 20 } })] }), [
      "buckets[0].instalments.principalPercent: não pode passar do desconto à vista (single.principalPercent = 10): o pagamento à vista deve ser sempre o mais barato",
    ]);
    assert.deepEqual(errorsOf({ buckets: [b(1, null, { single: { chargesPercent: 100, principalPercent: 100 } })] }), [
      "buckets[0].single.principalPercent: desconto máximo sobre o principal: use um percentual de 0 a 99,99, com até 2 casas decimais (recebido 100)",
    ]);
    assert.deepEqual(errorsOf({ buckets: [b(1, null, { maxInstalments: 0, interestMonthlyPercent: 12, firstDueDays: -1 })] }), [
      "buckets[0].maxInstalments: número máximo de pagamentos, entrada incluída: inteiro de 1 (só à vista) a 120 (recebido 0)",
      "buckets[0].interestMonthlyPercent: juros do parcelamento: use um percentual ao mês de 0 a 10, com até 2 casas decimais (recebido 12)",
      "buckets[0].firstDueDays: primeiro vencimento em até quantos dias: inteiro de 0 a 60 (recebido -1)",
    ]);
    const { minInstalmentCents: _m, ...missing } = b(1, null);
    assert.deepEqual(errorsOf({ buckets: [{ ...missing, desconto: 1 }] }), [
      "buckets[0].desconto: campo desconhecido (use fromDays, toDays, single, instalments, maxInstalments, minInstalmentCents, minDownPaymentPercent, minDownPaymentCents, interestMonthlyPercent, firstDueDays)",
      "buckets[0].minInstalmentCents: parcela mínima em centavos: inteiro, zero ou mais (campo ausente)",
    ]);
  });
});
