import { CNAB400_BANKS, CNAB400_COMMON as C, CNAB400_LAYOUTS, type Cnab400Layout } from "./cnab400-layouts.ts";
import type { CnabRecord, ParseCnabResult } from "./cnab-types.ts";
import { LineErrors, readCents, readCode2, readDate6, readNumber, readOurNumber, type CnabText } from "./fixed-width.ts";

/**
 * Parses a CNAB 400 return file (every line 400 positions, checked by the
 * caller): header (type 0, bank at 077–079), detail records of the bank's
 * layout, trailer (type 9) last, and the sequential numbers at 395–400.
 */
export function parseCnab400(src: CnabText): ParseCnabResult {
  const { text, starts } = src;
  const errors = new LineErrors();
  const count = starts.length;
  const h = starts[0] as number;
  const bank = text.slice(h + 76, h + 79);

  if (text[h] !== "0") {
    errors.add(1, `o arquivo deve começar pelo header (registro tipo 0), encontrado tipo "${text[h]}"`);
    return { ok: false, errors: errors.result(count) };
  }
  const layout = CNAB400_LAYOUTS[bank];
  if (!layout) {
    errors.add(1, `banco "${bank}" (posições 77–79) sem layout CNAB 400 suportado (suportados: ${CNAB400_BANKS.join(", ")})`);
    return { ok: false, errors: errors.result(count) };
  }
  if (text[h + 1] !== "2") errors.add(1, `header não é de retorno: posição 2 é "${text[h + 1]}", esperado "2" (RETORNO)`);

  const detailType = layout.detailType.charCodeAt(0);
  const records: CnabRecord[] = [];
  let trailerLine = 0;
  for (let i = 0; i < count; i++) {
    const o = starts[i] as number;
    const lineNo = i + 1;
    const seq = readNumber(text, o, 395, 400, "número sequencial do registro", lineNo, errors);
    if (seq >= 0 && seq !== lineNo) errors.add(lineNo, `número sequencial do registro ${seq}, esperado ${lineNo}`);
    if (i === 0) continue;
    if (trailerLine) {
      errors.add(lineNo, `registro após o trailer (registro tipo 9 na linha ${trailerLine})`);
      break;
    }
    const type = text.charCodeAt(o);
    if (type === detailType) {
      const record = readDetail(text, o, lineNo, layout, errors);
      if (record) records.push(record);
    } else if (type === 57 /* "9" */) {
      trailerLine = lineNo;
    } else if (type === 48 /* "0" */) {
      errors.add(lineNo, "header repetido (registro tipo 0)");
    } else if (bank === "001" && type === 49 /* "1" */) {
      errors.add(
        lineNo,
        "registro de detalhe tipo 1 do Banco do Brasil (convênio de 6 posições) não suportado: use o layout de convênio de 7 posições (registro tipo 7)",
      );
    }
    // Other record types (e.g. Itaú's type 3 with the PIX QR code) carry optional data and are skipped.
  }
  if (!trailerLine) errors.add(count, "trailer (registro tipo 9) ausente no fim do arquivo");
  if (errors.count > 0) return { ok: false, errors: errors.result(count) };
  return { ok: true, value: { format: "cnab400", bank, records } };
}

function readDetail(text: string, o: number, lineNo: number, layout: Cnab400Layout, errors: LineErrors): CnabRecord | null {
  const before = errors.count;
  const movement = readCode2(text, o, C.movement[0]);
  readNumber(text, o, C.movement[0], C.movement[1], "código de ocorrência", lineNo, errors);
  const fee = readCents(text, o, layout.fee[0], layout.fee[1], "tarifa de cobrança", lineNo, errors);
  const amount = readCents(text, o, C.amount[0], C.amount[1], layout.amountField === "paid" ? "valor pago" : "valor principal creditado", lineNo, errors);
  // Only one of paid/credited is in the record: the other follows from the fee.
  const paid = layout.amountField === "paid" ? amount : amount > 0 ? amount + fee : 0;
  const credited = layout.amountField === "credited" ? amount : paid > 0 ? paid - fee : 0;
  const [ns, ne] = layout.ourNumber;
  const record: CnabRecord = {
    ourNumber: readOurNumber(text, o, ns, ne),
    movement,
    settlement: layout.settlementMovements.has(movement),
    faceValueCents: readCents(text, o, C.faceValue[0], C.faceValue[1], "valor do título", lineNo, errors),
    paidCents: paid,
    interestCents: readCents(text, o, C.interest[0], C.interest[1], "juros de mora/multa", lineNo, errors),
    discountCents:
      readCents(text, o, C.discount[0], C.discount[1], "desconto concedido", lineNo, errors) +
      readCents(text, o, C.rebate[0], C.rebate[1], "abatimento concedido", lineNo, errors),
    feeCents: fee,
    creditedCents: credited,
    dueDate: readDate6(text, o, C.dueDate, "vencimento", lineNo, errors),
    paidDate: readDate6(text, o, C.occurrenceDate, "data da ocorrência", lineNo, errors),
    creditDate: readDate6(text, o, layout.creditDate, "data do crédito", lineNo, errors),
    line: lineNo,
  };
  if (record.ourNumber === "") errors.add(lineNo, `nosso número (posições ${ns}–${ne}) em branco`);
  return errors.count === before ? record : null;
}
