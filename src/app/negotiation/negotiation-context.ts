import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { computeCharges } from "../../domain/charges/charges.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import type { NegotiationDebt } from "../../domain/negotiation/negotiation-options.ts";
import { parseAmountToCents } from "../../domain/br/money.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { loadChargeContexts, type DebtChargeContext } from "../charges/charge-state.ts";
import { parseId } from "../portfolio/debtors.ts";

/** A debtor named by its id (API) or its CPF/CNPJ (CLI, integrations). */
export type DebtorRef = { id: string } | { document: string };

/** The debtor as a negotiation needs it: who, and where its calendar lives (UF and zone, with the creditor's as fallback). */
export type NegotiationDebtor = { id: number; document: string; name: string; kind: string; uf: string; timeZone: string; pausedAt: string | null; pausedUntil: string | null };

export const DEBTOR_NOT_FOUND = "Devedor não encontrado.";

/** A debtor of the scope's creditor; locked until commit on PostgreSQL when `lock`. */
export async function findNegotiationDebtor(db: Kysely<Schema>, scope: CreditorScope, ref: DebtorRef, lock = false): Promise<NegotiationDebtor> {
  let q = db
    .selectFrom("debtors")
    .innerJoin("creditors", "creditors.id", "debtors.creditor_id")
    .select(["debtors.id", "debtors.document", "debtors.name", "debtors.kind", "debtors.state", "debtors.city", "debtors.paused_at", "debtors.paused_until", "creditors.state as creditor_state"])
    .where("debtors.creditor_id", "=", scope.creditorId);
  if ("id" in ref) q = q.where("debtors.id", "=", parseId(ref.id, "Devedor"));
  else {
    const document = normalizeDocument(ref.document);
    if (document === "") throw new AppError("not_found", DEBTOR_NOT_FOUND);
    q = q.where("debtors.document", "=", document);
  }
  if (lock) q = q.forUpdate("debtors");
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError("not_found", DEBTOR_NOT_FOUND);
  const zone = debtorZone(row.state, row.city, row.creditor_state);
  return {
    id: Number(row.id), document: row.document, name: row.name, kind: row.kind, uf: zone.uf, timeZone: zone.timeZone,
    pausedAt: row.paused_at, pausedUntil: row.paused_until,
  };
}

/** The debtor's local calendar day now. */
export function debtorToday(now: Date, debtor: NegotiationDebtor): string {
  return localDateOf(now, debtor.timeZone);
}

/**
 * The negotiation day: `raw` (YYYY-MM-DD) or today in the debtor's zone. Simulations may be
 * run for any day; agreements and approvals are made on today's values, except by the
 * system actor (the operator's CLI, bringing in agreements made elsewhere), which may give
 * another day (the audit log keeps it).
 */
export function negotiationDay(raw: string | undefined | null, today: string, actor: Actor, purpose: "simulate" | "commit"): string {
  if (raw === undefined || raw === null || raw === "") return today;
  if (!isValidIsoDate(raw)) throw new AppError("validation", `at: data inválida (use AAAA-MM-DD): ${raw}`, [{ field: "at", reason: "use AAAA-MM-DD" }]);
  if (purpose === "commit" && actor.kind !== "system" && raw !== today) {
    throw new AppError("validation", `at: o acordo é fechado com os valores de hoje (${today}, no fuso do devedor)`, [{ field: "at", reason: `use ${today}` }]);
  }
  return raw;
}

/** A declared monthly income: Brazilian ("3.500,00") or plain ("3500.00") amount; null when absent. */
export function parseIncome(raw: string | number | undefined | null, field = "income"): number | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw === "number") {
    if (!Number.isSafeInteger(raw) || raw < 0) throw new AppError("validation", `${field}: use a renda mensal em centavos, inteiro`, [{ field, reason: "centavos inteiros" }]);
    return raw;
  }
  const parsed = parseAmountToCents(raw);
  if (!parsed.ok) throw new AppError("validation", `${field}: renda mensal inválida (${parsed.reason}): ${raw}`, [{ field, reason: parsed.reason }]);
  return parsed.cents;
}

/** An overdue debt the debtor may negotiate, with its charge context (for agreements that snapshot and later impute). */
export type NegotiableDebt = NegotiationDebt & { externalId: string; context: DebtChargeContext };

/**
 * The debtor's debts a negotiation covers on `atDate`: status `open`, not an instalment of
 * an agreement, and overdue on that day (charges computed by the charge rules, so a due
 * date on a holiday is not late until the next business day). Oldest first.
 */
export async function negotiableDebts(db: Kysely<Schema>, scope: CreditorScope, debtorId: number, atDate: string): Promise<NegotiableDebt[]> {
  const rows = await db
    .selectFrom("debts")
    .select(["id", "external_id"])
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", debtorId)
    .where("status", "=", "open")
    .where("agreement_id", "is", null)
    .orderBy("due_date")
    .orderBy("id")
    .execute();
  const contexts = await loadChargeContexts(db, scope, rows.map((r) => Number(r.id)));
  const out: NegotiableDebt[] = [];
  for (const r of rows) {
    const c = contexts.get(Number(r.id));
    if (!c) continue;
    const breakdown = computeCharges({ dueDate: c.dueDate, uf: c.uf, atDate, terms: c.terms, state: c.state, index: c.index });
    if (breakdown.daysLate > 0 && breakdown.totalCents > 0) out.push({ debtId: c.debtId, dueDate: c.dueDate, breakdown, externalId: r.external_id, context: c });
  }
  return out;
}
