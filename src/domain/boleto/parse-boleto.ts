import { AppError } from "../../shared/app-error.ts";
import { isIsoDate } from "./calendar-days.ts";
import { bankBarcodeDv, mod10, mod11 } from "./check-digits.ts";
import { dueDateFromFactor } from "./due-date-factor.ts";

/**
 * Bank slips ("boleto bancário", FEBRABAN): a 44-digit barcode
 *   bank(3) currency(1) general DV(1) due-date factor(4) amount(10) free field(25)
 * and a 47-digit digitable line in five fields
 *   bank+currency+free[1-5]+DV | free[6-15]+DV | free[16-25]+DV | general DV | factor+amount.
 * Collection slips ("arrecadação", utilities and taxes): a 44-digit barcode
 *   "8" segment(1) value identifier(1) general DV(1) value(11) company and free field(29)
 * and a 48-digit line of four blocks of 11 digits, each followed by its check digit.
 */
export type BankSlip = {
  kind: "bank";
  barcode: string;
  line: string;
  amountCents: number;
  bank: string;
  dueDate: string | null;
};

export type CollectionSlip = {
  kind: "collection";
  barcode: string;
  line: string;
  /** Null when the value identifier (6–9) says the value field is a reference quantity, not money. */
  amountCents: number | null;
  segment: string;
};

export type ParsedBoleto = BankSlip | CollectionSlip;

export type BoletoCheck =
  | "characters"
  | "length"
  | "collection_prefix"
  | "value_identifier"
  | "currency"
  | "field1_dv"
  | "field2_dv"
  | "field3_dv"
  | "block1_dv"
  | "block2_dv"
  | "block3_dv"
  | "block4_dv"
  | "general_dv";

export type ParseResult = { ok: true; value: ParsedBoleto } | { ok: false; check: BoletoCheck; reason: string };

const fail = (check: BoletoCheck, reason: string): ParseResult => ({ ok: false, check, reason });

/** Removes the separators people type or copy (dots, spaces, dashes). */
export function normalizeBoletoCode(code: string): string {
  return code.replace(/[\s.-]/g, "");
}

/** Collection slips: identifiers 6 and 7 use module 10, 8 and 9 module 11. */
function collectionDv(valueIdentifier: string): ((digits: string) => number) | null {
  if (valueIdentifier === "6" || valueIdentifier === "7") return mod10;
  if (valueIdentifier === "8" || valueIdentifier === "9") return mod11;
  return null;
}

function invalidCode(what: string): AppError {
  return new AppError("validation", what);
}

/** The 47-digit line of a 44-digit bank barcode (check digits of the fields computed). */
function bankBarcodeToLine(barcode: string): string {
  const free = barcode.slice(19, 44);
  const field1 = barcode.slice(0, 4) + free.slice(0, 5);
  const field2 = free.slice(5, 15);
  const field3 = free.slice(15, 25);
  return (
    field1 + mod10(field1) + field2 + mod10(field2) + field3 + mod10(field3) + barcode.slice(4, 5) + barcode.slice(5, 19)
  );
}

function bankLineToBarcode(line: string): string {
  const free = line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31);
  return line.slice(0, 4) + line.slice(32, 33) + line.slice(33, 47) + free;
}

function collectionBarcodeToLine(barcode: string): string {
  const dv = collectionDv(barcode.slice(2, 3));
  if (!dv) throw invalidCode(`identificador de valor inválido: ${barcode.slice(2, 3)} (esperado 6, 7, 8 ou 9)`);
  let line = "";
  for (let i = 0; i < 44; i += 11) {
    const block = barcode.slice(i, i + 11);
    line += block + dv(block);
  }
  return line;
}

function collectionLineToBarcode(line: string): string {
  let barcode = "";
  for (let i = 0; i < 48; i += 12) barcode += line.slice(i, i + 11);
  return barcode;
}

/** The digitable line of a barcode (47 digits for bank slips, 48 for collection slips starting with 8). */
export function barcodeToLine(barcode: string): string {
  const digits = normalizeBoletoCode(barcode);
  if (!/^\d{44}$/.test(digits)) throw invalidCode(`código de barras deve ter 44 dígitos (recebido: ${digits.length})`);
  return digits.startsWith("8") ? collectionBarcodeToLine(digits) : bankBarcodeToLine(digits);
}

/** The 44-digit barcode of a digitable line (47 digits: bank slip; 48 digits: collection slip). */
export function lineToBarcode(line: string): string {
  const digits = normalizeBoletoCode(line);
  if (/^\d{47}$/.test(digits)) return bankLineToBarcode(digits);
  if (/^\d{48}$/.test(digits)) return collectionLineToBarcode(digits);
  throw invalidCode(`linha digitável deve ter 47 ou 48 dígitos (recebido: ${digits.length})`);
}

