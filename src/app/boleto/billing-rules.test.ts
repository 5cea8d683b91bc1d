import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { makeBoleto } from "../../domain/boleto/make-boleto.ts";
import { parseBoleto } from "../../domain/boleto/parse-boleto.ts";
import { TEST_ACCOUNTS, type TestAccountName } from "./billing-test-accounts.ts";
import {
  checkBillingAccountSpec,
  dailyInterestCents,
  formatAddress,
  formatPercentBp,
  makeInputOf,
  maxOurNumberSequence,
  sequenceOfOurNumber,
  slipInstructions,
  storedOurNumber,
  type SlipTextsInput,
} from "./billing-rules.ts";
import { defaultDueDate } from "./issue-boleto.ts";

const NAMES = Object.keys(TEST_ACCOUNTS) as TestAccountName[];

describe("nosso número as the bank reports it", () => {
  it("golden: prefix + zero-padded sequence, leading zeros removed, and the capacity of each layout", () => {
    const table: [TestAccountName, string, string, number][] = [
      ["bb7", "12345670000000001", "12345670000000123", 9_999_999_999],
      ["bb6", "12345600001", "12345600123", 99_999],
      ["bradesco", "1", "123", 99_999_999_999],
      ["itau", "1", "123", 99_999_999],
      ["caixa", "14000000000000001", "14000000000000123", 999_999_999_999_999],
      ["santander", "1", "123", 999_999_999_999],
      ["sicoob", "1", "123", 9_999_999],
    ];
    for (const [name, one, big, max] of table) {
      const spec = TEST_ACCOUNTS[name];
      assert.equal(storedOurNumber(spec, 1), one, name);
      assert.equal(storedOurNumber(spec, 123), big, name);
      assert.equal(maxOurNumberSequence(spec), max, name);
      assert.throws(() => storedOurNumber(spec, max + 1), /não cabe/);
    }
  });

  it("reads the sequence back, and refuses numbers of another convênio/carteira or too long", () => {
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.bb7, "12345670000000123"), 123);
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.bb7, "0012345670000000123"), 123, "leading zeros do not matter");
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.bb7, "76543210000000123"), null, "another convênio");
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.bb7, "123"), null, "no convênio prefix");
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.caixa, "24000000000000123"), null, "carteira 2 in a carteira-1 account");
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.caixa, "14000000000000123"), 123);
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.itau, "99999999"), 99_999_999);
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.itau, "100000000"), null, "9 digits in Itaú's 8");
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.itau, "000123"), 123);
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.itau, "12A"), null);
    assert.equal(sequenceOfOurNumber(TEST_ACCOUNTS.itau, ""), null);
  });

  it("property: every sequence of every layout round-trips, and its slip parses back with amount, due date and bank", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 9_999_999_999 }),
        fc.integer({ min: 0, max: 9000 }),
        (name, fraction, amountCents, days) => {
          const spec = TEST_ACCOUNTS[name];
          const sequence = Math.floor(fraction * maxOurNumberSequence(spec));
          const stored = storedOurNumber(spec, sequence);
          assert.equal(sequenceOfOurNumber(spec, stored), sequence);
          const dueDate = new Date(Date.UTC(2025, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
          const made = makeBoleto(makeInputOf(spec, sequence, amountCents, dueDate));
          const parsed = parseBoleto(made.line, dueDate);
          assert.ok(parsed.ok && parsed.value.kind === "bank");
          assert.deepEqual([parsed.value.amountCents, parsed.value.dueDate, parsed.value.bank, parsed.value.barcode], [amountCents, dueDate, spec.bank, made.barcode]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("checkBillingAccountSpec", () => {
  it("accepts the account of every supported layout", () => {
    for (const name of NAMES) assert.deepEqual(checkBillingAccountSpec(TEST_ACCOUNTS[name]), [], name);
  });

  it("names every wrong field in Portuguese, with the sizes of the bank's free field", () => {
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.itau, agency: "12345", account: "12a", wallet: "1", convenio: "1234567", accountDigit: "77" }), [
      { field: "convenio", reason: "convênio só se aplica ao Banco do Brasil (001)" },
      { field: "accountDigit", reason: "dígito da conta deve ser um dígito (ou X/P) (recebido: '77')" },
      { field: "agency", reason: "agência deve ter até 4 dígitos (recebido: 5)" },
      { field: "wallet", reason: "carteira deve ter 3 dígitos (recebido: 1)" },
      { field: "account", reason: "conta deve conter apenas dígitos (recebido: '12a')" },
    ]);
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.bb7, convenio: "12345" }), [
      { field: "convenio", reason: "convênio do Banco do Brasil deve ter 4, 6, 7 ou 8 dígitos (recebido: '12345')" },
    ]);
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.bb6, account: null }), [{ field: "account", reason: "informe a conta" }]);
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.caixa, wallet: "3", beneficiaryCode: "1234567" }), [
      { field: "beneficiaryCode", reason: "código do beneficiário deve ter até 6 dígitos (recebido: 7)" },
      { field: "wallet", reason: "carteira da Caixa deve ser 1 (registrada) ou 2 (sem registro) (recebido: '3')" },
    ]);
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.itau, accountDigit: "9" }), [{ field: "accountDigit", reason: "dígito da conta não confere com agência e conta (esperado 1)" }]);
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.bradesco, modality: "01", beneficiaryCode: "1" }), [
      { field: "beneficiaryCode", reason: "código do beneficiário só se aplica a Caixa (104), Santander (033) e Sicoob (756)" },
      { field: "modality", reason: "modalidade só se aplica ao Sicoob (756)" },
    ]);
    assert.deepEqual(checkBillingAccountSpec({ ...TEST_ACCOUNTS.itau, bank: "999" }), [{ field: "bank", reason: "banco '999' não suportado (use 001, 033, 104, 237, 341, 756)" }]);
  });
});

