/**
 * The ledger: how any payment — a bank return, a PIX, a manual entry, or a queued payment
 * a person matched — becomes allocations on debts. Everything here runs inside the
 * caller's transaction, for a batch of payments at a time (a CNAB file arrives by the
 * hundred thousand); reads are batched up front, each payment is decided in memory in
 * order (so two payments to one debt in a batch see each other), then everything is
 * written table by table, many rows per statement (see LedgerStore).
 *
 * Debt statuses (a decision of this module):
 * - `open`: receives payments named to it and the debtor's unnamed money, oldest first.
 * - `disputed` and `written_off`: receive only money named to them (the boleto's nosso
 *   número, a named debt): a debtor who disputes a debt has not said to pay it with other
 *   money. Paid in full they become `settled` (the dispute is moot; its hold history stays).
 * - `in_agreement`: the agreement's instalments are what is owed; money naming the
 *   original debt goes to the reconciliation queue for a person (`debt_in_agreement`).
 * - `settled`: owes nothing; money named to it moves on to the debtor's open debts, and
 *   what exceeds everything owed is kept as credit on the payment.
 */
import { settleAgreementsPaidBy } from "../negotiation/check-agreements.ts";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { PaymentStatus } from "../../db/schema/payments.ts";
import { isValidIsoDate } from "../../domain/br/dates.ts";
import { isUf } from "../../domain/br/uf.ts";
import { allocateAcrossDebts, imputePayment, resolveTerms, type ChargeState, type ChargeTerms, type CreditorChargeTerms, type IndexTable } from "../../domain/charges/charges.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { chargeStateOfRow, chargeStateToRow, loadIndexTable } from "../charges/charge-state.ts";
import type { AppDeps } from "../deps.ts";
import { cancelPendingActionsForDebts } from "../outbox/outbox.ts";
import type { Database } from "../../db/database.ts";
import type { DebtUpdateRow, LedgerDebtRow, LedgerStore, LedgerStoreContext, NewAllocationRow, NewLedgerAudit, NewLedgerEvent, NewPaymentRow } from "./ledger-store.ts";
import { postgresLedgerStore } from "./postgres-ledger-store.ts";
import { sqliteLedgerStore } from "./sqlite-ledger-store.ts";
import { PAYMENT_METHODS, PAYMENT_SOURCES, type AllocationView, type PaymentInput, type RecordPaymentResult, type UnmatchedReason } from "./payment-types.ts";

/** Why pending actions of a debt a payment settled were cancelled (actions.cancel_reason). */
export const SETTLED_CANCEL_REASON = "pagamento quitou o título";

/** Statuses that take money named to them (see the file comment). */
const NAMED_PAYABLE = new Set(["open", "disputed", "written_off"]);

const MAX_KEY_LENGTH = 200;
const MAX_NOTE_LENGTH = 1000;

/** A payment the ledger records: the public input plus what only the CNAB import sets. */
export type LedgerInput = PaymentInput & { cnabFileId?: number | null };

/** Strips leading zeros: the stored and the bank's nosso número compare as numbers do. */
export function normalizeOurNumber(raw: string): string {
  // Fast path (every CNAB settlement): digits at both ends, the first not 0.
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first >= 49 && first <= 57 && last >= 48 && last <= 57) return raw;
  return raw.trim().replace(/^0+(?=\d)/, "");
}

