import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import type { Database } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { isValidIsoDate, localDateOf } from "../../domain/br/dates.ts";
import type { ChannelCosts, ExitPointPolicy, RecoveryRates } from "../../domain/exit-point/exit-point.ts";
import {
  customizedFields, effectiveSettings, normalizeOverrides, validateExitPointOverrides, type ExitPointOverrides, type ExitPointSettings,
} from "../../domain/exit-point/exit-point-settings.ts";
import { estimateRecoveryRates, ratesOf, type RateEstimate } from "../../domain/exit-point/recovery-rates.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { loadCohorts } from "./recovery-history.ts";

/** The exit point of a creditor as people see it: the settings in force, what was changed, and the rates of `asOf`. */
export type ExitPointConfigView = {
  creditorId: string;
  enabled: boolean;
  windowDays: number;
  credibilityDebts: number;
  costs: ChannelCosts;
  defaultRates: RecoveryRates;
  /** Fields that differ from the defaults ("costs.letter", "windowDays"…). */
  customized: string[];
  /** The creditor's local day the rates were learned for. */
  asOf: string;
  rates: RateEstimate[];
};

async function readOverrides(db: Kysely<Schema>, creditorId: string): Promise<ExitPointOverrides> {
  const row = await db.selectFrom("exit_point_settings").select("document").where("creditor_id", "=", creditorId).executeTakeFirst();
  if (!row) return {};
  try {
    return validateExitPointOverrides(JSON.parse(row.document) as unknown, "exit_point_settings");
  } catch (error) {
    throw new AppError("internal", `Ponto de saída inválido gravado no credor ${creditorId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The creditor's settings (no authorisation: callers hold a scope already). */
export async function loadExitPointSettings(db: Kysely<Schema>, creditorId: string): Promise<{ settings: ExitPointSettings; overrides: ExitPointOverrides }> {
  const overrides = await readOverrides(db, creditorId);
  return { settings: effectiveSettings(overrides), overrides };
}

/** The creditor's local day of an instant. */
export async function creditorDayOf(db: Kysely<Schema>, creditorId: string, at: string): Promise<string> {
  const row = await db.selectFrom("creditors").select("time_zone").where("id", "=", creditorId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "Credor não encontrado.");
  return localDateOf(new Date(at), row.time_zone);
}

/** The rate of every bucket on `asOf`: the creditor's history of that day blended with its default rates. */
export async function learnRates(database: Database, creditorId: string, settings: ExitPointSettings, asOf: string, now: Date): Promise<RateEstimate[]> {
  const cohorts = await loadCohorts(database, creditorId, asOf, settings.windowDays, now);
  return estimateRecoveryRates(cohorts, settings.defaultRates, settings.credibilityDebts);
}

/**
 * What the ladder run (and `explain`) needs: costs and rates in force at the instant `at`,
 * or null when the creditor turned the exit point off. No authorisation: the caller has a scope.
 */
export async function loadExitPointPolicy(database: Database, creditorId: string, at: string, now: Date): Promise<ExitPointPolicy | null> {
  const { settings } = await loadExitPointSettings(database.db, creditorId);
  if (!settings.enabled) return null;
  const asOf = await creditorDayOf(database.db, creditorId, at);
  return { costs: settings.costs, rates: ratesOf(await learnRates(database, creditorId, settings, asOf, now)) };
}

async function viewOf(deps: AppDeps, creditorId: string, overrides: ExitPointOverrides, asOf: string): Promise<ExitPointConfigView> {
  const settings = effectiveSettings(overrides);
  return {
    creditorId, ...settings, customized: customizedFields(overrides), asOf,
    rates: await learnRates(deps.database, creditorId, settings, asOf, deps.clock.now()),
  };
}

function checkDay(at: string | undefined): string | undefined {
  if (at === undefined) return undefined;
  if (!isValidIsoDate(at)) throw new AppError("validation", `at: data inválida (use AAAA-MM-DD): ${at}`, [{ field: "at", reason: "use AAAA-MM-DD" }]);
  return at;
}

/** The settings in force and the rates learned for `at` (default: the creditor's today). */
export async function getExitPointConfig(deps: AppDeps, actor: Actor, creditorId: string, input: { at?: string } = {}): Promise<ExitPointConfigView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const asOf = checkDay(input.at) ?? (await creditorDayOf(deps.database.db, scope.creditorId, deps.clock.now().toISOString()));
  return viewOf(deps, scope.creditorId, await readOverrides(deps.database.db, scope.creditorId), asOf);
}

/** Reads, changes and writes the overrides in one transaction, with an audit entry; nothing is written when nothing changes. */
async function changeConfig(deps: AppDeps, actor: Actor, creditorId: string, change: (current: ExitPointOverrides) => ExitPointOverrides): Promise<ExitPointConfigView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "ladder.write");
  const now = deps.clock.now();
  const after = await deps.database.db.transaction().execute(async (trx) => {
    const before = normalizeOverrides(await readOverrides(trx, scope.creditorId));
    const next = normalizeOverrides(change(before));
    if (isDeepStrictEqual(next, before)) return next;
    if (Object.keys(next).length === 0) await trx.deleteFrom("exit_point_settings").where("creditor_id", "=", scope.creditorId).execute();
    else {
      const row = { document: JSON.stringify(next), updated_at: now.toISOString(), actor: actor.label };
      await trx
        .insertInto("exit_point_settings")
        .values({ creditor_id: scope.creditorId, ...row })
        .onConflict((oc) => oc.column("creditor_id").doUpdateSet(row))
        .execute();
    }
    await recordAudit(trx, actor, now, { action: "exit_point.configure", entity: "creditor", entityId: scope.creditorId, creditorId: scope.creditorId, before, after: next });
    return next;
  });
  return viewOf(deps, scope.creditorId, after, await creditorDayOf(deps.database.db, scope.creditorId, now.toISOString()));
}

/** Replaces the creditor's changes (API PUT): what the body leaves out goes back to the default. */
export async function setExitPointConfig(deps: AppDeps, actor: Actor, creditorId: string, body: unknown): Promise<ExitPointConfigView> {
  const overrides = validateExitPointOverrides(body ?? {}, "config");
  return changeConfig(deps, actor, creditorId, () => overrides);
}

/**
 * Changes some settings and keeps the others (the CLI): `costs`/`defaultRates` entries
 * set one key each, null puts that key back to its default; `reset` drops every change first.
 */
export type ExitPointPatch = {
  reset?: boolean;
  enabled?: boolean;
  windowDays?: number | null;
  credibilityDebts?: number | null;
  costs?: Record<string, number | null>;
  defaultRates?: Record<string, number | null>;
};

export async function updateExitPointConfig(deps: AppDeps, actor: Actor, creditorId: string, patch: ExitPointPatch): Promise<ExitPointConfigView> {
  return changeConfig(deps, actor, creditorId, (current) => {
    const base: ExitPointOverrides = patch.reset ? {} : current;
    const merge = (own: Record<string, number> | undefined, changes: Record<string, number | null> | undefined) => {
      const out: Record<string, number> = { ...own };
      for (const [k, v] of Object.entries(changes ?? {})) {
        if (v === null) delete out[k];
        else out[k] = v;
      }
      return out;
    };
    const raw: Record<string, unknown> = {
      ...base,
      costs: merge(base.costs as Record<string, number> | undefined, patch.costs),
      defaultRates: merge(base.defaultRates as Record<string, number> | undefined, patch.defaultRates),
    };
    if (patch.enabled !== undefined) raw.enabled = patch.enabled;
    for (const k of ["windowDays", "credibilityDebts"] as const) {
      if (patch[k] === null) delete raw[k];
      else if (patch[k] !== undefined) raw[k] = patch[k];
    }
    return validateExitPointOverrides(raw, "config");
  });
}