function checkBankBarcode(barcode: string, referenceDate: string, line?: string): ParseResult {
  const currency = barcode.slice(3, 4);
  if (currency !== "9") return fail("currency", `moeda ${currency} não suportada (esperado 9 = real)`);
  const expected = bankBarcodeDv(barcode.slice(0, 4) + barcode.slice(5));
  const found = Number(barcode.slice(4, 5));
  if (expected !== found) {
    return fail("general_dv", `dígito verificador geral do código de barras inválido (esperado ${expected}, encontrado ${found})`);
  }
  return {
    ok: true,
    value: {
      kind: "bank",
      barcode,
      line: line ?? bankBarcodeToLine(barcode),
      amountCents: Number(barcode.slice(9, 19)),
      bank: barcode.slice(0, 3),
      dueDate: dueDateFromFactor(Number(barcode.slice(5, 9)), referenceDate),
    },
  };
}

function parseBankLine(line: string, referenceDate: string): ParseResult {
  const fields: [BoletoCheck, number, number][] = [
    ["field1_dv", 0, 9],
    ["field2_dv", 10, 20],
    ["field3_dv", 21, 31],
  ];
  for (const [check, start, end] of fields) {
    const expected = mod10(line.slice(start, end));
    const found = Number(line.slice(end, end + 1));
    if (expected !== found) {
      const n = check.slice(5, 6);
      return fail(check, `dígito verificador do campo ${n} da linha digitável inválido (esperado ${expected}, encontrado ${found})`);
    }
  }
  return checkBankBarcode(bankLineToBarcode(line), referenceDate, line);
}

function checkCollectionBarcode(barcode: string, line?: string): ParseResult {
  const identifier = barcode.slice(2, 3);
  const dv = collectionDv(identifier);
  if (!dv) {
    return fail("value_identifier", `identificador de valor efetivo ou referência inválido: ${identifier} (esperado 6, 7, 8 ou 9)`);
  }
  const expected = dv(barcode.slice(0, 3) + barcode.slice(4));
  const found = Number(barcode.slice(3, 4));
  if (expected !== found) {
    return fail("general_dv", `dígito verificador geral do código de barras inválido (esperado ${expected}, encontrado ${found})`);
  }
  const isRealValue = identifier === "6" || identifier === "8";
  return {
    ok: true,
    value: {
      kind: "collection",
      barcode,
      line: line ?? collectionBarcodeToLine(barcode),
      amountCents: isRealValue ? Number(barcode.slice(4, 15)) : null,
      segment: barcode.slice(1, 2),
    },
  };
}

function parseCollectionLine(line: string): ParseResult {
  const identifier = line.slice(2, 3);
  const dv = collectionDv(identifier);
  if (!dv) {
    return fail("value_identifier", `identificador de valor efetivo ou referência inválido: ${identifier} (esperado 6, 7, 8 ou 9)`);
  }
  for (let block = 0; block < 4; block++) {
    const start = block * 12;
    const expected = dv(line.slice(start, start + 11));
    const found = Number(line.slice(start + 11, start + 12));
    if (expected !== found) {
      return fail(
        `block${block + 1}_dv` as BoletoCheck,
        `dígito verificador do bloco ${block + 1} da linha digitável inválido (esperado ${expected}, encontrado ${found})`,
      );
    }
  }
  return checkCollectionBarcode(collectionLineToBarcode(line), line);
}

/**
 * Reads a boleto from its barcode (44 digits) or digitable line (47 digits for bank slips, 48 for
 * collection slips), ignoring dots, spaces and dashes, and checks every check digit. The due date
 * is resolved in the factor cycle nearest `referenceDate`.
 */
export function parseBoleto(code: string, referenceDate: string): ParseResult {
  if (!isIsoDate(referenceDate)) {
    throw new AppError("validation", `referenceDate: data inválida '${referenceDate}' (use AAAA-MM-DD)`, [
      { field: "referenceDate", reason: "data inválida (use AAAA-MM-DD)" },
    ]);
  }
  const digits = normalizeBoletoCode(code);
  if (!/^\d*$/.test(digits)) {
    return fail("characters", "caracteres inválidos: use apenas dígitos (pontos, espaços e traços são ignorados)");
  }
  switch (digits.length) {
    case 44:
      return digits.startsWith("8") ? checkCollectionBarcode(digits) : checkBankBarcode(digits, referenceDate);
    case 47:
      return parseBankLine(digits, referenceDate);
    case 48:
      if (!digits.startsWith("8")) return fail("collection_prefix", "boleto de arrecadação deve começar com 8");
      return parseCollectionLine(digits);
    default:
      return fail("length", `tamanho inválido: ${digits.length} dígitos (esperado 44, 47 ou 48)`);
  }
}

/** The `--json` shape of a parsed slip, shared by the CLI and the API (a stable contract). */
export function boletoView(value: ParsedBoleto): Record<string, unknown> {
  return value.kind === "bank"
    ? { kind: "bank", barcode: value.barcode, line: value.line, amountCents: value.amountCents, bank: value.bank, dueDate: value.dueDate }
    : { kind: "collection", barcode: value.barcode, line: value.line, amountCents: value.amountCents, segment: value.segment };
}
