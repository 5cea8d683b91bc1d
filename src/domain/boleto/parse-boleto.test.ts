import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readVectorJson } from "../../../test/support/vectors.ts";
import { dateOfDayNumber, dayNumber } from "../br/dates.ts";
import { bankBarcodeDv, mod10, mod11 } from "./check-digits.ts";
import { formatDigitableLine } from "./format-boleto.ts";
import { barcodeToLine, lineToBarcode, parseBoleto, type ParseResult } from "./parse-boleto.ts";

type BankVector = { barcode: string; line: string; bank: string; amountCents: number; factor: number; dueDate: string | null };
type CollectionVector = { barcode: string; line: string; segment: string; checkMode: string; amountCents: number };
const vectors = readVectorJson<{ bank: BankVector[]; collection: CollectionVector[] }>("boleto.json");

const addDays = (date: string, days: number) => dateOfDayNumber(dayNumber(date) + days);

function failure(result: ParseResult): { check: string; reason: string } {
  assert.equal(result.ok, false, "esperava falha");
  if (result.ok) throw new Error("unreachable");
  return { check: result.check, reason: result.reason };
}

/** A bank barcode with its general check digit recomputed after edits. */
function fixBankBarcode(barcode: string): string {
  const body = barcode.slice(0, 4) + barcode.slice(5);
  return barcode.slice(0, 4) + bankBarcodeDv(body) + barcode.slice(5);
}

function replaceAt(s: string, index: number, digit: string): string {
  return s.slice(0, index) + digit + s.slice(index + 1);
}

describe("parseBoleto: shared vectors", () => {
  for (const v of vectors.bank) {
    it(`bank ${v.bank} factor ${v.factor}: barcode and line, references near and far`, () => {
      assert.ok(v.dueDate);
      const expected = { kind: "bank", barcode: v.barcode, line: v.line, amountCents: v.amountCents, bank: v.bank, dueDate: v.dueDate };
      for (const reference of [v.dueDate, addDays(v.dueDate, -400), addDays(v.dueDate, 4499), addDays(v.dueDate, -4499)]) {
        assert.deepEqual(parseBoleto(v.barcode, reference), { ok: true, value: expected }, `barcode ref ${reference}`);
        assert.deepEqual(parseBoleto(v.line, reference), { ok: true, value: expected }, `line ref ${reference}`);
        assert.deepEqual(parseBoleto(formatDigitableLine(v.line), reference), { ok: true, value: expected });
      }
      // Far from the due date the other cycle is nearer: 9000 days later (or earlier).
      const far = v.dueDate < "2025-02-22" ? addDays(v.dueDate, 9000) : addDays(v.dueDate, -9000);
      const farReference = v.dueDate < "2025-02-22" ? addDays(v.dueDate, 4600) : addDays(v.dueDate, -4600);
      const result = parseBoleto(v.line, farReference);
      assert.ok(result.ok && result.value.kind === "bank");
      assert.equal(result.value.dueDate, far);
    });
  }

  it("resolves the February 2025 vector (factor 1001) in both cycles", () => {
    const v = vectors.bank.find((b) => b.factor === 1001);
    assert.ok(v);
    const on = (reference: string) => {
      const r = parseBoleto(v.barcode, reference);
      return r.ok && r.value.kind === "bank" ? r.value.dueDate : "erro";
    };
    assert.equal(on("2001-01-01"), "2000-07-04");
    assert.equal(on("2025-03-01"), "2025-02-23");
  });

  for (const v of vectors.collection) {
    it(`collection segment ${v.segment} (${v.checkMode})`, () => {
      const expected = { kind: "collection", barcode: v.barcode, line: v.line, amountCents: v.amountCents, segment: v.segment };
      assert.deepEqual(parseBoleto(v.barcode, "2025-01-01"), { ok: true, value: expected });
      assert.deepEqual(parseBoleto(v.line, "2025-01-01"), { ok: true, value: expected });
      assert.deepEqual(parseBoleto(formatDigitableLine(v.line), "2025-01-01"), { ok: true, value: expected });
    });
  }

  it("converts barcode ↔ line both ways for every vector", () => {
    for (const v of [...vectors.bank, ...vectors.collection]) {
      assert.equal(barcodeToLine(v.barcode), v.line);
      assert.equal(lineToBarcode(v.line), v.barcode);
      assert.equal(lineToBarcode(formatDigitableLine(v.line)), v.barcode);
    }
  });
});

