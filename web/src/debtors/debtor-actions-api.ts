import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPath, apiPost } from "../api/client.ts";
import type {
  Agreement, Boleto, ChargeBreakdown, Debt, Explanation, Holds, LadderAction, NegotiationOptions, PaymentPage, PaymentPromise, PixCharge, RecordPaymentResult,
} from "../api/types.ts";
import { creditorPath } from "./debtors-api.ts";

// The debtor page's reads and writes beyond identity, contacts and timeline: charges, the
// ladder's actions and their "why", payments, boleto and PIX, holds, agreements, promises.

const debtorPath = (creditorId: string, debtorId: string) => `${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}`;
const debtPath = (creditorId: string, debtId: string) => `${creditorPath(creditorId)}/debts/${encodeURIComponent(debtId)}`;
const key = (creditorId: string, debtorId: string, what: string) => ["creditors", creditorId, "debtors", "extra", debtorId, what] as const;

/** Today's charges of every owing debt, one request each (a debtor has a handful of debts). */
export function useDebtCharges(creditorId: string, debtorId: string, debts: Debt[]) {
  return useQueries({
    queries: debts.map((debt) => ({
      queryKey: [...key(creditorId, debtorId, "charges"), debt.id],
      queryFn: ({ signal }: { signal: AbortSignal }) => apiGet<ChargeBreakdown>(`${debtPath(creditorId, debt.id)}/charges`, { signal }),
    })),
  });
}

export function useExplanation(creditorId: string, debtorId: string) {
  return useQuery({ queryKey: key(creditorId, debtorId, "explain"), queryFn: ({ signal }) => apiGet<Explanation>(`${debtorPath(creditorId, debtorId)}/explain`, { signal }) });
}

export function useDebtorActions(creditorId: string, debtorId: string) {
  return useQuery({
    queryKey: key(creditorId, debtorId, "actions"),
    queryFn: ({ signal }) => apiGet<{ items: LadderAction[]; nextCursor: string | null }>(apiPath(`${creditorPath(creditorId)}/actions`, { debtorId, limit: 100 }), { signal }),
  });
}

export function useDebtorPayments(creditorId: string, debtorId: string) {
  return useQuery({
    queryKey: key(creditorId, debtorId, "payments"),
    queryFn: ({ signal }) => apiGet<PaymentPage>(apiPath(`${creditorPath(creditorId)}/payments`, { debtorId, order: "desc", limit: 100 }), { signal }),
  });
}

export function useHolds(creditorId: string, debtorId: string) {
  return useQuery({ queryKey: key(creditorId, debtorId, "holds"), queryFn: ({ signal }) => apiGet<Holds>(`${debtorPath(creditorId, debtorId)}/holds`, { signal }) });
}

export function useAgreements(creditorId: string, debtorId: string) {
  return useQuery({ queryKey: key(creditorId, debtorId, "agreements"), queryFn: ({ signal }) => apiGet<{ items: Agreement[] }>(`${debtorPath(creditorId, debtorId)}/agreements`, { signal }) });
}

export function usePromises(creditorId: string, debtorId: string) {
  return useQuery({ queryKey: key(creditorId, debtorId, "promises"), queryFn: ({ signal }) => apiGet<{ items: PaymentPromise[] }>(`${debtorPath(creditorId, debtorId)}/promises`, { signal }) });
}

/** The options the policy allows today; `income` (centavos) limits the instalments to what fits. */
export function useNegotiationOptions(creditorId: string, debtorId: string, incomeCents: number | null, enabled: boolean) {
  return useQuery({
    queryKey: [...key(creditorId, debtorId, "options"), incomeCents],
    queryFn: ({ signal }) =>
      apiGet<NegotiationOptions>(apiPath(`${debtorPath(creditorId, debtorId)}/negotiation-options`, { income: incomeCents === null ? null : (incomeCents / 100).toFixed(2) }), { signal }),
    enabled,
  });
}

/** After any change to a debtor: everything the page shows, the lists that show it, and the payments pages. */
function useRefresh(creditorId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "debtors"] });
    void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "payments"] });
  };
}

export type ManualPaymentInput = { debtorDocument: string; debtExternalId?: string; amountCents: number; method: string; paidDate: string; note: string; idempotencyKey: string };

