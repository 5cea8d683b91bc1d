import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { vectorPath } from "../../../test/support/vectors.ts";
import { AppError } from "../../shared/app-error.ts";
import { cnab240LayoutOf, cnab240OurNumberWidth } from "./cnab240-layouts.ts";
import { CNAB400_LAYOUTS } from "./cnab400-layouts.ts";
import { formatCnabError, type CnabRecordInput } from "./cnab-types.ts";
import { parseCnab } from "./parse-cnab.ts";
import { CNAB240_SETTLEMENT_MOVEMENTS } from "./parse-cnab240.ts";
import { writeCnab240Return } from "./write-cnab240-return.ts";
import { writeCnab400Return } from "./write-cnab400-return.ts";

const PAID: CnabRecordInput = {
  ourNumber: "1",
  movement: "06",
  faceValueCents: 15000,
  paidCents: 15000,
  interestCents: 0,
  discountCents: 0,
  feeCents: 250,
  creditedCents: 14750,
  dueDate: "2026-03-10",
  paidDate: "2026-03-11",
  creditDate: "2026-03-12",
};

function lines(content: string): string[] {
  assert.ok(content.endsWith("\r\n"));
  return content.slice(0, -2).split("\r\n");
}

test("CNAB 240 writer: the T and U lines equal the vector in every field the vector fixes", () => {
  const written = lines(writeCnab240Return([PAID], { bank: "133", fileDate: "2026-03-12" }));
  assert.equal(written.length, 6);
  const [t, u] = readFileSync(vectorPath("cnab240-one-payment.ret"), "latin1").split(/\r?\n/) as [string, string];
  const fields: [number, number][] = [[1, 17], [38, 57], [74, 96], [97, 99], [199, 213]];
  for (const [s, e] of fields) assert.equal(written[2]!.slice(s - 1, e), t.slice(s - 1, e), `T ${s}–${e}`);
  assert.equal(written[3]!.slice(0, 153), u.slice(0, 153));
  // Envelope: header type 0 + "retorno", batch header, batch trailer count 4, file trailer 1 batch / 6 records.
  assert.equal(written[0]!.slice(0, 8), "13300000");
  assert.equal(written[0]![142], "2");
  assert.equal(written[0]!.slice(143, 151), "12032026");
  assert.equal(written[1]!.slice(0, 9), "13300011T");
  assert.equal(written[4]!.slice(0, 8) + written[4]!.slice(17, 23), "13300015000004");
  assert.equal(written[5]!.slice(0, 8) + written[5]!.slice(17, 29), "13399999000001000006");
  for (const line of written) assert.equal(line.length, 240);
});

test("CNAB 240 writer: large inputs are split into batches of at most 49,999 titles, counts still right", () => {
  const many = Array.from({ length: 5 }, (_, i) => ({ ...PAID, ourNumber: String(i + 1) }));
  const content = writeCnab240Return(many, { bank: "341", batchSize: 2, lineEnding: "\n" });
  const all = content.trimEnd().split("\n");
  assert.equal(all.length, 1 + 3 * 2 + 5 * 2 + 1);
  assert.equal(all.at(-1)!.slice(17, 29), "000003000018");
  const parsed = parseCnab(content);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value.records.map((r) => r.ourNumber), ["1", "2", "3", "4", "5"]);
  const empty = parseCnab(writeCnab240Return([], { bank: "341" }));
  assert.ok(empty.ok);
  assert.equal(empty.value.records.length, 0);
});

test("CNAB 400 writer: golden positions per bank", () => {
  const record = { ...PAID, ourNumber: "1234", discountCents: 80, interestCents: 50 };
  const expectations: Record<string, [number, string][]> = {
    "341": [[1, "1"], [86, "00001234"], [176, "0000000000250"], [254, "0000000014750"], [296, "120326"]],
    "237": [[1, "1"], [71, "00000001234"], [176, "0000000000250"], [254, "0000000015000"], [296, "120326"]],
    "001": [[1, "7"], [64, "00000000000001234"], [176, "120326"], [182, "0000250"], [254, "0000000015000"]],
    "104": [[1, "1"], [57, "00000000000001234"], [176, "0000000000250"], [254, "0000000015000"], [294, "120326"]],
    "033": [[1, "1"], [63, "00001234"], [176, "0000000000250"], [254, "0000000015000"], [296, "120326"]],
    "756": [[1, "1"], [63, "00000001234"], [176, "120326"], [182, "0000250"], [254, "0000000015000"]],
  };
  for (const [bank, fields] of Object.entries(expectations)) {
    const [h, d, t] = lines(writeCnab400Return([record], bank, { fileDate: "2026-03-12" })) as [string, string, string];
    assert.equal(h.slice(0, 9), "02RETORNO");
    assert.equal(h.slice(76, 79), bank);
    assert.equal(h.slice(94, 100), "120326");
    assert.equal(h.slice(394), "000001");
    const common: [number, string][] = [[109, "06110326"], [147, "100326"], [153, "0000000015000"], [241, "0000000000080"], [267, "0000000000050"], [395, "000002"]];
    for (const [pos, text] of [...common, ...fields]) assert.equal(d.slice(pos - 1, pos - 1 + text.length), text, `${bank} posição ${pos}`);
    assert.equal(t.slice(0, 7), `9201${bank}`);
    assert.equal(t.slice(394), "000003");
    for (const line of [h, d, t]) assert.equal(line.length, 400);
  }
});

