import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPath, apiPost } from "../api/client.ts";
import type { DebtorPage } from "../api/types.ts";
import { creditorPath } from "../debtors/debtors-api.ts";

export type TemplateSource = "creditor" | "pack";

export type TemplateView = {
  key: string;
  channel: string;
  stage: string;
  sector: string | null;
  version: number | null;
  author: string | null;
  createdAt: string | null;
  restoredFrom: number | null;
  source: TemplateSource;
  content: string;
};

export type TemplateSummary = Omit<TemplateView, "content"> & { overridesPack: boolean };

/** A lint finding: 1-based line and column in the template. */
export type Finding = { rule: string; line: number; column: number; excerpt: string; message: string };
export type LintResult = { errors: Finding[]; warnings: Finding[] };

export type RenderedMessage = {
  channel: string;
  subject?: string;
  html?: string;
  title?: string;
  text: string;
  length?: number;
  segments?: number;
  sender?: { legalName: string; cnpj: string; addressLine: string };
};

export type PreviewResult = { template: { key: string | null; version: number | null; source: string }; message: RenderedMessage; warnings: string[]; lint: LintResult };

export type SaveResult = { template: TemplateView; created: boolean; warnings: Finding[] };

const base = (creditorId: string) => `${creditorPath(creditorId)}/templates`;
const listKey = (creditorId: string) => ["creditors", creditorId, "templates", "list"] as const;
const keyPath = (creditorId: string, key: string) => `${base(creditorId)}/${encodeURIComponent(key)}`;

export function useTemplateList(creditorId: string) {
  return useQuery({
    queryKey: listKey(creditorId),
    queryFn: ({ signal }) => apiGet<{ items: TemplateSummary[] }>(base(creditorId), { signal }),
    staleTime: 60_000,
  });
}

export function useTemplateHistory(creditorId: string, key: string, enabled: boolean) {
  return useQuery({
    queryKey: ["creditors", creditorId, "templates", "history", key],
    queryFn: ({ signal }) => apiGet<{ key: string; items: TemplateView[]; pack: TemplateView | null }>(`${keyPath(creditorId, key)}/versions`, { signal }),
    enabled,
    retry: false,
  });
}

export function lintTemplate(creditorId: string, input: { content: string; channel: string; stage: string }, signal?: AbortSignal): Promise<LintResult> {
  return apiPost<LintResult>(`${base(creditorId)}/lint`, input, { signal });
}

export function previewTemplate(creditorId: string, input: { debtorId: string; content: string; channel: string; stage: string; key?: string }, signal?: AbortSignal): Promise<PreviewResult> {
  return apiPost<PreviewResult>(`${base(creditorId)}/preview`, input, { signal });
}

function useRefreshTemplates(creditorId: string, key: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: listKey(creditorId) });
    void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "templates", "history", key] });
  };
}

export function useSaveTemplate(creditorId: string, key: string) {
  const refresh = useRefreshTemplates(creditorId, key);
  return useMutation({
    mutationFn: (input: { channel: string; stage: string; sector?: string; content: string }) => apiPost<SaveResult>(base(creditorId), { key, ...input }),
    onSuccess: refresh,
  });
}

export function useRestoreTemplate(creditorId: string, key: string) {
  const refresh = useRefreshTemplates(creditorId, key);
  return useMutation({
    mutationFn: (fromVersion: number) => apiPost<{ template: TemplateView; warnings: Finding[] }>(`${keyPath(creditorId, key)}/versions`, { fromVersion }),
    onSuccess: refresh,
  });
}

/** Debtors matching a search, for the preview's debtor picker. */
export function useDebtorSearch(creditorId: string, q: string) {
  return useQuery({
    queryKey: ["creditors", creditorId, "debtors", "list", "picker", q],
    queryFn: ({ signal }) => apiGet<DebtorPage>(apiPath(`${creditorPath(creditorId)}/debtors`, { q, limit: 8, status: "open" }), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