/** Throws `validation` naming the field when the input cannot be recorded. */
export function checkPaymentInput(input: PaymentInput): void {
  const errors: { field: string; reason: string }[] = [];
  if (!(PAYMENT_SOURCES as readonly string[]).includes(input.source)) errors.push({ field: "source", reason: `use ${PAYMENT_SOURCES.join(", ")}` });
  if (!(PAYMENT_METHODS as readonly string[]).includes(input.method)) errors.push({ field: "method", reason: `use ${PAYMENT_METHODS.join(", ")}` });
  if (typeof input.idempotencyKey !== "string" || input.idempotencyKey.trim() === "" || input.idempotencyKey.length > MAX_KEY_LENGTH) {
    errors.push({ field: "idempotencyKey", reason: `obrigatória, até ${MAX_KEY_LENGTH} caracteres` });
  }
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) errors.push({ field: "amountCents", reason: "deve ser um inteiro positivo de centavos" });
  if (!isValidIsoDate(input.paidDate)) errors.push({ field: "paidDate", reason: `data inválida (AAAA-MM-DD): ${input.paidDate}` });
  if (input.creditedDate != null && !isValidIsoDate(input.creditedDate)) errors.push({ field: "creditedDate", reason: `data inválida (AAAA-MM-DD): ${input.creditedDate}` });
  if (input.feeCents !== undefined && (!Number.isSafeInteger(input.feeCents) || input.feeCents < 0)) errors.push({ field: "feeCents", reason: "deve ser um inteiro de centavos, zero ou mais" });
  if (input.debtIds !== undefined && (!Array.isArray(input.debtIds) || !input.debtIds.every((id) => Number.isSafeInteger(id) && id > 0))) {
    errors.push({ field: "debtIds", reason: "ids de títulos inválidos" });
  }
  if (input.debtorId !== undefined && (!Number.isSafeInteger(input.debtorId) || input.debtorId <= 0)) errors.push({ field: "debtorId", reason: "id de devedor inválido" });
  if (input.note != null && input.note.length > MAX_NOTE_LENGTH) errors.push({ field: "note", reason: `até ${MAX_NOTE_LENGTH} caracteres` });
  if (errors.length) throw fieldErrors(errors);
}

/** The creditor's charge settings and index table, read once per batch. */
export type CreditorCharges = { terms: CreditorChargeTerms; index: IndexTable | undefined; timeZone: string };

export async function loadCreditorCharges(db: Kysely<Schema>, creditorId: string): Promise<CreditorCharges> {
  const c = await db
    .selectFrom("creditors")
    .select(["fine_bp", "business_fine_bp", "interest_monthly_bp", "correction_index", "time_zone"])
    .where("id", "=", creditorId)
    .executeTakeFirst();
  if (!c) throw new AppError("not_found", "Credor não encontrado.");
  return {
    terms: { fineBp: c.fine_bp, businessFineBp: c.business_fine_bp, interestMonthlyBp: c.interest_monthly_bp, correctionIndex: c.correction_index },
    index: c.correction_index ? await loadIndexTable(db, c.correction_index) : undefined,
    timeZone: c.time_zone,
  };
}

/** The store for this database, working inside `ctx.trx`. */
function ledgerStore(database: Database, ctx: LedgerStoreContext): LedgerStore {
  return database.dialect === "sqlite" ? sqliteLedgerStore(database.sqlite, ctx) : postgresLedgerStore(ctx);
}

/** A debt in memory while a batch is decided: its row, terms, and the state as payments change it. */
type WorkingDebt = {
  id: number;
  debtorId: number;
  externalId: string;
  dueDate: string;
  ourNumber: string | null;
  uf: string | null;
  terms: ChargeTerms;
  state: ChargeState;
  status: string;
  dirty: boolean;
};

/** What the batch decided for one payment, before ids exist. */
type Decision =
  | { kind: "duplicate"; paymentId: number | null; firstIndex: number }
  | { kind: "record"; row: NewPaymentRow; allocations: AllocationView[]; openAfter: number[]; unmatchedReason: UnmatchedReason | null };

export type LedgerContext = {
  deps: AppDeps;
  trx: Kysely<Schema>;
  actor: Actor;
  creditorId: string;
  /** ISO instant of the batch. */
  now: string;
  charges: CreditorCharges;
  /**
   * Audit: "each" writes one `payment.record` entry per payment (what `recordPayment`
   * does); "none" leaves it to the caller (a CNAB import audits the file with its counts).
   */
  audit: "each" | "none";
};

function owesNothing(s: ChargeState): boolean {
  return s.principalCents === 0 && (s.fineCents ?? 0) === 0 && s.interestCents === 0 && s.correctionCents === 0;
}

