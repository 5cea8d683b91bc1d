import type { ImportResult } from "../api/types.ts";

const needsQuotes = /[;"\r\n]/;
const cell = (value: string) => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The per-row report of an import as a CSV that Excel in Portuguese opens as is: UTF-8
 * with BOM, ";" separators, one line per issue, rejected rows first, then warnings.
 */
export function importReportCsv(result: ImportResult, labels: { kind: string; line: string; field: string; reason: string; rejected: string; warning: string }): string {
  const rows = [
    [labels.kind, labels.line, labels.field, labels.reason],
    ...result.rejected.map((issue) => [labels.rejected, String(issue.line), issue.field, issue.reason]),
    ...result.warnings.map((issue) => [labels.warning, String(issue.line), issue.field, issue.reason]),
  ];
  return `\ufeff${rows.map((row) => row.map(cell).join(";")).join("\r\n")}\r\n`;
}

/** "carteira.csv" → "carteira-relatorio.csv". */
export function reportFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, "") || "importacao";
  return `${base}-relatorio.csv`;
}

/** Offers text as a file download. */
export function downloadText(fileName: string, content: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
