/**
 * Per-bank positions in segment T of the CNAB 240 return of "cobrança", 1-based and
 * inclusive as in the banks' manuals. FEBRABAN reserves positions 38–57 for the
 * "identificação do título no banco"; each bank fills it its own way (carteira before
 * the number, zeros, a check digit, parcela and modalidade after it). `ourNumber` is the
 * part that is the nosso número as Régua issues and stores it (`debts.our_number`, see
 * app/boleto/billing-rules.ts): no carteira, no check digit, Banco do Brasil's convênio
 * and Caixa's carteira + emission prefix included. Santander also moves the due date,
 * the face value and the fee. Segment U is the same for every bank here.
 */
export type Cnab240Layout = {
  bank: string;
  name: string;
  /** Positions of the nosso número digits inside 38–57 (the check digit, when any, is outside). */
  ourNumber: [number, number];
  /**
   * "digits": a right-aligned number, leading zeros ignored. "bb": Banco do Brasil's
   * left-aligned text followed by blanks: 17 digits (convênio of 7 or 8 positions, no
   * check digit) or 12 characters (convênio of 4 or 6 positions + 7 or 5 digits + DV).
   */
  ourNumberForm: "digits" | "bb";
  dueDate: number;
  faceValue: [number, number];
  fee: [number, number];
};

/** FEBRABAN's segment T, used for banks without an entry below: nosso número in all of 38–57. */
export const CNAB240_FEBRABAN: Cnab240Layout = {
  bank: "",
  name: "FEBRABAN",
  ourNumber: [38, 57],
  ourNumberForm: "digits",
  dueDate: 74,
  faceValue: [82, 96],
  fee: [199, 213],
};

export const CNAB240_LAYOUTS: Readonly<Record<string, Cnab240Layout>> = {
  // Banco do Brasil: 38–57 alphanumeric, left-aligned: convênio + sequence (17 digits, no DV)
  // or convênio of 4/6 + sequence + DV (12 characters; the DV may be "X").
  "001": { ...CNAB240_FEBRABAN, bank: "001", name: "BANCO DO BRASIL", ourNumberForm: "bb" },
  // Santander (layout H7815): 18–21 agência, 22 DV, 23–31 conta, 32 DV, 33–40 brancos,
  // 41–53 nosso número (12 + DV at 53), 54 carteira, 55–69 seu número, 70–77 vencimento,
  // 78–92 valor nominal, …, 184–193 conta cobrança, 194–208 tarifa/custas.
  "033": { bank: "033", name: "SANTANDER", ourNumber: [41, 52], ourNumberForm: "digits", dueDate: 70, faceValue: [78, 92], fee: [194, 208] },
  // Caixa (SIGCB): 40–56 nosso número of 17 (40–41 carteira + emission "14"/"24", 42–56
  // sequence), 57 reserved; 38–39 reserved.
  "104": { ...CNAB240_FEBRABAN, bank: "104", name: "CAIXA ECONOMICA FEDERAL", ourNumber: [40, 56] },
  // Bradesco: 38–40 carteira, 41–45 zeros, 46–56 nosso número (11), 57 DV.
  "237": { ...CNAB240_FEBRABAN, bank: "237", name: "BRADESCO", ourNumber: [46, 56] },
  // Itaú (Cobrança FEBRABAN 240): 38–40 carteira, 41–48 nosso número (8), 49 DAC, 50–57 brancos.
  "341": { ...CNAB240_FEBRABAN, bank: "341", name: "BANCO ITAU SA", ourNumber: [41, 48] },
  // Sicoob: 38–46 nosso número (9), 47 DV, 48–49 parcela, 50–51 modalidade, 52 tipo de
  // formulário, 53–57 brancos.
  "756": { ...CNAB240_FEBRABAN, bank: "756", name: "SICOOB", ourNumber: [38, 46] },
};

/** The bank's segment T layout, FEBRABAN's when the bank has no entry. */
export function cnab240LayoutOf(bank: string): Cnab240Layout {
  return CNAB240_LAYOUTS[bank] ?? CNAB240_FEBRABAN;
}

/** How many digits of nosso número the bank's return file holds (Banco do Brasil: 17). */
export function cnab240OurNumberWidth(layout: Cnab240Layout): number {
  return layout.ourNumberForm === "bb" ? 17 : layout.ourNumber[1] - layout.ourNumber[0] + 1;
}