/**
 * Records a batch of payments in the caller's transaction: idempotency, matching,
 * imputation, debt updates, cancellation of the pending actions of settled debts,
 * timeline events and (optionally) audit. Returns one result per input, in order.
 */
export async function applyPaymentBatch(ctx: LedgerContext, inputs: readonly LedgerInput[]): Promise<RecordPaymentResult[]> {
  const store = ledgerStore(ctx.deps.database, { trx: ctx.trx, creditorId: ctx.creditorId, now: ctx.now, actor: ctx.actor.label });
  const debts = new DebtBook(store, ctx.charges);

  const keys = [...new Set(inputs.map((i) => i.idempotencyKey))];
  const stored = await store.findPayments(keys);
  // A file imported again is all duplicates: read no debts for them.
  await debts.prefetch(stored.size === 0 ? inputs : inputs.filter((i) => !stored.has(i.idempotencyKey)));

  const decisions: Decision[] = [];
  const firstOfKey = new Map<string, number>();
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const existing = stored.get(input.idempotencyKey);
    if (existing) {
      decisions.push({ kind: "duplicate", paymentId: existing.id, firstIndex: -1 });
      continue;
    }
    const first = firstOfKey.get(input.idempotencyKey);
    if (first !== undefined) {
      decisions.push({ kind: "duplicate", paymentId: null, firstIndex: first });
      continue;
    }
    firstOfKey.set(input.idempotencyKey, i);
    const decision = decide(debts, input);
    decisions.push(decision instanceof Promise ? await decision : decision);
  }

  // Writes: payments first (their ids), then what hangs on them.
  const recorded = decisions.flatMap((d, i) => (d.kind === "record" ? [{ d, i }] : []));
  const ids = await store.insertPayments(recorded.map((r) => r.d.row));
  const idOf = new Map<number, number>();
  recorded.forEach((r, n) => idOf.set(r.i, ids[n]!));

  const allocations: NewAllocationRow[] = [];
  const events: NewLedgerEvent[] = [];
  const audits: NewLedgerAudit[] = [];
  const results: RecordPaymentResult[] = [];
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (d.kind === "duplicate") {
      const paymentId = d.paymentId ?? idOf.get(d.firstIndex)!;
      results.push({ status: "already_applied", paymentId, allocations: [], creditCents: 0, unmatchedReason: null });
      continue;
    }
    const paymentId = idOf.get(i)!;
    const input = inputs[i]!;
    for (let k = 0; k < d.allocations.length; k++) {
      const a = d.allocations[k]!;
      allocations.push({ paymentId, debtId: a.debtId, interestCents: a.interestCents, fineCents: a.fineCents, correctionCents: a.correctionCents, principalCents: a.principalCents, settled: a.settled });
      events.push({
        debtorId: d.row.debtorId!,
        debtId: a.debtId,
        kind: "payment.applied",
        data: JSON.stringify({
          paymentId: String(paymentId), source: input.source, method: input.method, paidDate: input.paidDate,
          amountCents: a.interestCents + a.fineCents + a.correctionCents + a.principalCents,
          interestCents: a.interestCents, fineCents: a.fineCents, correctionCents: a.correctionCents, principalCents: a.principalCents,
          settled: a.settled, openCents: d.openAfter[k],
        }),
      });
    }
    if (d.row.status === "applied" && d.row.creditCents > 0 && d.row.debtorId !== null) {
      events.push({ debtorId: d.row.debtorId, debtId: null, kind: "payment.credit", data: JSON.stringify({ paymentId: String(paymentId), source: input.source, paidDate: input.paidDate, creditCents: d.row.creditCents }) });
    }
    const views = d.allocations;
    if (ctx.audit === "each") {
      audits.push({
        action: "payment.record",
        entity: "payment",
        entityId: String(paymentId),
        after: JSON.stringify({
          source: input.source, method: input.method, idempotencyKey: input.idempotencyKey, amountCents: input.amountCents, paidDate: input.paidDate,
          status: d.row.status, unmatchedReason: d.unmatchedReason, debtorId: d.row.debtorId === null ? null : String(d.row.debtorId),
          allocations: views.map((v) => ({ ...v, debtId: String(v.debtId) })), creditCents: d.row.creditCents, note: d.row.note,
        }),
      });
    }
    results.push({ status: d.row.status === "applied" ? "applied" : "unmatched", paymentId, allocations: views, creditCents: d.row.creditCents, unmatchedReason: d.unmatchedReason });
  }

  await store.insertAllocations(allocations);
  const changed = debts.changed();
  await store.updateDebts(changed.map((w): DebtUpdateRow => {
    const row = chargeStateToRow(w.state);
    return { id: w.id, debtorId: w.debtorId, openCents: row.open_cents, fineCents: row.fine_cents, interestCents: row.interest_cents, correctionCents: row.correction_cents, accrualFromDate: row.accrual_from_date, status: w.status };
  }));
  await store.insertEvents(events);
  await store.insertAudits(audits);
  const settled = [...new Set(allocations.filter((a) => a.settled).map((a) => a.debtId))];
  await cancelPendingActionsForDebts(ctx.trx, settled, SETTLED_CANCEL_REASON, ctx.now);
  // An agreement whose last instalment this paid settles its original debts now, in this transaction.
  await settleAgreementsPaidBy(ctx.trx, ctx.deps, ctx.creditorId, settled, ctx.now.slice(0, 10));
  return results;
}

