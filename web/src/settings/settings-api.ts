import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPatch, apiPost } from "../api/client.ts";
import type { AdminUser, ApiKey, Creditor, Role, User } from "../api/types.ts";
import { creditorPath } from "../debtors/debtors-api.ts";
import { CREDITORS_QUERY_KEY } from "../layout/creditor-context.tsx";

export type CreditorPatch = { legalName?: string; tradeName?: string; address?: string; city?: string; state?: string; zip?: string; sector?: string };

export function useUpdateCreditor(creditorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: CreditorPatch) => apiPatch<Creditor>(creditorPath(creditorId), patch),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CREDITORS_QUERY_KEY }),
  });
}

const USERS_KEY = ["admin", "users"] as const;
const KEYS_KEY = ["admin", "api-keys"] as const;

export function useUsers() {
  return useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => apiGet<{ items: AdminUser[] }>("/api/users", { signal }) });
}

export type NewUser = { name: string; email: string; role: Role; creditorIds: string[] };

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => apiPost<{ user: User; password?: string }>("/api/users", input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useSetUserActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; active: boolean }) => apiPost<AdminUser>(`/api/users/${encodeURIComponent(input.userId)}/${input.active ? "activate" : "deactivate"}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useApiKeys() {
  return useQuery({ queryKey: KEYS_KEY, queryFn: ({ signal }) => apiGet<{ items: ApiKey[] }>("/api/api-keys", { signal }) });
}

export type NewApiKey = { name: string; role: Exclude<Role, "admin">; creditorIds: string[] };

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewApiKey) => apiPost<{ id: string; key: string }>("/api/api-keys", input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEYS_KEY }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => apiPost<ApiKey>(`/api/api-keys/${encodeURIComponent(keyId)}/revoke`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEYS_KEY }),
  });
}
