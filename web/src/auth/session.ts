import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error.ts";
import { apiGet, apiPost } from "../api/client.ts";
import type { User } from "../api/types.ts";

export const SESSION_QUERY_KEY = ["auth", "me"] as const;

type UserResponse = { user: User };

/** The signed-in user, or null when there is no session (401). */
async function fetchSession(): Promise<User | null> {
  try {
    const response = await apiGet<UserResponse>("/api/auth/me", { allowUnauthorized: true });
    return response.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: fetchSession,
    staleTime: 5 * 60_000,
    retry: (failures, error) => !(error instanceof ApiError && error.kind === "http") && failures < 2,
  });
}

/** Forgets everything cached for the previous user and records the new session state. */
export function resetSession(queryClient: QueryClient, user: User | null): void {
  void queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
  queryClient.setQueryData(SESSION_QUERY_KEY, user);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      apiPost<UserResponse>("/api/auth/login", credentials, { allowUnauthorized: true }),
    onSuccess: (response) => resetSession(queryClient, response.user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<void>("/api/auth/logout", undefined, { allowUnauthorized: true }),
    // Leave the screen even if the server could not be reached: the cookie is
    // httpOnly, so the best the browser can do is drop what it shows.
    onSettled: () => resetSession(queryClient, null),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      apiPost<void>("/api/auth/password", input, { allowUnauthorized: true }),
  });
}
