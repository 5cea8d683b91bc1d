import { addDays } from "../../domain/br/dates.ts";
import { formatDocument } from "../../domain/br/documents.ts";
import { CONTACT_KIND_OF_CHANNEL, type Channel } from "../../domain/ladder/channels.ts";
import type { NegotiationOptions, OptionTerms } from "../../domain/negotiation/negotiation-options.ts";
import { firstName, properName } from "../../domain/templates/filters.ts";
import { formatAddress } from "../boleto/billing-rules.ts";
import { listDebtBoletos } from "../boleto/list-boletos.ts";
import { chargesForDebts } from "../charges/get-debt-charges.ts";
import type { AppDeps } from "../deps.ts";
import { listDebtorAgreements } from "../negotiation/agreement-views.ts";
import { getNegotiationOptions } from "../negotiation/get-negotiation-options.ts";
import { debtorToday, findNegotiationDebtor } from "../negotiation/negotiation-context.ts";
import { loadNegotiationPolicy } from "../negotiation/negotiation-policies.ts";
import { listPromises } from "../negotiation/promises.ts";
import { listPixCharges, type PixChargeView } from "../pix/list-pix-charges.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import type { SelfServiceSession } from "./sessions.ts";

/** One debt as the page lists it: what it owes today. */
export type DebtLine = {
  debtId: string;
  externalId: string;
  description: string | null;
  dueDate: string;
  daysLate: number;
  principalCents: number;
  /** Fine + interest + correction today. */
  chargesCents: number;
  totalCents: number;
  status: "open" | "disputed";
  /** The PIX code and boleto already issued for it and still payable. */
  payment: PaymentSlips | null;
};

/** What pays one debt (an original or an agreement's instalment), as issued. */
export type PaymentSlips = {
  debtId: string;
  pix: { chargeId: string; copiaECola: string; amountCents: number; dueDate: string | null; expiresAt: string | null } | null;
  boleto: { id: string; line: string; amountCents: number; dueDate: string } | null;
};

export type AgreementSummary = {
  id: string;
  totalCents: number;
  discountCents: number;
  debtCents: number;
  instalments: number;
  schedule: { number: number; dueDate: string; amountCents: number; status: string; debtId: string }[];
  /** The first instalment still open, with its slips. */
  next: { number: number; dueDate: string; amountCents: number; debtId: string; payment: PaymentSlips | null } | null;
};

/** Everything the page shows after the identity check. */
export type SelfServicePage = {
  today: string;
  creditor: { name: string; legalName: string; cnpj: string; address: string };
  debtor: { firstName: string; kind: "person" | "company" };
  debts: DebtLine[];
  /** Sum of the open debts' totals today (disputed ones left out). */
  totalCents: number;
  agreement: AgreementSummary | null;
  /** The options the policy allows today (none while an agreement is active). */
  negotiation: { options: OptionTerms[]; debtCents: number; affordabilityNote: string | null; note: string | null; incomeCents: number | null };
  /** The open promise, if any, and the latest date a new one may name (the policy's promiseMaxDays). */
  promise: { open: { amountCents: number; date: string } | null; maxDate: string };
  channels: { channel: Channel; optedOut: boolean }[];
};

/** The channels the page offers to opt out of, in this order. */
export const PAGE_CHANNELS: readonly Channel[] = (["email", "sms", "whatsapp", "phone", "letter"] as const).filter((c) => c in CONTACT_KIND_OF_CHANNEL);

/** A PIX charge still payable today covering exactly `debtId`. */
function payablePix(charges: readonly PixChargeView[], debtId: string, now: Date, today: string): PixChargeView | null {
  return (
    charges.find(
      (c) =>
        c.status === "ATIVA" && c.debts.length === 1 && c.debts[0]!.id === debtId &&
        (c.expiresAt === null || Date.parse(c.expiresAt) > now.getTime()) && (c.dueDate === null || c.dueDate >= today),
    ) ?? null
  );
}

/** The slips already issued for each of `debtIds` and still payable (newest first). */
export async function findPaymentSlips(deps: AppDeps, session: SelfServiceSession, debtIds: readonly string[], today: string): Promise<Map<string, PaymentSlips>> {
  const out = new Map<string, PaymentSlips>();
  if (debtIds.length === 0) return out;
  const { items: charges } = await listPixCharges(deps, session.actor, session.creditorId, { debtorId: String(session.debtorId), status: "ATIVA", limit: 200 });
  const now = deps.clock.now();
  for (const debtId of debtIds) {
    const pix = payablePix(charges, debtId, now, today);
    const { items: boletos } = await listDebtBoletos(deps, session.actor, session.creditorId, { id: debtId });
    const boleto = boletos.find((b) => b.status === "issued" && b.dueDate >= today) ?? null;
    if (!pix && !boleto) continue;
    out.set(debtId, {
      debtId,
      pix: pix ? { chargeId: pix.id, copiaECola: pix.pixCopiaECola, amountCents: pix.amountCents, dueDate: pix.dueDate, expiresAt: pix.expiresAt } : null,
      boleto: boleto ? { id: boleto.id, line: boleto.line, amountCents: boleto.amountCents, dueDate: boleto.dueDate } : null,
    });
  }
  return out;
}