describe("slip texts", () => {
  it("formats percentages and the daily interest (monthly / 30, half-up)", () => {
    assert.deepEqual([0, 100, 200, 250, 133, 1000, 5].map(formatPercentBp), ["0", "1", "2", "2,5", "1,33", "10", "0,05"]);
    // R$ 150,00 at 1 % a month: R$ 0,05 a day; R$ 45,00: 1,5 centavo → 2; R$ 44,99: 1,4997 → 1; R$ 1.000,00: 33,33 → 33
    assert.deepEqual([[15_000, 100], [4500, 100], [4499, 100], [100_000, 100], [100_000, 0]].map(([b, r]) => dailyInterestCents(b!, r!)), [5, 2, 1, 33, 0]);
  });

  it("formats addresses, skipping what is missing", () => {
    assert.equal(formatAddress({ address: "Rua A, 10", city: "Campinas", state: "SP", zip: "13000-000" }), "Rua A, 10, Campinas/SP, CEP 13000-000");
    assert.equal(formatAddress({ address: null, city: null, state: "SP", zip: null }), "SP");
    assert.equal(formatAddress({ address: " ", city: "", state: "", zip: "" }), "");
  });

  const base: SlipTextsInput = {
    externalId: "ALFA-0001",
    debtDueDate: "2025-05-10",
    breakdown: { principalCents: 15_000, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 15_000, daysLate: 0 },
    fineIncluded: false,
    terms: { fineBp: 200, interestMonthlyBp: 100, correctionIndex: null },
    accountInstructions: ["Não receber após 30 dias do vencimento", " "],
    creditor: { legalName: "Alfa Comércio de Roupas Ltda", document: "11.222.333/0001-81", address: "Rua das Flores, 100, São Paulo/SP" },
  };

  it("before the debt is late: fine and daily interest after the due date, the amount's origin, the account's lines, CDC 42-A", () => {
    assert.deepEqual(slipInstructions(base), [
      "Após o vencimento, cobrar multa de 2 % e juros de mora de 1 % ao mês (R$ 0,05 por dia de atraso).",
      "Referente ao título ALFA-0001, vencimento original 10/05/2025: principal R$ 150,00.",
      "Não receber após 30 dias do vencimento",
      "Credor: Alfa Comércio de Roupas Ltda, CNPJ 11.222.333/0001-81, Rua das Flores, 100, São Paulo/SP (CDC art. 42-A).",
    ]);
  });

  it("when the amount already carries the fine: interest only (on the corrected principal), and the composition", () => {
    const late = {
      ...base,
      fineIncluded: true,
      breakdown: { principalCents: 100_000, fineCents: 2100, interestCents: 1085, correctionCents: 5000, totalCents: 108_185, daysLate: 31 },
      accountInstructions: [],
    };
    assert.deepEqual(slipInstructions(late), [
      "Após o vencimento, cobrar juros de mora de 1 % ao mês (R$ 0,35 por dia de atraso); a multa já está incluída no valor.",
      "Referente ao título ALFA-0001, vencimento original 10/05/2025: principal R$ 1.000,00 + multa R$ 21,00 + juros R$ 10,85 + correção R$ 50,00 = R$ 1.081,85.",
      "Credor: Alfa Comércio de Roupas Ltda, CNPJ 11.222.333/0001-81, Rua das Flores, 100, São Paulo/SP (CDC art. 42-A).",
    ]);
    assert.equal(slipInstructions({ ...late, terms: { fineBp: 200, interestMonthlyBp: 0, correctionIndex: null } })[0], "Após o vencimento, não cobrar nova multa nem juros.");
    assert.equal(slipInstructions({ ...base, terms: { fineBp: 0, interestMonthlyBp: 0, correctionIndex: null } })[0], "Após o vencimento, não cobrar multa nem juros.");
    assert.equal(slipInstructions({ ...base, terms: { fineBp: 250, interestMonthlyBp: 0, correctionIndex: null } })[0], "Após o vencimento, cobrar multa de 2,5 %.");
    assert.equal(slipInstructions({ ...base, creditor: { ...base.creditor, address: "" } }).at(-1), "Credor: Alfa Comércio de Roupas Ltda, CNPJ 11.222.333/0001-81 (CDC art. 42-A).");
  });
});

