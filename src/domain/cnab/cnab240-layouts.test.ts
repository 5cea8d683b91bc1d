import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { TEST_ACCOUNTS, type TestAccountName } from "../../app/boleto/billing-test-accounts.ts";
import { makeInputOf, storedOurNumber } from "../../app/boleto/billing-rules.ts";
import { vectorPath } from "../../../test/support/vectors.ts";
import { makeBoleto } from "../boleto/make-boleto.ts";
import { formatCnabError } from "./cnab-types.ts";
import { parseCnab } from "./parse-cnab.ts";
import { writeCnab240Return } from "./write-cnab240-return.ts";

// Golden segment T lines built field by field from each bank's layout (positions of the
// manuals, see cnab240-layouts.ts), not from our writer: the nosso número a billing
// account issues must come back from the bank's return file as `debts.our_number` holds it.

function place(width: number, fields: readonly (readonly [number, string])[]): string {
  const chars = Array.from({ length: width }, () => " ");
  for (const [pos, text] of fields) for (let i = 0; i < text.length; i++) chars[pos - 1 + i] = text[i] as string;
  return chars.join("");
}

const vector = readFileSync(vectorPath("cnab240-one-payment.ret"), "latin1");
const VECTOR_U = vector.split(/\r?\n/)[1] as string;
const SEQUENCE = 4321;
const DUE = "10032026";
const FACE = "000000000015000";
const FEE = "000000000000250";

/** The check digit printed after the "-" of the slip's nosso número. */
function printedDv(name: TestAccountName): string {
  const made = makeBoleto(makeInputOf(TEST_ACCOUNTS[name], SEQUENCE, 15000, "2026-03-10"));
  return made.ourNumberFormatted.split("-").at(-1) as string;
}

/** Segment T fields (after position 17) of each bank for sequence 4321 of its test account. */
const GOLDEN: Record<TestAccountName, () => [number, string][]> = {
  // Itaú: 38–40 carteira, 41–48 nosso número, 49 DAC, 50–57 brancos.
  itau: () => [[38, "109"], [41, "00004321"], [49, printedDv("itau")], [74, DUE], [82, FACE], [199, FEE]],
  // Bradesco: 38–40 carteira, 41–45 zeros, 46–56 nosso número, 57 DV.
  bradesco: () => [[38, "009"], [41, "00000"], [46, "00000004321"], [57, printedDv("bradesco")], [74, DUE], [82, FACE], [199, FEE]],
  // Banco do Brasil, convênio of 7: the 17 digits left-aligned, no DV.
  bb7: () => [[38, "12345670000004321"], [74, DUE], [82, FACE], [199, FEE]],
  // Banco do Brasil, convênio of 6: convênio + 5 digits + DV, left-aligned.
  bb6: () => [[38, `12345604321${printedDv("bb6")}`], [74, DUE], [82, FACE], [199, FEE]],
  // Caixa SIGCB: 40–56 nosso número of 17 (carteira 1 + emission 4 + 15 digits), 38–39 and 57 reserved.
  caixa: () => [[38, "00"], [40, "14000000000004321"], [57, "0"], [74, DUE], [82, FACE], [199, FEE]],
  // Santander: 41–52 nosso número, 53 DV, 54 carteira, 70–77 vencimento, 78–92 valor, 194–208 tarifa.
  santander: () => [[41, "000000004321"], [53, printedDv("santander")], [54, "1"], [70, DUE], [78, FACE], [194, FEE]],
  // Sicoob: 38–46 nosso número, 47 DV, 48–49 parcela, 50–51 modalidade, 52 tipo de formulário.
  sicoob: () => [[38, "000004321"], [47, printedDv("sicoob")], [48, "01"], [50, "01"], [52, "4"], [74, DUE], [82, FACE], [199, FEE]],
};

function envelope(bank: string, t: string): string {
  const u = `${bank}${VECTOR_U.slice(3)}`;
  const lines = [
    place(240, [[1, `${bank}00000`], [18, "2"], [143, "2"], [144, "12032026"]]),
    place(240, [[1, `${bank}00011T01  045`]]),
    t,
    u,
    place(240, [[1, `${bank}00015`], [18, "000004"]]),
    place(240, [[1, `${bank}99999`], [18, "000001"], [24, "000006"]]),
  ];
  return lines.join("\r\n") + "\r\n";
}

