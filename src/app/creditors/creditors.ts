import { AppError, fieldErrors } from "../../shared/app-error.ts";
import { validateDocument } from "../../domain/br/documents.ts";
import { normalizeUf, timeZoneOf } from "../../domain/br/uf.ts";
import { authorize, requirePermission, type Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import type { CreditorTable } from "../../db/schema.ts";
import type { CreditorChargeColumns } from "../../db/schema/charges.ts";
import { MAX_BUSINESS_FINE_BP, MAX_CONSUMER_FINE_BP, MAX_INTEREST_MONTHLY_BP } from "../../domain/charges/charges.ts";
import { hasIndexValues, normalizeIndexName } from "../charges/index-values.ts";
import { newId } from "../../shared/ids.ts";

export const SECTORS = ["financial", "telecom", "utilities", "retail", "education", "health", "other"] as const;

export type CreditorView = {
  id: string;
  legalName: string;
  tradeName: string | null;
  cnpj: string;
  address: string;
  city: string;
  state: string;
  zip: string | null;
  sector: string;
  timeZone: string;
  /** Fine on consumer debts (at most 2 %, CDC art. 52 §1). */
  finePercent: number;
  /** Fine on company debts; null = same as `finePercent`. */
  businessFinePercent: number | null;
  interestMonthlyPercent: number;
  /** Monetary correction index (e.g. IPCA); null = no correction. */
  correctionIndex: string | null;
};

type CreditorRow = CreditorTable & CreditorChargeColumns;

const view = (c: CreditorRow): CreditorView => ({
  id: c.id, legalName: c.legal_name, tradeName: c.trade_name, cnpj: c.cnpj, address: c.address, city: c.city, state: c.state,
  zip: c.zip, sector: c.sector, timeZone: c.time_zone, finePercent: c.fine_bp / 100,
  businessFinePercent: c.business_fine_bp === null ? null : c.business_fine_bp / 100, interestMonthlyPercent: c.interest_monthly_bp / 100,
  correctionIndex: c.correction_index,
});

export type CreditorInput = {
  legalName?: string;
  tradeName?: string | null;
  cnpj?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string | null;
  sector?: string;
};

function checkFields(input: CreditorInput): Partial<CreditorTable> {
  const out: Partial<CreditorTable> = {};
  const errors: { field: string; reason: string }[] = [];
  if (input.legalName !== undefined) {
    if (input.legalName.trim() === "") errors.push({ field: "legalName", reason: "razão social obrigatória" });
    out.legal_name = input.legalName.trim();
  }
  if (input.tradeName !== undefined) out.trade_name = input.tradeName?.trim() || null;
  if (input.cnpj !== undefined) {
    const doc = validateDocument(input.cnpj);
    if (!doc.ok) errors.push({ field: "cnpj", reason: doc.reason });
    else if (doc.kind !== "cnpj") errors.push({ field: "cnpj", reason: "o credor deve ter CNPJ" });
    else out.cnpj = doc.document;
  }
  if (input.address !== undefined) out.address = input.address.trim();
  if (input.city !== undefined) out.city = input.city.trim();
  if (input.state !== undefined) {
    const uf = input.state.trim() === "" ? null : normalizeUf(input.state);
    if (input.state.trim() !== "" && !uf) errors.push({ field: "state", reason: `UF inválida: ${input.state}` });
    out.state = uf ?? "";
    if (uf) out.time_zone = timeZoneOf(uf);
  }
  if (input.zip !== undefined) {
    const zip = (input.zip ?? "").replace(/\D/g, "");
    if (zip !== "" && zip.length !== 8) errors.push({ field: "zip", reason: "CEP deve ter 8 dígitos" });
    out.zip = zip || null;
  }
  if (input.sector !== undefined) {
    if (!(SECTORS as readonly string[]).includes(input.sector)) errors.push({ field: "sector", reason: `setor inválido (use ${SECTORS.join(", ")})` });
    out.sector = input.sector;
  }
  if (errors.length) throw fieldErrors(errors);
  return out;
}

export async function addCreditor(deps: AppDeps, actor: Actor, input: CreditorInput & { legalName: string; cnpj: string }): Promise<CreditorView> {
  requirePermission(actor, "creditor.create");
  const fields = checkFields({ sector: "other", address: "", city: "", state: "", ...input });
  const now = deps.clock.now();
  const row: CreditorRow = {
    id: newId(), legal_name: fields.legal_name!, trade_name: fields.trade_name ?? null, cnpj: fields.cnpj!, address: fields.address ?? "",
    city: fields.city ?? "", state: fields.state ?? "", zip: fields.zip ?? null, sector: fields.sector ?? "other",
    time_zone: fields.time_zone ?? "America/Sao_Paulo", fine_bp: 200, interest_monthly_bp: 100, business_fine_bp: null, correction_index: null, created_at: now.toISOString(), updated_at: now.toISOString(),
  };
  await deps.database.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("creditors").select("id").where("cnpj", "=", row.cnpj).executeTakeFirst();
    if (taken) throw new AppError("conflict", `já existe um credor com o CNPJ ${row.cnpj}`);
    await trx.insertInto("creditors").values(row).execute();
    await recordAudit(trx, actor, now, { action: "creditor.create", entity: "creditor", entityId: row.id, creditorId: row.id, after: view(row) });
  });
  return view(row);
}

