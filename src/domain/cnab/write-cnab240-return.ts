import { invalid } from "../../shared/app-error.ts";
import { bancoDoBrasilDv, bradescoDv, mod10, mod11, sicoobDv } from "../boleto/check-digits.ts";
import { cnab240LayoutOf, cnab240OurNumberWidth } from "./cnab240-layouts.ts";
import type { CnabRecordInput } from "./cnab-types.ts";
import { composeLine, date8Field, digitsField, movementField, numField, textField } from "./fixed-width.ts";

/**
 * The beneficiary's account as the bank knows it: only what the bank writes beside the
 * nosso número in segment T depends on it (carteira, check digit). Defaults: zeros, and
 * carteira 109 (Itaú) or 09 (Bradesco).
 */
export type Cnab240Beneficiary = {
  agency?: string;
  account?: string;
  wallet?: string;
  /** Sicoob: código do cliente. */
  beneficiaryCode?: string;
};

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
  beneficiary?: Cnab240Beneficiary;
};

const MAX_BATCH = 49_999;
const BLANK5 = " ".repeat(5);
const BLANK8 = " ".repeat(8);
const BLANK10 = " ".repeat(10);
const BLANK15 = " ".repeat(15);
const BLANK22 = " ".repeat(22);
const BLANK25 = " ".repeat(25);
const BLANK27 = " ".repeat(27);
const BLANK30 = " ".repeat(30);
const BLANK40 = " ".repeat(40);
const ZERO15 = "0".repeat(15);
const ZERO27 = "0".repeat(27);
const ZERO30 = "0".repeat(30);

/** Itaú wallets whose DAC covers only carteira + nosso número (as make-boleto.ts). */
const ITAU_SHORT_DAC_WALLETS = new Set(["126", "131", "146", "150", "168"]);

/**
 * Positions 38–57 of segment T for the bank (see cnab240-layouts.ts): the nosso número where
 * the bank puts it, with the carteira and check digit the bank writes beside it.
 */
function titleIdField(bank: string, ourNumber: string, width: number, b: Cnab240Beneficiary): string {
  const n = digitsField(ourNumber, width, "ourNumber");
  switch (bank) {
    case "001": {
      // Convênio of 4/6 positions: 11 digits + DV; of 7/8: 17 digits. Left-aligned, blanks after.
      const short = ourNumber.length <= 11 ? n.slice(6) : null;
      return short !== null ? `${short}${bancoDoBrasilDv(short)}${BLANK8}` : `${n}   `;
    }
    case "104":
      return `00${n}0`;
    case "237": {
      const wallet = digitsField(b.wallet ?? "09", 3, "wallet");
      return `${wallet}00000${n}${bradescoDv(wallet.slice(1) + n)}`;
    }
    case "341": {
      const wallet = digitsField(b.wallet ?? "109", 3, "wallet");
      const base = ITAU_SHORT_DAC_WALLETS.has(wallet) ? wallet + n : digitsField(b.agency ?? "0", 4, "agency") + digitsField(b.account ?? "0", 5, "account") + wallet + n;
      return `${wallet}${n}${mod10(base)}${BLANK8}`;
    }
    case "756": {
      const dv = sicoobDv(digitsField(b.agency ?? "0", 4, "agency") + digitsField(b.beneficiaryCode ?? "0", 10, "beneficiaryCode") + (n.startsWith("00") ? n.slice(2) : n));
      return `${n}${dv}01014${BLANK5}`;
    }
    default:
      return n;
  }
}

/**
 * Generates a valid CNAB 240 return file ("retorno de cobrança", segments T and U) for the
 * records, segment T in the bank's layout (cnab240-layouts.ts).
 */
export function writeCnab240Return(records: readonly CnabRecordInput[], options: WriteCnab240Options): string {
  if (!/^\d{3}$/.test(options.bank)) throw invalid("bank", `código do banco deve ter 3 dígitos: "${options.bank}"`);
  const bank = options.bank;
  const batchSize = options.batchSize ?? MAX_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) throw invalid("batchSize", `deve ser um inteiro entre 1 e ${MAX_BATCH}`);
  const fileDate = date8Field(options.fileDate ?? null, "fileDate");
  const company = textField((options.companyName ?? "EMPRESA").toUpperCase(), 30);
  const layout = cnab240LayoutOf(bank);
  const ourNumberWidth = cnab240OurNumberWidth(layout);
  const beneficiary = options.beneficiary ?? {};
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
      const head = `${prefix}${numField(++seq, 5, "sequencial")}T ${movement}`;
      const id = titleIdField(bank, r.ourNumber, ourNumberWidth, beneficiary);
      const due = date8Field(r.dueDate, "dueDate");
      const face = numField(r.faceValueCents, 15, "faceValueCents");
      const fee = numField(r.feeCents, 15, "feeCents");
      const t =
        bank === "033"
          ? // Santander: nosso número + DV at 41–53, dates and values shifted (see cnab240-layouts.ts).
            `${head}000000000000000${BLANK8}${id}${mod11(id)}1${BLANK15}${due}${face}${bank}00000${BLANK25}090${ZERO15}${BLANK40}0000000000${fee}${BLANK10}${BLANK22}`
          : `${head}00000 0000000000000 ${id}1${BLANK15}${due}${face}${bank}00000 ${BLANK25}090${ZERO15}${BLANK40}0000000000${fee}${BLANK27}`;
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

