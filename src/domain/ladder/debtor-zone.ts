/**
 * Where a debtor's calendar lives: the UF from the debtor's state (else the creditor's,
 * else São Paulo), and its IANA zone. Fernando de Noronha belongs to Pernambuco but keeps
 * UTC−2 (America/Noronha), Brazil's fourth zone: it is recognised by the city.
 */

import { normalizeUf, timeZoneOf, type UfCode } from "../br/uf.ts";

export const FALLBACK_UF: UfCode = "SP";

function fold(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim().replace(/\s+/g, " ");
}

/** The debtor's UF and time zone, with the fallbacks above. */
export function debtorZone(state: string | null, city: string | null, creditorState: string | null): { uf: UfCode; timeZone: string } {
  const uf = (state ? normalizeUf(state) : null) ?? (creditorState ? normalizeUf(creditorState) : null) ?? FALLBACK_UF;
  if (uf === "PE" && city && fold(city) === "fernando de noronha") return { uf, timeZone: "America/Noronha" };
  return { uf, timeZone: timeZoneOf(uf) };
}
