import type { Selectable } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { AppError } from "../../shared/app-error.ts";
import { diffDays, localDateOf } from "../../domain/br/dates.ts";
import { formatDocument } from "../../domain/br/documents.ts";
import type { Channel, Stage } from "../../domain/ladder/channels.ts";
import { debtorZone } from "../../domain/ladder/debtor-zone.ts";
import { firstName, maskDocument, properName } from "../../domain/templates/filters.ts";
import type { DebtVars, TemplateContext } from "../../domain/templates/variables.ts";
import type { CreditorScope } from "../access.ts";
import type { ChargeBreakdown } from "../../domain/charges/charges.ts";
import { chargesForDebts } from "../charges/get-debt-charges.ts";
import type { AppDeps } from "../deps.ts";

export type MessageContextInput = {
  debtorId: number;
  /** The debts of the message; null = the debtor's open debts. */
  debtIds: readonly number[] | null;
  step: { id: string; stage: Stage; channel: Channel };
  links: { payment: string; unsubscribe: string };
};

export type MessageContext = { context: TemplateContext; creditorSector: string; beforeDue: boolean };

/** The columns a message reads: of the creditor, the debtor and each debt. */
export type MessageCreditorRow = Pick<Selectable<Schema["creditors"]>, "id" | "legal_name" | "trade_name" | "cnpj" | "address" | "city" | "state" | "zip">;
export type MessageDebtorRow = Pick<Selectable<Schema["debtors"]>, "id" | "creditor_id" | "name" | "document" | "kind" | "state" | "city">;
export type MessageDebtRow = Pick<Selectable<Schema["debts"]>, "id" | "creditor_id" | "debtor_id" | "external_id" | "description" | "due_date" | "open_cents" | "contract" | "instalment">;

/** What one message reads from the database, loaded by the caller (the dispatcher loads a whole batch at once). */
export type ActionMessageRows = {
  creditor: MessageCreditorRow;
  debtor: MessageDebtorRow;
  /** Debts that may be the message's; only those of this creditor and debtor named by `debtIds` are used. */
  debts: readonly MessageDebtRow[];
  /** The charges of those debts on `today` (`chargesForDebts`). */
  charges: ReadonlyMap<number, ChargeBreakdown>;
  /** The debtor's local date: `messageDayOf`. */
  today: string;
};

/** "Today" as a message sees it: the debtor's local date, from its UF (the creditor's when it has none). */
export function messageDayOf(now: Date, debtor: Pick<MessageDebtorRow, "state" | "city">, creditor: Pick<MessageCreditorRow, "state">): string {
  return localDateOf(now, debtorZone(debtor.state, debtor.city, creditor.state).timeZone);
}

const formatZip = (zip: string | null) => (zip && /^\d{8}$/.test(zip) ? `${zip.slice(0, 5)}-${zip.slice(5)}` : (zip ?? ""));

/**
 * Loads what a template sees about one debtor of the scope's creditor: the creditor's
 * identification, the debtor (name in proper case, document masked), the debts with
 * their charges today (from the charges area's `chargesForDebts`), the totals, the
 * links and the step. "Today" is the debtor's local date, from its UF (as the ladder does).
 */
export async function buildMessageContext(deps: AppDeps, scope: CreditorScope, input: MessageContextInput): Promise<MessageContext> {
  const { db } = deps.database;
  const creditor = await db.selectFrom("creditors").selectAll().where("id", "=", scope.creditorId).executeTakeFirst();
  if (!creditor) throw new AppError("not_found", "Credor não encontrado.");
  const debtor = await db.selectFrom("debtors").selectAll().where("creditor_id", "=", scope.creditorId).where("id", "=", input.debtorId).executeTakeFirst();
  if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
  const today = messageDayOf(deps.clock.now(), debtor, creditor);

  let query = db.selectFrom("debts").selectAll().where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", input.debtorId).orderBy("due_date").orderBy("id");
  if (input.debtIds === null) query = query.where("status", "=", "open");
  else if (input.debtIds.length === 0) throw new AppError("validation", "debtIds: informe ao menos um título", [{ field: "debtIds", reason: "ao menos um título" }]);
  else query = query.where("id", "in", [...new Set(input.debtIds)]);
  const rows = await query.execute();
  if (input.debtIds !== null && rows.length !== new Set(input.debtIds).size) throw new AppError("not_found", "Título não encontrado.");

  const charges = rows.length ? await chargesForDebts(deps, scope, rows.map((r) => Number(r.id)), today) : new Map<number, ChargeBreakdown>();
  const { context, beforeDue } = messageContextOfRows({ creditor, debtor, debts: rows, charges, today }, rows.map((r) => Number(r.id)), input.step, input.links);
  return { context, creditorSector: creditor.sector, beforeDue };
}

