import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { AppError } from "../../shared/app-error.ts";
import { CsvParser, detectDelimiter, type CsvRecord } from "../../domain/import/csv-parser.ts";

export type Progress = (bytesRead: number, totalBytes: number) => void;

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Streams the records of a CSV (`;`, `,` or tab; UTF-8 or Latin-1) or XLSX file, header first. */
export async function* readTable(path: string, onProgress?: Progress): AsyncGenerator<CsvRecord> {
  const { size } = await stat(path).catch(() => {
    throw new AppError("not_found", `arquivo não encontrado: ${path}`);
  });
  const head = Buffer.alloc(4);
  const fh = await open(path, "r");
  await fh.read(head, 0, 4, 0);
  await fh.close();
  if (head.equals(XLSX_MAGIC)) {
    const { readXlsx } = await import("./read-xlsx.ts");
    yield* readXlsx(path, size, onProgress);
    return;
  }
  try {
    yield* readCsv(path, "utf-8", size, onProgress);
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
    // Not UTF-8: Brazilian spreadsheets export Windows-1252 (a superset of Latin-1).
    yield* readCsv(path, "windows-1252", size, onProgress, error.recordsYielded);
  }
}

class NotUtf8 extends Error {
  constructor(readonly recordsYielded: number) {
    super("not utf-8");
  }
}

async function* readCsv(path: string, encoding: string, size: number, onProgress: Progress | undefined, skip = 0): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
  let parser: CsvParser | null = null;
  let pending = "";
  let bytes = 0;
  let yielded = 0;
  const emit = function* (records: CsvRecord[]): Generator<CsvRecord> {
    for (const r of records) {
      yielded++;
      if (yielded > skip) yield r;
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    bytes += (chunk as Buffer).length;
    let text: string;
    try {
      text = decoder.decode(chunk as Buffer, { stream: true });
    } catch {
      throw new NotUtf8(yielded);
    }
    if (!parser) {
      pending += text;
      const nl = pending.indexOf("\n");
      if (nl === -1 && bytes < size) continue;
      pending = pending.replace(/^\uFEFF/, "");
      parser = new CsvParser(detectDelimiter(nl === -1 ? pending : pending.slice(0, nl)));
      text = pending;
    }
    yield* emit(parser.push(text));
    onProgress?.(bytes, size);
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new NotUtf8(yielded);
  }
  if (!parser) {
    pending = (pending + tail).replace(/^\uFEFF/, "");
    parser = new CsvParser(detectDelimiter(pending.split("\n")[0] ?? ""));
    tail = pending;
  }
  yield* emit(parser.push(tail));
  yield* emit(parser.end());
}
