import { normalizeDocument } from "../../domain/br/documents.ts";
import { normalizeEmail } from "../../domain/br/email.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "./debtors.ts";

/** A debtor named by its id (API) or its CPF/CNPJ (CLI). */
export type DebtorKey = { id: string } | { document: string };

/** What may change on a debtor by hand: for now only its account representative (null clears it). */
export type DebtorPatch = { representativeEmail: string | null };

export type DebtorRepresentativeView = { id: string; document: string; representativeEmail: string | null };

export type UpdateDebtorResult = { changed: boolean; debtor: DebtorRepresentativeView };

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
 * Sets or clears the debtor's account representative, who gets a copy of the collection
 * e-mails. The same people who edit contacts may do it; a change lands on the timeline
 * (`debtor.updated`, like an import's) and in the audit log; no change writes nothing.
 */
export async function updateDebtor(deps: AppDeps, actor: Actor, creditorId: string, key: DebtorKey, patch: DebtorPatch): Promise<UpdateDebtorResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "contact.write");
  const representativeEmail = normalizeRepresentativeEmail(patch.representativeEmail);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom("debtors").select(["id", "document", "representative_email"]).where("creditor_id", "=", scope.creditorId);
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
    const before = debtor.representative_email;
    const view = { id: String(id), document: debtor.document, representativeEmail };
    if (before === representativeEmail) return { changed: false, debtor: view };
    await trx.updateTable("debtors").set({ representative_email: representativeEmail, updated_at: at }).where("id", "=", id).execute();
    await trx
      .insertInto("events")
      .values({ creditor_id: scope.creditorId, debtor_id: id, debt_id: null, kind: "debtor.updated", at, actor: actor.label, data: JSON.stringify({ changes: { representativeEmail: [before, representativeEmail] } }) })
      .execute();
    await recordAudit(trx, actor, now, {
      action: "debtor.update", entity: "debtor", entityId: String(id), creditorId: scope.creditorId,
      before: { representativeEmail: before }, after: { representativeEmail },
    });
    return { changed: true, debtor: view };
  });
}
