import { AppError } from "../../shared/app-error.ts";
import { normalizeEmail } from "../../domain/br/email.ts";
import { normalizePhone } from "../../domain/br/phone.ts";
import { authorize, type Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, DEBT_STATUSES, decodeCursor, encodeCursor, parseId } from "./debtors.ts";
import type { Selectable } from "kysely";
import type { ContactTable } from "../../db/schema.ts";

const contactView = (c: Selectable<ContactTable>) => ({
  id: String(c.id), kind: c.kind, value: c.value, validity: c.validity, invalidReason: c.invalid_reason, source: c.source, optOuts: [] as { channel: string; at: string }[],
});

/** Adds a contact a person learned (a call, a letter); it is validated like an imported one. */
export async function addContact(deps: AppDeps, actor: Actor, creditorId: string, debtorIdRaw: string, input: { kind: "email" | "phone" | "whatsapp" | "address"; value: string }) {
  const scope = authorize(actor, creditorId, "contact.write");
  const debtorId = parseId(debtorIdRaw, "Devedor");
  let value = input.value.trim();
  if (input.kind === "email") {
    const e = normalizeEmail(value);
    if (!e.ok) throw new AppError("validation", `e-mail inválido: ${e.reason}`, [{ field: "value", reason: e.reason }]);
    value = e.email;
  } else if (input.kind === "phone" || input.kind === "whatsapp") {
    const p = normalizePhone(value);
    if (!p.ok) throw new AppError("validation", `telefone inválido: ${p.reason}`, [{ field: "value", reason: p.reason }]);
    value = p.e164;
  }
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const debtor = await trx.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirst();
    if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
    const existing = await trx.selectFrom("contacts").select("id").where("debtor_id", "=", debtorId).where("kind", "=", input.kind).where("value", "=", value).executeTakeFirst();
    if (existing) throw new AppError("conflict", "Este contato já está cadastrado para o devedor.");
    const row = { creditor_id: scope.creditorId, debtor_id: debtorId, kind: input.kind, value, validity: "unknown", invalid_reason: null, source: actor.label, created_at: now.toISOString(), updated_at: now.toISOString() };
    const { id } = await trx.insertInto("contacts").values(row).returning("id").executeTakeFirstOrThrow();
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: null, kind: "contact.added", at: now.toISOString(), actor: actor.label, data: JSON.stringify({ contactId: String(id), kind: input.kind, value }) }).execute();
    await recordAudit(trx, actor, now, { action: "contact.add", entity: "contact", entityId: String(id), creditorId: scope.creditorId, after: { debtorId: String(debtorId), kind: input.kind, value } });
    return contactView({ ...row, id: Number(id) });
  });
}

export async function invalidateContact(deps: AppDeps, actor: Actor, creditorId: string, debtorIdRaw: string, contactIdRaw: string, reason: string) {
  const scope = authorize(actor, creditorId, "contact.write");
  const debtorId = parseId(debtorIdRaw, "Devedor");
  const contactId = parseId(contactIdRaw, "Contato");
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("contacts").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).where("id", "=", contactId).executeTakeFirst();
    if (!before) throw new AppError("not_found", "Contato não encontrado.");
    await trx.updateTable("contacts").set({ validity: "invalid", invalid_reason: reason, updated_at: now.toISOString() }).where("id", "=", contactId).execute();
    await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: null, kind: "contact.invalidated", at: now.toISOString(), actor: actor.label, data: JSON.stringify({ contactId: String(contactId), kind: before.kind, value: before.value, reason }) }).execute();
    await recordAudit(trx, actor, now, { action: "contact.invalidate", entity: "contact", entityId: String(contactId), creditorId: scope.creditorId, before: { validity: before.validity, invalidReason: before.invalid_reason }, after: { validity: "invalid", invalidReason: reason } });
    return contactView({ ...before, validity: "invalid", invalid_reason: reason, updated_at: now.toISOString() });
  });
}

export async function listDebts(deps: AppDeps, actor: Actor, creditorId: string, input: { status?: string; externalId?: string; ourNumber?: string; limit?: number; cursor?: string }) {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  if (input.status && !(DEBT_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError("validation", `status inválido: ${input.status}`, [{ field: "status", reason: `use ${DEBT_STATUSES.join(", ")}` }]);
  }
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  let query = deps.database.db.selectFrom("debts").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("id").limit(limit + 1);
  if (input.status) query = query.where("status", "=", input.status);
  if (input.externalId) query = query.where("external_id", "=", input.externalId);
  if (input.ourNumber) query = query.where("our_number", "=", input.ourNumber.replace(/^0+(?=\d)/, ""));
  if (input.cursor) query = query.where("id", ">", decodeCursor(input.cursor));
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((d) => ({
      id: String(d.id), debtorId: String(d.debtor_id), externalId: d.external_id, description: d.description, originalCents: d.original_cents, openCents: d.open_cents,
      issueDate: d.issue_date, dueDate: d.due_date, contract: d.contract, instalment: d.instalment, ourNumber: d.our_number, status: d.status,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}