test("writers refuse values that do not fit, with AppError validation", () => {
  const cases: [() => unknown, string][] = [
    [() => writeCnab400Return([{ ...PAID, ourNumber: "123456789" }], "341"), "ourNumber"],
    [() => writeCnab400Return([{ ...PAID, feeCents: 10_000_000 }], "001"), "feeCents"],
    [() => writeCnab400Return([{ ...PAID, dueDate: "2070-01-01" }], "237"), "dueDate"],
    [() => writeCnab400Return([PAID], "999"), "bank"],
    [() => writeCnab240Return([{ ...PAID, movement: "6" }], { bank: "133" }), "movement"],
    [() => writeCnab240Return([{ ...PAID, paidCents: -1 }], { bank: "133" }), "paidCents"],
    [() => writeCnab240Return([{ ...PAID, dueDate: "2026-02-30" }], { bank: "133" }), "dueDate"],
    [() => writeCnab240Return([{ ...PAID, ourNumber: "12A" }], { bank: "133" }), "ourNumber"],
    [() => writeCnab240Return([PAID], { bank: "33" }), "bank"],
  ];
  for (const [fn, field] of cases) {
    assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === "validation" && e.errors[0]?.field === field, field);
  }
});

// ---- round trips ----

const DAY = 86_400_000;
const isoDate = (min: number, max: number) =>
  fc.integer({ min: Date.UTC(min, 0, 1) / DAY, max: Date.UTC(max, 11, 31) / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
const optDate = (min: number, max: number) => fc.option(isoDate(min, max), { nil: null });
const ourNumber = (digits: number) => fc.oneof(fc.constant("0"), fc.bigInt({ min: 1n, max: 10n ** BigInt(digits) - 1n }).map(String));
const movement = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
const cents = (max: number) => fc.integer({ min: 0, max });

const record240 = (ourNumberDigits: number) =>
  fc.record({
    ourNumber: ourNumber(ourNumberDigits),
    movement,
    faceValueCents: cents(1e12),
    paidCents: cents(1e12),
    interestCents: cents(1e9),
    discountCents: cents(1e9),
    feeCents: cents(1e7),
    creditedCents: cents(1e12),
    dueDate: optDate(1900, 2099),
    paidDate: optDate(1900, 2099),
    creditDate: optDate(1900, 2099),
  });

// Each bank's nosso número as wide as its segment T holds it (FEBRABAN's 20 for 133 and 748).
const bankAndRecords = fc
  .constantFrom("001", "033", "104", "133", "237", "341", "748", "756")
  .chain((bank) => fc.tuple(fc.constant(bank), fc.array(record240(cnab240OurNumberWidth(cnab240LayoutOf(bank))), { maxLength: 20 })));

test("property: parseCnab(writeCnab240Return(records)) gives the records back, for each bank's layout", () => {
  fc.assert(
    fc.property(bankAndRecords, fc.integer({ min: 1, max: 7 }), ([bank, records], batchSize) => {
      const parsed = parseCnab(writeCnab240Return(records, { bank, batchSize, lineEnding: "\n" }));
      assert.ok(parsed.ok, parsed.ok ? "" : parsed.errors.map(formatCnabError).join("; "));
      assert.equal(parsed.value.bank, bank);
      assert.deepEqual(
        parsed.value.records.map(({ line: _line, ...r }) => r),
        records.map((r) => ({ ...r, settlement: CNAB240_SETTLEMENT_MOVEMENTS.has(r.movement) })),
      );
    }),
    { numRuns: 200 },
  );
});

test("property: parseCnab(writeCnab400Return(records, bank)) gives the records back, for each bank", () => {
  for (const layout of Object.values(CNAB400_LAYOUTS)) {
    const feeMax = layout.fee[1] - layout.fee[0] === 6 ? 9_999_999 : 1e9;
    const record = fc
      .record({
        ourNumber: ourNumber(layout.ourNumber[1] - layout.ourNumber[0] + 1),
        movement,
        faceValueCents: cents(1e12),
        paid: fc.boolean(),
        feeCents: cents(feeMax),
        extra: cents(1e11),
        interestCents: cents(1e9),
        discountCents: cents(1e9),
        dueDate: optDate(1970, 2069),
        paidDate: optDate(1970, 2069),
        creditDate: optDate(1970, 2069),
      })
      .map(({ paid, extra, ...r }): CnabRecordInput => {
        // The record carries one amount; the other follows from the fee (see writeCnab400Return).
        const paidCents = paid ? r.feeCents + extra + 1 : 0;
        return { ...r, paidCents, creditedCents: paid ? paidCents - r.feeCents : 0 };
      });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        const parsed = parseCnab(writeCnab400Return(records, layout.bank, { fileDate: "2026-03-12" }));
        assert.ok(parsed.ok, parsed.ok ? "" : parsed.errors.map(formatCnabError).join("; "));
        assert.equal(parsed.value.format, "cnab400");
        assert.equal(parsed.value.bank, layout.bank);
        assert.deepEqual(
          parsed.value.records.map(({ line: _line, ...r }) => r),
          records.map((r) => ({ ...r, settlement: layout.settlementMovements.has(r.movement) })),
          layout.bank,
        );
      }),
      { numRuns: 60 },
    );
  }
});
