import { planNegotiation, presentOptions, type NegotiationOptions, type NegotiationPlan } from "../../domain/negotiation/negotiation-options.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { debtorToday, findNegotiationDebtor, negotiableDebts, negotiationDay, type DebtorRef, type NegotiableDebt, type NegotiationDebtor } from "./negotiation-context.ts";
import { loadNegotiationPolicy } from "./negotiation-policies.ts";

export type OptionsInput = {
  /** YYYY-MM-DD; default today in the debtor's zone. */
  at?: string | null;
  /** Declared monthly income, in centavos. */
  incomeCents?: number | null;
};

/** The options and what they were computed from, for people (the CLI's text output, the UI). */
export type OptionsReport = {
  options: NegotiationOptions;
  plan: NegotiationPlan;
  debtor: NegotiationDebtor;
  debts: NegotiableDebt[];
  atDate: string;
  policyVersion: number;
};

/**
 * The options the creditor's policy allows today for the debtor's overdue open debts
 * (a simulation: nothing is written). `report.options` is the JSON contract.
 */
export async function getNegotiationOptions(deps: AppDeps, actor: Actor, creditorId: string, debtorRef: DebtorRef, input: OptionsInput = {}): Promise<OptionsReport> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  const debtor = await findNegotiationDebtor(db, scope, debtorRef);
  const atDate = negotiationDay(input.at, debtorToday(deps.clock.now(), debtor), actor, "simulate");
  const { policy, version } = await loadNegotiationPolicy(db, scope.creditorId);
  const debts = await negotiableDebts(db, scope, debtor.id, atDate);
  const plan = planNegotiation({ debts, policy, today: atDate, uf: debtor.uf, monthlyIncomeCents: input.incomeCents ?? null });
  return { options: presentOptions(plan), plan, debtor, debts, atDate, policyVersion: version };
}
