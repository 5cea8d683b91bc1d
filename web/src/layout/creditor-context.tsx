import { useQuery } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { apiGet } from "../api/client.ts";
import type { Creditor } from "../api/types.ts";

const STORAGE_KEY = "regua.creditorId";

export const CREDITORS_QUERY_KEY = ["creditors"] as const;

export function useCreditorsQuery() {
  return useQuery({
    queryKey: CREDITORS_QUERY_KEY,
    queryFn: ({ signal }) => apiGet<{ items: Creditor[] }>("/api/creditors", { signal }),
    staleTime: 10 * 60_000,
  });
}

type CreditorState = {
  creditors: Creditor[];
  creditor: Creditor;
  selectCreditor: (id: string) => void;
};

const CreditorContext = createContext<CreditorState | null>(null);

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The display name of a creditor: trade name when it has one. */
export function creditorName(creditor: Creditor): string {
  return creditor.tradeName?.trim() ? creditor.tradeName : creditor.legalName;
}

/** Holds the creditor the user is working on (remembered across visits). */
export function CreditorProvider({ creditors, children }: { creditors: Creditor[]; children: ReactNode }) {
  const [selectedId, setSelectedId] = useState<string | null>(readStored);
  const selectCreditor = useCallback((id: string) => {
    setSelectedId(id);
    try {
      localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // Storage unavailable: the choice lasts for this tab only.
    }
  }, []);

  const creditor = creditors.find((item) => item.id === selectedId) ?? creditors[0];
  const value = useMemo(
    () => (creditor ? { creditors, creditor, selectCreditor } : null),
    [creditors, creditor, selectCreditor],
  );
  return <CreditorContext.Provider value={value}>{children}</CreditorContext.Provider>;
}

/** The creditor state, or null when the user has no creditor. */
export function useOptionalCreditor(): CreditorState | null {
  return useContext(CreditorContext);
}

/** The creditor state; only for pages rendered when the user has a creditor. */
export function useCreditor(): CreditorState {
  const value = useContext(CreditorContext);
  if (!value) throw new Error("useCreditor needs <CreditorProvider> with at least one creditor");
  return value;
}
