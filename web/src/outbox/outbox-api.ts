import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPath, apiPost } from "../api/client.ts";
import { creditorPath } from "../debtors/debtors-api.ts";

export const OUTBOX_STATUSES = ["planned", "awaiting_approval", "sending", "sent", "failed", "cancelled", "rejected", "uncertain"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type OutboxTracking = { opened: number; clicked: number; bounced: number; complained: number; unsubscribed: number; lastAt: string | null };

export type OutboxItem = {
  id: string;
  status: OutboxStatus;
  channel: string;
  stage: string;
  ladderId: string;
  stepId: string;
  localDay: string;
  sendAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  attempts: number;
  lastError: string | null;
  cancelReason: string | null;
  recipient: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  debtor: { id: string; name: string; document: string };
  debtExternalIds: string[];
  template: { key: string; version: number | null } | null;
  tracking: OutboxTracking;
  sinkMessageId: string | null;
};

export type OutboxPage = { items: OutboxItem[]; nextCursor: string | null; counts: Partial<Record<OutboxStatus, number>> | null };

export type OutboxFilters = { status: string; channel: string; from: string; to: string };

export type SinkSummary = {
  id: string;
  kind: "message" | "dsn";
  outcome: string;
  receivedAt: string;
  actionId: string | null;
  messageId: string | null;
  from: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  dkim: string;
  listUnsubscribe: string | null;
  hasHtml: boolean;
};

export type SinkDetail = SinkSummary & {
  envelope: { from: string; to: string[] };
  replyTo: string | null;
  listUnsubscribePost: string | null;
  dkimDomain: string | null;
  reguaHeaders: Record<string, string>;
  headers: [string, string][];
  text: string | null;
  html: string | null;
  raw: string;
};

const outboxKey = (creditorId: string) => ["creditors", creditorId, "outbox"] as const;

export function useOutbox(creditorId: string, filters: OutboxFilters) {
  return useInfiniteQuery({
    queryKey: [...outboxKey(creditorId), "list", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<OutboxPage>(
        apiPath(`${creditorPath(creditorId)}/outbox`, { ...filters, limit: 50, cursor: pageParam, counts: pageParam ? null : "true" }),
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSinkMessages(creditorId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...outboxKey(creditorId), "sink"],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => apiGet<{ items: SinkSummary[]; nextCursor: string | null }>(apiPath(`${creditorPath(creditorId)}/sink-messages`, { limit: 50, cursor: pageParam }), { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useSinkMessage(creditorId: string, messageId: string | null) {
  return useQuery({
    queryKey: [...outboxKey(creditorId), "sink", "one", messageId],
    queryFn: ({ signal }) => apiGet<SinkDetail>(`${creditorPath(creditorId)}/sink-messages/${encodeURIComponent(messageId ?? "")}`, { signal }),
    enabled: messageId !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Approves, or rejects with a reason, formal steps awaiting a manager. */
export function useDecision(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { actionIds: string[]; approve: boolean; reason?: string }) =>
      apiPost<{ items: unknown[] }>(`${creditorPath(creditorId)}/actions/${input.approve ? "approve" : "reject"}`, input.approve ? { actionIds: input.actionIds } : { actionIds: input.actionIds, reason: input.reason }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: outboxKey(creditorId) }),
  });
}