/**
 * Imputes an already stored, unmatched payment that a person matched to a debt or a
 * debtor: the same imputation as `applyPaymentBatch`, updating the payment row instead of
 * inserting one. Returns the allocations and the credit.
 */
export async function applyStoredPayment(
  ctx: LedgerContext,
  payment: { id: number; amountCents: number; paidDate: string; source: string; method: string },
  target: { debtIds: number[] } | { debtorId: number },
): Promise<{ debtorId: number; allocations: AllocationView[]; creditCents: number }> {
  const store = ledgerStore(ctx.deps.database, { trx: ctx.trx, creditorId: ctx.creditorId, now: ctx.now, actor: ctx.actor.label });
  const debts = new DebtBook(store, ctx.charges);
  let named: WorkingDebt[] = [];
  let debtorId: number;
  if ("debtIds" in target) {
    await debts.loadIds(target.debtIds);
    named = namedDebts(debts, target.debtIds, undefined);
    debtorId = named[0]!.debtorId;
    const blocked = named.find((w) => w.status === "in_agreement");
    if (blocked) throw new AppError("conflict", `O título ${blocked.externalId} está em acordo: registre o pagamento nas parcelas do acordo.`);
  } else {
    debtorId = target.debtorId;
  }
  const { allocations, openAfter, creditCents } = await impute(debts, named, debtorId, payment.amountCents, payment.paidDate);
  await store.insertAllocations(allocations.map((a) => ({ paymentId: payment.id, ...a })));
  await store.updateDebts(debts.changed().map((w): DebtUpdateRow => {
    const row = chargeStateToRow(w.state);
    return { id: w.id, debtorId: w.debtorId, openCents: row.open_cents, fineCents: row.fine_cents, interestCents: row.interest_cents, correctionCents: row.correction_cents, accrualFromDate: row.accrual_from_date, status: w.status };
  }));
  const events: NewLedgerEvent[] = allocations.map((a, k) => ({
    debtorId,
    debtId: a.debtId,
    kind: "payment.applied",
    data: JSON.stringify({
      paymentId: String(payment.id), source: payment.source, method: payment.method, paidDate: payment.paidDate,
      amountCents: a.interestCents + a.fineCents + a.correctionCents + a.principalCents,
      interestCents: a.interestCents, fineCents: a.fineCents, correctionCents: a.correctionCents, principalCents: a.principalCents,
      settled: a.settled, openCents: openAfter[k], matchedBy: ctx.actor.label,
    }),
  }));
  if (creditCents > 0) events.push({ debtorId, debtId: null, kind: "payment.credit", data: JSON.stringify({ paymentId: String(payment.id), source: payment.source, paidDate: payment.paidDate, creditCents }) });
  await store.insertEvents(events);
  const settled = allocations.filter((a) => a.settled).map((a) => a.debtId);
  await cancelPendingActionsForDebts(ctx.trx, settled, SETTLED_CANCEL_REASON, ctx.now);
  await settleAgreementsPaidBy(ctx.trx, ctx.deps, ctx.creditorId, settled, ctx.now.slice(0, 10));
  return { debtorId, allocations, creditCents };
}

