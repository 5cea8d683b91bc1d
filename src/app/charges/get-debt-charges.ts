import { AppError } from "../../shared/app-error.ts";
import { isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import { timeZoneOf } from "../../domain/br/uf.ts";
import type { ChargeBreakdown } from "../../domain/charges/charges.ts";
import { authorize, SYSTEM_ACTOR, type Actor, type CreditorScope } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";
import { chargesAt, loadChargeContext, loadChargeContexts } from "./charge-state.ts";

/** A debt named by its internal id (API) or by the creditor's own id (CLI, imports). */
export type DebtRef = { id: string | number } | { externalId: string };

function checkAtDate(atDate: string): void {
  if (!isValidIsoDate(atDate)) throw new AppError("validation", `at: data inválida (use AAAA-MM-DD): ${atDate}`, [{ field: "at", reason: "use AAAA-MM-DD" }]);
}

/**
 * What one debt owes on `atDate` (default: today in the debtor's time zone, or the
 * creditor's when the debtor has no UF): principal, fine, interest, correction, total, days late.
 */
export async function getDebtCharges(deps: AppDeps, actor: Actor, creditorId: string, debtRef: DebtRef, atDate?: string): Promise<ChargeBreakdown> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  if (atDate !== undefined) checkAtDate(atDate);
  const { db } = deps.database;
  let debtId: number;
  if ("externalId" in debtRef) {
    const row = await db.selectFrom("debts").select("id").where("creditor_id", "=", scope.creditorId).where("external_id", "=", debtRef.externalId.trim()).executeTakeFirst();
    if (!row) throw new AppError("not_found", "Título não encontrado.");
    debtId = Number(row.id);
  } else {
    debtId = typeof debtRef.id === "number" ? debtRef.id : parseId(debtRef.id, "Título");
  }
  const context = await loadChargeContext(db, scope, debtId);
  if (!context) throw new AppError("not_found", "Título não encontrado.");
  let at = atDate;
  if (at === undefined) {
    const zone = context.uf
      ? timeZoneOf(context.uf)
      : (await db.selectFrom("creditors").select("time_zone").where("id", "=", scope.creditorId).executeTakeFirstOrThrow()).time_zone;
    at = localDateOf(deps.clock.now(), zone);
  }
  return chargesAt(context, at);
}

/**
 * Charges of many debts of one creditor on one date, for templates, letters and the UI.
 * `target` is a scope from `authorize` (the caller checked the actor), or a creditor id
 * for system jobs (checked as the system actor). Debts of other creditors or unknown ids
 * are absent from the result.
 */
export async function chargesForDebts(deps: AppDeps, target: CreditorScope | string, debtIds: readonly (number | string)[], atDate: string): Promise<Map<number, ChargeBreakdown>> {
  const scope = typeof target === "string" ? authorize(SYSTEM_ACTOR, target, "portfolio.read") : target;
  checkAtDate(atDate);
  const ids = debtIds.map((id) => Number(id)).filter((id) => Number.isSafeInteger(id) && id > 0);
  const contexts = await loadChargeContexts(deps.database.db, scope, ids);
  const out = new Map<number, ChargeBreakdown>();
  for (const [id, c] of contexts) out.set(id, chargesAt(c, atDate));
  return out;
}
