import { cnab240LayoutOf, type Cnab240Layout } from "./cnab240-layouts.ts";
import type { CnabRecord, ParseCnabResult } from "./cnab-types.ts";
import { LineErrors, readCents, readCode2, readDate8, readNumber, readOurNumber, type CnabText } from "./fixed-width.ts";

/**
 * FEBRABAN CNAB 240 return of "cobrança": movements 06 (liquidação) and 17
 * (liquidação após baixa / título não registrado) are settlements.
 */
export const CNAB240_SETTLEMENT_MOVEMENTS: ReadonlySet<string> = new Set(["06", "17"]);

/**
 * Parses a full CNAB 240 return file (every line 240 positions, checked by the
 * caller): file header (0), batch header (1), details (3, segments T+U paired),
 * batch trailer (5) and file trailer (9), checking every count they declare. Segment T
 * is read with the bank's layout (cnab240-layouts.ts).
 */
export function parseCnab240(src: CnabText): ParseCnabResult {
  const { text, starts } = src;
  const errors = new LineErrors();
  const records: CnabRecord[] = [];
  const count = starts.length;
  const h = starts[0] as number;
  const bank = text.slice(h, h + 3);
  const b0 = text.charCodeAt(h);
  const b1 = text.charCodeAt(h + 1);
  const b2 = text.charCodeAt(h + 2);
  const layout = cnab240LayoutOf(bank);

  if (text[h + 7] !== "0") {
    errors.add(1, `o arquivo deve começar pelo header de arquivo (registro tipo 0), encontrado tipo "${text[h + 7]}"`);
    return { ok: false, errors: errors.result(count) };
  }
  if (text[h + 142] !== "2") {
    errors.add(1, `header de arquivo não é de retorno: código remessa/retorno (posição 143) "${text[h + 142]}", esperado "2"`);
  }

  let batches = 0;
  let inBatch = false;
  let batchLot = -1;
  let batchLine = 0;
  let batchCount = 0;
  let pendingT = -1; // index of a segment T waiting for its U
  let trailerSeen = false;

  for (let i = 1; i < count; i++) {
    const o = starts[i] as number;
    const lineNo = i + 1;
    if (text.charCodeAt(o) !== b0 || text.charCodeAt(o + 1) !== b1 || text.charCodeAt(o + 2) !== b2) {
      errors.add(lineNo, `código do banco "${text.slice(o, o + 3)}" difere do header do arquivo ("${bank}")`);
    }
    if (trailerSeen) {
      errors.add(lineNo, "registro após o trailer do arquivo (registro tipo 9)");
      break;
    }
    const type = text.charCodeAt(o + 7);
    if (type === 51 /* "3" */) {
      if (!inBatch) {
        errors.add(lineNo, "registro de detalhe fora de um lote (falta o header de lote, registro tipo 1)");
        continue;
      }
      batchCount++;
      checkLot(text, o, batchLot, lineNo, errors);
      const seq = readNumber(text, o, 9, 13, "número sequencial no lote", lineNo, errors);
      if (seq >= 0 && seq !== batchCount - 1) errors.add(lineNo, `número sequencial no lote ${seq}, esperado ${batchCount - 1}`);
      pendingT = handleSegment(src, i, pendingT, errors, records, layout);
    } else if (type === 49 /* "1" */) {
      if (inBatch) errors.add(lineNo, `header de lote antes do trailer do lote ${lotText(batchLot)} (aberto na linha ${batchLine})`);
      if (pendingT >= 0) pendingT = unpairedT(pendingT, errors);
      inBatch = true;
      batches++;
      batchLot = readNumber(text, o, 4, 7, "lote de serviço", lineNo, errors);
      batchLine = lineNo;
      batchCount = 1;
    } else if (type === 53 /* "5" */) {
      if (!inBatch) {
        errors.add(lineNo, "trailer de lote sem header de lote");
        continue;
      }
      if (pendingT >= 0) pendingT = unpairedT(pendingT, errors);
      batchCount++;
      checkLot(text, o, batchLot, lineNo, errors);
      const declared = readNumber(text, o, 18, 23, "quantidade de registros do lote", lineNo, errors);
      if (declared >= 0 && declared !== batchCount) {
        errors.add(lineNo, `trailer do lote informa ${declared} registros, mas o lote tem ${batchCount}`);
      }
      inBatch = false;
    } else if (type === 57 /* "9" */) {
      trailerSeen = true;
      if (inBatch) {
        errors.add(lineNo, `lote ${lotText(batchLot)} (aberto na linha ${batchLine}) sem trailer de lote (registro tipo 5)`);
        if (pendingT >= 0) pendingT = unpairedT(pendingT, errors);
      }
      const declaredBatches = readNumber(text, o, 18, 23, "quantidade de lotes do arquivo", lineNo, errors);
      if (declaredBatches >= 0 && declaredBatches !== batches) {
        errors.add(lineNo, `trailer do arquivo informa ${declaredBatches} lotes, mas o arquivo tem ${batches}`);
      }
      const declaredRecords = readNumber(text, o, 24, 29, "quantidade de registros do arquivo", lineNo, errors);
      if (declaredRecords >= 0 && declaredRecords !== lineNo) {
        errors.add(lineNo, `trailer do arquivo informa ${declaredRecords} registros, mas o arquivo tem ${lineNo}`);
      }
    } else if (type === 48 /* "0" */) {
      errors.add(lineNo, "header de arquivo repetido (registro tipo 0)");
    } else {
      errors.add(lineNo, `tipo de registro desconhecido "${text[o + 7]}" (posição 8)`);
    }
  }

  if (!trailerSeen) {
    if (inBatch) errors.add(count, `lote ${lotText(batchLot)} (aberto na linha ${batchLine}) sem trailer de lote (registro tipo 5)`);
    if (pendingT >= 0) unpairedT(pendingT, errors);
    errors.add(count, "trailer do arquivo (registro tipo 9) ausente no fim do arquivo");
  }
  if (errors.count > 0) return { ok: false, errors: errors.result(count) };
  return { ok: true, value: { format: "cnab240", bank, records } };
}

