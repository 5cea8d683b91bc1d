import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPath, apiPost } from "../api/client.ts";
import { creditorPath } from "../debtors/debtors-api.ts";
import type { Channel, Issue, LadderDocument } from "./ladder-form.ts";

export type LadderVersion = { version: number; createdAt: string; actor: string };

export type LadderView = {
  creditorId: string;
  id: string;
  name: string;
  isDefault: boolean;
  position: number;
  currentVersion: number;
  version: number;
  document: LadderDocument;
  versions: LadderVersion[];
};

export type ApplyResult = { id: string; version: number; changed: boolean; created: boolean; isDefault: boolean; warnings: Issue[]; document: LadderDocument };

export type Validation = { ok: true; document: LadderDocument; warnings: Issue[] } | { ok: false; errors: Issue[] };

export type SimulationSample = {
  debtorId: string;
  debtorName: string;
  debtorDocument: string;
  timeZone: string;
  debtExternalIds: string[];
  stepId: string;
  stage: string;
  channel: Channel;
  sendAt: string;
  status: "planned" | "awaiting_approval";
};

export type Simulation = {
  at: string;
  ladder: { id: string; name: string; isDefault: boolean; stored: boolean };
  debtors: number;
  debts: number;
  planned: number;
  awaitingApproval: number;
  skipped: number;
  byChannel: { channel: Channel; planned: number; skipped: number }[];
  byReason: { reason: string; count: number }[];
  sample: SimulationSample[];
  warnings: Issue[];
};

const laddersKey = (creditorId: string) => ["creditors", creditorId, "ladders"] as const;

export function useLadders(creditorId: string) {
  return useQuery({
    queryKey: laddersKey(creditorId),
    queryFn: ({ signal }) => apiGet<{ items: LadderView[] }>(`${creditorPath(creditorId)}/ladders`, { signal }),
  });
}

/** One version of one ladder (to load an old version in the editor). */
export function fetchLadderVersion(creditorId: string, id: string, version: number): Promise<{ items: LadderView[] }> {
  return apiGet<{ items: LadderView[] }>(apiPath(`${creditorPath(creditorId)}/ladders`, { id, version }));
}

export function validateLadder(creditorId: string, document: unknown, signal?: AbortSignal): Promise<Validation> {
  return apiPost<Validation>(`${creditorPath(creditorId)}/ladders/validate`, document, { signal });
}

export function useApplyLadder(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { document: unknown; makeDefault: boolean }) =>
      apiPost<ApplyResult>(apiPath(`${creditorPath(creditorId)}/ladders`, { default: input.makeDefault ? "true" : null }), input.document),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: laddersKey(creditorId) }),
  });
}

export function useSimulateLadder(creditorId: string) {
  return useMutation({
    mutationFn: (input: { document: unknown; at?: string; makeDefault: boolean }) =>
      apiPost<Simulation>(`${creditorPath(creditorId)}/ladders/simulate`, { document: input.document, ...(input.at ? { at: input.at } : {}), ...(input.makeDefault ? { default: true } : {}), sampleSize: 50 }),
  });
}
