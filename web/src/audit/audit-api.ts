import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { apiGet, apiPath } from "../api/client.ts";
import type { AuditPage } from "../api/types.ts";

export type AuditFilters = { creditorId: string; actor: string; action: string; entity: string; from: string; to: string };

/** A local calendar date's first instant, as ISO (the viewer's zone): "2025-06-02" → "2025-06-02T03:00:00.000Z" in São Paulo. */
export function startOfLocalDay(date: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ["audit", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiGet<AuditPage>(
        apiPath("/api/audit", {
          creditorId: filters.creditorId,
          actor: filters.actor,
          action: filters.action,
          entity: filters.entity,
          // The "to" date is inclusive: entries before the next day's start.
          from: filters.from ? startOfLocalDay(filters.from) : null,
          to: filters.to ? startOfLocalDay(filters.to, 1) : null,
          limit: 50,
          before: pageParam,
        }),
        { signal },
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
  });
}
