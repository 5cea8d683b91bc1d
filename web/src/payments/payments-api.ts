import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api/api-error.ts";
import { apiGet, apiPath, apiPost } from "../api/client.ts";
import type { CnabImportResult, DebtorDetail, DebtorPage, Payment, PaymentPage } from "../api/types.ts";
import { uploadFile, type UploadProgress } from "../api/upload.ts";
import { creditorPath } from "../debtors/debtors-api.ts";

export const PAYMENTS_PAGE_SIZE = 50;

/** The list's filters, as the URL and the API carry them. */
export type PaymentFilters = { status: string; source: string; from: string; to: string };

const paymentsKey = (creditorId: string) => ["creditors", creditorId, "payments"] as const;

/** Payments newest first, 50 at a time. */
export function usePaymentList(creditorId: string, filters: PaymentFilters) {
  return useInfiniteQuery({
    queryKey: [...paymentsKey(creditorId), "list", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<PaymentPage>(
        apiPath(`${creditorPath(creditorId)}/payments`, { status: filters.status, source: filters.source, from: filters.from, to: filters.to, order: "desc", limit: PAYMENTS_PAGE_SIZE, cursor: pageParam }),
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The reconciliation queue, oldest first (the order money should be sorted out in). */
export function useUnmatchedQueue(creditorId: string) {
  return useInfiniteQuery({
    queryKey: [...paymentsKey(creditorId), "queue"],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => apiGet<PaymentPage>(apiPath(`${creditorPath(creditorId)}/payments`, { status: "unmatched", limit: PAYMENTS_PAGE_SIZE, cursor: pageParam }), { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useRefreshPayments(creditorId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: paymentsKey(creditorId) });
    void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "debtors"] });
  };
}

export function useMatchPayment(creditorId: string) {
  const refresh = useRefreshPayments(creditorId);
  return useMutation({
    mutationFn: (input: { paymentId: string; debtExternalId?: string; debtorDocument?: string; note?: string }) =>
      apiPost<Payment>(`${creditorPath(creditorId)}/payments/${encodeURIComponent(input.paymentId)}/match`, {
        ...(input.debtExternalId ? { debtExternalId: input.debtExternalId } : { debtorDocument: input.debtorDocument }),
        ...(input.note ? { note: input.note } : {}),
      }),
    onSuccess: refresh,
  });
}

export function useRejectPayment(creditorId: string) {
  const refresh = useRefreshPayments(creditorId);
  return useMutation({
    mutationFn: (input: { paymentId: string; reason: string }) => apiPost<Payment>(`${creditorPath(creditorId)}/payments/${encodeURIComponent(input.paymentId)}/reject`, { reason: input.reason }),
    onSuccess: refresh,
  });
}

/** Debtors found by name, CPF/CNPJ, debt id, e-mail or phone (the list's search), for matching. */
export function useDebtorSearch(creditorId: string, q: string) {
  return useQuery({
    queryKey: ["creditors", creditorId, "debtors", "search", q],
    queryFn: ({ signal }) => apiGet<DebtorPage>(apiPath(`${creditorPath(creditorId)}/debtors`, { q, limit: 8 }), { signal }),
    enabled: q.trim().length >= 2,
  });
}

export function useDebtorForMatch(creditorId: string, debtorId: string | null) {
  return useQuery({
    queryKey: ["creditors", creditorId, "debtors", "detail", debtorId],
    queryFn: ({ signal }) => apiGet<DebtorDetail>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId ?? "")}`, { signal }),
    enabled: debtorId !== null,
  });
}

export type CnabUploadState =
  | { phase: "idle" }
  | { phase: "sending"; progress: UploadProgress | null }
  | { phase: "processing" }
  | { phase: "done"; fileName: string; result: CnabImportResult }
  | { phase: "failed"; error: unknown };

/** Sends a bank return file and follows it: sending (with progress), processing, the result or the error. */
export function useCnabUpload(creditorId: string) {
  const refresh = useRefreshPayments(creditorId);
  const [state, setState] = useState<CnabUploadState>({ phase: "idle" });
  async function send(file: File) {
    setState({ phase: "sending", progress: null });
    try {
      const answer = await uploadFile<CnabImportResult>(`${creditorPath(creditorId)}/cnab-imports`, file, () => false, {
        onProgress: (progress) => setState({ phase: "sending", progress }),
        onSent: () => setState({ phase: "processing" }),
      });
      setState({ phase: "done", fileName: file.name, result: answer.body });
      refresh();
    } catch (error) {
      setState({ phase: "failed", error: error instanceof ApiError ? error : new ApiError("network", 0, null, error) });
    }
  }
  return { state, send, reset: () => setState({ phase: "idle" }) };
}
