/**
 * The pure rules of issuing boletos from a billing account ("carteira de cobrança"): which
 * fields each bank needs, how many nosso número digits its free field holds, the nosso
 * número as the bank reports it in return files (what `debts.our_number` stores and the
 * CNAB import matches), and the texts printed on the slip. No I/O: could live in
 * domain/boleto; kept beside its only callers.
 */

import { formatDateBr } from "../../domain/br/dates.ts";
import { formatCents } from "../../domain/br/money.ts";
import { BOLETO_BANKS, makeBoleto, type BoletoBank, type MakeBoletoInput } from "../../domain/boleto/make-boleto.ts";
import type { ChargeBreakdown, ChargeTerms } from "../../domain/charges/charges.ts";
import { AppError, type FieldError } from "../../shared/app-error.ts";

/** The bank numbering of an account: what `makeBoleto` needs besides the slip's own data. */
export type BillingAccountSpec = {
  bank: BoletoBank;
  agency: string;
  agencyDigit: string | null;
  account: string | null;
  accountDigit: string | null;
  wallet: string;
  convenio: string | null;
  beneficiaryCode: string | null;
  modality: string | null;
};

/** At most this many instruction lines of the account on each slip (the box holds about ten lines). */
export const MAX_ACCOUNT_INSTRUCTION_LINES = 3;
export const MAX_INSTRUCTION_LENGTH = 80;
export const MAX_DAYS_TO_PAY = 60;

export function isBoletoBank(bank: string): bank is BoletoBank {
  return (BOLETO_BANKS as readonly string[]).includes(bank);
}

/**
 * How a bank's free field holds the nosso número: `width` digits of sequence, after a fixed
 * `prefix` that the bank also reports in its return files (Banco do Brasil: the convênio;
 * Caixa: carteira + "4", emission by the beneficiary).
 */
export function ourNumberLayout(spec: BillingAccountSpec): { prefix: string; width: number } {
  const convenio = (spec.convenio ?? "").trim();
  switch (spec.bank) {
    case "001":
      return { prefix: convenio, width: (convenio.length >= 7 ? 17 : 11) - convenio.length };
    case "104":
      return { prefix: `${spec.wallet.trim()}4`, width: 15 };
    case "237":
      return { prefix: "", width: 11 };
    case "341":
      return { prefix: "", width: 8 };
    case "033":
      return { prefix: "", width: 12 };
    case "756":
      return { prefix: "", width: 7 };
  }
}

/** The largest sequence the account's numbering holds. */
export function maxOurNumberSequence(spec: BillingAccountSpec): number {
  return 10 ** ourNumberLayout(spec).width - 1;
}

const stripZeros = (digits: string) => digits.replace(/^0+(?=\d)/, "");

/**
 * The nosso número of sequence `sequence` as the bank reports it in CNAB return files and
 * as `debts.our_number` stores it: prefix + zero-padded sequence, no check digit, leading
 * zeros removed (the CNAB parser removes them too).
 */
export function storedOurNumber(spec: BillingAccountSpec, sequence: number): string {
  const { prefix, width } = ourNumberLayout(spec);
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > 10 ** width - 1) {
    throw new AppError("validation", `nosso número ${sequence} não cabe nas ${width} posições da carteira`, [{ field: "ourNumber", reason: `até ${width} dígitos` }]);
  }
  return stripZeros(prefix + String(sequence).padStart(width, "0"));
}

/**
 * The sequence inside a stored nosso número, or null when it does not belong to the
 * account's numbering (too long, or another convênio/carteira prefix).
 */
export function sequenceOfOurNumber(spec: BillingAccountSpec, stored: string): number | null {
  const digits = stored.trim();
  if (!/^\d+$/.test(digits)) return null;
  const { prefix, width } = ourNumberLayout(spec);
  const total = prefix.length + width;
  const plain = stripZeros(digits);
  if (plain.length > total) return null;
  const full = plain.padStart(total, "0");
  if (!full.startsWith(prefix)) return null;
  return Number(full.slice(prefix.length));
}

/** The `makeBoleto` input for one slip of the account. */
export function makeInputOf(spec: BillingAccountSpec, sequence: number, amountCents: number, dueDate: string): MakeBoletoInput {
  return {
    bank: spec.bank,
    agency: spec.agency,
    account: spec.account ?? undefined,
    accountDigit: spec.accountDigit ?? undefined,
    wallet: spec.wallet,
    ourNumber: String(sequence),
    amountCents,
    dueDate,
    convenio: spec.convenio ?? undefined,
    beneficiaryCode: spec.beneficiaryCode ?? undefined,
    modality: spec.modality ?? undefined,
  };
}

/** Fields a bank does not use, refused so that a typo in the wrong option does not pass unnoticed. */
const ONLY_FOR: { field: keyof BillingAccountSpec; banks: readonly BoletoBank[]; label: string }[] = [
  { field: "convenio", banks: ["001"], label: "convênio só se aplica ao Banco do Brasil (001)" },
  { field: "beneficiaryCode", banks: ["104", "033", "756"], label: "código do beneficiário só se aplica a Caixa (104), Santander (033) e Sicoob (756)" },
  { field: "modality", banks: ["756"], label: "modalidade só se aplica ao Sicoob (756)" },
];

/**
 * Every problem of an account's bank data, in Portuguese, field by field: the field sizes
 * come from the bank's free-field layout (a trial `makeBoleto`), plus the digits printed
 * beside agency and account and the fields the bank does not use.
 */