describe("parseBoleto: input forms", () => {
  const v = vectors.bank[2]!;
  it("ignores dots, spaces, dashes and surrounding blanks", () => {
    for (const form of [
      "23790.00124 50005.663146 87123.456706 8 10010000000200",
      " 23790-00124-50005-663146-87123-456706-8-10010000000200 \n",
      "2379 8100 1000 0000 2000 0012 5000 5663 1487 1234 5670",
    ]) {
      const r = parseBoleto(form, "2025-03-01");
      assert.ok(r.ok, form);
      assert.equal(r.value.barcode, v.barcode);
    }
  });

  it("reads a bank slip without due date (factor 0000) and with amount zero", () => {
    const barcode = fixBankBarcode(`23790${"0000"}${"0000000000"}${v.barcode.slice(19)}`);
    const r = parseBoleto(barcode, "2025-03-01");
    assert.deepEqual(r, {
      ok: true,
      value: { kind: "bank", barcode, line: barcodeToLine(barcode), amountCents: 0, bank: "237", dueDate: null },
    });
  });

  it("formats the line as printed", () => {
    assert.equal(formatDigitableLine(v.line), "23790.00124 50005.663146 87123.456706 8 10010000000200");
    assert.equal(
      formatDigitableLine(vectors.collection[0]!.line),
      "83860000005-0 09600019000-9 00080178230-9 00034306271-2",
    );
  });
});

describe("parseBoleto: failures name the check in Portuguese", () => {
  const v = vectors.bank[2]!; // 23798100100000002000001250005663148712345670
  const c = vectors.collection[0]!;

  it("length", () => {
    assert.deepEqual(failure(parseBoleto(v.barcode + "1", "2025-03-01")), {
      check: "length",
      reason: "tamanho inválido: 45 dígitos (esperado 44, 47 ou 48)",
    });
    assert.equal(failure(parseBoleto("", "2025-03-01")).reason, "tamanho inválido: 0 dígitos (esperado 44, 47 ou 48)");
    assert.equal(failure(parseBoleto(v.line.slice(0, 46), "2025-03-01")).check, "length");
  });

  it("characters", () => {
    assert.equal(failure(parseBoleto(replaceAt(v.barcode, 10, "x"), "2025-03-01")).check, "characters");
    assert.equal(failure(parseBoleto(v.barcode.replace("2", "٢"), "2025-03-01")).check, "characters");
  });

  it("general check digit of the barcode, with expected and found digits", () => {
    assert.deepEqual(failure(parseBoleto(replaceAt(v.barcode, 4, "4"), "2025-03-01")), {
      check: "general_dv",
      reason: "dígito verificador geral do código de barras inválido (esperado 8, encontrado 4)",
    });
    // A typo in the amount of the line is caught by the general digit (field 5 has none of its own).
    assert.equal(failure(parseBoleto(replaceAt(v.line, 46, "1"), "2025-03-01")).check, "general_dv");
  });

  it("field check digits of the line", () => {
    const table: [number, string, string][] = [
      [9, "field1_dv", "dígito verificador do campo 1 da linha digitável inválido (esperado 4, encontrado 5)"],
      [20, "field2_dv", "dígito verificador do campo 2 da linha digitável inválido (esperado 6, encontrado 7)"],
      [31, "field3_dv", "dígito verificador do campo 3 da linha digitável inválido (esperado 6, encontrado 7)"],
    ];
    for (const [index, check, reason] of table) {
      const digit = String((Number(v.line[index]) + 1) % 10);
      assert.deepEqual(failure(parseBoleto(replaceAt(v.line, index, digit), "2025-03-01")), { check, reason });
    }
  });

  it("currency other than 9 (real)", () => {
    const barcode = fixBankBarcode(replaceAt(v.barcode, 3, "8"));
    assert.deepEqual(failure(parseBoleto(barcode, "2025-03-01")), {
      check: "currency",
      reason: "moeda 8 não suportada (esperado 9 = real)",
    });
    assert.equal(failure(parseBoleto(barcodeToLine(barcode), "2025-03-01")).check, "currency");
  });

  it("collection line must start with 8", () => {
    assert.deepEqual(failure(parseBoleto(replaceAt(c.line, 0, "9"), "2025-03-01")), {
      check: "collection_prefix",
      reason: "boleto de arrecadação deve começar com 8",
    });
  });

  it("collection block and general digits", () => {
    assert.deepEqual(failure(parseBoleto(replaceAt(c.line, 23, "0"), "2025-03-01")), {
      check: "block2_dv",
      reason: "dígito verificador do bloco 2 da linha digitável inválido (esperado 9, encontrado 0)",
    });
    assert.deepEqual(failure(parseBoleto(replaceAt(c.barcode, 3, "5"), "2025-03-01")), {
      check: "general_dv",
      reason: "dígito verificador geral do código de barras inválido (esperado 6, encontrado 5)",
    });
  });

  it("collection value identifier must be 6, 7, 8 or 9", () => {
    assert.deepEqual(failure(parseBoleto(replaceAt(c.barcode, 2, "5"), "2025-03-01")), {
      check: "value_identifier",
      reason: "identificador de valor efetivo ou referência inválido: 5 (esperado 6, 7, 8 ou 9)",
    });
  });

  it("refuses an invalid reference date", () => {
    assert.throws(() => parseBoleto(v.barcode, "2025-13-01"), /data inválida/);
  });
});