/**
 * Decides one new payment: which debts, what each receives, or why it waits in the queue.
 * Synchronous unless it must read more debts (a debtor's other open debts): a bank return
 * decides 5,000 payments per batch, so the helpers are module functions, not closures made
 * per payment.
 */
function decide(debts: DebtBook, input: LedgerInput): Decision | Promise<Decision> {
  const ourNumber = input.ourNumber ? normalizeOurNumber(input.ourNumber) : null;
  const row: NewPaymentRow = {
    debtorId: input.debtorId ?? null,
    source: input.source,
    method: input.method,
    amountCents: input.amountCents,
    paidDate: input.paidDate,
    creditedDate: input.creditedDate ?? null,
    feeCents: input.feeCents ?? 0,
    creditCents: 0,
    ourNumber,
    txid: input.txid ?? null,
    endToEndId: input.endToEndId ?? null,
    idempotencyKey: input.idempotencyKey,
    status: "applied",
    unmatchedReason: null,
    note: input.note ?? null,
    cnabFileId: input.cnabFileId ?? null,
    details: JSON.stringify(input.details ?? {}),
  };

  let named: readonly WorkingDebt[] = [];
  if (input.debtIds && input.debtIds.length > 0) {
    named = namedDebts(debts, input.debtIds, input.debtorId);
  } else if (ourNumber) {
    const candidates = debts.byOurNumber(ourNumber);
    if (candidates.length === 0) return unmatchedDecision(row, "our_number_not_found", row.debtorId);
    if (candidates.length > 1) {
      // Several debts carry this nosso número: only one still owing can take the money.
      const owing = candidates.filter((w) => w.status !== "settled");
      if (owing.length !== 1) return unmatchedDecision(row, "ambiguous_our_number", row.debtorId);
      named = owing;
    } else {
      named = candidates;
    }
  } else if (input.debtorId === undefined) {
    return unmatchedDecision(row, "no_reference", row.debtorId);
  }
  const debtorId = named.length > 0 ? named[0]!.debtorId : input.debtorId!;
  for (const w of named) if (w.status === "in_agreement") return unmatchedDecision(row, "debt_in_agreement", debtorId);
  if (named.length > 0) return imputedDecision(debts, row, named, debtorId, input);
  return debts.debtorExists(debtorId).then((exists) => {
    if (!exists) throw new AppError("not_found", "Devedor não encontrado.");
    return imputedDecision(debts, row, named, debtorId, input);
  });
}

function unmatchedDecision(row: NewPaymentRow, reason: UnmatchedReason, debtorId: number | null): Decision {
  row.status = "unmatched" satisfies PaymentStatus;
  row.unmatchedReason = reason;
  row.debtorId = debtorId;
  return { kind: "record", row, allocations: [], openAfter: [], unmatchedReason: reason };
}

function imputedDecision(debts: DebtBook, row: NewPaymentRow, named: readonly WorkingDebt[], debtorId: number, input: LedgerInput): Decision | Promise<Decision> {
  const r = impute(debts, named, debtorId, input.amountCents, input.paidDate);
  return r instanceof Promise ? r.then((imputed) => recordedDecision(row, debtorId, imputed)) : recordedDecision(row, debtorId, r);
}

function recordedDecision(row: NewPaymentRow, debtorId: number, r: Imputed): Decision {
  row.debtorId = debtorId;
  row.creditCents = r.creditCents;
  return { kind: "record", row, allocations: r.allocations, openAfter: r.openAfter, unmatchedReason: null };
}

