import type { Kysely, Selectable, Transaction } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { BillingAccountTable } from "../../db/schema/billing.ts";
import { isValidDocument, normalizeDocument } from "../../domain/br/documents.ts";
import { bankName } from "../../domain/boleto/format-boleto.ts";
import { AppError, type FieldError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import {
  checkBillingAccountSpec,
  isBoletoBank,
  maxOurNumberSequence,
  MAX_ACCOUNT_INSTRUCTION_LINES,
  MAX_DAYS_TO_PAY,
  MAX_INSTRUCTION_LENGTH,
  type BillingAccountSpec,
} from "./billing-rules.ts";

/** A new billing account ("carteira de cobrança") of a creditor. Empty strings count as absent. */
export type BillingAccountInput = {
  /** A label people recognise (default: bank, agency and wallet). */
  name?: string | null;
  bank: string;
  agency: string;
  agencyDigit?: string | null;
  account?: string | null;
  accountDigit?: string | null;
  wallet: string;
  convenio?: string | null;
  beneficiaryCode?: string | null;
  modality?: string | null;
  /** Who the slip names as beneficiary when not the creditor itself (all three together). */
  beneficiaryName?: string | null;
  beneficiaryDocument?: string | null;
  beneficiaryAddress?: string | null;
  /** Lines printed on every slip (at most 3 of 80 characters). */
  instructions?: string[];
  /** Days from issue to the default due date (moved to a business day); default 3. */
  daysToPay?: number;
  /** The first nosso número sequence to hand out (an account moving from another system continues its numbering); default 1. */
  nextOurNumber?: number;
  /** Make it the creditor's default account (the first account always is). */
  isDefault?: boolean;
};

export type BillingAccountView = {
  id: string;
  name: string;
  bank: string;
  bankName: string | null;
  agency: string;
  agencyDigit: string | null;
  account: string | null;
  accountDigit: string | null;
  wallet: string;
  convenio: string | null;
  beneficiaryCode: string | null;
  modality: string | null;
  /** Null: the slips name the creditor (legal name, CNPJ, address). */
  beneficiary: { name: string; document: string; address: string } | null;
  instructions: string[];
  daysToPay: number;
  nextOurNumber: number;
  /** The last sequence the numbering holds. */
  maxOurNumber: number;
  isDefault: boolean;
  createdAt: string;
};

export const DEFAULT_DAYS_TO_PAY = 3;

export type BillingAccountRow = Selectable<BillingAccountTable>;

/** The bank numbering stored on an account row. */
export function specOfRow(row: Pick<BillingAccountRow, "bank" | "agency" | "agency_digit" | "account" | "account_digit" | "wallet" | "convenio" | "beneficiary_code" | "modality">): BillingAccountSpec {
  if (!isBoletoBank(row.bank)) throw new AppError("internal", `carteira com banco não suportado: ${row.bank}`);
  return {
    bank: row.bank, agency: row.agency, agencyDigit: row.agency_digit, account: row.account, accountDigit: row.account_digit,
    wallet: row.wallet, convenio: row.convenio, beneficiaryCode: row.beneficiary_code, modality: row.modality,
  };
}

export function billingAccountView(row: BillingAccountRow): BillingAccountView {
  return {
    id: String(row.id), name: row.name, bank: row.bank, bankName: bankName(row.bank) ?? null, agency: row.agency, agencyDigit: row.agency_digit,
    account: row.account, accountDigit: row.account_digit, wallet: row.wallet, convenio: row.convenio, beneficiaryCode: row.beneficiary_code, modality: row.modality,
    beneficiary: row.beneficiary_name ? { name: row.beneficiary_name, document: row.beneficiary_document ?? "", address: row.beneficiary_address ?? "" } : null,
    instructions: JSON.parse(row.instructions) as string[], daysToPay: row.days_to_pay, nextOurNumber: Number(row.next_our_number),
    maxOurNumber: maxOurNumberSequence(specOfRow(row)), isDefault: row.is_default === 1, createdAt: row.created_at,
  };
}

const text = (value: string | null | undefined): string | null => {
  const v = (value ?? "").trim();
  return v === "" ? null : v;
};

function fail(errors: FieldError[]): never {
  const [first] = errors;
  const detail = errors.length === 1 && first ? `${first.field}: ${first.reason}` : `dados da carteira de cobrança inválidos (${errors.length} erros)`;
  throw new AppError("validation", detail, errors);
}

type CheckedInput = Omit<BillingAccountRow, "id" | "creditor_id" | "is_default" | "created_at" | "updated_at">;

/** Validates every field at once and returns the row to store, or throws `validation` naming each wrong field in Portuguese. */
export function checkBillingAccountInput(input: BillingAccountInput): CheckedInput {
  const bank = (input.bank ?? "").trim();
  const spec = {
    bank, agency: (input.agency ?? "").trim(), agencyDigit: text(input.agencyDigit), account: text(input.account), accountDigit: text(input.accountDigit),
    wallet: (input.wallet ?? "").trim(), convenio: text(input.convenio), beneficiaryCode: text(input.beneficiaryCode), modality: text(input.modality),
  };
  const errors = checkBillingAccountSpec(spec);
  const specIsValid = errors.length === 0;
  const beneficiary = { name: text(input.beneficiaryName), document: text(input.beneficiaryDocument), address: text(input.beneficiaryAddress) };
  const given = Object.values(beneficiary).filter((v) => v !== null).length;
  if (given > 0 && given < 3) {
    for (const [field, value] of [["beneficiaryName", beneficiary.name], ["beneficiaryDocument", beneficiary.document], ["beneficiaryAddress", beneficiary.address]] as const) {
      if (value === null) errors.push({ field, reason: "informe nome, CPF/CNPJ e endereço do beneficiário juntos (ou nenhum, para usar os do credor)" });
    }
  }
  if (beneficiary.document !== null && !isValidDocument(beneficiary.document)) errors.push({ field: "beneficiaryDocument", reason: `CPF/CNPJ do beneficiário inválido: '${beneficiary.document}'` });
  const instructions = (input.instructions ?? []).map((l) => l.trim()).filter((l) => l !== "");
  if (instructions.length > MAX_ACCOUNT_INSTRUCTION_LINES) errors.push({ field: "instructions", reason: `no máximo ${MAX_ACCOUNT_INSTRUCTION_LINES} linhas de instruções (recebidas: ${instructions.length})` });
  instructions.forEach((line, i) => {
    if (line.length > MAX_INSTRUCTION_LENGTH) errors.push({ field: "instructions", reason: `a linha ${i + 1} das instruções passa de ${MAX_INSTRUCTION_LENGTH} caracteres (${line.length})` });
  });
  const daysToPay = input.daysToPay ?? DEFAULT_DAYS_TO_PAY;
  if (!Number.isInteger(daysToPay) || daysToPay < 0 || daysToPay > MAX_DAYS_TO_PAY) errors.push({ field: "daysToPay", reason: `prazo para pagamento deve ser um número inteiro de dias entre 0 e ${MAX_DAYS_TO_PAY}` });
  const next = input.nextOurNumber ?? 1;
  if (!Number.isSafeInteger(next) || next < 1) {
    errors.push({ field: "nextOurNumber", reason: "próximo nosso número deve ser um número inteiro a partir de 1" });
  } else if (specIsValid && isBoletoBank(bank)) {
    const max = maxOurNumberSequence({ ...spec, bank });
    if (next > max) errors.push({ field: "nextOurNumber", reason: `próximo nosso número deve estar entre 1 e ${max} nesta carteira` });
  }
  const name = text(input.name);
  if (name !== null && name.length > 80) errors.push({ field: "name", reason: "nome da carteira com mais de 80 caracteres" });
  if (errors.length > 0) fail(errors);
  return {
    name: name ?? `${bankName(bank) ?? `Banco ${bank}`} ag. ${spec.agency} carteira ${spec.wallet}`,
    bank, agency: spec.agency, agency_digit: spec.agencyDigit?.toUpperCase() ?? null, account: spec.account, account_digit: spec.accountDigit?.toUpperCase() ?? null,
    wallet: spec.wallet, convenio: spec.convenio, beneficiary_code: spec.beneficiaryCode, modality: spec.modality,
    beneficiary_name: beneficiary.name, beneficiary_document: beneficiary.document === null ? null : normalizeDocument(beneficiary.document),
    beneficiary_address: beneficiary.address, next_our_number: next, instructions: JSON.stringify(instructions), days_to_pay: daysToPay,
  };
}

/**
 * Adds a billing account to a creditor (admin or manager, audited). The first account, or
 * one added with `isDefault`, becomes the default the boletos use. An account with the same
 * bank numbering (bank, agency, account, wallet, convênio, beneficiary code) is refused:
 * two sequences over one numbering would hand out the same nosso número twice.
 */
export async function addBillingAccount(deps: AppDeps, actor: Actor, creditorId: string, input: BillingAccountInput): Promise<BillingAccountView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "billing.manage");
  const checked = checkBillingAccountInput(input);
  const now = deps.clock.now().toISOString();
  const row = await deps.database.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("billing_accounts").selectAll().where("creditor_id", "=", scope.creditorId).execute();
    const same = existing.find(
      (a) => a.bank === checked.bank && a.agency === checked.agency && a.account === checked.account && a.wallet === checked.wallet && a.convenio === checked.convenio && a.beneficiary_code === checked.beneficiary_code,
    );
    if (same) throw new AppError("conflict", `Já existe a carteira ${same.id} (${same.name}) com esta numeração: use-a em vez de criar outra.`);
    const isDefault = existing.length === 0 || input.isDefault === true;
    if (isDefault) await trx.updateTable("billing_accounts").set({ is_default: 0, updated_at: now }).where("creditor_id", "=", scope.creditorId).where("is_default", "=", 1).execute();
    const inserted = await trx
      .insertInto("billing_accounts")
      .values({ ...checked, creditor_id: scope.creditorId, is_default: isDefault ? 1 : 0, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const stored = { ...inserted, id: Number(inserted.id) };
    const view = billingAccountView(stored);
    await recordAudit(trx, actor, deps.clock.now(), { action: "billing_account.create", entity: "billing_account", entityId: view.id, creditorId: scope.creditorId, after: view });
    return stored;
  });
  return billingAccountView(row);
}

/** The creditor's billing accounts, the default first (admin or manager). */
export async function listBillingAccounts(deps: AppDeps, actor: Actor, creditorId: string): Promise<{ items: BillingAccountView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "billing.manage");
  const rows = await deps.database.db.selectFrom("billing_accounts").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("is_default", "desc").orderBy("id").execute();
  return { items: rows.map((r) => billingAccountView({ ...r, id: Number(r.id) })) };
}

/** One account of the scope's creditor, or undefined. */
export async function findBillingAccount(db: Kysely<Schema> | Transaction<Schema>, scope: CreditorScope, accountId: number): Promise<BillingAccountRow | undefined> {
  const row = await db.selectFrom("billing_accounts").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", accountId).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}
