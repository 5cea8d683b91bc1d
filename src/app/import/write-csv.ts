import { createWriteStream } from "node:fs";
import { once } from "node:events";

const needsQuotes = /[;"\r\n]/;

export function csvCell(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows as a `;`-separated UTF-8 CSV (the way Brazilian spreadsheets export), with backpressure. */
export async function writeCsv(path: string, headers: readonly string[], rows: Iterable<Record<string, string>>): Promise<number> {
  const out = createWriteStream(path);
  let count = 0;
  let buffer = `${headers.join(";")}\n`;
  for (const row of rows) {
    buffer += `${headers.map((h) => csvCell(row[h] ?? "")).join(";")}\n`;
    count++;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return count;
}
