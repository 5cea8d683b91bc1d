import ExcelJS from "exceljs";
import type { CsvRecord } from "../../domain/import/csv-parser.ts";
import type { Progress } from "./read-table.ts";

/** Spreadsheet cell → the text a person would have typed (dates as ISO, numbers as plain decimals). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "sim" : "não";
  if (typeof value === "object") {
    if ("result" in value && value.result !== undefined) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
  }
  return String(value);
}

/** Streams the first worksheet of an XLSX file; the line is the sheet's row number. */
export async function* readXlsx(path: string, size: number, onProgress?: Progress): AsyncGenerator<CsvRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: "cache", worksheets: "emit", styles: "cache", hyperlinks: "ignore" });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.some((c) => c.trim() !== "")) yield { line: row.number, cells };
    }
    onProgress?.(size, size);
    return;
  }
}