describe("parseBoleto: collection slips by value identifier", () => {
  /** A collection barcode with the general digit computed by the identifier's module. */
  function collectionBarcode(identifier: string, value11: string, rest29: string, segment = "2"): string {
    const body = `8${segment}${identifier}${value11}${rest29}`;
    const dv = identifier === "6" || identifier === "7" ? mod10(body) : mod11(body);
    return body.slice(0, 3) + dv + body.slice(3);
  }

  const table: [string, number | null][] = [
    ["6", 12345],
    ["7", null],
    ["8", 12345],
    ["9", null],
  ];
  for (const [identifier, amountCents] of table) {
    it(`identifier ${identifier}: ${amountCents === null ? "reference value, no amount" : "real value"}`, () => {
      const barcode = collectionBarcode(identifier, "00000012345", "00190000008017823000034306271".slice(0, 29));
      const line = barcodeToLine(barcode);
      assert.equal(line.length, 48);
      const expected = { kind: "collection", barcode, line, amountCents, segment: "2" };
      assert.deepEqual(parseBoleto(barcode, "2025-01-01"), { ok: true, value: expected });
      assert.deepEqual(parseBoleto(line, "2025-01-01"), { ok: true, value: expected });
      // each block's digit follows the same module as the general digit
      const blockDv = identifier === "6" || identifier === "7" ? mod10 : mod11;
      for (let i = 0; i < 4; i++) assert.equal(Number(line[i * 12 + 11]), blockDv(line.slice(i * 12, i * 12 + 11)));
    });
  }
});

describe("parseBoleto: properties", () => {
  const digits = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });

  it("barcodeToLine and lineToBarcode are inverse for any bank barcode", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), digits(42), (first, rest) => {
        const barcode = fixBankBarcode(`${first}${rest.slice(0, 2)}90${rest.slice(2, 41)}`);
        const line = barcodeToLine(barcode);
        assert.equal(lineToBarcode(line), barcode);
        const parsed = parseBoleto(line, "2025-03-01");
        assert.ok(parsed.ok, JSON.stringify(parsed));
        assert.equal(parsed.value.barcode, barcode);
      }),
    );
  });

  it("any single-digit change in fields 1–3 of a line is caught", () => {
    const line = vectors.bank[0]!.line;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 9 }), (index, delta) => {
        const changed = replaceAt(line, index, String((Number(line[index]) + delta) % 10));
        const result = parseBoleto(changed, "2022-05-10");
        assert.equal(result.ok, false);
      }),
    );
  });
});