/** The debts a payer named, all found and of one debtor (and of `debtorId` when given). */
function namedDebts(debts: DebtBook, ids: readonly number[], debtorId: number | undefined): WorkingDebt[] {
  const named: WorkingDebt[] = [];
  for (const id of new Set(ids)) {
    const w = debts.get(id);
    if (!w) throw new AppError("not_found", "Título não encontrado.", [{ field: "debtIds", reason: `título ${id} não encontrado` }]);
    named.push(w);
  }
  const owner = debtorId ?? named[0]!.debtorId;
  if (named.some((w) => w.debtorId !== owner)) {
    throw new AppError("validation", "Os títulos de um pagamento devem ser do mesmo devedor.", [{ field: "debtIds", reason: "títulos de devedores diferentes" }]);
  }
  return named;
}

type Imputed = { allocations: AllocationView[]; openAfter: number[]; creditCents: number };

/**
 * Imputes `amountCents` paid on `paidDate`: the named debts first (in the order named),
 * then the debtor's other open debts oldest first (`allocateAcrossDebts`); each debt
 * interest → fine → correction → principal (`imputePayment`). What is left is credit.
 * Synchronous unless money is left after the named debts and the debtor's debts are not read yet.
 */
function impute(debts: DebtBook, named: readonly WorkingDebt[], debtorId: number, amountCents: number, paidDate: string): Imputed | Promise<Imputed> {
  // `creditCents` is what is left to impute until the end, where it is the credit.
  const out: Imputed = { allocations: [], openAfter: [], creditCents: amountCents };
  for (const w of named) if (NAMED_PAYABLE.has(w.status)) payDebt(debts, out, w, paidDate);
  if (out.creditCents === 0) return out;
  const loaded = debts.openOfDebtorIfLoaded(debtorId);
  return loaded ? payOtherDebts(debts, out, named, loaded, paidDate) : debts.openOfDebtor(debtorId).then((open) => payOtherDebts(debts, out, named, open, paidDate));
}

/** Imputes what is left in `out` to one debt: interest → fine → correction → principal. */
function payDebt(debts: DebtBook, out: Imputed, w: WorkingDebt, paidDate: string): void {
  if (out.creditCents === 0 || owesNothing(w.state)) return;
  const r = imputePayment({ dueDate: w.dueDate, uf: w.uf, paidDate, terms: w.terms, state: w.state, index: debts.charges.index, amountCents: out.creditCents });
  const a = r.allocation;
  if (a.interestCents + a.fineCents + a.correctionCents + a.principalCents === 0) return;
  w.state = r.newState;
  if (r.settled) w.status = "settled";
  w.dirty = true;
  out.creditCents = r.leftoverCents;
  out.allocations.push({ debtId: w.id, externalId: w.externalId, interestCents: a.interestCents, fineCents: a.fineCents, correctionCents: a.correctionCents, principalCents: a.principalCents, settled: r.settled });
  // The open principal right after this payment (a later payment in the batch may change it again).
  out.openAfter.push(w.state.principalCents);
}

/** What is left after the named debts goes to the debtor's other open debts, oldest first. */
function payOtherDebts(debts: DebtBook, out: Imputed, named: readonly WorkingDebt[], open: WorkingDebt[], paidDate: string): Imputed {
  const namedIds = new Set(named.map((w) => w.id));
  for (const w of allocateAcrossDebts(open.filter((w) => !namedIds.has(w.id) && w.status === "open"), null)) payDebt(debts, out, w, paidDate);
  return out;
}

const NO_DEBTS: readonly WorkingDebt[] = [];

/** The batch's debts, loaded once and changed in memory as payments are decided. */
class DebtBook {
  private readonly byId = new Map<number, WorkingDebt>();
  private readonly byOurNumberIndex = new Map<string, WorkingDebt[]>();
  private readonly debtorsLoaded = new Set<number>();
  private readonly openByDebtor = new Map<number, Set<number>>();
  private readonly knownDebtors = new Set<number>();

  constructor(
    private readonly store: LedgerStore,
    readonly charges: CreditorCharges,
  ) {}

