import type { ActionFigure, AgingBucket, Period } from "./dashboard-api.ts";

// The list behind each figure of the Painel, with the query parameters those pages read:
// the debtor list (web/src/debtors), the outbox (web/src/outbox) and the payments
// (web/src/payments).

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Debtors whose oldest open debt is in the bucket (the list's own bucket filter). */
export function debtorsInBucket(bucket: AgingBucket): string {
  return `/devedores?${query({ bucket })}`;
}

/** Every debtor with an open debt. */
export const OPEN_DEBTORS = `/devedores?${query({ status: "open" })}`;

/** Tracking figures are counted on sent actions: their list is the sent ones, with the tracking shown per message. */
const STATUS_OF_FIGURE: Record<ActionFigure, string> = {
  planned: "planned", awaiting_approval: "awaiting_approval", sending: "sending", sent: "sent", delivered: "sent", opened: "sent", clicked: "sent",
  bounced: "sent", failed: "failed", uncertain: "uncertain", cancelled: "cancelled", rejected: "rejected",
};

/** The month's actions of a channel with the status behind a figure (the outbox filters by local day). */
export function outboxFor(figure: ActionFigure, channel: string | null, month: { from: string; to: string }): string {
  const params: Record<string, string> = { status: STATUS_OF_FIGURE[figure] };
  if (channel) params.channel = channel;
  params.from = month.from;
  params.to = month.to;
  return `/caixa-de-saida?${query(params)}`;
}

/** Formal steps waiting for a manager, of one channel or all (whatever their day). */
export function approvalsFor(channel: string | null): string {
  return `/caixa-de-saida?${query(channel ? { status: "awaiting_approval", channel } : { status: "awaiting_approval" })}`;
}

/** Payments applied in a period (the payments page's "all payments" tab). */
export function paymentsIn(period: Pick<Period, "from" | "to">): string {
  return `/pagamentos?${query({ aba: "todos", situacao: "applied", de: period.from, ate: period.to })}`;
}

/** The reconciliation queue (the payments page's first tab). */
export const UNMATCHED_PAYMENTS = "/pagamentos";

export function debtorPage(debtorId: string): string {
  return `/devedores/${encodeURIComponent(debtorId)}`;
}

/** Change from `before` to `now` in whole percent; null when there was nothing before. */
export function changePercent(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) / before) * 100);
}
