/**
 * The 27 federative units (26 states + Distrito Federal) with their IANA time zone.
 * A debtor's calendar dates and contact windows are computed in the zone of the UF.
 */

import { AppError } from "../../shared/app-error.ts";

export type UfCode =
  | "AC" | "AL" | "AM" | "AP" | "BA" | "CE" | "DF" | "ES" | "GO" | "MA" | "MG" | "MS" | "MT" | "PA"
  | "PB" | "PE" | "PI" | "PR" | "RJ" | "RN" | "RO" | "RR" | "RS" | "SC" | "SE" | "SP" | "TO";

export type Uf = { code: UfCode; name: string; timeZone: string; capital: string };

export const UFS: readonly Uf[] = [
  { code: "AC", name: "Acre", timeZone: "America/Rio_Branco", capital: "Rio Branco" },
  { code: "AL", name: "Alagoas", timeZone: "America/Maceio", capital: "Maceió" },
  { code: "AP", name: "Amapá", timeZone: "America/Belem", capital: "Macapá" },
  { code: "AM", name: "Amazonas", timeZone: "America/Manaus", capital: "Manaus" },
  { code: "BA", name: "Bahia", timeZone: "America/Bahia", capital: "Salvador" },
  { code: "CE", name: "Ceará", timeZone: "America/Fortaleza", capital: "Fortaleza" },
  { code: "DF", name: "Distrito Federal", timeZone: "America/Sao_Paulo", capital: "Brasília" },
  { code: "ES", name: "Espírito Santo", timeZone: "America/Sao_Paulo", capital: "Vitória" },
  { code: "GO", name: "Goiás", timeZone: "America/Sao_Paulo", capital: "Goiânia" },
  { code: "MA", name: "Maranhão", timeZone: "America/Fortaleza", capital: "São Luís" },
  { code: "MT", name: "Mato Grosso", timeZone: "America/Cuiaba", capital: "Cuiabá" },
  { code: "MS", name: "Mato Grosso do Sul", timeZone: "America/Campo_Grande", capital: "Campo Grande" },
  { code: "MG", name: "Minas Gerais", timeZone: "America/Sao_Paulo", capital: "Belo Horizonte" },
  { code: "PA", name: "Pará", timeZone: "America/Belem", capital: "Belém" },
  { code: "PB", name: "Paraíba", timeZone: "America/Fortaleza", capital: "João Pessoa" },
  { code: "PR", name: "Paraná", timeZone: "America/Sao_Paulo", capital: "Curitiba" },
  { code: "PE", name: "Pernambuco", timeZone: "America/Recife", capital: "Recife" },
  { code: "PI", name: "Piauí", timeZone: "America/Fortaleza", capital: "Teresina" },
  { code: "RJ", name: "Rio de Janeiro", timeZone: "America/Sao_Paulo", capital: "Rio de Janeiro" },
  { code: "RN", name: "Rio Grande do Norte", timeZone: "America/Fortaleza", capital: "Natal" },
  { code: "RS", name: "Rio Grande do Sul", timeZone: "America/Sao_Paulo", capital: "Porto Alegre" },
  { code: "RO", name: "Rondônia", timeZone: "America/Porto_Velho", capital: "Porto Velho" },
  { code: "RR", name: "Roraima", timeZone: "America/Boa_Vista", capital: "Boa Vista" },
  { code: "SC", name: "Santa Catarina", timeZone: "America/Sao_Paulo", capital: "Florianópolis" },
  { code: "SP", name: "São Paulo", timeZone: "America/Sao_Paulo", capital: "São Paulo" },
  { code: "SE", name: "Sergipe", timeZone: "America/Maceio", capital: "Aracaju" },
  { code: "TO", name: "Tocantins", timeZone: "America/Araguaina", capital: "Palmas" },
];

const BY_CODE = new Map<string, Uf>(UFS.map((u) => [u.code, u]));

/** Lowercase, accents removed, whitespace collapsed: "  São   Paulo " → "sao paulo". */
function foldName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim()
    .replace(/\s+/g, " ");
}

const BY_FOLDED_NAME = new Map<string, UfCode>(UFS.map((u) => [foldName(u.name), u.code]));

/** True when `s` is exactly one of the 27 UF codes (uppercase). */
export function isUf(s: string): s is UfCode {
  return BY_CODE.has(s);
}

/** "sp", " SP ", "São Paulo", "sao paulo" → "SP"; anything else → null. */
export function normalizeUf(raw: string): UfCode | null {
  const t = raw.trim();
  if (t.length === 2) {
    const up = t.toUpperCase();
    return isUf(up) ? up : null;
  }
  if (t.length === 0) return null;
  return BY_FOLDED_NAME.get(foldName(t)) ?? null;
}

/** The UF record for a code, or undefined. */
export function ufOf(code: string): Uf | undefined {
  return BY_CODE.get(code);
}

/** The IANA time zone of a UF ("AM" → "America/Manaus"); throws on an unknown code. */
export function timeZoneOf(uf: string): string {
  const u = BY_CODE.get(uf);
  if (!u) throw new AppError("invalid_input", `UF desconhecida: ${uf}`);
  return u.timeZone;
}