export function useRecordPayment(creditorId: string) {
  const refresh = useRefresh(creditorId);
  return useMutation({ mutationFn: (input: ManualPaymentInput) => apiPost<RecordPaymentResult>(`${creditorPath(creditorId)}/payments`, input), onSuccess: refresh });
}

export function useIssueBoleto(creditorId: string) {
  const refresh = useRefresh(creditorId);
  return useMutation({
    mutationFn: (input: { debtId: string; dueDate?: string }) => apiPost<Boleto>(`${debtPath(creditorId, input.debtId)}/boletos`, input.dueDate ? { dueDate: input.dueDate } : {}),
    onSuccess: refresh,
  });
}

/** Where the issued boleto's PDF is served (the session cookie authorises it). */
export function boletoPdfPath(creditorId: string, boleto: Pick<Boleto, "debtId" | "id">): string {
  return `${debtPath(creditorId, boleto.debtId)}/boletos/${encodeURIComponent(boleto.id)}/pdf`;
}

export function useIssuePix(creditorId: string) {
  const refresh = useRefresh(creditorId);
  return useMutation({
    mutationFn: (input: { debtIds: string[]; dueDate?: string }) => apiPost<PixCharge>(`${creditorPath(creditorId)}/pix-charges`, input.dueDate ? input : { debtIds: input.debtIds }),
    onSuccess: refresh,
  });
}

export type HoldChange =
  | { kind: "pause"; reason: string; until: string | null }
  | { kind: "resume"; reason: string }
  | { kind: "pauseDebt"; debtId: string; reason: string; until: string | null }
  | { kind: "resumeDebt"; debtId: string; reason: string }
  | { kind: "dispute"; debtId: string; reason: string }
  | { kind: "undispute"; debtId: string; reason: string }
  | { kind: "optOut"; channel: string; reason: string }
  | { kind: "optIn"; channel: string; reason: string };

/** Pause/resume (debtor or debt), dispute and its end, opt-out and opt-in: one mutation, the change says which. */
export function useHoldChange(creditorId: string, debtorId: string) {
  const refresh = useRefresh(creditorId);
  return useMutation({
    mutationFn: (change: HoldChange) => {
      const base = debtorPath(creditorId, debtorId);
      switch (change.kind) {
        case "pause":
          return apiPost(`${base}/pause`, { reason: change.reason, until: change.until });
        case "resume":
          return apiPost(`${base}/resume`, { reason: change.reason });
        case "pauseDebt":
          return apiPost(`${debtPath(creditorId, change.debtId)}/pause`, { reason: change.reason, until: change.until });
        case "resumeDebt":
          return apiPost(`${debtPath(creditorId, change.debtId)}/resume`, { reason: change.reason });
        case "dispute":
          return apiPost(`${debtPath(creditorId, change.debtId)}/dispute`, { reason: change.reason });
        case "undispute":
          return apiPost(`${debtPath(creditorId, change.debtId)}/undispute`, { reason: change.reason });
        case "optOut":
          return apiPost(`${base}/opt-out`, { channel: change.channel, reason: change.reason || undefined, source: "manual" });
        case "optIn":
          return apiPost(`${base}/opt-in`, { channel: change.channel, reason: change.reason || undefined });
      }
    },
    onSuccess: refresh,
  });
}

export function useAcceptAgreement(creditorId: string, debtorId: string) {
  const refresh = useRefresh(creditorId);
  return useMutation({
    mutationFn: (input: { option: number; incomeCents?: number }) => apiPost<Agreement>(`${debtorPath(creditorId, debtorId)}/agreements`, input),
    onSuccess: refresh,
  });
}

export type PromiseInput = { amountCents: number; date: string; channel: string; note: string | null };

export function useRecordPromise(creditorId: string, debtorId: string) {
  const refresh = useRefresh(creditorId);
  return useMutation({ mutationFn: (input: PromiseInput) => apiPost<PaymentPromise>(`${debtorPath(creditorId, debtorId)}/promises`, input), onSuccess: refresh });
}

/** A random key so that a double click (or a retry after a lost answer) records one payment. */
export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? `web-${crypto.randomUUID()}` : `web-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
