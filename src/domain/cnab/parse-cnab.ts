import type { CnabFile, ParseCnabResult } from "./cnab-types.ts";
import { LineErrors, type CnabText } from "./fixed-width.ts";
import { parseCnab240, parseCnab240Details } from "./parse-cnab240.ts";
import { parseCnab400 } from "./parse-cnab400.ts";

export type ParseCnabOptions = {
  /**
   * CNAB 240 only: when false, accept a fragment made only of detail records
   * (segments T and U) without file/batch headers and trailers; a file that
   * starts with a file header is still checked in full. Default true.
   */
  requireEnvelope?: boolean;
};

/**
 * Finds where each line starts: LF or CRLF line ends, a trailing EOF mark (0x1A)
 * and final line breaks ignored. Returns the lines' start offsets and lengths
 * (without the line break), with no per-line string copies.
 */
export function indexCnabLines(content: string): { starts: number[]; lengths: number[] } {
  let end = content.length;
  while (end > 0) {
    const c = content.charCodeAt(end - 1);
    if (c !== 0x0a && c !== 0x0d && c !== 0x1a) break;
    end--;
  }
  const starts: number[] = [];
  const lengths: number[] = [];
  let pos = 0;
  while (pos < end) {
    let nl = content.indexOf("\n", pos);
    if (nl < 0 || nl > end) nl = end;
    const lineEnd = nl > pos && content.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    starts.push(pos);
    lengths.push(lineEnd - pos);
    pos = nl + 1;
  }
  return { starts, lengths };
}

/** Parses a bank return file, CNAB 240 or CNAB 400 (told apart by the line length). */
export function parseCnab(content: string, options: ParseCnabOptions = {}): ParseCnabResult {
  const { starts, lengths } = indexCnabLines(content);
  const errors = new LineErrors();
  if (starts.length === 0) {
    errors.add(1, "arquivo vazio");
    return { ok: false, errors: errors.result(1) };
  }
  const width = lengths[0] as number;
  if (width !== 240 && width !== 400) {
    errors.add(1, `linha com ${width} posições: esperado 240 (CNAB 240) ou 400 (CNAB 400)`);
    return { ok: false, errors: errors.result(1) };
  }
  for (let i = 1; i < lengths.length; i++) {
    const length = lengths[i] as number;
    if (length !== width) errors.add(i + 1, length === 0 ? "linha vazia" : `linha com ${length} posições, esperado ${width}`);
  }
  if (errors.count > 0) return { ok: false, errors: errors.result(starts.length) };
  const src: CnabText = { text: content, starts };
  if (width === 400) return parseCnab400(src);
  // Without the envelope requirement a full file is still parsed (and checked) as such.
  const isFragment = options.requireEnvelope === false && content[(starts[0] as number) + 7] !== "0";
  return isFragment ? parseCnab240Details(src) : parseCnab240(src);
}

/** The `--json` shape of a parsed return file, shared by the CLI and the API (a stable contract). */
export function cnabFileView(file: CnabFile) {
  return {
    format: file.format,
    bank: file.bank,
    records: file.records.map((r) => ({
      ourNumber: r.ourNumber,
      movement: r.movement,
      settlement: r.settlement,
      faceValueCents: r.faceValueCents,
      paidCents: r.paidCents,
      interestCents: r.interestCents,
      discountCents: r.discountCents,
      feeCents: r.feeCents,
      creditedCents: r.creditedCents,
      dueDate: r.dueDate,
      paidDate: r.paidDate,
      creditDate: r.creditDate,
    })),
  };
}
