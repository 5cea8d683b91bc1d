import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AppError } from "../../shared/app-error.ts";
import { readVectorJson } from "../../../test/support/vectors.ts";
import { dateOfDayNumber, dayNumber } from "../br/dates.ts";
import { bancoDoBrasilDv, bradescoDv, mod10, mod11, sicoobDv } from "./check-digits.ts";
import { MAX_FACTOR_DATE, MIN_FACTOR_DATE } from "./due-date-factor.ts";
import { formatDigitableLine } from "./format-boleto.ts";
import { makeBoleto, MAX_BOLETO_AMOUNT_CENTS, type MakeBoletoInput } from "./make-boleto.ts";
import { parseBoleto } from "./parse-boleto.ts";

type BankVector = { barcode: string; line: string; bank: string; amountCents: number; dueDate: string };
const vectors = readVectorJson<{ bank: BankVector[] }>("boleto.json");
const vector = (bank: string, amountCents: number) => {
  const v = vectors.bank.find((b) => b.bank === bank && b.amountCents === amountCents);
  assert.ok(v);
  return v;
};

function validationReasons(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, "validation");
    return Object.fromEntries(error.errors.map((e) => [e.field, e.reason]));
  }
  assert.fail("esperava erro de validação");
}

describe("makeBoleto: golden slips", () => {
  it("Bradesco 237: agência 4, carteira 2, nosso número 11, conta 7, zero (shared vectors)", () => {
    const v = vector("237", 200);
    const made = makeBoleto({ bank: "237", agency: "0001", wallet: "25", ourNumber: "00056631487", account: "1234567", amountCents: 200, dueDate: v.dueDate });
    assert.equal(made.barcode, v.barcode);
    assert.equal(made.line, v.line);
    assert.equal(made.freeField, "0001250005663148712345670");
    assert.equal(made.ourNumberFormatted, "25/00056631487-2");
    const old = vector("237", 1500);
    assert.equal(makeBoleto({ bank: "237", agency: "1229", wallet: "25", ourNumber: "6", account: "469", amountCents: 1500, dueDate: old.dueDate }).barcode, old.barcode);
    // Bradesco's manual: carteira 19, nosso número 2 → 8; 1 → P
    assert.equal(makeBoleto({ bank: "237", agency: "1", wallet: "19", ourNumber: "2", account: "1", amountCents: 1, dueDate: "2030-01-01" }).ourNumberFormatted, "19/00000000002-8");
    assert.equal(makeBoleto({ bank: "237", agency: "1", wallet: "19", ourNumber: "1", account: "1", amountCents: 1, dueDate: "2030-01-01" }).ourNumberFormatted, "19/00000000001-P");
  });

  it("Caixa 104 SIGCB: código do beneficiário + DV, nosso número 17 in 3/1/3/1/9, DV (shared vector)", () => {
    const v = vector("104", 21403);
    const made = makeBoleto({ bank: "104", agency: "1234", wallet: "1", beneficiaryCode: "200656", ourNumber: "9972639", amountCents: 21403, dueDate: v.dueDate });
    assert.equal(made.barcode, v.barcode);
    assert.equal(made.line, v.line);
    assert.equal(made.ourNumberFormatted, "14000000009972639-0");
    assert.equal(made.agencyCode, "1234/200656-1");
    const other = makeBoleto({ bank: "104", agency: "1825", wallet: "1", beneficiaryCode: "245274", ourNumber: "1", amountCents: 1000, dueDate: "2030-01-01" });
    assert.equal(other.freeField, "2452740000100040000000017");
    assert.equal(other.ourNumberFormatted, "14000000000000001-4");
    assert.equal(other.agencyCode, "1825/245274-0");
    const unregistered = makeBoleto({ bank: "104", agency: "1825", wallet: "2", beneficiaryCode: "245274", ourNumber: "123456789012345", amountCents: 1000, dueDate: "2030-01-01" });
    // 24 + 123456789012345 → positions 3-5 "123", constant 2, 6-8 "456", constant 4, 9-17 "789012345"
    assert.equal(unregistered.freeField.slice(0, 24), "2452740123245647890123" + "45");
    assert.equal(unregistered.freeField.slice(24), String(mod11(unregistered.freeField.slice(0, 24))));
  });

  it("Itaú 341: carteira 3, nosso número 8, DAC, agência 4, conta 5, DAC, 000", () => {
    const made = makeBoleto({ bank: "341", agency: "1565", wallet: "175", ourNumber: "12345678", account: "13877", amountCents: 295295, dueDate: "2011-03-09" });
    assert.equal(formatDigitableLine(made.line), "34191.75124 34567.861561 51387.710000 3 49010000295295");
    assert.equal(made.freeField, "1751234567861565138771000");
    assert.equal(made.ourNumberFormatted, "175/12345678-6");
    assert.equal(made.agencyCode, "1565/13877-1");
    // Wallets 126, 131, 146, 150, 168: DAC over carteira + nosso número only.
    const short = makeBoleto({ bank: "341", agency: "1565", wallet: "126", ourNumber: "12345678", account: "13877", amountCents: 1, dueDate: "2030-01-01" });
    assert.equal(short.freeField.slice(11, 12), String(mod10("12612345678")));
  });

  it("Santander 033: 9, código do beneficiário 7, nosso número 13 with DV, IOF, carteira 3", () => {
    const made = makeBoleto({ bank: "033", agency: "1333", wallet: "102", ourNumber: "1234567", beneficiaryCode: "0707077", amountCents: 295295, dueDate: "2012-01-22" });
    assert.equal(formatDigitableLine(made.line), "03399.07073 07700.000123 34567.901029 6 52200000295295");
    assert.equal(made.freeField, "9070707700000123456790102");
    assert.equal(made.ourNumberFormatted, "000001234567-9");
    const insurance = makeBoleto({ bank: "033", agency: "1", wallet: "101", ourNumber: "566612457800", beneficiaryCode: "1", amountCents: 1, dueDate: "2030-01-01", iof: "7" });
    assert.equal(insurance.freeField, "9000000156661245780027101");
  });

  it("Sicoob 756: carteira 1, cooperativa 4, modalidade 2, cliente 7, nosso número 8, parcela 3", () => {
    const made = makeBoleto({ bank: "756", agency: "4327", wallet: "1", ourNumber: "2", beneficiaryCode: "229385", amountCents: 5000, dueDate: "2016-02-18" });
    assert.equal(formatDigitableLine(made.line), "75691.43279 01022.938508 00000.240010 2 67080000005000");
    assert.equal(made.freeField, "1432701022938500000024001");
    assert.equal(made.ourNumberFormatted, "0000002-4");
    const mod05 = makeBoleto({ bank: "756", agency: "4134", wallet: "1", ourNumber: "110", beneficiaryCode: "148180", modality: "05", amountCents: 23500, dueDate: "2017-04-15" });
    assert.equal(formatDigitableLine(mod05.line), "75691.41349 05014.818008 00011.040011 4 71300000023500");
    const installment = makeBoleto({ bank: "756", agency: "4134", wallet: "1", ourNumber: "110", beneficiaryCode: "148180", installment: "12", amountCents: 1, dueDate: "2030-01-01" });
    assert.equal(installment.freeField.slice(22), "012");
  });

  it("Banco do Brasil 001: convênio 7 (nosso número 17), 8, 6 and 4", () => {
    const seven = makeBoleto({ bank: "001", agency: "3174", wallet: "17", ourNumber: "0000000328", convenio: "1474166", amountCents: 224674, dueDate: "2016-07-05" });
    assert.equal(seven.barcode, "00191684600002246740000001474166000000032817");
    assert.equal(formatDigitableLine(seven.line), "00190.00009 01474.166004 00000.328179 1 68460000224674");
    assert.equal(seven.ourNumberFormatted, "14741660000000328");
    const sevenB = makeBoleto({ bank: "001", agency: "4042", wallet: "18", ourNumber: "7777700168", convenio: "1238798", amountCents: 72356, dueDate: "2008-02-03" });
    assert.equal(sevenB.barcode, "00195377100000723560000001238798777770016818");
    const eight = makeBoleto({ bank: "001", agency: "4042", wallet: "18", ourNumber: "777700168", convenio: "12387989", amountCents: 13500, dueDate: "2008-02-01" });
    assert.equal(eight.barcode, "00193376900000135000000001238798977770016818");
    const six = makeBoleto({ bank: "001", agency: "4042", wallet: "18", ourNumber: "1234", account: "61900", convenio: "123879", amountCents: 13500, dueDate: "2008-02-01" });
    assert.equal(six.barcode, "00192376900000135001238790123440420006190018");
    assert.equal(six.ourNumberFormatted, `12387901234-${bancoDoBrasilDv("12387901234")}`);
    const four = makeBoleto({ bank: "001", agency: "4042", wallet: "18", ourNumber: "123456", account: "61900", convenio: "1238", amountCents: 13500, dueDate: "2008-02-01" });
    assert.equal(formatDigitableLine(four.line), "00191.23801 12345.640424 00061.900189 1 37690000013500");
  });

  it("uses the new factor cycle for due dates from 2025-02-22", () => {
    const base = { bank: "237", agency: "1", wallet: "9", ourNumber: "1", account: "1", amountCents: 100 } as const;
    assert.equal(makeBoleto({ ...base, dueDate: "2025-02-21" }).barcode.slice(5, 9), "9999");
    assert.equal(makeBoleto({ ...base, dueDate: "2025-02-22" }).barcode.slice(5, 9), "1000");
    assert.equal(makeBoleto({ ...base, dueDate: "2049-10-13" }).barcode.slice(5, 9), "9999");
  });
});

