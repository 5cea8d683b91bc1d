/** One CSV record: its cells and the physical line it starts on (1-based). */
export type CsvRecord = { line: number; cells: string[] };

/** Picks the delimiter of a header line: the most frequent of `;`, `,` and tab outside quotes. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[";", 0], [",", 0], ["\t", 0]]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ";";
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/**
 * An incremental RFC 4180 parser: feed it text chunks, it returns the complete records.
 * Quoted cells may hold delimiters, doubled quotes and line breaks; CRLF and LF both end
 * a record. Lines without quotes take a fast path (split on the delimiter).
 */
export class CsvParser {
  private rest = "";
  private line = 1;
  constructor(private readonly delimiter: string) {}

  push(chunk: string): CsvRecord[] {
    const text = this.rest + chunk;
    const out: CsvRecord[] = [];
    const consumed = this.parse(text, out, false);
    this.rest = text.slice(consumed);
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.rest !== "") {
      const text = this.rest.endsWith("\n") ? this.rest : `${this.rest}\n`;
      this.parse(text, out, true);
      this.rest = "";
    }
    return out;
  }

  /** Parses complete records from `text`; returns how many characters were consumed. */
  private parse(text: string, out: CsvRecord[], final: boolean): number {
    const d = this.delimiter;
    let pos = 0;
    const n = text.length;
    // The next quote, searched once and again only after it is passed: searching per line
    // would scan to the end of the chunk for every line of a file without quotes.
    let quote = -2;
    while (pos < n) {
      const nl = text.indexOf("\n", pos);
      if (nl === -1) break;
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || quote > nl) {
        const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const lineText = text.slice(pos, end);
        if (lineText.length > 0) out.push({ line: this.line, cells: lineText.split(d) });
        this.line++;
        pos = nl + 1;
        continue;
      }
      const parsed = this.parseQuoted(text, pos, final);
      if (!parsed) break;
      if (!(parsed.cells.length === 1 && parsed.cells[0] === "")) out.push({ line: this.line, cells: parsed.cells });
      this.line += parsed.lines;
      pos = parsed.next;
    }
    return pos;
  }

  private parseQuoted(text: string, start: number, final: boolean): { cells: string[]; next: number; lines: number } | null {
    const d = this.delimiter;
    const cells: string[] = [];
    let cell = "";
    let i = start;
    let lines = 1;
    const n = text.length;
    for (;;) {
      if (i < n && text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            if (!final) return null;
            cell += text.slice(i).replace(/\r?\n$/, "");
            cells.push(cell);
            return { cells, next: n, lines };
          }
          const piece = text.slice(i, q);
          for (let k = 0; k < piece.length; k++) if (piece.charCodeAt(k) === 10) lines++;
          cell += piece;
          if (text[q + 1] === '"') {
            cell += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Text after a closing quote up to the delimiter is kept as written (lenient).
        while (i < n && text[i] !== d && text[i] !== "\n" && text[i] !== "\r") cell += text[i++];
      } else {
        while (i < n && text[i] !== d && text[i] !== "\n" && text[i] !== "\r") cell += text[i++];
      }
      if (i >= n) return final ? { cells: [...cells, cell], next: n, lines } : null;
      if (text[i] === d) {
        cells.push(cell);
        cell = "";
        i++;
        continue;
      }
      if (text[i] === "\r") i++;
      if (i >= n) return final ? { cells: [...cells, cell], next: n, lines } : null;
      if (text[i] === "\n") {
        cells.push(cell);
        return { cells, next: i + 1, lines };
      }
    }
  }
}
