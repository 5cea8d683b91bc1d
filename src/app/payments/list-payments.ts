import type { Kysely, Selectable } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { PaymentTable } from "../../db/schema/payments.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, decodeCursor, encodeCursor, parseId } from "../portfolio/debtors.ts";
import { PAYMENT_SOURCES } from "./payment-types.ts";

export const PAYMENT_STATUSES = ["applied", "unmatched", "rejected"] as const;

/** A payment as the API and the CLI show it (ids as strings, like every other resource). */
export type PaymentView = {
  id: string;
  debtorId: string | null;
  source: string;
  method: string;
  amountCents: number;
  paidDate: string;
  creditedDate: string | null;
  feeCents: number;
  creditCents: number;
  ourNumber: string | null;
  txid: string | null;
  endToEndId: string | null;
  status: string;
  unmatchedReason: string | null;
  actor: string;
  note: string | null;
  receivedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  cnabFileId: string | null;
  /** CNAB: line of the settlement in its file. */
  line: number | null;
  allocations: { debtId: string; externalId: string; interestCents: number; fineCents: number; correctionCents: number; principalCents: number; settled: boolean }[];
};

export type ListPaymentsInput = {
  status?: string;
  debtorId?: string;
  /** cnab, pix or manual. */
  source?: string;
  /** Paid on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Paid on or before this day (YYYY-MM-DD). */
  to?: string;
  /** "asc" (default: oldest first) or "desc" (newest first, as the web app lists them). */
  order?: string;
  limit?: number;
  cursor?: string;
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The creditor's payments, oldest first (or newest with `order: "desc"`), paginated by cursor; `status: "unmatched"` is the reconciliation queue. */
export async function listPayments(deps: AppDeps, actor: Actor, creditorId: string, input: ListPaymentsInput = {}): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const errors: { field: string; reason: string }[] = [];
  if (input.status && !(PAYMENT_STATUSES as readonly string[]).includes(input.status)) errors.push({ field: "status", reason: `use ${PAYMENT_STATUSES.join(", ")}` });
  if (input.source && !(PAYMENT_SOURCES as readonly string[]).includes(input.source)) errors.push({ field: "source", reason: `use ${PAYMENT_SOURCES.join(", ")}` });
  for (const field of ["from", "to"] as const) {
    const day = input[field];
    if (day !== undefined && day !== "" && (!ISO_DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))) errors.push({ field, reason: `data inválida (use AAAA-MM-DD): ${day}` });
  }
  if (input.order !== undefined && input.order !== "asc" && input.order !== "desc") errors.push({ field: "order", reason: "use asc ou desc" });
  if (errors.length) throw fieldErrors(errors);
  const desc = input.order === "desc";
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  const { db } = deps.database;
  let query = db.selectFrom("payments").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("id", desc ? "desc" : "asc").limit(limit + 1);
  if (input.status) query = query.where("status", "=", input.status as (typeof PAYMENT_STATUSES)[number]);
  if (input.source) query = query.where("source", "=", input.source as (typeof PAYMENT_SOURCES)[number]);
  if (input.from) query = query.where("paid_date", ">=", input.from);
  if (input.to) query = query.where("paid_date", "<=", input.to);
  if (input.debtorId) query = query.where("debtor_id", "=", parseId(input.debtorId, "Devedor"));
  if (input.cursor) query = query.where("id", desc ? "<" : ">", decodeCursor(input.cursor));
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return { items: await paymentViews(db, scope.creditorId, page), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
}

/** The views of stored payments of one creditor, with their allocations. */
export async function paymentViews(db: Kysely<Schema>, creditorId: string, rows: readonly Selectable<PaymentTable>[]): Promise<PaymentView[]> {
  const ids = rows.map((r) => r.id);
  const allocations = ids.length
    ? await db
        .selectFrom("payment_allocations as a")
        .innerJoin("debts as d", "d.id", "a.debt_id")
        .select(["a.payment_id", "a.debt_id", "d.external_id", "a.interest_cents", "a.fine_cents", "a.correction_cents", "a.principal_cents", "a.settled"])
        .where("a.creditor_id", "=", creditorId)
        .where("a.payment_id", "in", ids)
        .orderBy("a.id")
        .execute()
    : [];
  const byPayment = new Map<number, PaymentView["allocations"]>();
  for (const a of allocations) {
    const list = byPayment.get(Number(a.payment_id)) ?? [];
    list.push({ debtId: String(a.debt_id), externalId: a.external_id, interestCents: a.interest_cents, fineCents: a.fine_cents, correctionCents: a.correction_cents, principalCents: a.principal_cents, settled: a.settled === 1 });
    byPayment.set(Number(a.payment_id), list);
  }
  return rows.map((p) => {
    const details = JSON.parse(p.details) as { line?: unknown };
    return {
      id: String(p.id), debtorId: p.debtor_id === null ? null : String(p.debtor_id), source: p.source, method: p.method, amountCents: p.amount_cents,
      paidDate: p.paid_date, creditedDate: p.credited_date, feeCents: p.fee_cents, creditCents: p.credit_cents, ourNumber: p.our_number, txid: p.txid,
      endToEndId: p.end_to_end_id, status: p.status, unmatchedReason: p.unmatched_reason, actor: p.actor, note: p.note, receivedAt: p.received_at,
      resolvedBy: p.resolved_by, resolvedAt: p.resolved_at, resolutionNote: p.resolution_note, cnabFileId: p.cnab_file_id === null ? null : String(p.cnab_file_id),
      line: typeof details.line === "number" ? details.line : null, allocations: byPayment.get(p.id) ?? [],
    };
  });
}

/** One payment of the creditor, or not_found. */
export async function loadPaymentView(db: Kysely<Schema>, creditorId: string, paymentId: number): Promise<PaymentView> {
  const row = await db.selectFrom("payments").selectAll().where("creditor_id", "=", creditorId).where("id", "=", paymentId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "Pagamento não encontrado.");
  return (await paymentViews(db, creditorId, [row]))[0]!;
}
