import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPatch, apiPost, apiRequest } from "../api/client.ts";
import type { BillingAccount, ContactPolicy, Creditor, CreditorCharges, EmailSettings, FrequencyCaps, NegotiationPolicy, NegotiationPolicyView, WeekWindows } from "../api/types.ts";
import { creditorPath } from "../debtors/debtors-api.ts";
import { CREDITORS_QUERY_KEY } from "../layout/creditor-context.tsx";

// The settings sections beyond the creditor's data and access: charges, contact windows
// and caps, negotiation policy, billing accounts and e-mail.

const key = (creditorId: string, what: string) => ["creditors", creditorId, "settings", what] as const;

export function useCreditorCharges(creditorId: string) {
  return useQuery({ queryKey: key(creditorId, "charges"), queryFn: ({ signal }) => apiGet<Creditor & CreditorCharges>(creditorPath(creditorId), { signal }) });
}

export function useUpdateCharges(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<CreditorCharges>) => apiPatch<Creditor & CreditorCharges>(creditorPath(creditorId), patch),
    onSuccess: (saved) => {
      queryClient.setQueryData(key(creditorId, "charges"), saved);
      void queryClient.invalidateQueries({ queryKey: CREDITORS_QUERY_KEY });
      // Charges change what every debt owes today.
      void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "debtors"] });
    },
  });
}

export function useContactPolicy(creditorId: string) {
  return useQuery({ queryKey: key(creditorId, "contact-policy"), queryFn: ({ signal }) => apiGet<ContactPolicy>(`${creditorPath(creditorId)}/contact-policy`, { signal }) });
}

export function useSaveContactPolicy(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { windows?: Record<string, WeekWindows> | null; caps?: FrequencyCaps | null }) => apiRequest<ContactPolicy>("PUT", `${creditorPath(creditorId)}/contact-policy`, { body }),
    onSuccess: (saved) => queryClient.setQueryData(key(creditorId, "contact-policy"), saved),
  });
}

export function useNegotiationPolicy(creditorId: string) {
  return useQuery({ queryKey: key(creditorId, "negotiation-policy"), queryFn: ({ signal }) => apiGet<NegotiationPolicyView>(`${creditorPath(creditorId)}/negotiation-policy`, { signal }) });
}

export function useSaveNegotiationPolicy(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: NegotiationPolicy) => apiRequest<NegotiationPolicyView>("PUT", `${creditorPath(creditorId)}/negotiation-policy`, { body: policy }),
    onSuccess: (saved) => queryClient.setQueryData(key(creditorId, "negotiation-policy"), saved),
  });
}

export function useLadderNames(creditorId: string) {
  return useQuery({
    queryKey: key(creditorId, "ladders"),
    queryFn: ({ signal }) => apiGet<{ items: { id: string; name: string; isDefault: boolean }[] }>(`${creditorPath(creditorId)}/ladders`, { signal }),
  });
}

export function useBillingAccounts(creditorId: string) {
  return useQuery({ queryKey: key(creditorId, "billing-accounts"), queryFn: ({ signal }) => apiGet<{ items: BillingAccount[] }>(`${creditorPath(creditorId)}/billing-accounts`, { signal }) });
}

export type NewBillingAccount = {
  name?: string | null;
  bank: string;
  agency: string;
  agencyDigit?: string | null;
  account?: string | null;
  accountDigit?: string | null;
  wallet: string;
  convenio?: string | null;
  beneficiaryCode?: string | null;
  modality?: string | null;
  daysToPay?: number;
  nextOurNumber?: number;
  isDefault?: boolean;
  instructions?: string[];
};

export function useAddBillingAccount(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewBillingAccount) => apiPost<BillingAccount>(`${creditorPath(creditorId)}/billing-accounts`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key(creditorId, "billing-accounts") }),
  });
}

export function useEmailSettings(creditorId: string) {
  return useQuery({ queryKey: key(creditorId, "email"), queryFn: ({ signal }) => apiGet<EmailSettings>(`${creditorPath(creditorId)}/email-settings`, { signal }) });
}

/** A PUT: what is left out is cleared (a stored DKIM key stays when `dkim` comes without `privateKey`). */
export type EmailSettingsInput = {
  fromName?: string;
  fromAddress?: string;
  replyTo?: string;
  cc: string[];
  allowSharedMailboxDetails: boolean;
  dkim?: { domain: string; selector: string; privateKey?: string };
};

export function useSaveEmailSettings(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailSettingsInput) => apiRequest<EmailSettings>("PUT", `${creditorPath(creditorId)}/email-settings`, { body }),
    onSuccess: (saved) => queryClient.setQueryData(key(creditorId, "email"), saved),
  });
}