/**
 * The template context from rows already loaded — `buildMessageContext` ends here, and the
 * dispatcher comes here with the rows of a whole lot. The debts used are those of `rows`
 * with this creditor, this debtor and an id in `debtIds`, by due date then id.
 */
export function messageContextOfRows(rows: ActionMessageRows, debtIds: readonly number[], step: TemplateContext["step"], links: MessageContextInput["links"]): { context: TemplateContext; beforeDue: boolean } {
  const { creditor, debtor, today, charges } = rows;
  if (debtIds.length === 0) throw new AppError("validation", "debtIds: informe ao menos um título", [{ field: "debtIds", reason: "ao menos um título" }]);
  const mine = messageDebtRows(rows, debtIds);
  if (mine.length !== new Set(debtIds).size) throw new AppError("not_found", "Título não encontrado.");
  const debts: DebtVars[] = mine.map((r) => {
    const c = charges.get(Number(r.id));
    const open = Number(r.open_cents);
    return {
      externalId: r.external_id,
      description: r.description,
      dueDate: r.due_date,
      daysLate: c?.daysLate ?? Math.max(0, diffDays(today, r.due_date)),
      daysUntilDue: Math.max(0, diffDays(r.due_date, today)),
      openCents: open,
      principalCents: c?.principalCents ?? open,
      fineCents: c?.fineCents ?? 0,
      interestCents: c?.interestCents ?? 0,
      correctionCents: c?.correctionCents ?? 0,
      totalCents: c?.totalCents ?? open,
      contract: r.contract,
      instalment: r.instalment === null ? null : Number(r.instalment),
    };
  });
  const context: TemplateContext = {
    creditor: {
      legalName: creditor.legal_name, tradeName: creditor.trade_name, cnpj: formatDocument(creditor.cnpj), address: creditor.address,
      city: creditor.city, state: creditor.state, zip: formatZip(creditor.zip),
    },
    debtor: { name: properName(debtor.name), firstName: firstName(debtor.name), document: maskDocument(debtor.document), kind: debtor.kind === "company" ? "company" : "person" },
    debts,
    totals: {
      openCents: debts.reduce((s, d) => s + d.openCents, 0),
      totalCents: debts.reduce((s, d) => s + d.totalCents, 0),
      count: debts.length,
      maxDaysLate: debts.reduce((m, d) => Math.max(m, d.daysLate), 0),
      oldestDueDate: debts[0]?.dueDate ?? null,
    },
    links: { ...links },
    step: { ...step },
    today,
  };
  return { context, beforeDue: isBeforeDue(mine, today) };
}

/** The rows of a message's debts: of this creditor and debtor, named by `debtIds`, by due date then id. */
export function messageDebtRows<R extends MessageDebtRow>(rows: { creditor: Pick<MessageCreditorRow, "id">; debtor: Pick<MessageDebtorRow, "id">; debts: readonly R[] }, debtIds: readonly number[]): R[] {
  const wanted = new Set(debtIds);
  return rows.debts
    .filter((r) => r.creditor_id === rows.creditor.id && Number(r.debtor_id) === Number(rows.debtor.id) && wanted.has(Number(r.id)))
    .sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : Number(a.id) - Number(b.id)));
}

/** Whether a message speaks before the due date (every debt still due today or later): it picks the template. */
export function isBeforeDue(debts: readonly Pick<MessageDebtRow, "due_date">[], today: string): boolean {
  return debts.length > 0 && debts.every((d) => d.due_date >= today);
}
