import { AppError, type FieldError } from "../../shared/app-error.ts";
import { bancoDoBrasilDv, bankBarcodeDv, bradescoDv, mod10, mod11, sicoobDv } from "./check-digits.ts";
import { factorFromDueDate } from "./due-date-factor.ts";
import { barcodeToLine } from "./parse-boleto.ts";

/** Banks whose free field ("campo livre", the last 25 barcode positions) Régua can build. */
export const BOLETO_BANKS = ["001", "033", "104", "237", "341", "756"] as const;
export type BoletoBank = (typeof BOLETO_BANKS)[number];

/** The largest amount a barcode holds: 10 digits of centavos (R$ 99.999.999,99). */
export const MAX_BOLETO_AMOUNT_CENTS = 9_999_999_999;

export type MakeBoletoInput = {
  bank: BoletoBank;
  /** Agência (Sicoob: cooperativa), up to 4 digits, without check digit. */
  agency: string;
  /** Conta corrente without check digit: required by Banco do Brasil (convênio of 4 or 6 digits), Bradesco and Itaú. */
  account?: string;
  accountDigit?: string;
  /** Carteira: BB and Bradesco 2 digits, Itaú and Santander 3, Sicoob 1, Caixa 1 (1 = registrada, 2 = sem registro). */
  wallet: string;
  /** Nosso número as the beneficiary numbers it, without check digit or bank prefixes. */
  ourNumber: string;
  amountCents: number;
  dueDate: string;
  /** Banco do Brasil: número do convênio (4, 6, 7 or 8 digits). */
  convenio?: string;
  /** Código do beneficiário: Caixa (6 digits), Santander (7), Sicoob (código do cliente, 7). */
  beneficiaryCode?: string;
  /** Sicoob: modalidade (2 digits, default "01"). */
  modality?: string;
  /** Sicoob: número da parcela (3 digits, default "001"). */
  installment?: string;
  /** Santander: IOF of insurance companies (1 digit, default "0"). */
  iof?: string;
};

export type MadeBoleto = {
  barcode: string;
  line: string;
  freeField: string;
  /** Nosso número as the bank prints it, with its check digit where the bank has one. */
  ourNumberFormatted: string;
  /** "Agência/Código do beneficiário" as printed on the slip. */
  agencyCode: string;
  wallet: string;
  bank: BoletoBank;
  amountCents: number;
  dueDate: string;
};

type FreeFieldResult = { freeField: string; ourNumberFormatted: string; agencyCode: string };

/** How each field is named in messages, with its article for "informe a agência". */
const LABELS: Record<string, [article: "o" | "a", label: string]> = {
  agency: ["a", "agência"],
  cooperative: ["a", "cooperativa (agência)"],
  account: ["a", "conta"],
  wallet: ["a", "carteira"],
  ourNumber: ["o", "nosso número"],
  beneficiaryCode: ["o", "código do beneficiário"],
  clientCode: ["o", "código do cliente (beneficiário)"],
  modality: ["a", "modalidade"],
  installment: ["a", "parcela"],
  iof: ["o", "IOF"],
};

/** Collects field errors so that one call reports every wrong field at once. */
class InputCheck {
  readonly errors: FieldError[] = [];

  /**
   * Digits only, at most `max` (and at least `min`) of them; returns the value left-padded with
   * zeros to `max`. `name` picks the wording of the messages (defaults to the field).
   */
  digits(field: keyof MakeBoletoInput, value: string | undefined, max: number, min = 1, name: string = field): string {
    const [article, label] = LABELS[name] ?? ["o", name];
    const v = (value ?? "").trim();
    const fail = (reason: string) => {
      this.errors.push({ field, reason });
      return "0".repeat(max);
    };
    if (v === "") return fail(`informe ${article} ${label}`);
    if (!/^\d+$/.test(v)) return fail(`${label} deve conter apenas dígitos (recebido: '${v}')`);
    if (v.length > max || v.length < min) {
      const size = min === max ? `${max}` : min > 1 ? `de ${min} a ${max}` : `até ${max}`;
      return fail(`${label} deve ter ${size} ${max === 1 ? "dígito" : "dígitos"} (recebido: ${v.length})`);
    }
    return v.padStart(max, "0");
  }

  fail(field: keyof MakeBoletoInput, reason: string): void {
    this.errors.push({ field, reason });
  }
}

const withDigit = (value: string, digit: string | undefined) => (digit ? `${value}-${digit}` : value);