describe("defaultDueDate", () => {
  it("a debt not yet due keeps its date; an overdue one gets today + days to pay on the next business day", () => {
    const table: [today: string, debtDue: string, days: number, uf: string | null, expected: string, why: string][] = [
      ["2025-06-02", "2025-06-10", 3, "SP", "2025-06-10", "not yet due: its own due date"],
      ["2025-06-02", "2025-06-02", 3, "SP", "2025-06-02", "due today: today"],
      ["2025-06-02", "2025-05-10", 3, "SP", "2025-06-05", "Monday + 3 = Thursday"],
      ["2025-06-04", "2025-05-10", 3, "SP", "2025-06-09", "Wednesday + 3 = Saturday → Monday"],
      ["2025-06-16", "2025-05-10", 3, "SP", "2025-06-20", "Corpus Christi (bank holiday) → Friday"],
      ["2025-11-17", "2025-05-10", 3, "SP", "2025-11-21", "20 November, national → Friday"],
      ["2026-02-11", "2025-05-10", 3, "SP", "2026-02-18", "Saturday → Carnival Monday and Tuesday → Ash Wednesday"],
      ["2026-02-11", "2025-05-10", 3, null, "2026-02-18", "no UF: national and bank holidays still count"],
      ["2025-07-06", "2025-05-10", 3, "SP", "2025-07-10", "9 July, São Paulo state holiday"],
      ["2025-07-06", "2025-05-10", 3, "RJ", "2025-07-09", "not a holiday in Rio"],
      ["2025-06-02", "2025-05-10", 0, "SP", "2025-06-02", "zero days: today"],
    ];
    for (const [today, debtDueDate, daysToPay, uf, expected, why] of table) assert.equal(defaultDueDate({ today, debtDueDate, daysToPay, uf }), expected, why);
  });
});