/**
 * Parses only detail records (segments T and U, record type 3) without the
 * file/batch envelope: for fragments such as a bank's sample of one title.
 */
export function parseCnab240Details(src: CnabText): ParseCnabResult {
  const { text, starts } = src;
  const errors = new LineErrors();
  const records: CnabRecord[] = [];
  const count = starts.length;
  const h = starts[0] as number;
  const bank = text.slice(h, h + 3);
  const layout = cnab240LayoutOf(bank);
  let pendingT = -1;
  for (let i = 0; i < count; i++) {
    const o = starts[i] as number;
    const lineNo = i + 1;
    if (text.slice(o, o + 3) !== bank) errors.add(lineNo, `código do banco "${text.slice(o, o + 3)}" difere da primeira linha ("${bank}")`);
    if (text[o + 7] !== "3") {
      errors.add(lineNo, `sem envelope só são aceitos registros de detalhe (tipo 3), encontrado tipo "${text[o + 7]}"`);
      continue;
    }
    pendingT = handleSegment(src, i, pendingT, errors, records, layout);
  }
  if (pendingT >= 0) unpairedT(pendingT, errors);
  if (errors.count > 0) return { ok: false, errors: errors.result(count) };
  return { ok: true, value: { format: "cnab240", bank, records } };
}

function lotText(lot: number): string {
  return String(lot).padStart(4, "0");
}

function checkLot(text: string, o: number, batchLot: number, lineNo: number, errors: LineErrors): void {
  const lot = readNumber(text, o, 4, 7, "lote de serviço", lineNo, errors);
  if (lot >= 0 && lot !== batchLot) errors.add(lineNo, `lote ${lotText(lot)} difere do header do lote (${lotText(batchLot)})`);
}