for (const name of Object.keys(GOLDEN) as TestAccountName[]) {
  const spec = TEST_ACCOUNTS[name];
  const stored = storedOurNumber(spec, SEQUENCE);

  test(`CNAB 240 ${name} (${spec.bank}): the bank's segment T yields the nosso número the account issued`, () => {
    const fields = GOLDEN[name]();
    const t = place(240, [[1, `${spec.bank}0001300001T 06`], ...fields]);
    const parsed = parseCnab(envelope(spec.bank, t));
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.errors.map(formatCnabError).join("; "));
    assert.deepEqual(parsed.value.records.map(({ line: _line, ...r }) => r), [
      {
        ourNumber: stored, movement: "06", settlement: true, faceValueCents: 15000, paidCents: 15000, interestCents: 0, discountCents: 0,
        feeCents: 250, creditedCents: 14750, dueDate: "2026-03-10", paidDate: "2026-03-11", creditDate: "2026-03-12",
      },
    ]);
  });

  test(`CNAB 240 ${name} (${spec.bank}): our writer puts every field where the bank's layout does`, () => {
    const record = {
      ourNumber: stored, movement: "06", faceValueCents: 15000, paidCents: 15000, interestCents: 0, discountCents: 0,
      feeCents: 250, creditedCents: 14750, dueDate: "2026-03-10", paidDate: "2026-03-11", creditDate: "2026-03-12",
    };
    const beneficiary = { agency: spec.agency, account: spec.account ?? undefined, wallet: spec.wallet, beneficiaryCode: spec.beneficiaryCode ?? undefined };
    const t = writeCnab240Return([record], { bank: spec.bank, beneficiary }).split("\r\n")[2] as string;
    assert.equal(t.length, 240);
    for (const [pos, text] of GOLDEN[name]()) assert.equal(t.slice(pos - 1, pos - 1 + text.length), text, `${name} posição ${pos}`);
  });
}

test("exact golden identifications (38–57) for sequence 4321, and the slips print the same number and digit", () => {
  // DVs worked by hand: Itaú mod 10 of 1234 12345 109 00004321 = 8; Santander mod 11 of 000000004321 = 4.
  const expected: Record<TestAccountName, [string, string]> = {
    itau: ["109000043218        ", "109/00004321-8"],
    bradesco: ["00900000000000043217", "09/00000004321-7"],
    bb7: ["12345670000004321   ", "12345670000004321"],
    bb6: ["123456043212        ", "12345604321-2"],
    caixa: ["00140000000000043210", "14000000000004321-0"],
    santander: ["   00000000432141   ", "000000004321-4"],
    sicoob: ["000004321701014     ", "0004321-7"],
  };
  for (const name of Object.keys(expected) as TestAccountName[]) {
    const t = place(240, [[1, "x"], ...GOLDEN[name]()]);
    assert.equal(t.slice(37, 57), expected[name][0], name);
    assert.equal(makeBoleto(makeInputOf(TEST_ACCOUNTS[name], SEQUENCE, 15000, "2026-03-10")).ourNumberFormatted, expected[name][1], name);
  }
});

test("Banco do Brasil: a 12-character identification drops its DV (also an X); 17 digits are kept whole", () => {
  const t = (id: string) => place(240, [[1, "0010001300001T 06"], [38, id], [74, DUE], [82, FACE], [199, FEE]]);
  const read = (id: string) => {
    const parsed = parseCnab(envelope("001", t(id)));
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.errors.map(formatCnabError).join("; "));
    return parsed.value.records[0]!.ourNumber;
  };
  assert.equal(read("12345600001X"), "12345600001");
  assert.equal(read("012300000015"), "1230000001");
  assert.equal(read("12345670000000001"), "12345670000000001");
  assert.equal(read("00000000000000001"), "1");
});

test("a blank nosso número names the bank's positions", () => {
  const cases: [string, [number, string][], string][] = [
    ["341", [[38, "109"]], "nosso número (posições 41–48) em branco"],
    ["033", [], "nosso número (posições 41–52) em branco"],
    ["104", [], "nosso número (posições 40–56) em branco"],
    ["237", [[38, "009"]], "nosso número (posições 46–56) em branco"],
    ["756", [], "nosso número (posições 38–46) em branco"],
    ["001", [], "nosso número (posições 38–57) em branco"],
  ];
  for (const [bank, extra, reason] of cases) {
    const dates: [number, string][] = bank === "033" ? [[70, DUE], [78, FACE], [194, FEE]] : [[74, DUE], [82, FACE], [199, FEE]];
    const parsed = parseCnab(envelope(bank, place(240, [[1, `${bank}0001300001T 06`], ...extra, ...dates])));
    assert.equal(parsed.ok, false, bank);
    assert.deepEqual(parsed.ok ? [] : parsed.errors.map(formatCnabError), [`linha 3: ${reason}`], bank);
  }
});

test("a bank without its own layout keeps FEBRABAN's 38–57 (the vector's bank 133)", () => {
  const parsed = parseCnab(vector, { requireEnvelope: false });
  assert.ok(parsed.ok);
  assert.equal(parsed.value.records[0]!.ourNumber, "1");
  // The same T from bank 341 would read 41–48, where the vector has zeros: "0", not "1".
  const asItau = parseCnab(vector.replace(/^133/gm, "341"), { requireEnvelope: false });
  assert.ok(asItau.ok);
  assert.equal(asItau.value.records[0]!.ourNumber, "0");
});
