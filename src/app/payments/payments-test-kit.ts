// Factories for the payments tests (app, CLI, HTTP): a creditor with debtors and debts
// written directly, so each test states the exact due dates, statuses and nosso números
// it needs. Not used by the product.
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { completeCnpj } from "../../domain/br/documents.ts";
import { SYSTEM_ACTOR } from "../access.ts";
import { addCreditor } from "../creditors/creditors.ts";
import type { AppDeps } from "../deps.ts";

export const KIT_NOW = "2026-05-04T13:00:00.000Z";

let cnpjIndex = 0;

/** A creditor (state SP, default charges: fine 2 %, interest 1 % a month) with `fineBp`/`interestBp` overrides. */
export async function kitCreditor(deps: AppDeps, options: { fineBp?: number; interestBp?: number; cnpj?: string } = {}): Promise<string> {
  const cnpj = options.cnpj ?? completeCnpj(`${String(++cnpjIndex + process.pid * 1000).padStart(8, "0").slice(-8)}0001`);
  const { id } = await addCreditor(deps, SYSTEM_ACTOR, { legalName: `Credor ${cnpj}`, cnpj, state: "SP", sector: "retail" });
  if (options.fineBp !== undefined || options.interestBp !== undefined) {
    await deps.database.db
      .updateTable("creditors")
      .set({ ...(options.fineBp !== undefined ? { fine_bp: options.fineBp } : {}), ...(options.interestBp !== undefined ? { interest_monthly_bp: options.interestBp } : {}) })
      .where("id", "=", id)
      .execute();
  }
  return id;
}

export async function kitDebtor(db: Kysely<Schema>, creditorId: string, document: string, options: { name?: string; state?: string; kind?: string } = {}): Promise<number> {
  const { id } = await db
    .insertInto("debtors")
    .values({
      creditor_id: creditorId, document, kind: options.kind ?? (document.length === 11 ? "person" : "company"), name: options.name ?? `Devedor ${document}`,
      state: options.state ?? "SP", city: null, zip: null, address: null, segment: null, tags: "[]", created_at: KIT_NOW, updated_at: KIT_NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function kitDebt(
  db: Kysely<Schema>,
  creditorId: string,
  debtorId: number,
  externalId: string,
  cents: number,
  dueDate: string,
  options: { ourNumber?: string; status?: string } = {},
): Promise<number> {
  const { id } = await db
    .insertInto("debts")
    .values({
      creditor_id: creditorId, debtor_id: debtorId, external_id: externalId, description: null, original_cents: cents, open_cents: cents, issue_date: null,
      due_date: dueDate, contract: null, instalment: null, our_number: options.ourNumber ?? null, status: options.status ?? "open", created_at: KIT_NOW, updated_at: KIT_NOW,
      fine_bp: null, interest_monthly_bp: null, fine_cents: null, accrual_from_date: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** A planned ladder action covering `debtIds` (what a payment that settles them must cancel). */
export async function kitPlannedAction(db: Kysely<Schema>, creditorId: string, debtorId: number, debtIds: number[], key: string): Promise<number> {
  const { id } = await db
    .insertInto("actions")
    .values({
      creditor_id: creditorId, debtor_id: debtorId, ladder_id: "padrao", step_id: "d+5-email", stage: "friendly", channel: "email", local_day: "2026-05-05",
      idempotency_key: key, status: "planned", send_at: "2026-05-05T12:00:00.000Z", contact_id: null, next_attempt_at: null, last_error: null, cancel_reason: null,
      provider_message_id: null, approved_by: null, approved_at: null, sent_at: null, created_at: KIT_NOW, updated_at: KIT_NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const debtId of debtIds) await db.insertInto("action_debts").values({ action_id: Number(id), debt_id: debtId }).execute();
  return Number(id);
}

/** The debt columns a payment changes. */
export async function kitDebtState(db: Kysely<Schema>, debtId: number) {
  const d = await db
    .selectFrom("debts")
    .select(["status", "open_cents", "fine_cents", "interest_cents", "correction_cents", "accrual_from_date"])
    .where("id", "=", debtId)
    .executeTakeFirstOrThrow();
  return { status: d.status, openCents: d.open_cents, fineCents: d.fine_cents, interestCents: d.interest_cents, correctionCents: d.correction_cents, accrualFromDate: d.accrual_from_date };
}

/**
 * A trigger that makes writes to `table` fail when `when` (SQL on NEW) holds: a crash in
 * the middle of a transaction, on either database. Returns a function that drops it.
 */
export async function kitFailingTrigger(deps: AppDeps, name: string, table: string, event: "INSERT" | "UPDATE", when: string): Promise<() => Promise<void>> {
  const { database } = deps;
  if (database.dialect === "sqlite") {
    database.sqlite.exec(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW WHEN (${when}) BEGIN SELECT RAISE(ABORT, 'falha simulada'); END`);
    return async () => void database.sqlite.exec(`DROP TRIGGER ${name}`);
  }
  await database.pool.query(`CREATE OR REPLACE FUNCTION ${name}_fn() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'falha simulada'; END $$ LANGUAGE plpgsql`);
  await database.pool.query(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}_fn()`);
  return async () => void (await database.pool.query(`DROP TRIGGER ${name} ON ${table}`));
}
