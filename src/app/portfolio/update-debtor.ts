import { normalizeDocument } from "../../domain/br/documents.ts";
import { normalizeEmail } from "../../domain/br/email.ts";
import { normalizeRiskBand } from "../../domain/ladder/risk-band.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import { requirePermission, type Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "./debtors.ts";

/** A debtor named by its id (API) or its CPF/CNPJ (CLI). */
export type DebtorKey = { id: string } | { document: string };

/**
 * What may change on a debtor by hand: its account representative and its risk band. An
 * absent field is left alone, null clears it; at least one must be given.
 */
export type DebtorPatch = { representativeEmail?: string | null; riskBand?: string | null };

export type UpdatedDebtorView = { id: string; document: string; representativeEmail: string | null; riskBand: string | null };

/** `changedFields`: the fields whose stored value changed (none when the patch repeated what was stored). */
export type UpdateDebtorResult = { changed: boolean; changedFields: (keyof DebtorPatch)[]; debtor: UpdatedDebtorView };

/**
 * The representative's address as stored: validated and normalised like an e-mail contact
 * (`normalizeEmail`); null or blank clears it. `field` names the input in the error.
 */
export function normalizeRepresentativeEmail(raw: string | null, field = "representativeEmail"): string | null {
  if (raw === null || raw.trim() === "") return null;
  const email = normalizeEmail(raw);
  if (!email.ok) throw fieldErrors([{ field, reason: `e-mail do representante inválido: ${email.reason}` }]);
  return email.email;
}

/**
 * The risk band as stored (`normalizeRiskBand`: trimmed, upper case); null clears it. A blank
 * band is an error, not a way to clear, so a form left empty by mistake changes nothing.
 */
export function normalizeRiskBandInput(raw: string | null, field = "riskBand"): string | null {
  if (raw === null) return null;
  const band = normalizeRiskBand(raw);
  if (!band.ok) throw fieldErrors([{ field, reason: band.reason }]);
  return band.band;
}

type Column = "representative_email" | "risk_band";
const COLUMNS: Record<keyof DebtorPatch, Column> = { representativeEmail: "representative_email", riskBand: "risk_band" };

/**
 * Sets or clears the debtor's account representative (copied on the collection e-mails) and
 * its risk band (which ladder steps with `conditions.riskBands` apply). The representative is
 * for whoever edits contacts; the band drives the ladder, so it is the ladder designers'
 * (`ladder.write`): a patch with both needs both. One timeline event (`debtor.updated`, like
 * an import's) and one audit entry list every field that changed; no change writes nothing.
 */
export async function updateDebtor(deps: AppDeps, actor: Actor, creditorId: string, key: DebtorKey, patch: DebtorPatch): Promise<UpdateDebtorResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, patch.riskBand !== undefined ? "ladder.write" : "contact.write");
  if (patch.representativeEmail !== undefined) requirePermission(actor, "contact.write");
  const next: Partial<Record<keyof DebtorPatch, string | null>> = {};
  if (patch.representativeEmail !== undefined) next.representativeEmail = normalizeRepresentativeEmail(patch.representativeEmail);
  if (patch.riskBand !== undefined) next.riskBand = normalizeRiskBandInput(patch.riskBand);
  const fields = Object.keys(next) as (keyof DebtorPatch)[];
  if (fields.length === 0) throw fieldErrors([{ field: "corpo", reason: "informe representativeEmail, riskBand ou os dois" }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom("debtors").select(["id", "document", "representative_email", "risk_band"]).where("creditor_id", "=", scope.creditorId);
    if ("id" in key) q = q.where("id", "=", parseId(key.id, "Devedor"));
    else {
      const document = normalizeDocument(key.document);
      if (document === "") throw new AppError("not_found", "Devedor não encontrado.");
      q = q.where("document", "=", document);
    }
    if (deps.database.dialect === "postgres") q = q.forUpdate();
    const debtor = await q.executeTakeFirst();
    if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
    const id = Number(debtor.id);
    const stored: Record<keyof DebtorPatch, string | null> = { representativeEmail: debtor.representative_email, riskBand: debtor.risk_band };
    const changes: Partial<Record<keyof DebtorPatch, [string | null, string | null]>> = {};
    const set: Partial<Record<Column, string | null>> = {};
    for (const field of fields) {
      const value = next[field]!;
      if (value === stored[field]) continue;
      changes[field] = [stored[field], value];
      set[COLUMNS[field]] = value;
    }
    const after = { ...stored, ...next };
    const view: UpdatedDebtorView = { id: String(id), document: debtor.document, representativeEmail: after.representativeEmail, riskBand: after.riskBand };
    const changedFields = Object.keys(changes) as (keyof DebtorPatch)[];
    if (changedFields.length === 0) return { changed: false, changedFields, debtor: view };
    await trx.updateTable("debtors").set({ ...set, updated_at: at }).where("id", "=", id).execute();
    await trx
      .insertInto("events")
      .values({ creditor_id: scope.creditorId, debtor_id: id, debt_id: null, kind: "debtor.updated", at, actor: actor.label, data: JSON.stringify({ changes }) })
      .execute();
    await recordAudit(trx, actor, now, {
      action: "debtor.update", entity: "debtor", entityId: String(id), creditorId: scope.creditorId,
      before: Object.fromEntries(changedFields.map((f) => [f, changes[f]![0]])), after: Object.fromEntries(changedFields.map((f) => [f, changes[f]![1]])),
    });
    return { changed: true, changedFields, debtor: view };
  });
}
