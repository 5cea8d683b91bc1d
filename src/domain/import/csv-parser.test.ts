import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CsvParser, detectDelimiter, type CsvRecord } from "./csv-parser.ts";

function parseAll(text: string, delimiter: string, chunk = 3): CsvRecord[] {
  const p = new CsvParser(delimiter);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
  out.push(...p.end());
  return out;
}

describe("detectDelimiter", () => {
  it("picks the most frequent delimiter outside quotes", () => {
    assert.equal(detectDelimiter("documento;nome;valor"), ";");
    assert.equal(detectDelimiter("document,name,amount"), ",");
    assert.equal(detectDelimiter('"a;b;c",x,y'), ",");
    assert.equal(detectDelimiter("a\tb\tc"), "\t");
  });
});

describe("CsvParser", () => {
  it("splits plain lines, CRLF or LF, and numbers physical lines", () => {
    assert.deepEqual(parseAll("a;b\r\n1;2\n3;4", ";"), [
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });
  it("keeps delimiters, doubled quotes and line breaks inside quotes, whatever the chunking", () => {
    const text = 'h1;h2\n"x;y";"diz ""oi"""\n"linha\nquebrada";z\nfim;1\n';
    for (const chunk of [1, 2, 5, 1000]) {
      assert.deepEqual(parseAll(text, ";", chunk), [
        { line: 1, cells: ["h1", "h2"] },
        { line: 2, cells: ["x;y", 'diz "oi"'] },
        { line: 3, cells: ["linha\nquebrada", "z"] },
        { line: 5, cells: ["fim", "1"] },
      ]);
    }
  });
  it("skips blank lines but counts them", () => {
    assert.deepEqual(parseAll("a\n\nb\n", ","), [
      { line: 1, cells: ["a"] },
      { line: 3, cells: ["b"] },
    ]);
  });
  it("handles an empty last quoted cell and a missing final newline", () => {
    assert.deepEqual(parseAll('a,""', ","), [{ line: 1, cells: ["a", ""] }]);
  });
  it("finds quoted lines anywhere among plain ones in one chunk", () => {
    const plain = Array.from({ length: 50 }, (_, i) => `p${i};${i}`);
    const lines = [...plain.slice(0, 20), '"q;1";a', ...plain.slice(20, 40), '"q;2";"b\nc"', ...plain.slice(40)];
    const records = parseAll(lines.join("\n") + "\n", ";", 1 << 20);
    assert.equal(records.length, 52);
    assert.deepEqual(records[20], { line: 21, cells: ["q;1", "a"] });
    assert.deepEqual(records[41], { line: 42, cells: ["q;2", "b\nc"] });
    assert.deepEqual(records[42], { line: 44, cells: ["p40", "40"] });
    assert.deepEqual(records[51], { line: 53, cells: ["p49", "49"] });
  });
});
