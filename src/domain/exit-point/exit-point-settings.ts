/**
 * A creditor's exit-point settings as data: what it changed from the defaults (costs per
 * kind of action, default recovery rates per bucket, the estimator's window and credibility,
 * on/off). Only the changes are stored, so a better default reaches every creditor that
 * did not choose otherwise. Validation names the path of each problem in Portuguese.
 */

import { AppError, type FieldError } from "../../shared/app-error.ts";
import { BUCKET_KEYS, COST_KEYS, DEFAULT_COSTS, DEFAULT_RECOVERY_RATES, type ChannelCosts, type RecoveryRates } from "./exit-point.ts";

/** Days after entering a bucket within which a payment counts as recovered. */
export const DEFAULT_WINDOW_DAYS = 30;
/** Debts of history that weigh as much as the default rate. */
export const DEFAULT_CREDIBILITY_DEBTS = 30;
/** R$ 1.000.000,00: no single action costs more. */
export const MAX_COST_CENTS = 100_000_000;

export type ExitPointSettings = {
  /** Off: the ladder never skips for cost. */
  enabled: boolean;
  windowDays: number;
  credibilityDebts: number;
  costs: ChannelCosts;
  defaultRates: RecoveryRates;
};

/** What a creditor changed; absent = the default. */
export type ExitPointOverrides = {
  enabled?: boolean;
  windowDays?: number;
  credibilityDebts?: number;
  costs?: Partial<ChannelCosts>;
  defaultRates?: Partial<RecoveryRates>;
};

export const DEFAULT_EXIT_POINT_SETTINGS: Readonly<ExitPointSettings> = Object.freeze({
  enabled: true,
  windowDays: DEFAULT_WINDOW_DAYS,
  credibilityDebts: DEFAULT_CREDIBILITY_DEBTS,
  costs: { ...DEFAULT_COSTS },
  defaultRates: { ...DEFAULT_RECOVERY_RATES },
});

const TOP_KEYS = ["enabled", "windowDays", "credibilityDebts", "costs", "defaultRates"];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Checks overrides given as data (the API body, the stored JSON); every problem is reported at once. */
export function validateExitPointOverrides(value: unknown, field = "config"): ExitPointOverrides {
  const errors: FieldError[] = [];
  const err = (f: string, reason: string) => errors.push({ field: f, reason });
  if (!isRecord(value)) throw new AppError("validation", `${field}: use um objeto com ${TOP_KEYS.join(", ")}`, [{ field, reason: "objeto esperado" }]);
  const out: ExitPointOverrides = {};
  for (const key of Object.keys(value)) if (!TOP_KEYS.includes(key)) err(key, `campo desconhecido (use ${TOP_KEYS.join(", ")})`);
  if (value.enabled !== undefined) {
    if (typeof value.enabled !== "boolean") err("enabled", `use true ou false (recebido ${show(value.enabled)})`);
    else out.enabled = value.enabled;
  }
  if (value.windowDays !== undefined) {
    if (!isInt(value.windowDays, 1, 180)) err("windowDays", `use um número inteiro de dias, de 1 a 180 (recebido ${show(value.windowDays)})`);
    else out.windowDays = value.windowDays;
  }
  if (value.credibilityDebts !== undefined) {
    if (!isInt(value.credibilityDebts, 0, 1_000_000)) err("credibilityDebts", `use um número inteiro de títulos, de 0 a 1.000.000 (recebido ${show(value.credibilityDebts)})`);
    else out.credibilityDebts = value.credibilityDebts;
  }
  const part = <K extends string>(name: string, keys: readonly K[], max: number, unit: string): Partial<Record<K, number>> | undefined => {
    const v = value[name];
    if (v === undefined) return undefined;
    if (!isRecord(v)) {
      err(name, `use {"${keys[0]}": N, …} (recebido ${show(v)})`);
      return undefined;
    }
    const got: Partial<Record<K, number>> = {};
    for (const [k, n] of Object.entries(v)) {
      if (!(keys as readonly string[]).includes(k)) err(`${name}.${k}`, `desconhecido (use ${keys.join(", ")})`);
      else if (!isInt(n, 0, max)) err(`${name}.${k}`, `use um número inteiro de ${unit}, de 0 a ${max} (recebido ${show(n)})`);
      else got[k as K] = n;
    }
    return got;
  };
  const costs = part("costs", COST_KEYS, MAX_COST_CENTS, "centavos");
  if (costs && Object.keys(costs).length) out.costs = costs;
  const rates = part("defaultRates", BUCKET_KEYS, 10000, "pontos-base (10000 = 100 %)");
  if (rates && Object.keys(rates).length) out.defaultRates = rates;
  if (errors.length) {
    throw new AppError("validation", `${field}: ${errors.map((e) => `${e.field}: ${e.reason}`).join("; ")}`, errors);
  }
  return out;
}

/** The settings in force: the defaults with the creditor's changes. */
export function effectiveSettings(o: ExitPointOverrides): ExitPointSettings {
  const d = DEFAULT_EXIT_POINT_SETTINGS;
  return {
    enabled: o.enabled ?? d.enabled,
    windowDays: o.windowDays ?? d.windowDays,
    credibilityDebts: o.credibilityDebts ?? d.credibilityDebts,
    costs: { ...d.costs, ...o.costs },
    defaultRates: { ...d.defaultRates, ...o.defaultRates },
  };
}

/** The overrides that still differ from the defaults, in canonical key order (what is stored; {} = nothing to store). */
export function normalizeOverrides(o: ExitPointOverrides): ExitPointOverrides {
  const d = DEFAULT_EXIT_POINT_SETTINGS;
  const out: ExitPointOverrides = {};
  if (o.enabled !== undefined && o.enabled !== d.enabled) out.enabled = o.enabled;
  if (o.windowDays !== undefined && o.windowDays !== d.windowDays) out.windowDays = o.windowDays;
  if (o.credibilityDebts !== undefined && o.credibilityDebts !== d.credibilityDebts) out.credibilityDebts = o.credibilityDebts;
  const costs: Partial<ChannelCosts> = {};
  for (const k of COST_KEYS) if (o.costs?.[k] !== undefined && o.costs[k] !== d.costs[k]) costs[k] = o.costs[k];
  if (Object.keys(costs).length) out.costs = costs;
  const rates: Partial<RecoveryRates> = {};
  for (const k of BUCKET_KEYS) if (o.defaultRates?.[k] !== undefined && o.defaultRates[k] !== d.defaultRates[k]) rates[k] = o.defaultRates[k];
  if (Object.keys(rates).length) out.defaultRates = rates;
  return out;
}

/** Dotted names of what differs from the defaults ("costs.letter", "windowDays"…). */
export function customizedFields(o: ExitPointOverrides): string[] {
  const n = normalizeOverrides(o);
  return [
    ...(["enabled", "windowDays", "credibilityDebts"] as const).filter((k) => n[k] !== undefined),
    ...Object.keys(n.costs ?? {}).map((k) => `costs.${k}`),
    ...Object.keys(n.defaultRates ?? {}).map((k) => `defaultRates.${k}`),
  ];
}
