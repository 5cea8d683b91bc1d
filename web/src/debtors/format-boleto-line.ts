/**
 * The digitable line as printed on the slip: 47 digits (bank boleto) grouped
 * "AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE"; 48 (utility bills) in four
 * blocks of 11 digits and a check digit. Anything else is shown as it came.
 * (Mirrors src/domain/boleto/format-boleto.ts, which the browser bundle does not import.)
 */
export function formatDigitableLine(line: string): string {
  const d = line.replace(/\D/g, "");
  if (d.length === 47) return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d.slice(32, 33)} ${d.slice(33)}`;
  if (d.length === 48) return [0, 12, 24, 36].map((i) => `${d.slice(i, i + 11)}-${d.slice(i + 11, i + 12)}`).join(" ");
  return line;
}