/**
 * The page of the session's debtor: the creditor (CDC art. 42-A), the open and disputed
 * debts with today's charges (the debtor's local day), the active agreement with its next
 * instalment and slips, the negotiation options (respecting a declared income), and the
 * channels with their opt-out state. Reads only: nothing here writes.
 */
export async function loadSelfServicePage(deps: AppDeps, session: SelfServiceSession, input: { incomeCents?: number | null } = {}): Promise<SelfServicePage> {
  const scope = await authorizeExisting(deps, session.actor, session.creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtorRef = { id: String(session.debtorId) };
  const debtor = await findNegotiationDebtor(db, scope, debtorRef);
  const today = debtorToday(deps.clock.now(), debtor);
  const creditor = await db.selectFrom("creditors").select(["legal_name", "trade_name", "cnpj", "address", "city", "state", "zip"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();

  const rows = await db
    .selectFrom("debts")
    .select(["id", "external_id", "description", "due_date", "open_cents", "status"])
    .where("creditor_id", "=", scope.creditorId)
    .where("debtor_id", "=", session.debtorId)
    .where("agreement_id", "is", null)
    .where("status", "in", ["open", "disputed"])
    .where("open_cents", ">", 0)
    .orderBy("due_date")
    .orderBy("id")
    .execute();
  const charges = rows.length ? await chargesForDebts(deps, scope, rows.map((r) => Number(r.id)), today) : new Map();

  const { items: agreements } = await listDebtorAgreements(deps, session.actor, session.creditorId, debtorRef);
  const active = agreements.find((a) => a.status === "active") ?? null;
  const nextInstalment = active?.schedule.find((i) => i.status === "open") ?? null;
  const slipDebtIds = [...rows.filter((r) => r.status === "open").map((r) => String(r.id)), ...(nextInstalment ? [nextInstalment.debtId] : [])];
  const slips = await findPaymentSlips(deps, session, slipDebtIds, today);

  const debts: DebtLine[] = rows.map((r) => {
    const c = charges.get(Number(r.id));
    const principal = c?.principalCents ?? Number(r.open_cents);
    const total = c?.totalCents ?? Number(r.open_cents);
    return {
      debtId: String(r.id), externalId: r.external_id, description: r.description, dueDate: r.due_date, daysLate: c?.daysLate ?? 0,
      principalCents: principal, chargesCents: total - principal, totalCents: total, status: r.status === "disputed" ? "disputed" : "open",
      payment: slips.get(String(r.id)) ?? null,
    };
  });

  let negotiation: SelfServicePage["negotiation"] = { options: [], debtCents: 0, affordabilityNote: null, note: null, incomeCents: input.incomeCents ?? null };
  if (!active) {
    const report = await getNegotiationOptions(deps, session.actor, session.creditorId, debtorRef, { incomeCents: input.incomeCents ?? null });
    const options: NegotiationOptions = report.options;
    negotiation = {
      options: report.plan.terms, debtCents: options.debtCents, affordabilityNote: options.affordability?.note ?? null,
      note: report.plan.terms.length === 0 ? report.plan.note : null, incomeCents: input.incomeCents ?? null,
    };
  }

  const { items: openPromises } = await listPromises(deps, session.actor, session.creditorId, { debtor: debtorRef, status: "open" });
  const { policy } = await loadNegotiationPolicy(db, scope.creditorId);
  const openPromise = openPromises[0] ?? null;

  const optOuts = await db.selectFrom("opt_outs").select("channel").where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", session.debtorId).where("opted_in_at", "is", null).execute();
  const optedOut = new Set(optOuts.map((o) => o.channel));

  return {
    today,
    creditor: { name: creditor.trade_name || creditor.legal_name, legalName: creditor.legal_name, cnpj: formatDocument(creditor.cnpj), address: formatAddress(creditor) },
    debtor: { firstName: firstName(debtor.name) || properName(debtor.name), kind: debtor.kind === "company" ? "company" : "person" },
    debts,
    totalCents: debts.filter((d) => d.status === "open").reduce((s, d) => s + d.totalCents, 0),
    agreement: active
      ? {
          id: active.id, totalCents: active.totalCents, discountCents: active.discountCents, debtCents: active.debtCents, instalments: active.instalments,
          schedule: active.schedule.map((i) => ({ number: i.number, dueDate: i.dueDate, amountCents: i.amountCents, status: i.status, debtId: i.debtId })),
          next: nextInstalment
            ? { number: nextInstalment.number, dueDate: nextInstalment.dueDate, amountCents: nextInstalment.openCents, debtId: nextInstalment.debtId, payment: slips.get(nextInstalment.debtId) ?? null }
            : null,
        }
      : null,
    negotiation,
    promise: { open: openPromise ? { amountCents: openPromise.amountCents, date: openPromise.promisedDate } : null, maxDate: addDays(today, policy.promiseMaxDays) },
    channels: PAGE_CHANNELS.map((channel) => ({ channel, optedOut: optedOut.has(channel) })),
  };
}
