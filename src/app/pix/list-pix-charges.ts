import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { PixChargeStatus, PixChargeTable } from "../../db/schema/pix.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, decodeCursor, encodeCursor } from "../portfolio/debtors.ts";

export type PixChargeView = {
  id: string;
  txid: string;
  kind: "cob" | "cobv";
  status: PixChargeStatus;
  amountCents: number;
  dueDate: string | null;
  expiresAt: string | null;
  pixCopiaECola: string;
  location: string;
  debtorId: string;
  debts: { id: string; externalId: string; amountCents: number }[];
  paidCents: number | null;
  paidAt: string | null;
  endToEndId: string | null;
  createdAt: string;
  createdBy: string;
};

export const PIX_CHARGE_STATUSES = ["ATIVA", "CONCLUIDA", "REMOVIDA_PELO_USUARIO_RECEBEDOR", "REMOVIDA_PELO_PSP"] as const satisfies readonly PixChargeStatus[];

type ChargeRow = Pick<PixChargeTable, "txid" | "kind" | "status" | "amount_cents" | "due_date" | "expires_at" | "pix_copia_e_cola" | "location" | "debtor_id" | "paid_cents" | "paid_at" | "end_to_end_id" | "created_at" | "created_by"> & { id: number };

const CHARGE_COLUMNS = ["id", "txid", "kind", "status", "amount_cents", "due_date", "expires_at", "pix_copia_e_cola", "location", "debtor_id", "paid_cents", "paid_at", "end_to_end_id", "created_at", "created_by"] as const;

async function present(db: Kysely<Schema>, creditorId: string, rows: ChargeRow[]): Promise<PixChargeView[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("pix_charge_debts as l")
    .innerJoin("debts as d", "d.id", "l.debt_id")
    .select(["l.charge_id", "l.debt_id", "l.amount_cents", "d.external_id"])
    .where("d.creditor_id", "=", creditorId)
    .where("l.charge_id", "in", rows.map((r) => Number(r.id)))
    .orderBy("l.charge_id")
    .orderBy("l.debt_id")
    .execute();
  return rows.map((r) => ({
    id: String(r.id), txid: r.txid, kind: r.kind, status: r.status, amountCents: r.amount_cents, dueDate: r.due_date, expiresAt: r.expires_at,
    pixCopiaECola: r.pix_copia_e_cola, location: r.location, debtorId: String(r.debtor_id),
    debts: links.filter((l) => Number(l.charge_id) === Number(r.id)).map((l) => ({ id: String(l.debt_id), externalId: l.external_id, amountCents: l.amount_cents })),
    paidCents: r.paid_cents, paidAt: r.paid_at, endToEndId: r.end_to_end_id, createdAt: r.created_at, createdBy: r.created_by,
  }));
}

export async function loadPixChargeView(db: Kysely<Schema>, creditorId: string, chargeId: number): Promise<PixChargeView> {
  const row = await db.selectFrom("pix_charges").select(CHARGE_COLUMNS).where("creditor_id", "=", creditorId).where("id", "=", chargeId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "Cobrança Pix não encontrada.");
  return (await present(db, creditorId, [row]))[0]!;
}

export type ListPixChargesInput = { status?: string; debtorId?: string; limit?: number; cursor?: string };

/** The creditor's PIX charges, newest first, paginated by cursor. */
export async function listPixCharges(deps: AppDeps, actor: Actor, creditorId: string, input: ListPixChargesInput = {}): Promise<{ items: PixChargeView[]; nextCursor: string | null }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  if (input.status !== undefined && !(PIX_CHARGE_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError("validation", `status inválido: ${input.status}`, [{ field: "status", reason: `use ${PIX_CHARGE_STATUSES.join(", ")}` }]);
  }
  let query = db.selectFrom("pix_charges").select(CHARGE_COLUMNS).where("creditor_id", "=", scope.creditorId).orderBy("id", "desc").limit(limit + 1);
  if (input.status) query = query.where("status", "=", input.status as PixChargeStatus);
  if (input.debtorId !== undefined) {
    const debtorId = Number(input.debtorId);
    if (!Number.isSafeInteger(debtorId) || debtorId <= 0) throw new AppError("validation", "debtorId inválido", [{ field: "debtorId", reason: "inválido" }]);
    query = query.where("debtor_id", "=", debtorId);
  }
  if (input.cursor) query = query.where("id", "<", decodeCursor(input.cursor));
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return { items: await present(db, scope.creditorId, page), nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1]!.id)) : null };
}
