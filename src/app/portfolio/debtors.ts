import { sql } from "kysely";
import { AppError } from "../../shared/app-error.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { authorize, type Actor, type CreditorScope, type Permission } from "../access.ts";
import type { AppDeps } from "../deps.ts";

export const DEBT_STATUSES = ["open", "settled", "in_agreement", "written_off", "disputed"] as const;

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

export type ListDebtorsInput = { q?: string; status?: string; limit?: number; cursor?: string };

export const encodeCursor = (id: number) => Buffer.from(String(id)).toString("base64url");
export function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isSafeInteger(id) || id < 0) throw new AppError("validation", "cursor inválido", [{ field: "cursor", reason: "cursor inválido" }]);
  return id;
}

/** Debtor ids of one creditor matching a free-text query: document, debt id, e-mail, phone or name. */
function matchingIds(deps: AppDeps, scope: CreditorScope, q: string) {
  const { db } = deps.database;
  const digits = normalizeDocument(q);
  const lowered = q.trim().toLowerCase();
  const phoneDigits = q.replace(/\D/g, "");
  return db
    .selectFrom("debtors")
    .select("id")
    .where("creditor_id", "=", scope.creditorId)
    .where((eb) =>
      eb.or([
        eb("document", "=", digits),
        eb(sql`lower(name)`, "like", `%${lowered.replace(/[%_]/g, "")}%`),
        eb("id", "in", eb.selectFrom("debts").select("debtor_id").where("creditor_id", "=", scope.creditorId).where("external_id", "=", q.trim())),
        eb("id", "in", eb.selectFrom("contacts").select("debtor_id").where("creditor_id", "=", scope.creditorId).where("value", "in", [lowered, phoneDigits ? `+55${phoneDigits.replace(/^55/, "")}` : lowered])),
      ]),
    );
}

/** `authorize`, and the creditor must exist (an admin asking for an unknown id gets 404, not an empty list). */
export async function authorizeExisting(deps: AppDeps, actor: Actor, creditorId: string, permission: Permission): Promise<CreditorScope> {
  const scope = authorize(actor, creditorId, permission);
  const found = await deps.database.db.selectFrom("creditors").select("id").where("id", "=", scope.creditorId).executeTakeFirst();
  if (!found) throw new AppError("not_found", "Credor não encontrado.");
  return scope;
}

export async function listDebtors(deps: AppDeps, actor: Actor, creditorId: string, input: ListDebtorsInput): Promise<{ items: DebtorSummary[]; nextCursor: string | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  if (input.status && !(DEBT_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError("validation", `status inválido: ${input.status}`, [{ field: "status", reason: `use ${DEBT_STATUSES.join(", ")}` }]);
  }
  let query = db
    .selectFrom("debtors")
    .select(["id", "document", "kind", "name", "state", "city", "segment", "tags"])
    .where("creditor_id", "=", scope.creditorId)
    .orderBy("id")
    .limit(limit + 1);
  if (input.cursor) query = query.where("id", ">", decodeCursor(input.cursor));
  if (input.q && input.q.trim() !== "") query = query.where("id", "in", matchingIds(deps, scope, input.q));
  if (input.status) {
    const status = input.status;
    query = query.where("id", "in", db.selectFrom("debts").select("debtor_id").where("creditor_id", "=", scope.creditorId).where("status", "=", status));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const totals = ids.length
    ? await db
        .selectFrom("debts")
        .select((eb) => ["debtor_id", eb.fn.sum<number>("open_cents").as("open"), eb.fn.countAll<number>().as("n"), eb.fn.min("due_date").as("oldest")])
        .where("creditor_id", "=", scope.creditorId)
        .where("debtor_id", "in", ids)
        .where("status", "=", "open")
        .groupBy("debtor_id")
        .execute()
    : [];
  const byDebtor = new Map(totals.map((t) => [Number(t.debtor_id), t]));
  return {
    items: page.map((r) => {
      const t = byDebtor.get(r.id);
      return {
        id: String(r.id), document: r.document, kind: r.kind as DebtorSummary["kind"], name: r.name, state: r.state, city: r.city,
        segment: r.segment, tags: JSON.parse(r.tags) as string[], openBalanceCents: Number(t?.open ?? 0), openDebts: Number(t?.n ?? 0),
        oldestDueDate: (t?.oldest as string | null | undefined) ?? null,
      };
    }),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  };
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
  const [contacts, optOuts, debts] = await Promise.all([
    db.selectFrom("contacts").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).orderBy("id").execute(),
    db.selectFrom("opt_outs").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).where("opted_in_at", "is", null).execute(),
    db.selectFrom("debts").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).orderBy("due_date").execute(),
  ]);
  const open = debts.filter((d) => d.status === "open");
  return {
    debtor: {
      id: String(debtor.id), document: debtor.document, kind: debtor.kind, name: debtor.name, state: debtor.state, city: debtor.city,
      zip: debtor.zip, address: debtor.address, segment: debtor.segment, tags: JSON.parse(debtor.tags) as string[],
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
  const { db } = deps.database;
  const exists = await db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirst();
  if (!exists) throw new AppError("not_found", "Devedor não encontrado.");
  let query = db
    .selectFrom("events")
    .selectAll()
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", debtorId)
    .orderBy("id", "desc")
    .limit(Math.min(Math.max(input.limit ?? 100, 1), 500));
  if (input.before) query = query.where("id", "<", parseId(input.before, "Evento"));
  const rows = await query.execute();
  return { items: rows.map((e) => ({ id: String(e.id), kind: e.kind, at: e.at, actor: e.actor, debtId: e.debt_id === null ? null : String(e.debt_id), data: JSON.parse(e.data) as unknown })) };
}