export function checkBillingAccountSpec(spec: Omit<BillingAccountSpec, "bank"> & { bank: string }): FieldError[] {
  if (!isBoletoBank(spec.bank)) return [{ field: "bank", reason: `banco '${spec.bank}' não suportado (use ${BOLETO_BANKS.join(", ")})` }];
  const bank = spec.bank;
  const errors: FieldError[] = [];
  for (const rule of ONLY_FOR) {
    const value = spec[rule.field];
    if (value !== null && value.trim() !== "" && !rule.banks.includes(bank)) errors.push({ field: rule.field, reason: rule.label });
  }
  for (const field of ["agencyDigit", "accountDigit"] as const) {
    const value = spec[field];
    if (value !== null && !/^[0-9XP]$/i.test(value.trim())) {
      errors.push({ field, reason: `${field === "agencyDigit" ? "dígito da agência" : "dígito da conta"} deve ser um dígito (ou X/P) (recebido: '${value}')` });
    }
  }
  try {
    makeBoleto(makeInputOf({ ...spec, bank }, 1, 0, "2025-03-01"));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    for (const e of error.errors) if (!errors.some((x) => x.field === e.field)) errors.push(e);
  }
  return errors;
}

/** 200 → "2", 250 → "2,5", 133 → "1,33": a percentage in basis points as Brazilians write it. */
export function formatPercentBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole},${frac}` : String(whole);
}

/** Daily late interest on `baseCents` at `monthlyBp` (monthly rate / 30, half-up to the centavo). */
export function dailyInterestCents(baseCents: number, monthlyBp: number): number {
  return Number((2n * BigInt(baseCents) * BigInt(monthlyBp) + 300_000n) / 600_000n);
}

export type SlipTextsInput = {
  externalId: string;
  /** The debt's own due date. */
  debtDueDate: string;
  /** What the debt owes on the slip's due date (the slip's amount is its total). */
  breakdown: ChargeBreakdown;
  /** True when the amount already carries the fine (the debt is late on the slip's due date, or the fine was assessed by a partial payment). */
  fineIncluded: boolean;
  terms: ChargeTerms;
  accountInstructions: readonly string[];
  /** The creditor, as CDC art. 42-A asks every collection document to name it. */
  creditor: { legalName: string; document: string; address: string };
};

/**
 * The instructions printed on the slip, in order: what the bank charges after the due
 * date (fine once, unless already in the amount, and daily interest on the corrected
 * principal, so interest never bears interest), what the amount is made of, the account's
 * own lines, and the creditor's identification (CDC art. 42-A).
 */
export function slipInstructions(input: SlipTextsInput): string[] {
  const { breakdown: b, terms } = input;
  const lines: string[] = [];
  const daily = dailyInterestCents(b.principalCents + b.correctionCents, terms.interestMonthlyBp);
  const interest = terms.interestMonthlyBp > 0 ? `juros de mora de ${formatPercentBp(terms.interestMonthlyBp)} % ao mês${daily > 0 ? ` (${formatCents(daily)} por dia de atraso)` : ""}` : "";
  const fine = terms.fineBp > 0 && !input.fineIncluded ? `multa de ${formatPercentBp(terms.fineBp)} %` : "";
  if (fine && interest) lines.push(`Após o vencimento, cobrar ${fine} e ${interest}.`);
  else if (fine || interest) lines.push(`Após o vencimento, cobrar ${fine || interest}${input.fineIncluded && terms.fineBp > 0 ? "; a multa já está incluída no valor" : ""}.`);
  else lines.push(input.fineIncluded && terms.fineBp > 0 ? "Após o vencimento, não cobrar nova multa nem juros." : "Após o vencimento, não cobrar multa nem juros.");

  const parts = [`principal ${formatCents(b.principalCents)}`];
  if (b.fineCents > 0) parts.push(`multa ${formatCents(b.fineCents)}`);
  if (b.interestCents > 0) parts.push(`juros ${formatCents(b.interestCents)}`);
  if (b.correctionCents > 0) parts.push(`correção ${formatCents(b.correctionCents)}`);
  const due = formatDateBr(input.debtDueDate);
  lines.push(
    parts.length === 1
      ? `Referente ao título ${input.externalId}, vencimento original ${due}: ${parts[0]}.`
      : `Referente ao título ${input.externalId}, vencimento original ${due}: ${parts.join(" + ")} = ${formatCents(b.totalCents)}.`,
  );
  for (const line of input.accountInstructions) if (line.trim()) lines.push(line.trim());
  const c = input.creditor;
  lines.push(`Credor: ${c.legalName}, CNPJ ${c.document}${c.address ? `, ${c.address}` : ""} (CDC art. 42-A).`);
  return lines;
}

/** "Rua A, 10, Campinas/SP, CEP 13000-000", skipping what is missing. */
export function formatAddress(parts: { address: string | null; city: string | null; state: string | null; zip: string | null }): string {
  const zip = (parts.zip ?? "").replace(/\D/g, "");
  const place = [parts.city?.trim(), parts.state?.trim()].filter(Boolean).join("/");
  return [parts.address?.trim(), place, zip.length === 8 ? `CEP ${zip.slice(0, 5)}-${zip.slice(5)}` : zip ? `CEP ${zip}` : ""].filter(Boolean).join(", ");
}
