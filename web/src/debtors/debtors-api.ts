import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPatch, apiPath, apiPost } from "../api/client.ts";
import type { Contact, ContactKind, DebtorDetail, DebtorPage, DebtorPatch, Timeline, UpdatedDebtor } from "../api/types.ts";

export const DEBTORS_PAGE_SIZE = 50;
export const TIMELINE_PAGE_SIZE = 30;

export function creditorPath(creditorId: string): string {
  return `/api/creditors/${encodeURIComponent(creditorId)}`;
}

export type DebtorSort = "name" | "balance" | "oldest_due";
export type SortDir = "asc" | "desc";

/** The list's search, filters and order, as the URL and the API carry them. */
export type DebtorFilters = {
  q: string;
  status: string;
  bucket: string;
  state: string;
  segment: string;
  tag: string;
  sort: DebtorSort;
  dir: SortDir;
};

/** The debtor list, 50 at a time, following `nextCursor` (server-side keyset paging). */
export function useDebtorList(creditorId: string, filters: DebtorFilters) {
  return useInfiniteQuery({
    queryKey: ["creditors", creditorId, "debtors", "list", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<DebtorPage>(
        apiPath(`${creditorPath(creditorId)}/debtors`, {
          q: filters.q,
          status: filters.status,
          bucket: filters.bucket,
          state: filters.state,
          segment: filters.segment,
          tag: filters.tag,
          sort: filters.sort,
          dir: filters.dir,
          limit: DEBTORS_PAGE_SIZE,
          cursor: pageParam,
        }),
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

const detailKey = (creditorId: string, debtorId: string) => ["creditors", creditorId, "debtors", "detail", debtorId] as const;
const timelineKey = (creditorId: string, debtorId: string) => ["creditors", creditorId, "debtors", "timeline", debtorId] as const;

export function useDebtorDetail(creditorId: string, debtorId: string) {
  return useQuery({
    queryKey: detailKey(creditorId, debtorId),
    queryFn: ({ signal }) => apiGet<DebtorDetail>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}`, { signal }),
  });
}

/** The timeline, newest first, a page at a time (`nextBefore`). */
export function useDebtorTimeline(creditorId: string, debtorId: string) {
  return useInfiniteQuery({
    queryKey: timelineKey(creditorId, debtorId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<Timeline>(apiPath(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}/timeline`, { limit: TIMELINE_PAGE_SIZE, before: pageParam }), { signal }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

/** After a change to a debtor: its page, its timeline and the lists that show it. */
function useRefreshDebtor(creditorId: string, debtorId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: detailKey(creditorId, debtorId) });
    void queryClient.invalidateQueries({ queryKey: timelineKey(creditorId, debtorId) });
    void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "debtors", "list"] });
  };
}

export function useAddContact(creditorId: string, debtorId: string) {
  const refresh = useRefreshDebtor(creditorId, debtorId);
  return useMutation({
    mutationFn: (input: { kind: ContactKind; value: string }) => apiPost<Contact>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}/contacts`, input),
    onSuccess: refresh,
  });
}

export function useInvalidateContact(creditorId: string, debtorId: string) {
  const refresh = useRefreshDebtor(creditorId, debtorId);
  return useMutation({
    mutationFn: (input: { contactId: string; reason: string }) =>
      apiPost<Contact>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}/contacts/${encodeURIComponent(input.contactId)}/invalidate`, { reason: input.reason }),
    onSuccess: refresh,
  });
}

/** Sets (or, with null, clears) the debtor's account representative and/or risk band; absent fields stay as they are. */
export function useUpdateDebtor(creditorId: string, debtorId: string) {
  const refresh = useRefreshDebtor(creditorId, debtorId);
  return useMutation({
    mutationFn: (patch: DebtorPatch) => apiPatch<UpdatedDebtor>(`${creditorPath(creditorId)}/debtors/${encodeURIComponent(debtorId)}`, patch),
    onSuccess: refresh,
  });
}
