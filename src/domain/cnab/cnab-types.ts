/** One title's movement in a bank return file ("retorno"), normalised across layouts. */
export type CnabRecord = {
  /** Nosso número (the bank's id of the boleto), leading zeros removed. */
  ourNumber: string;
  /** The bank's own two-digit movement code ("código de movimento/ocorrência"), e.g. "06". */
  movement: string;
  /** True when the movement code is one of the bank's liquidation codes. */
  settlement: boolean;
  faceValueCents: number;
  paidCents: number;
  /** Late interest and fine (juros de mora / multa / encargos). */
  interestCents: number;
  /** Discount plus rebate ("desconto" + "abatimento"). */
  discountCents: number;
  /** Bank fee ("tarifa/custas", "despesas de cobrança"). */
  feeCents: number;
  /** Amount credited to the creditor's account. */
  creditedCents: number;
  dueDate: string | null;
  /** Occurrence date: the payment date for a settlement. */
  paidDate: string | null;
  creditDate: string | null;
  /** 1-based line of the record (of segment T in CNAB 240) for error reports. */
  line: number;
};

export type CnabFormat = "cnab240" | "cnab400";

export type CnabFile = { format: CnabFormat; bank: string; records: CnabRecord[] };

/** A problem found in a return file; `reason` in Portuguese, without the line prefix. */
export type CnabError = { line: number; reason: string };

export type ParseCnabResult = { ok: true; value: CnabFile } | { ok: false; errors: CnabError[] };

/** What a generator needs for one record: everything but the line and the derived settlement flag. */
export type CnabRecordInput = Omit<CnabRecord, "line" | "settlement">;

/** Stop collecting after this many errors: a broken 400,000-line file must not produce 400,000 messages. */
export const MAX_CNAB_ERRORS = 100;

/** "linha 5: trailer do lote informa 4 registros, mas o lote tem 3". */
export function formatCnabError(error: CnabError): string {
  return `linha ${error.line}: ${error.reason}`;
}
