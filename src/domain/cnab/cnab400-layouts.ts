/**
 * Per-bank positions of the CNAB 400 return detail record ("registro de
 * transação"), 1-based and inclusive as in each bank's manual. Most banks share
 * the FEBRABAN-derived core (occurrence 109–110, dates 111–116 and 147–152,
 * values 153–292); they differ in the nosso número, the fee, the credit date and
 * in which occurrence codes mean a liquidation.
 */
export type Cnab400Layout = {
  bank: string;
  name: string;
  /** Record type of the detail line ("1"; Banco do Brasil convênio 7 posições uses "7"). */
  detailType: string;
  ourNumber: [number, number];
  fee: [number, number];
  creditDate: number;
  /**
   * "paid": 254–266 is the amount paid (valor pago/recebido); credited = paid − fee.
   * "credited": 254–266 is the amount credited (Itaú "valor principal, lançado em
   * conta corrente"); paid = credited + fee.
   */
  amountField: "paid" | "credited";
  /** The bank's occurrence codes that mean the title was paid (liquidação). */
  settlementMovements: ReadonlySet<string>;
};

/** Positions common to all supported banks. */
export const CNAB400_COMMON = {
  movement: [109, 110],
  occurrenceDate: 111,
  dueDate: 147,
  faceValue: [153, 165],
  collectingBank: [166, 168],
  rebate: [228, 240],
  discount: [241, 253],
  amount: [254, 266],
  interest: [267, 279],
  sequence: [395, 400],
} as const;

export const CNAB400_LAYOUTS: Readonly<Record<string, Cnab400Layout>> = {
  // Itaú "Cobrança 400 bytes": nosso número 086–093 (DAC at 094); 06 liquidação normal,
  // 07 liquidação parcial, 08 liquidação em cartório.
  "341": {
    bank: "341",
    name: "BANCO ITAU SA",
    detailType: "1",
    ourNumber: [86, 93],
    fee: [176, 188],
    creditDate: 296,
    amountField: "credited",
    settlementMovements: new Set(["06", "07", "08"]),
  },
  // Bradesco: nosso número 071–081 (DV at 082); 06 liquidação normal, 15 liquidação em
  // cartório, 17 liquidação após baixa ou título não registrado.
  "237": {
    bank: "237",
    name: "BRADESCO",
    detailType: "1",
    ourNumber: [71, 81],
    fee: [176, 188],
    creditDate: 296,
    amountField: "paid",
    settlementMovements: new Set(["06", "15", "17"]),
  },
  // Banco do Brasil CBR643, convênio de 7 posições (detail type 7): nosso número 064–080;
  // 05 liquidado sem registro, 06 liquidação normal, 07 por conta, 08 por saldo, 15 em cartório.
  "001": {
    bank: "001",
    name: "BANCO DO BRASIL",
    detailType: "7",
    ourNumber: [64, 80],
    fee: [182, 188],
    creditDate: 176,
    amountField: "paid",
    settlementMovements: new Set(["05", "06", "07", "08", "15"]),
  },
  // Caixa SIGCB 400: nosso número 057–073 (17 posições, modalidade included);
  // 21 liquidação, 22 liquidação em cartório.
  "104": {
    bank: "104",
    name: "C ECON FEDERAL",
    detailType: "1",
    ourNumber: [57, 73],
    fee: [176, 188],
    creditDate: 294,
    amountField: "paid",
    settlementMovements: new Set(["21", "22"]),
  },
  // Santander: nosso número 063–070; 06 liquidação normal, 07 por conta, 08 por saldo,
  // 17 liquidado em cartório.
  "033": {
    bank: "033",
    name: "SANTANDER",
    detailType: "1",
    ourNumber: [63, 70],
    fee: [176, 188],
    creditDate: 296,
    amountField: "paid",
    settlementMovements: new Set(["06", "07", "08", "17"]),
  },
  // Sicoob (layout derived from BB's CBR643, detail type 1): nosso número 063–073;
  // 05 liquidação sem registro, 06 liquidação normal, 15 liquidação em cartório.
  "756": {
    bank: "756",
    name: "BANCOOBCED",
    detailType: "1",
    ourNumber: [63, 73],
    fee: [182, 188],
    creditDate: 176,
    amountField: "paid",
    settlementMovements: new Set(["05", "06", "15"]),
  },
};

/** Bank codes with a CNAB 400 return layout. */
export const CNAB400_BANKS: readonly string[] = Object.keys(CNAB400_LAYOUTS).sort();