function unpairedT(index: number, errors: LineErrors): number {
  errors.add(index + 1, "segmento T sem o segmento U correspondente");
  return -1;
}

/** Handles one type-3 line; returns the index of the segment T still waiting for its U (or -1). */
function handleSegment(src: CnabText, i: number, pendingT: number, errors: LineErrors, records: CnabRecord[], layout: Cnab240Layout): number {
  const segment = src.text.charCodeAt((src.starts[i] as number) + 13);
  if (segment === 84 /* "T" */) {
    if (pendingT >= 0) unpairedT(pendingT, errors);
    return i;
  }
  if (segment === 85 /* "U" */) {
    if (pendingT < 0) {
      errors.add(i + 1, "segmento U sem o segmento T anterior");
      return -1;
    }
    const record = readTitle(src.text, src.starts[pendingT] as number, src.starts[i] as number, pendingT + 1, i + 1, errors, layout);
    if (record) records.push(record);
    return -1;
  }
  // Other segments (W, Y…) carry optional data: ignored, but a T must still be followed by its U.
  return pendingT;
}

function readTitle(text: string, t: number, u: number, tLine: number, uLine: number, errors: LineErrors, layout: Cnab240Layout): CnabRecord | null {
  const before = errors.count;
  const movement = readCode2(text, t, 16);
  if (!isDigit(text, t + 15) || !isDigit(text, t + 16)) {
    errors.add(tLine, `código de movimento (posições 16–17) não numérico: "${movement}"`);
  } else if (readCode2(text, u, 16) !== movement) {
    errors.add(uLine, `código de movimento do segmento U ("${text.slice(u + 15, u + 17)}") difere do segmento T ("${movement}")`);
  }
  const record: CnabRecord = {
    ourNumber: layout.ourNumberForm === "bb" ? readBancoDoBrasilOurNumber(text, t) : readOurNumber(text, t, layout.ourNumber[0], layout.ourNumber[1]),
    movement,
    settlement: CNAB240_SETTLEMENT_MOVEMENTS.has(movement),
    faceValueCents: readCents(text, t, layout.faceValue[0], layout.faceValue[1], "valor nominal do título", tLine, errors),
    paidCents: readCents(text, u, 78, 92, "valor pago", uLine, errors),
    interestCents: readCents(text, u, 18, 32, "juros/multa/encargos", uLine, errors),
    discountCents: readCents(text, u, 33, 47, "valor do desconto", uLine, errors) + readCents(text, u, 48, 62, "valor do abatimento", uLine, errors),
    feeCents: readCents(text, t, layout.fee[0], layout.fee[1], "valor da tarifa/custas", tLine, errors),
    creditedCents: readCents(text, u, 93, 107, "valor líquido creditado", uLine, errors),
    dueDate: readDate8(text, t, layout.dueDate, "vencimento", tLine, errors),
    paidDate: readDate8(text, u, 138, "data da ocorrência", uLine, errors),
    creditDate: readDate8(text, u, 146, "data do crédito", uLine, errors),
    line: tLine,
  };
  if (record.ourNumber === "") errors.add(tLine, `nosso número (posições ${layout.ourNumber[0]}–${layout.ourNumber[1]}) em branco`);
  return errors.count === before ? record : null;
}

/**
 * Banco do Brasil's 38–57, left-aligned: 12 characters are convênio of 4/6 + sequence + DV
 * (the DV is dropped), anything else (17 digits) is the number itself.
 */
function readBancoDoBrasilOurNumber(text: string, t: number): string {
  let i = t + 37;
  let j = t + 57;
  while (i < j && text.charCodeAt(i) === 32) i++;
  while (j > i && text.charCodeAt(j - 1) === 32) j--;
  if (j - i === 12) j--;
  return readOurNumber(text, t, i - t + 1, j - t);
}

function isDigit(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return c >= 48 && c <= 57;
}
