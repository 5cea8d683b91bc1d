import { invalid } from "../../shared/app-error.ts";
import { CNAB400_BANKS, CNAB400_COMMON as C, CNAB400_LAYOUTS } from "./cnab400-layouts.ts";
import type { CnabRecordInput } from "./cnab-types.ts";
import { composeLine, date6Field, digitsField, movementField, numField, textField } from "./fixed-width.ts";

export type WriteCnab400Options = {
  /** File generation date (YYYY-MM-DD); zeros when absent. */
  fileDate?: string;
  companyName?: string;
  /** Default CRLF, as banks send. */
  lineEnding?: "\r\n" | "\n";
};

/**
 * Generates a valid CNAB 400 return file in the layout of `bank` (001, 033, 104,
 * 237, 341, 756). The record holds one amount at 254–266: for Itaú it is the
 * credited amount, so `paidCents` must equal `creditedCents + feeCents`; for the
 * others it is the paid amount, so `creditedCents` must equal `paidCents − feeCents`
 * (both when something was paid; zero otherwise) — the parser derives the other one.
 */
export function writeCnab400Return(records: readonly CnabRecordInput[], bank: string, options: WriteCnab400Options = {}): string {
  const layout = CNAB400_LAYOUTS[bank];
  if (!layout) throw invalid("bank", `banco "${bank}" sem layout CNAB 400 (suportados: ${CNAB400_BANKS.join(", ")})`);
  const fileDate = date6Field(options.fileDate ?? null, "fileDate");
  const lines: string[] = [];
  lines.push(
    composeLine(400, [
      [1, "02RETORNO01"],
      [12, textField("COBRANCA", 15)],
      [27, "00000000000000000000"],
      [47, textField((options.companyName ?? "EMPRESA").toUpperCase(), 30)],
      [77, bank],
      [80, textField(layout.name, 15)],
      [95, fileDate],
      [395, "000001"],
    ]),
  );
  const [ns, ne] = layout.ourNumber;
  const [fs, fe] = layout.fee;
  const creditFirst = layout.creditDate < fs; // BB and Sicoob: credit date 176–181, 7-digit fee 182–188
  const head = `${layout.detailType}0200000000000000${blanks(ns - 18)}`;
  const afterOurNumber = blanks(C.movement[0] - ne - 1);
  const afterOccurrence = blanks(C.dueDate - C.occurrenceDate - 6);
  const beforeFee = blanks((creditFirst ? layout.creditDate : fs) - C.collectingBank[1] - 1);
  const afterFee = `${blanks(215 - fe - 1)}0000000000000${ZERO13}`; // IOF 215–227, abatimento 228–240
  const afterValues = blanks((creditFirst ? C.sequence[0] : layout.creditDate) - 293);
  const tail = creditFirst ? "" : blanks(C.sequence[0] - layout.creditDate - 6);
  for (const r of records) {
    const amount = layout.amountField === "paid" ? r.paidCents : r.creditedCents;
    const credit = date6Field(r.creditDate, "creditDate");
    const fee = numField(r.feeCents, fe - fs + 1, "feeCents");
    const line =
      `${head}${digitsField(r.ourNumber, ne - ns + 1, "ourNumber")}${afterOurNumber}` +
      `${movementField(r.movement)}${date6Field(r.paidDate, "paidDate")}${afterOccurrence}` +
      `${date6Field(r.dueDate, "dueDate")}${numField(r.faceValueCents, 13, "faceValueCents")}${bank}${beforeFee}` +
      `${creditFirst ? credit : ""}${fee}${afterFee}` +
      `${numField(r.discountCents, 13, "discountCents")}${numField(amount, 13, layout.amountField === "paid" ? "paidCents" : "creditedCents")}` +
      `${numField(r.interestCents, 13, "interestCents")}${ZERO13}${afterValues}${creditFirst ? "" : credit}${tail}` +
      numField(lines.length + 1, 6, "sequencial");
    if (line.length !== 400) throw new RangeError(`linha de detalhe com ${line.length} posições, esperado 400`);
    lines.push(line);
  }
  lines.push(composeLine(400, [[1, `9201${bank}`], [395, numField(lines.length + 1, 6, "sequencial")]]));
  const eol = options.lineEnding ?? "\r\n";
  return lines.join(eol) + eol;
}

const ZERO13 = "0".repeat(13);

function blanks(n: number): string {
  return " ".repeat(n);
}
