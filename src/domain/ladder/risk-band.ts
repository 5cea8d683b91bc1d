// A debtor's risk band: a free label from the creditor's own risk model ("A", "C+", "ALTO",
// "score_3"), matched by the ladder steps' `conditions.riskBands`. One normalisation for every
// writer (import, API, CLI) so "c" and "C" are the same band.

/** The longest band accepted, in characters. */
export const RISK_BAND_MAX_LENGTH = 20;

export type RiskBandResult = { ok: true; band: string } | { ok: false; reason: string };

const ALLOWED = /^[\p{L}0-9 +_-]+$/u;
const NOT_ALLOWED = /[^\p{L}0-9 +_-]/u;

/** The comparable form of a band (stored or named in a ladder): NFC, trimmed, upper case. */
export function riskBandKey(band: string): string {
  return band.normalize("NFC").trim().toUpperCase();
}

/**
 * Validates and normalises a risk band as typed by a person or read from a file: trimmed,
 * upper-cased, at most 20 letters, digits, spaces, `+`, `-` or `_`. The reason is Portuguese.
 */
export function normalizeRiskBand(raw: string): RiskBandResult {
  const band = riskBandKey(raw);
  if (band === "") return { ok: false, reason: "faixa de risco vazia" };
  const length = [...band].length;
  if (length > RISK_BAND_MAX_LENGTH) return { ok: false, reason: `faixa de risco "${raw.trim()}" com ${length} caracteres (máximo ${RISK_BAND_MAX_LENGTH})` };
  if (!ALLOWED.test(band)) {
    const bad = NOT_ALLOWED.exec(band)![0];
    return { ok: false, reason: `faixa de risco "${raw.trim()}" com caractere não aceito (${JSON.stringify(bad)}): use letras, números, espaço, +, - ou _` };
  }
  return { ok: true, band };
}

/** Whether the debtor's band is one of the step's, without regard to case. */
export function isRiskBandIn(band: string | null, bands: readonly string[]): boolean {
  if (band === null) return false;
  const key = riskBandKey(band);
  return bands.some((b) => riskBandKey(b) === key);
}