describe("makeBoleto: validation errors name the field in Portuguese", () => {
  const bradesco: MakeBoletoInput = { bank: "237", agency: "1229", wallet: "09", ourNumber: "6", account: "469", amountCents: 1500, dueDate: "2030-01-05" };

  it("lengths and digits", () => {
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, agency: "12345", ourNumber: "123456789012", account: "12a" })), {
      agency: "agência deve ter até 4 dígitos (recebido: 5)",
      ourNumber: "nosso número deve ter até 11 dígitos (recebido: 12)",
      account: "conta deve conter apenas dígitos (recebido: '12a')",
    });
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, bank: "341", wallet: "9" })), {
      wallet: "carteira deve ter 3 dígitos (recebido: 1)",
    });
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, bank: "104", wallet: "3" })), {
      beneficiaryCode: "informe o código do beneficiário",
      wallet: "carteira da Caixa deve ser 1 (registrada) ou 2 (sem registro) (recebido: '3')",
    });
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, bank: "001", convenio: "12345" })), {
      convenio: "convênio do Banco do Brasil deve ter 4, 6, 7 ou 8 dígitos (recebido: '12345')",
    });
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, bank: "001", convenio: "1234567", ourNumber: "12345678901" })), {
      ourNumber: "nosso número deve ter até 10 dígitos (recebido: 11)",
    });
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, bank: "341", wallet: "198" })), {
      wallet: "carteira 198 do Itaú usa nosso número de 15 posições e não é suportada",
    });
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, bank: "341", wallet: "109", accountDigit: "5" })), {
      accountDigit: "dígito da conta não confere com agência e conta (esperado 0)",
    });
  });

  it("amount limits: up to R$ 99.999.999,99 in whole centavos", () => {
    assert.equal(makeBoleto({ ...bradesco, amountCents: MAX_BOLETO_AMOUNT_CENTS }).barcode.slice(9, 19), "9999999999");
    assert.equal(makeBoleto({ ...bradesco, amountCents: 0 }).barcode.slice(9, 19), "0000000000");
    assert.deepEqual(validationReasons(() => makeBoleto({ ...bradesco, amountCents: MAX_BOLETO_AMOUNT_CENTS + 1 })), {
      amountCents: "valor acima do máximo de R$ 99.999.999,99 que cabe no código de barras",
    });
    for (const amountCents of [-1, 1.5, Number.NaN]) {
      assert.deepEqual(Object.keys(validationReasons(() => makeBoleto({ ...bradesco, amountCents }))), ["amountCents"]);
    }
  });

  it("due dates outside the factor range", () => {
    assert.match(validationReasons(() => makeBoleto({ ...bradesco, dueDate: "2050-01-01" })).dueDate ?? "", /fora do intervalo representável/);
    assert.match(validationReasons(() => makeBoleto({ ...bradesco, dueDate: "2030-02-30" })).dueDate ?? "", /data inválida/);
  });

  it("an unsupported bank", () => {
    assert.throws(() => makeBoleto({ ...bradesco, bank: "999" as "237" }), /banco 999 não suportado/);
  });
});

