import { invalid } from "../../shared/app-error.ts";
import type { CnabRecordInput } from "./cnab-types.ts";
import { composeLine, date8Field, digitsField, movementField, numField, textField } from "./fixed-width.ts";

export type WriteCnab240Options = {
  /** Three-digit bank code (FEBRABAN "código do banco na compensação"). */
  bank: string;
  /** File generation date (YYYY-MM-DD); zeros when absent. */
  fileDate?: string;
  companyName?: string;
  /** Titles per batch (lote); default and maximum 49,999 (sequence numbers have 5 digits). */
  batchSize?: number;
  /** Default CRLF, as banks send. */
  lineEnding?: "\r\n" | "\n";
};

const MAX_BATCH = 49_999;
const BLANK15 = " ".repeat(15);
const BLANK25 = " ".repeat(25);
const BLANK27 = " ".repeat(27);
const BLANK30 = " ".repeat(30);
const BLANK40 = " ".repeat(40);
const ZERO15 = "0".repeat(15);
const ZERO27 = "0".repeat(27);
const ZERO30 = "0".repeat(30);

/** Generates a valid CNAB 240 return file ("retorno de cobrança", segments T and U) for the records. */
export function writeCnab240Return(records: readonly CnabRecordInput[], options: WriteCnab240Options): string {
  if (!/^\d{3}$/.test(options.bank)) throw invalid("bank", `código do banco deve ter 3 dígitos: "${options.bank}"`);
  const bank = options.bank;
  const batchSize = options.batchSize ?? MAX_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) throw invalid("batchSize", `deve ser um inteiro entre 1 e ${MAX_BATCH}`);
  const fileDate = date8Field(options.fileDate ?? null, "fileDate");
  const company = textField((options.companyName ?? "EMPRESA").toUpperCase(), 30);
  const lines: string[] = [];

  lines.push(
    composeLine(240, [
      [1, `${bank}00000`],
      [18, "2"],
      [19, "00000000000000"],
      [73, company],
      [103, textField(`BANCO ${bank}`, 30)],
      [143, "2"],
      [144, `${fileDate}000000`],
      [158, "000001"],
      [164, "08700000"],
    ]),
  );

  let lot = 0;
  for (let start = 0; start < records.length || (start === 0 && lot === 0); start += batchSize) {
    lot++;
    const lotText = numField(lot, 4, "lote");
    const chunk = records.slice(start, start + batchSize);
    lines.push(
      composeLine(240, [
        [1, `${bank}${lotText}1T01  045`],
        [18, "2"],
        [19, "000000000000000"],
        [74, company],
        [184, `00000001${fileDate}00000000`],
      ]),
    );
    let seq = 0;
    for (const r of chunk) {
      const movement = movementField(r.movement);
      const prefix = `${bank}${lotText}3`;
      const t =
        `${prefix}${numField(++seq, 5, "sequencial")}T ${movement}00000 0000000000000 ` +
        `${digitsField(r.ourNumber, 20, "ourNumber")}1${BLANK15}${date8Field(r.dueDate, "dueDate")}` +
        `${numField(r.faceValueCents, 15, "faceValueCents")}${bank}00000 ${BLANK25}090${ZERO15}${BLANK40}0000000000` +
        `${numField(r.feeCents, 15, "feeCents")}${BLANK27}`;
      const u =
        `${prefix}${numField(++seq, 5, "sequencial")}U ${movement}` +
        `${numField(r.interestCents, 15, "interestCents")}${numField(r.discountCents, 15, "discountCents")}${ZERO30}` +
        `${numField(r.paidCents, 15, "paidCents")}${numField(r.creditedCents, 15, "creditedCents")}${ZERO30}` +
        `${date8Field(r.paidDate, "paidDate")}${date8Field(r.creditDate, "creditDate")}${ZERO27}${BLANK30}000${BLANK27}`;
      if (t.length !== 240 || u.length !== 240) throw new RangeError("linha de detalhe com tamanho diferente de 240");
      lines.push(t, u);
    }
    lines.push(
      composeLine(240, [
        [1, `${bank}${lotText}5`],
        [18, numField(chunk.length * 2 + 2, 6, "quantidade de registros do lote")],
      ]),
    );
  }
  lines.push(
    composeLine(240, [
      [1, `${bank}99999`],
      [18, numField(lot, 6, "quantidade de lotes")],
      [24, numField(lines.length + 1, 6, "quantidade de registros")],
    ]),
  );
  const eol = options.lineEnding ?? "\r\n";
  return lines.join(eol) + eol;
}

