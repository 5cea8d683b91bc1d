import { AppError } from "../../shared/app-error.ts";
import type { AppDeps } from "../deps.ts";
import type { SelfServiceSession } from "./sessions.ts";

export type OwnDebt = { id: number; externalId: string; status: string; openCents: number; dueDate: string; agreementId: number | null };

/**
 * A debt of the session's debtor (and creditor), by the id the page's form sent: the
 * use cases the page calls check the creditor, this checks the debtor. Anything else,
 * another debtor's debt included, is "Título não encontrado.".
 */
export async function findOwnDebt(deps: AppDeps, session: SelfServiceSession, debtIdRaw: string | undefined): Promise<OwnDebt> {
  const id = Number(debtIdRaw);
  if (!debtIdRaw || !/^\d{1,15}$/.test(debtIdRaw) || !Number.isSafeInteger(id)) throw new AppError("not_found", "Título não encontrado.");
  const row = await deps.database.db
    .selectFrom("debts")
    .select(["id", "external_id", "status", "open_cents", "due_date", "agreement_id"])
    .where("creditor_id", "=", session.creditorId)
    .where("debtor_id", "=", session.debtorId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "Título não encontrado.");
  return { id: Number(row.id), externalId: row.external_id, status: row.status, openCents: Number(row.open_cents), dueDate: row.due_date, agreementId: row.agreement_id === null ? null : Number(row.agreement_id) };
}
