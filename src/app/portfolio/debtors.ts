import { AppError } from "../../shared/app-error.ts";
import { authorize, type Actor, type CreditorScope, type Permission } from "../access.ts";
import type { AppDeps } from "../deps.ts";

/** `cancelled`: an instalment of a broken agreement (its debt went back to the originals). */
export const DEBT_STATUSES = ["open", "settled", "in_agreement", "written_off", "disputed", "cancelled"] as const;

export type DebtorSummary = {
  id: string;
  document: string;
  kind: "person" | "company";
  name: string;
  state: string | null;
  city: string | null;
  segment: string | null;
  tags: string[];
  openBalanceCents: number;
  openDebts: number;
  oldestDueDate: string | null;
};

export const encodeCursor = (id: number) => Buffer.from(String(id)).toString("base64url");
export function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isSafeInteger(id) || id < 0) throw new AppError("validation", "cursor inválido", [{ field: "cursor", reason: "cursor inválido" }]);
  return id;
}

/** `authorize`, and the creditor must exist (an admin asking for an unknown id gets 404, not an empty list). */
export async function authorizeExisting(deps: AppDeps, actor: Actor, creditorId: string, permission: Permission): Promise<CreditorScope> {
  const scope = authorize(actor, creditorId, permission);
  const found = await deps.database.db.selectFrom("creditors").select("id").where("id", "=", scope.creditorId).executeTakeFirst();
  if (!found) throw new AppError("not_found", "Credor não encontrado.");
  return scope;
}

export function parseId(raw: string, what: string): number {
  const id = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id)) throw new AppError("not_found", `${what} não encontrado.`);
  return id;
}

export async function getDebtor(deps: AppDeps, actor: Actor, creditorId: string, debtorIdRaw: string) {
  const scope = authorize(actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtorId = parseId(debtorIdRaw, "Devedor");
  const debtor = await db.selectFrom("debtors").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirst();
  if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
  const representative = debtor.representative_email;
  const [contacts, optOuts, debts, copiesStopped] = await Promise.all([
    db.selectFrom("contacts").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).orderBy("id").execute(),
    db.selectFrom("opt_outs").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).where("opted_in_at", "is", null).execute(),
    db.selectFrom("debts").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).orderBy("due_date").execute(),
    representative === null
      ? undefined
      : db.selectFrom("email_copy_opt_outs").select("opted_out_at").where("creditor_id", "=", scope.creditorId).where("address", "=", representative).executeTakeFirst(),
  ]);
  const open = debts.filter((d) => d.status === "open");
  return {
    debtor: {
      id: String(debtor.id), document: debtor.document, kind: debtor.kind, name: debtor.name, state: debtor.state, city: debtor.city,
      zip: debtor.zip, address: debtor.address, segment: debtor.segment, tags: JSON.parse(debtor.tags) as string[],
      representativeEmail: representative, representativeCopiesStoppedAt: copiesStopped?.opted_out_at ?? null, riskBand: debtor.risk_band,
      openBalanceCents: open.reduce((s, d) => s + d.open_cents, 0), openDebts: open.length, oldestDueDate: open[0]?.due_date ?? null,
    },
    contacts: contacts.map((c) => ({
      id: String(c.id), kind: c.kind, value: c.value, validity: c.validity, invalidReason: c.invalid_reason, source: c.source,
      optOuts: optOuts.filter((o) => channelOfContact(c.kind).includes(o.channel)).map((o) => ({ channel: o.channel, at: o.opted_out_at })),
    })),
    debts: debts.map((d) => ({
      id: String(d.id), externalId: d.external_id, description: d.description, originalCents: d.original_cents, openCents: d.open_cents,
      issueDate: d.issue_date, dueDate: d.due_date, contract: d.contract, instalment: d.instalment, ourNumber: d.our_number, status: d.status,
    })),
  };
}

function channelOfContact(kind: string): string[] {
  if (kind === "email") return ["email"];
  if (kind === "phone") return ["sms", "phone"];
  if (kind === "whatsapp") return ["whatsapp"];
  return ["letter"];
}

export async function getTimeline(deps: AppDeps, actor: Actor, creditorId: string, debtorIdRaw: string, input: { limit?: number; before?: string } = {}) {
  const scope = authorize(actor, creditorId, "portfolio.read");
  const debtorId = parseId(debtorIdRaw, "Devedor");
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  const { db } = deps.database;
  const exists = await db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirst();
  if (!exists) throw new AppError("not_found", "Devedor não encontrado.");
  let query = db
    .selectFrom("events")
    .selectAll()
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", debtorId)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (input.before) {
    if (!/^\d{1,15}$/.test(input.before)) throw new AppError("validation", "before: use o id de um evento", [{ field: "before", reason: "use o id de um evento" }]);
    query = query.where("id", "<", Number(input.before));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((e) => ({ id: String(e.id), kind: e.kind, at: e.at, actor: e.actor, debtId: e.debt_id === null ? null : String(e.debt_id), data: JSON.parse(e.data) as unknown })),
    /** Pass as `before` for the next (older) page; null on the last page. */
    nextBefore: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}
