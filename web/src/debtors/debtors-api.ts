import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiGet, apiPath } from "../api/client.ts";
import type { DebtorDetail, DebtorPage, Timeline } from "../api/types.ts";

export const DEBTORS_PAGE_SIZE = 50;

function creditorPath(creditorId: string): string {
  return `/api/creditors/${encodeURIComponent(creditorId)}`;
}

/** The debtor list, 50 at a time, following `nextCursor`. */
export function useDebtorList(creditorId: string, filters: { q: string; status: string }) {
  return useInfiniteQuery({
    queryKey: ["creditors", creditorId, "debtors", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<DebtorPage>(
        apiPath(`${creditorPath(creditorId)}/debtors`, {
          q: filters.q,
          status: filters.status,
          limit: DEBTORS_PAGE_SIZE,
          cursor: pageParam,
        }),
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useDebtorDetail(creditorId: string, debtorId: string) {
  return useQuery({
    queryKey: ["creditors", creditorId, "debtors", "detail", debtorId],
    queryFn: ({ signal }) =>
      apiGet<DebtorDetail>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}`, { signal }),
  });
}

export function useDebtorTimeline(creditorId: string, debtorId: string) {
  return useQuery({
    queryKey: ["creditors", creditorId, "debtors", "timeline", debtorId],
    queryFn: ({ signal }) =>
      apiGet<Timeline>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}/timeline`, { signal }),
  });
}
