import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPost } from "../api/client.ts";
import { creditorPath } from "../debtors/debtors-api.ts";
import type { CallOutcome } from "./call-keys.ts";

export type CallPhone = { contactId: string; value: string; validity: string };

export type CallAttempt = {
  id: string;
  debtorId: string;
  debtorName: string;
  contactId: string;
  phone: string;
  actor: string;
  at: string;
  localDay: string;
  outcome: string;
  note: string | null;
  callbackAt: string | null;
  promiseId: string | null;
  actionId: string | null;
};

export type CallDebt = {
  id: string;
  externalId: string;
  description: string | null;
  dueDate: string;
  daysLate: number;
  openCents: number;
  principalCents: number;
  fineCents: number;
  interestCents: number;
  correctionCents: number;
  totalCents: number;
};

/** GET …/calls/next: the debtor to call now (src/app/calls/next-call.ts). */
export type CallCandidate = {
  tier: "callback" | "ladder" | "ranked";
  today: string;
  localTime: string;
  debtor: { id: string; name: string; document: string; kind: string; state: string | null; city: string | null; timeZone: string };
  phone: CallPhone;
  otherPhones: CallPhone[];
  callback: { at: string; by: string; note: string | null } | null;
  action: { id: string; ladderId: string; stepId: string; stage: string; sendAt: string } | null;
  expectedRecoveryCents: number;
  contactability: number;
  score: number;
  attempts: { today: number; thisWeek: number; weekCap: number | null };
  debts: CallDebt[];
  totals: { openCents: number; totalCents: number; maxDaysLate: number };
  openPromise: { id: string; amountCents: number; promisedDate: string } | null;
  recentCalls: CallAttempt[];
  claimedUntil: string;
};

export type NextCall = { item: CallCandidate | null; skipped: Record<string, number> };

export type RecordCallInput = {
  debtorId: string;
  contactId: string;
  outcome: CallOutcome;
  note?: string;
  callbackAt?: string;
  promise?: { amountCents: number; date: string };
};

export type RecordCallResult = {
  attempt: CallAttempt;
  promise: { id: string; amountCents: number; promisedDate: string } | null;
  invalidatedContact: { id: string; value: string } | null;
  actions: { id: string; status: string }[];
};

const nextKey = (creditorId: string) => ["creditors", creditorId, "calls", "next"] as const;

/** The next debtor to call; fetched once, and again when the collector asks for the next one. */
export function useNextCall(creditorId: string) {
  return useQuery({
    queryKey: nextKey(creditorId),
    queryFn: ({ signal }) => apiGet<NextCall>(`${creditorPath(creditorId)}/calls/next`, { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Records a call's outcome; the debtor's page, the lists and the Painel show it afterwards. */
export function useRecordCall(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordCallInput) => apiPost<RecordCallResult>(`${creditorPath(creditorId)}/calls`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "debtors"] });
      void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "dashboard"] });
    },
  });
}