  async prefetch(inputs: readonly LedgerInput[]): Promise<void> {
    const ids = new Set<number>();
    const ourNumbers = new Set<string>();
    const debtors = new Set<number>();
    for (const i of inputs) {
      if (i.debtIds && i.debtIds.length > 0) for (const id of i.debtIds) ids.add(id);
      else if (i.ourNumber) ourNumbers.add(normalizeOurNumber(i.ourNumber));
      else if (i.debtorId !== undefined) debtors.add(i.debtorId);
    }
    if (ids.size) this.add(await this.store.findDebtsByIds([...ids]));
    if (ourNumbers.size) {
      const rows = await this.store.findDebtsByOurNumbers([...ourNumbers]);
      this.add(rows);
      for (const n of ourNumbers) if (!this.byOurNumberIndex.has(n)) this.byOurNumberIndex.set(n, []);
    }
    if (debtors.size) await this.loadDebtors([...debtors]);
  }

  async loadIds(ids: readonly number[]): Promise<void> {
    const missing = ids.filter((id) => !this.byId.has(id));
    if (missing.length) this.add(await this.store.findDebtsByIds(missing));
  }

  get(id: number): WorkingDebt | undefined {
    return this.byId.get(id);
  }

  /** The debts with this nosso número (the book's own list: read it, do not change it). */
  byOurNumber(ourNumber: string): readonly WorkingDebt[] {
    return this.byOurNumberIndex.get(ourNumber) ?? NO_DEBTS;
  }

  /** The debtor's open debts when already read in this batch, else undefined. */
  openOfDebtorIfLoaded(debtorId: number): WorkingDebt[] | undefined {
    if (!this.debtorsLoaded.has(debtorId)) return undefined;
    return [...(this.openByDebtor.get(debtorId) ?? [])].map((id) => this.byId.get(id)!);
  }

  async openOfDebtor(debtorId: number): Promise<WorkingDebt[]> {
    if (!this.debtorsLoaded.has(debtorId)) await this.loadDebtors([debtorId]);
    return [...(this.openByDebtor.get(debtorId) ?? [])].map((id) => this.byId.get(id)!);
  }

  /** A debtor of this creditor (one with no open debts is looked up directly). */
  async debtorExists(debtorId: number): Promise<boolean> {
    if (this.knownDebtors.has(debtorId)) return true;
    const found = await this.store.debtorExists(debtorId);
    if (found) this.knownDebtors.add(debtorId);
    return found;
  }

  changed(): WorkingDebt[] {
    return [...this.byId.values()].filter((w) => w.dirty);
  }

  private async loadDebtors(debtorIds: number[]): Promise<void> {
    const rows = await this.store.findOpenDebtsOfDebtors(debtorIds);
    this.add(rows);
    for (const id of debtorIds) {
      this.debtorsLoaded.add(id);
      if (!this.openByDebtor.has(id)) this.openByDebtor.set(id, new Set());
    }
    for (const r of rows) this.openByDebtor.get(Number(r.debtor_id))!.add(Number(r.id));
  }

  private add(rows: readonly LedgerDebtRow[]): void {
    for (const r of rows) {
      const id = Number(r.id);
      // A debt already in the book carries this batch's changes: keep it.
      if (this.byId.has(id)) continue;
      const debtorId = Number(r.debtor_id);
      const w: WorkingDebt = {
        id,
        debtorId,
        externalId: r.external_id,
        dueDate: r.due_date,
        ourNumber: r.our_number,
        uf: r.debtor_state && isUf(r.debtor_state) ? r.debtor_state : null,
        terms: resolveTerms({ creditor: this.charges.terms, debt: { fineBp: r.fine_bp, interestMonthlyBp: r.interest_monthly_bp }, debtorKind: r.debtor_kind }),
        state: chargeStateOfRow(r),
        status: r.status,
        dirty: false,
      };
      this.byId.set(id, w);
      this.knownDebtors.add(debtorId);
      if (r.our_number !== null) {
        const n = normalizeOurNumber(r.our_number);
        const list = this.byOurNumberIndex.get(n);
        if (list) list.push(w);
        else this.byOurNumberIndex.set(n, [w]);
      }
    }
  }
}