/** Charges: `businessFinePercent` and `correctionIndex` accept null (or "none" for the index) to clear them. */
export type CreditorUpdate = CreditorInput & { finePercent?: number; businessFinePercent?: number | null; interestMonthlyPercent?: number; correctionIndex?: string | null };

export async function updateCreditor(deps: AppDeps, actor: Actor, creditorId: string, input: CreditorUpdate): Promise<CreditorView> {
  const scope = authorize(actor, creditorId, "creditor.update");
  const fields = checkFields(input);
  const errors: { field: string; reason: string }[] = [];
  const toBp = (field: string, value: number | undefined, maxBp: number, tooHigh: string): number | undefined => {
    if (value === undefined) return undefined;
    const bp = Math.round(value * 100);
    if (!Number.isFinite(value) || value < 0 || Math.abs(value * 100 - bp) > 1e-9) errors.push({ field, reason: "use um percentual com até duas casas decimais" });
    else if (bp > maxBp) errors.push({ field, reason: tooHigh });
    return bp;
  };
  const fineBp = toBp("finePercent", input.finePercent, MAX_CONSUMER_FINE_BP, "a multa de consumidores não pode passar de 2 % (CDC art. 52 §1)");
  const businessFineBp = input.businessFinePercent === null ? null : toBp("businessFinePercent", input.businessFinePercent, MAX_BUSINESS_FINE_BP, "a multa de empresas não pode passar de 10 % (Decreto 22.626/33 art. 9)");
  const interestBp = toBp("interestMonthlyPercent", input.interestMonthlyPercent, MAX_INTEREST_MONTHLY_BP, "os juros de mora não podem passar de 10 % ao mês");
  let correctionIndex: string | null | undefined;
  if (input.correctionIndex === null || input.correctionIndex?.trim().toLowerCase() === "none" || input.correctionIndex?.trim().toLowerCase() === "nenhum") {
    correctionIndex = null;
  } else if (input.correctionIndex !== undefined) {
    try {
      correctionIndex = normalizeIndexName(input.correctionIndex);
    } catch {
      errors.push({ field: "correctionIndex", reason: `nome de índice inválido: "${input.correctionIndex}" (use IPCA, INPC… ou none)` });
    }
  }
  if (errors.length) throw fieldErrors(errors);
  if (correctionIndex && !(await hasIndexValues(deps, correctionIndex))) {
    const reason = `o índice ${correctionIndex} não tem valores importados (use regua index import ARQUIVO --index ${correctionIndex})`;
    throw new AppError("validation", `correctionIndex: ${reason}`, [{ field: "correctionIndex", reason }]);
  }
  const chargeFields: Partial<CreditorChargeColumns> = {};
  if (fineBp !== undefined) fields.fine_bp = fineBp;
  if (interestBp !== undefined) fields.interest_monthly_bp = interestBp;
  if (businessFineBp !== undefined) chargeFields.business_fine_bp = businessFineBp;
  if (correctionIndex !== undefined) chargeFields.correction_index = correctionIndex;
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("creditors").selectAll().where("id", "=", scope.creditorId).executeTakeFirst();
    if (!before) throw new AppError("not_found", "Credor não encontrado.");
    const after = { ...before, ...fields, ...chargeFields, updated_at: now.toISOString() };
    await trx.updateTable("creditors").set({ ...fields, ...chargeFields, updated_at: now.toISOString() }).where("id", "=", scope.creditorId).execute();
    await recordAudit(trx, actor, now, { action: "creditor.update", entity: "creditor", entityId: scope.creditorId, creditorId: scope.creditorId, before: view(before), after: view(after) });
    return view(after);
  });
}

export async function listCreditors(deps: AppDeps, actor: Actor): Promise<CreditorView[]> {
  let query = deps.database.db.selectFrom("creditors").selectAll().orderBy("legal_name");
  if (actor.creditorIds !== "all") {
    if (actor.creditorIds.length === 0) return [];
    query = query.where("id", "in", [...actor.creditorIds]);
  }
  return (await query.execute()).map(view);
}

export async function getCreditor(deps: AppDeps, actor: Actor, creditorId: string): Promise<CreditorView> {
  const scope = authorize(actor, creditorId, "portfolio.read");
  const row = await deps.database.db.selectFrom("creditors").selectAll().where("id", "=", scope.creditorId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "Credor não encontrado.");
  return view(row);
}