function bancoDoBrasil(input: MakeBoletoInput, check: InputCheck): FreeFieldResult {
  const agency = check.digits("agency", input.agency, 4);
  const wallet = check.digits("wallet", input.wallet, 2);
  const convenio = (input.convenio ?? "").trim();
  if (!/^\d{4}$|^\d{6,8}$/.test(convenio)) {
    check.fail("convenio", `convênio do Banco do Brasil deve ter 4, 6, 7 ou 8 dígitos (recebido: '${convenio}')`);
    return { freeField: "", ourNumberFormatted: "", agencyCode: "" };
  }
  if (convenio.length >= 7) {
    // Convênio of 7 (8) digits: nosso número of 17 = convênio + 10 (9) digits, no check digit.
    const ourNumber = check.digits("ourNumber", input.ourNumber, 17 - convenio.length);
    const full = convenio + ourNumber;
    return { freeField: `000000${full}${wallet}`, ourNumberFormatted: full, agencyCode: `${agency}/${convenio}` };
  }
  // Convênio of 4 (6) digits: nosso número of 11 = convênio + 7 (5) digits, then agência and conta.
  const ourNumber = check.digits("ourNumber", input.ourNumber, 11 - convenio.length);
  const account = check.digits("account", input.account, 8);
  const full = convenio + ourNumber;
  return {
    freeField: `${full}${agency}${account}${wallet}`,
    ourNumberFormatted: `${full}-${bancoDoBrasilDv(full)}`,
    agencyCode: `${agency}/${withDigit(account, input.accountDigit)}`,
  };
}

function bradesco(input: MakeBoletoInput, check: InputCheck): FreeFieldResult {
  const agency = check.digits("agency", input.agency, 4);
  const wallet = check.digits("wallet", input.wallet, 2);
  const ourNumber = check.digits("ourNumber", input.ourNumber, 11);
  const account = check.digits("account", input.account, 7);
  return {
    freeField: `${agency}${wallet}${ourNumber}${account}0`,
    ourNumberFormatted: `${wallet}/${ourNumber}-${bradescoDv(wallet + ourNumber)}`,
    agencyCode: `${agency}/${withDigit(account, input.accountDigit)}`,
  };
}

/** Itaú wallets whose DAC covers only carteira + nosso número. */
const ITAU_SHORT_DAC_WALLETS = new Set(["126", "131", "146", "150", "168"]);
/** Itaú wallets with a 15-digit nosso número and another free-field layout, not supported. */
const ITAU_OTHER_LAYOUT_WALLETS = new Set(["106", "107", "122", "142", "143", "195", "196", "198"]);

function itau(input: MakeBoletoInput, check: InputCheck): FreeFieldResult {
  const agency = check.digits("agency", input.agency, 4);
  const wallet = check.digits("wallet", input.wallet, 3, 3);
  const ourNumber = check.digits("ourNumber", input.ourNumber, 8);
  const account = check.digits("account", input.account, 5);
  if (ITAU_OTHER_LAYOUT_WALLETS.has(wallet)) {
    check.fail("wallet", `carteira ${wallet} do Itaú usa nosso número de 15 posições e não é suportada`);
  }
  const dac = mod10(ITAU_SHORT_DAC_WALLETS.has(wallet) ? wallet + ourNumber : agency + account + wallet + ourNumber);
  // The account's check digit at Itaú is the module 10 of agência + conta.
  const accountDac = mod10(agency + account);
  if (input.accountDigit !== undefined && input.accountDigit !== "" && input.accountDigit !== String(accountDac)) {
    check.fail("accountDigit", `dígito da conta não confere com agência e conta (esperado ${accountDac})`);
  }
  return {
    freeField: `${wallet}${ourNumber}${dac}${agency}${account}${accountDac}000`,
    ourNumberFormatted: `${wallet}/${ourNumber}-${dac}`,
    agencyCode: `${agency}/${account}-${accountDac}`,
  };
}

/** Caixa SIGCB: carteira 1 (registrada) or 2 (sem registro); emission 4 (by the beneficiary). */
function caixa(input: MakeBoletoInput, check: InputCheck): FreeFieldResult {
  const agency = check.digits("agency", input.agency, 4);
  const code = check.digits("beneficiaryCode", input.beneficiaryCode, 6);
  const wallet = input.wallet.trim();
  if (wallet !== "1" && wallet !== "2") {
    check.fail("wallet", `carteira da Caixa deve ser 1 (registrada) ou 2 (sem registro) (recebido: '${wallet}')`);
  }
  const sequence = check.digits("ourNumber", input.ourNumber, 15);
  const ourNumber = `${wallet}4${sequence}`;
  const codeDv = mod11(code);
  const body =
    code +
    codeDv +
    ourNumber.slice(2, 5) +
    ourNumber.slice(0, 1) +
    ourNumber.slice(5, 8) +
    ourNumber.slice(1, 2) +
    ourNumber.slice(8, 17);
  return {
    freeField: body + mod11(body),
    ourNumberFormatted: `${ourNumber}-${mod11(ourNumber)}`,
    agencyCode: `${agency}/${code}-${codeDv}`,
  };
}

