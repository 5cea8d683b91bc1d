import type { Transaction } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { addDays, formatDateBr, isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { formatDocument } from "../../domain/br/documents.ts";
import { isUf, timeZoneOf } from "../../domain/br/uf.ts";
import { makeBoleto } from "../../domain/boleto/make-boleto.ts";
import { nextBusinessDay } from "../../domain/calendar/holidays.ts";
import { computeCharges, graceDate } from "../../domain/charges/charges.ts";
import { AppError, invalid } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import { loadChargeContext } from "../charges/charge-state.ts";
import type { DebtRef } from "../charges/get-debt-charges.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { findBillingAccount, specOfRow, type BillingAccountRow } from "./billing-accounts.ts";
import { formatAddress, makeInputOf, maxOurNumberSequence, sequenceOfOurNumber, slipInstructions, storedOurNumber, type BillingAccountSpec } from "./billing-rules.ts";
import { presentBoletos, resolveDebtId, selectBoletoRows, type BoletoView, type StoredSlip } from "./boleto-views.ts";

export type IssueBoletoInput = {
  debt: DebtRef;
  /** The billing account; default: the one of the debt's last boleto, else the creditor's default account. */
  accountId?: string | number;
  /** YYYY-MM-DD; default: see `defaultDueDate`. */
  dueDate?: string;
};

/** Paying at a bank is possible only on business days: the debtor's UF, else the creditor's, else national holidays only. */
function businessDayFrom(date: string, uf: string | null): string {
  return uf ? nextBusinessDay(date, uf) : graceDate(date, null);
}

/**
 * The slip's due date when none is given: a debt not yet due keeps its own due date (no
 * charges for paying on time); an overdue one gets `today + daysToPay`, moved to the next
 * business day.
 */
export function defaultDueDate(input: { today: string; debtDueDate: string; daysToPay: number; uf: string | null }): string {
  if (input.debtDueDate >= input.today) return input.debtDueDate;
  return businessDayFrom(addDays(input.today, input.daysToPay), input.uf);
}

const PAYMENT_PLACE = "Pagável em qualquer banco ou correspondente bancário, mesmo após o vencimento";
/** Allocation gives up after skipping this many numbers already taken by other debts. */
const MAX_SKIPS = 1000;

/**
 * Takes the next nosso número of the account: `UPDATE … SET next = next + 1 RETURNING`
 * inside the issuing transaction, so the row lock (PostgreSQL) or the single writer
 * (SQLite) makes concurrent issues take different numbers. Numbers another debt of the
 * creditor already carries (imported from an older system) are skipped: the return file
 * must name one debt.
 */
async function allocateOurNumber(trx: Transaction<Schema>, scope: CreditorScope, account: BillingAccountRow, spec: BillingAccountSpec, now: string): Promise<{ sequence: number; stored: string }> {
  const max = maxOurNumberSequence(spec);
  for (let skip = 0; skip <= MAX_SKIPS; skip++) {
    const row = await trx
      .updateTable("billing_accounts")
      .set((eb) => ({ next_our_number: eb("next_our_number", "+", 1), updated_at: now }))
      .where("creditor_id", "=", scope.creditorId)
      .where("id", "=", account.id)
      .returning("next_our_number")
      .executeTakeFirstOrThrow();
    const sequence = Number(row.next_our_number) - 1;
    if (sequence > max) {
      throw new AppError("conflict", `A numeração da carteira ${account.id} (${account.name}) esgotou: o nosso número passa de ${max}. Cadastre outra carteira.`);
    }
    const stored = storedOurNumber(spec, sequence);
    const taken = await trx.selectFrom("debts").select("id").where("creditor_id", "=", scope.creditorId).where("our_number", "=", stored).executeTakeFirst();
    if (!taken) return { sequence, stored };
  }
  throw new AppError("conflict", `Não há nosso número livre na carteira ${account.id}: os próximos ${MAX_SKIPS} já pertencem a outros títulos.`);
}

/**
 * Issues a boleto for one debt through a billing account: the amount is what the debt owes
 * on the slip's due date (principal + fine + interest + correction, `computeCharges`), the
 * nosso número is the debt's own (a re-issue with another due date or amount keeps it: the
 * bank registers an alteration, and older slips of the debt are marked cancelled) or the
 * account's next one, stored on the debt so the bank's return file settles it. The slip is
 * stored with everything the PDF prints, on the debtor's timeline and in the audit log.
 */
export async function issueBoleto(deps: AppDeps, actor: Actor, creditorId: string, input: IssueBoletoInput): Promise<BoletoView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "boleto.issue");
  const { db } = deps.database;
  const debtId = await resolveDebtId(db, scope, input.debt);
  if (input.dueDate !== undefined && !isValidIsoDate(input.dueDate)) throw invalid("dueDate", `data inválida '${input.dueDate}' (use AAAA-MM-DD)`);
  let accountId: number | undefined;
  if (input.accountId !== undefined && input.accountId !== "") {
    accountId = Number(input.accountId);
    if (!/^\d{1,15}$/.test(String(input.accountId)) || !Number.isSafeInteger(accountId)) throw new AppError("not_found", "Carteira de cobrança não encontrada.");
  }

  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const boletoId = await db.transaction().execute(async (trx) => {
    // The debt row is the lock two issues of one debt queue on (its nosso número is read and written here).
    let debtQuery = trx
      .selectFrom("debts")
      .select(["id", "debtor_id", "external_id", "status", "open_cents", "our_number", "due_date"])
      .where("creditor_id", "=", scope.creditorId)
      .where("id", "=", debtId);
    if (deps.database.dialect === "postgres") debtQuery = debtQuery.forUpdate();
    const debt = await debtQuery.executeTakeFirst();
    if (!debt) throw new AppError("not_found", "Título não encontrado.");
    if (debt.status !== "open") {
      throw new AppError("invalid_input", `O título ${debt.external_id} não está em aberto (situação: ${debt.status}): não se emite boleto.`, [{ field: "debt", reason: `situação ${debt.status}` }]);
    }
    if (Number(debt.open_cents) <= 0) throw new AppError("invalid_input", `O título ${debt.external_id} não tem saldo em aberto.`, [{ field: "debt", reason: "sem saldo" }]);

    const debtor = await trx.selectFrom("debtors").select(["name", "document", "state", "city", "zip", "address"]).where("creditor_id", "=", scope.creditorId).where("id", "=", debt.debtor_id).executeTakeFirstOrThrow();
    const creditor = await trx.selectFrom("creditors").select(["legal_name", "cnpj", "address", "city", "state", "zip", "time_zone"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
    const debtorUf = debtor.state && isUf(debtor.state) ? debtor.state : null;
    const uf = debtorUf ?? (isUf(creditor.state) ? creditor.state : null);
    const today = localDateOf(nowDate, debtorUf ? timeZoneOf(debtorUf) : creditor.time_zone);

    const last = await trx.selectFrom("boletos").select(["account_id"]).where("creditor_id", "=", scope.creditorId).where("debt_id", "=", debtId).orderBy("id", "desc").limit(1).executeTakeFirst();
    const lastAccountId = last ? Number(last.account_id) : undefined;
    let account: BillingAccountRow | undefined;
    if (accountId !== undefined) {
      account = await findBillingAccount(trx, scope, accountId);
      if (!account) throw new AppError("not_found", "Carteira de cobrança não encontrada.");
      if (debt.our_number !== null && lastAccountId !== undefined && lastAccountId !== account.id) {
        throw invalid("accountId", `o título ${debt.external_id} já tem o nosso número ${debt.our_number}, registrado pela carteira ${lastAccountId}: emita o boleto pela mesma carteira`);
      }
    } else if (lastAccountId !== undefined) {
      account = await findBillingAccount(trx, scope, lastAccountId);
    } else {
      const row = await trx.selectFrom("billing_accounts").selectAll().where("creditor_id", "=", scope.creditorId).where("is_default", "=", 1).executeTakeFirst();
      account = row ? { ...row, id: Number(row.id) } : undefined;
    }
    if (!account) {
      throw new AppError("invalid_input", "O credor não tem carteira de cobrança padrão: cadastre uma (regua billing account add) antes de emitir boletos.", [{ field: "accountId", reason: "nenhuma carteira" }]);
    }
    const spec = specOfRow(account);

    const dueDate = input.dueDate ?? defaultDueDate({ today, debtDueDate: debt.due_date, daysToPay: account.days_to_pay, uf });
    if (dueDate < today) throw invalid("dueDate", `o vencimento ${formatDateBr(dueDate)} já passou (hoje é ${formatDateBr(today)} no fuso do devedor)`);

    const context = await loadChargeContext(trx, scope, debtId);
    if (!context) throw new AppError("not_found", "Título não encontrado.");
    const breakdown = computeCharges({ dueDate: context.dueDate, uf: context.uf, atDate: dueDate, terms: context.terms, state: context.state, index: context.index });

    let sequence: number;
    let ourNumber: string;
    const allocated = debt.our_number === null;
    if (debt.our_number === null) {
      ({ sequence, stored: ourNumber } = await allocateOurNumber(trx, scope, account, spec, now));
      await trx.updateTable("debts").set({ our_number: ourNumber, updated_at: now }).where("creditor_id", "=", scope.creditorId).where("id", "=", debtId).execute();
    } else {
      const existing = sequenceOfOurNumber(spec, debt.our_number);
      if (existing === null) {
        throw invalid("accountId", `o nosso número ${debt.our_number} do título ${debt.external_id} não cabe na numeração da carteira ${account.id} (${account.name})`);
      }
      sequence = existing;
      ourNumber = storedOurNumber(spec, existing);
      // An imported "000123" never matches the return file's "123": store it as the bank reports it.
      if (ourNumber !== debt.our_number) await trx.updateTable("debts").set({ our_number: ourNumber, updated_at: now }).where("creditor_id", "=", scope.creditorId).where("id", "=", debtId).execute();
    }
    const made = makeBoleto(makeInputOf(spec, sequence, breakdown.totalCents, dueDate));

    const creditorAddress = formatAddress(creditor);
    const beneficiary = account.beneficiary_name
      ? { name: account.beneficiary_name, document: formatDocument(account.beneficiary_document ?? ""), address: account.beneficiary_address ?? "" }
      : { name: creditor.legal_name, document: formatDocument(creditor.cnpj), address: creditorAddress };
    const slip: StoredSlip = {
      beneficiary,
      payer: { name: debtor.name, document: formatDocument(debtor.document), address: formatAddress(debtor) },
      instructions: slipInstructions({
        externalId: debt.external_id, debtDueDate: debt.due_date, breakdown, fineIncluded: breakdown.daysLate > 0 || context.state.fineCents !== null,
        terms: context.terms, accountInstructions: JSON.parse(account.instructions) as string[],
        creditor: { legalName: creditor.legal_name, document: formatDocument(creditor.cnpj), address: creditorAddress },
      }),
      agencyCode: made.agencyCode,
      wallet: made.wallet,
      documentNumber: debt.external_id,
      paymentPlace: PAYMENT_PLACE,
    };

    const previous = await trx.selectFrom("boletos").select("id").where("creditor_id", "=", scope.creditorId).where("debt_id", "=", debtId).where("status", "=", "issued").execute();
    const inserted = await trx
      .insertInto("boletos")
      .values({
        creditor_id: scope.creditorId, debtor_id: Number(debt.debtor_id), debt_id: debtId, account_id: account.id, bank: made.bank, our_number: ourNumber,
        our_number_formatted: made.ourNumberFormatted, barcode: made.barcode, line: made.line, amount_cents: made.amountCents, due_date: dueDate, issue_date: today,
        charges: JSON.stringify(breakdown), slip: JSON.stringify(slip), status: "issued", issued_at: now, issued_by: actor.label, cancelled_at: null, cancel_reason: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    const replaced = previous.map((p) => Number(p.id));
    if (replaced.length > 0) {
      await trx.updateTable("boletos").set({ status: "cancelled", cancelled_at: now, cancel_reason: `substituído pelo boleto ${id}` }).where("creditor_id", "=", scope.creditorId).where("id", "in", replaced).execute();
    }
    const data = { boletoId: String(id), externalId: debt.external_id, accountId: String(account.id), bank: made.bank, ourNumber, amountCents: made.amountCents, dueDate, replaced: replaced.map(String) };
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: Number(debt.debtor_id), debt_id: debtId, kind: "boleto.issued", at: now, actor: actor.label, data: JSON.stringify(data) }).execute();
    await recordAudit(trx, actor, nowDate, {
      action: "boleto.issue", entity: "boleto", entityId: String(id), creditorId: scope.creditorId,
      before: allocated ? { debtOurNumber: null } : undefined,
      after: { ...data, debtId: String(debtId), line: made.line, ourNumberAllocated: allocated },
    });
    return id;
  });

  const rows = await selectBoletoRows(db, scope, debtId, boletoId);
  return (await presentBoletos(db, scope.creditorId, rows))[0]!;
}