describe("makeBoleto: round trip through parseBoleto (property)", () => {
  const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
  const dueDate = fc.integer({ min: dayNumber(MIN_FACTOR_DATE), max: dayNumber(MAX_FACTOR_DATE) }).map(dateOfDayNumber);
  const amountCents = fc.oneof(fc.integer({ min: 0, max: MAX_BOLETO_AMOUNT_CENTS }), fc.integer({ min: 0, max: 100_000 }));
  const common = { agency: digits(1, 4), amountCents, dueDate, ourNumber: digits(1, 7) };

  const inputs: fc.Arbitrary<MakeBoletoInput>[] = [
    fc.record({ ...common, bank: fc.constant("001" as const), wallet: digits(1, 2), convenio: digits(7, 7), ourNumber: digits(1, 10) }),
    fc.record({ ...common, bank: fc.constant("001" as const), wallet: digits(1, 2), convenio: digits(6, 6), ourNumber: digits(1, 5), account: digits(1, 8) }),
    fc.record({ ...common, bank: fc.constant("033" as const), wallet: fc.constantFrom("101", "102", "201"), beneficiaryCode: digits(1, 7), ourNumber: digits(1, 12) }),
    fc.record({ ...common, bank: fc.constant("104" as const), wallet: fc.constantFrom("1", "2"), beneficiaryCode: digits(1, 6), ourNumber: digits(1, 15) }),
    fc.record({ ...common, bank: fc.constant("237" as const), wallet: digits(1, 2), ourNumber: digits(1, 11), account: digits(1, 7) }),
    fc.record({ ...common, bank: fc.constant("341" as const), wallet: fc.constantFrom("109", "112", "126", "157", "175"), ourNumber: digits(1, 8), account: digits(1, 5) }),
    fc.record({ ...common, bank: fc.constant("756" as const), wallet: fc.constantFrom("1", "3"), beneficiaryCode: digits(1, 7) }),
  ];

  for (const arbitrary of inputs) {
    it("parse(make(x).line) and parse(make(x).barcode) give back barcode, amount, bank and due date", () => {
      fc.assert(
        fc.property(arbitrary, (input) => {
          const made = makeBoleto(input);
          assert.equal(made.barcode.length, 44);
          assert.equal(made.line.length, 47);
          assert.equal(made.freeField, made.barcode.slice(19));
          for (const code of [made.line, made.barcode, formatDigitableLine(made.line)]) {
            const parsed = parseBoleto(code, input.dueDate);
            assert.ok(parsed.ok, JSON.stringify(parsed));
            assert.deepEqual(parsed.value, {
              kind: "bank",
              barcode: made.barcode,
              line: made.line,
              amountCents: input.amountCents,
              bank: input.bank,
              dueDate: input.dueDate,
            });
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it("free-field positions hold the inputs and the bank's check digits", () => {
    fc.assert(
      fc.property(digits(4, 4), digits(7, 7), digits(7, 7), digits(2, 2), (agency, code, ourNumber, wallet) => {
        const base = { agency, amountCents: 1, dueDate: "2030-01-01" };
        const sicoob = makeBoleto({ ...base, bank: "756", wallet: "1", beneficiaryCode: code, ourNumber }).freeField;
        assert.equal(sicoob, `1${agency}01${code}${ourNumber}${sicoobDv(agency + code.padStart(10, "0") + ourNumber)}001`);
        const bradesco = makeBoleto({ ...base, bank: "237", wallet, ourNumber, account: code });
        assert.equal(bradesco.freeField, `${agency}${wallet}0000${ourNumber}${code}0`);
        assert.equal(bradesco.ourNumberFormatted, `${wallet}/0000${ourNumber}-${bradescoDv(`${wallet}0000${ourNumber}`)}`);
        const santander = makeBoleto({ ...base, bank: "033", wallet: "101", beneficiaryCode: code, ourNumber }).freeField;
        assert.equal(santander, `9${code}00000${ourNumber}${mod11(`00000${ourNumber}`)}0101`);
      }),
      { numRuns: 50 },
    );
  });
});