function santander(input: MakeBoletoInput, check: InputCheck): FreeFieldResult {
  const agency = check.digits("agency", input.agency, 4);
  const code = check.digits("beneficiaryCode", input.beneficiaryCode, 7);
  const wallet = check.digits("wallet", input.wallet, 3, 3);
  const ourNumber = check.digits("ourNumber", input.ourNumber, 12);
  const iof = check.digits("iof", input.iof ?? "0", 1);
  const dv = mod11(ourNumber);
  return {
    freeField: `9${code}${ourNumber}${dv}${iof}${wallet}`,
    ourNumberFormatted: `${ourNumber}-${dv}`,
    agencyCode: `${agency}/${code}`,
  };
}

function sicoob(input: MakeBoletoInput, check: InputCheck): FreeFieldResult {
  const cooperative = check.digits("agency", input.agency, 4, 1, "cooperative");
  const wallet = check.digits("wallet", input.wallet, 1);
  const code = check.digits("beneficiaryCode", input.beneficiaryCode, 7, 1, "clientCode");
  const ourNumber = check.digits("ourNumber", input.ourNumber, 7);
  const modality = check.digits("modality", input.modality ?? "01", 2);
  const installment = check.digits("installment", input.installment ?? "001", 3);
  const dv = sicoobDv(cooperative + code.padStart(10, "0") + ourNumber);
  return {
    freeField: `${wallet}${cooperative}${modality}${code}${ourNumber}${dv}${installment}`,
    ourNumberFormatted: `${ourNumber}-${dv}`,
    agencyCode: `${cooperative}/${code}`,
  };
}

const FREE_FIELD_BUILDERS: Record<BoletoBank, (input: MakeBoletoInput, check: InputCheck) => FreeFieldResult> = {
  "001": bancoDoBrasil,
  "033": santander,
  "104": caixa,
  "237": bradesco,
  "341": itau,
  "756": sicoob,
};

/**
 * Builds a bank slip: the bank's free field, the 44-digit barcode and the 47-digit line.
 * Throws AppError "validation" naming every wrong field.
 */
export function makeBoleto(input: MakeBoletoInput): MadeBoleto {
  const check = new InputCheck();
  const builder = FREE_FIELD_BUILDERS[input.bank];
  if (!builder) {
    const reason = `banco ${String(input.bank)} não suportado (use ${BOLETO_BANKS.join(", ")})`;
    throw new AppError("validation", `bank: ${reason}`, [{ field: "bank", reason }]);
  }
  const { amountCents } = input;
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    check.fail("amountCents", "valor deve ser um número inteiro de centavos, zero ou positivo");
  } else if (amountCents > MAX_BOLETO_AMOUNT_CENTS) {
    check.fail("amountCents", "valor acima do máximo de R$ 99.999.999,99 que cabe no código de barras");
  }
  let factor = 0;
  try {
    factor = factorFromDueDate(input.dueDate);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    check.fail("dueDate", error.errors[0]?.reason ?? error.message);
  }
  const built = builder(input, check);
  if (check.errors.length > 0) {
    const [first] = check.errors;
    const detail = check.errors.length === 1 && first ? `${first.field}: ${first.reason}` : "dados do boleto inválidos";
    throw new AppError("validation", detail, check.errors);
  }
  if (built.freeField.length !== 25) throw new Error(`campo livre com ${built.freeField.length} posições`);
  const withoutDv = `${input.bank}9${String(factor).padStart(4, "0")}${String(amountCents).padStart(10, "0")}${built.freeField}`;
  const barcode = withoutDv.slice(0, 4) + bankBarcodeDv(withoutDv) + withoutDv.slice(4);
  return {
    barcode,
    line: barcodeToLine(barcode),
    freeField: built.freeField,
    ourNumberFormatted: built.ourNumberFormatted,
    agencyCode: built.agencyCode,
    wallet: input.wallet.trim(),
    bank: input.bank,
    amountCents,
    dueDate: input.dueDate,
  };
}
