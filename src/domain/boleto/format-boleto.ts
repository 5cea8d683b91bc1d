import { normalizeBoletoCode } from "./parse-boleto.ts";

/**
 * The digitable line as printed: bank slips `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`,
 * collection slips `XXXXXXXXXXX-X XXXXXXXXXXX-X XXXXXXXXXXX-X XXXXXXXXXXX-X`. Other input comes back as digits.
 */
export function formatDigitableLine(line: string): string {
  const d = normalizeBoletoCode(line);
  if (d.length === 47) {
    return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d.slice(32, 33)} ${d.slice(33)}`;
  }
  if (d.length === 48) {
    return [0, 12, 24, 36].map((i) => `${d.slice(i, i + 11)}-${d.slice(i + 11, i + 12)}`).join(" ");
  }
  return d;
}


/** Check digits of the bank codes printed beside them ("237-2") for the banks people meet most. */
const BANKS: Record<string, { name: string; digit: string }> = {
  "001": { name: "Banco do Brasil", digit: "9" },
  "033": { name: "Santander", digit: "7" },
  "041": { name: "Banrisul", digit: "8" },
  "070": { name: "BRB", digit: "1" },
  "077": { name: "Banco Inter", digit: "9" },
  "104": { name: "Caixa Econômica Federal", digit: "0" },
  "208": { name: "BTG Pactual", digit: "1" },
  "237": { name: "Bradesco", digit: "2" },
  "341": { name: "Itaú Unibanco", digit: "7" },
  "422": { name: "Safra", digit: "7" },
  "748": { name: "Sicredi", digit: "X" },
  "756": { name: "Sicoob", digit: "0" },
};

/** The bank's name, when Régua knows it. */
export function bankName(bank: string): string | undefined {
  return BANKS[bank]?.name;
}

/** The bank code with its check digit as printed in the slip header ("237-2"); the bare code when unknown. */
export function bankCodeWithDigit(bank: string): string {
  const digit = BANKS[bank]?.digit;
  return digit ? `${bank}-${digit}` : bank;
}

const COLLECTION_SEGMENTS: Record<string, string> = {
  "1": "Prefeituras",
  "2": "Saneamento",
  "3": "Energia elétrica e gás",
  "4": "Telecomunicações",
  "5": "Órgãos governamentais",
  "6": "Carnês e assemelhados (CNPJ)",
  "7": "Multas de trânsito",
  "9": "Uso exclusivo do banco",
};

/** The name of a collection slip's segment (2nd barcode digit), when defined by FEBRABAN. */
export function collectionSegmentName(segment: string): string | undefined {
  return COLLECTION_SEGMENTS[segment];
}
