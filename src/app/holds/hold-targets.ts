import type { Kysely } from "kysely";
import type { Database } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { isUf, timeZoneOf } from "../../domain/br/uf.ts";
import { AppError } from "../../shared/app-error.ts";
import type { CreditorScope } from "../access.ts";
import { parseId } from "../portfolio/debtors.ts";

/** A debtor named by its id (API) or its CPF/CNPJ (CLI, integrations). */
export type DebtorRef = { id: string } | { document: string };

/** A debt named by its id (API) or by the creditor's own id for it (CLI, integrations). */
export type DebtRef = { id: string } | { externalId: string };

export type HeldDebtor = { id: number; document: string; state: string | null; paused_at: string | null; paused_until: string | null; timeZone: string };

export type HeldDebt = {
  id: number;
  debtor_id: number;
  external_id: string;
  status: string;
  open_cents: number;
  paused_at: string | null;
  paused_until: string | null;
  document: string;
  timeZone: string;
};

export const DEBTOR_NOT_FOUND = "Devedor não encontrado.";
export const DEBT_NOT_FOUND = "Título não encontrado.";

/** The debtor's zone: from its UF, else the creditor's. */
function zoneOf(state: string | null, creditorZone: string): string {
  return state && isUf(state) ? timeZoneOf(state) : creditorZone;
}

/**
 * Row locks for a write transaction: on PostgreSQL the row read stays locked until commit,
 * so two concurrent pauses of one debtor cannot both record a start. SQLite has one writer
 * at a time and no FOR UPDATE.
 */
export const lockRows = (database: Database): boolean => database.dialect === "postgres";

/** A debtor of the scope's creditor, locked when `lock` (see lockRows). */
export async function findDebtor(trx: Kysely<Schema>, scope: CreditorScope, ref: DebtorRef, lock: boolean): Promise<HeldDebtor> {
  let q = trx
    .selectFrom("debtors")
    .innerJoin("creditors", "creditors.id", "debtors.creditor_id")
    .select(["debtors.id", "debtors.document", "debtors.state", "debtors.paused_at", "debtors.paused_until", "creditors.time_zone"])
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
  return { id: Number(row.id), document: row.document, state: row.state, paused_at: row.paused_at, paused_until: row.paused_until, timeZone: zoneOf(row.state, row.time_zone) };
}

/** A debt of the scope's creditor, locked when `lock`. */
export async function findDebt(trx: Kysely<Schema>, scope: CreditorScope, ref: DebtRef, lock: boolean): Promise<HeldDebt> {
  let q = trx
    .selectFrom("debts")
    .innerJoin("debtors", "debtors.id", "debts.debtor_id")
    .innerJoin("creditors", "creditors.id", "debts.creditor_id")
    .select(["debts.id", "debts.debtor_id", "debts.external_id", "debts.status", "debts.open_cents", "debts.paused_at", "debts.paused_until", "debtors.document", "debtors.state", "creditors.time_zone"])
    .where("debts.creditor_id", "=", scope.creditorId);
  q = "id" in ref ? q.where("debts.id", "=", parseId(ref.id, "Título")) : q.where("debts.external_id", "=", ref.externalId.trim());
  if (lock) q = q.forUpdate("debts");
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError("not_found", DEBT_NOT_FOUND);
  return {
    id: Number(row.id), debtor_id: Number(row.debtor_id), external_id: row.external_id, status: row.status, open_cents: Number(row.open_cents),
    paused_at: row.paused_at, paused_until: row.paused_until, document: row.document, timeZone: zoneOf(row.state, row.time_zone),
  };
}

/** A reason given by a person: required, trimmed, at most 500 characters. */
export function checkReason(reason: string | undefined, required = true): string | null {
  const r = (reason ?? "").trim();
  if (r === "") {
    if (!required) return null;
    throw new AppError("validation", "reason: informe o motivo", [{ field: "reason", reason: "obrigatório" }]);
  }
  if (r.length > 500) throw new AppError("validation", "reason: no máximo 500 caracteres", [{ field: "reason", reason: "no máximo 500 caracteres" }]);
  return r;
}

/** Status names as people read them. */
export const DEBT_STATUS_LABEL: Record<string, string> = {
  open: "em aberto",
  settled: "quitado",
  in_agreement: "em acordo",
  written_off: "baixado como perda",
  disputed: "contestado",
};
