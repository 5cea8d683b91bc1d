import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import {
  DEFAULT_CHANNEL_WINDOWS, validateChannelWindows, windowsFor, type ChannelWindows, type ContactWindows, type DayWindow,
} from "../../domain/guard/contact-window.ts";
import { DEFAULT_FREQUENCY_CAPS, validateFrequencyCaps, validateLimit, type FrequencyCaps } from "../../domain/guard/rules.ts";
import { isChannel, type Channel } from "../../domain/ladder/channels.ts";
import { AppError } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";

/**
 * A creditor's contact policy: contact windows per channel and frequency caps, stored as
 * JSON on the creditor (null = the defaults of domain/guard). The daily run and the
 * dispatcher read it with `loadContactPolicy`; people change it with the use cases below.
 */
export type ContactPolicy = { windows: ChannelWindows; caps: FrequencyCaps };

/** The policy in force, and which parts differ from the defaults. */
export type ContactPolicyView = ContactPolicy & { customized: { windows: boolean; caps: boolean } };

function parseStored<T>(text: string | null, fallback: T, validate: (v: unknown, field: string) => T, creditorId: string, field: string): T {
  if (text === null) return fallback;
  try {
    return validate(JSON.parse(text) as unknown, field);
  } catch (error) {
    throw new AppError("internal", `Política de contato inválida gravada no credor ${creditorId} (${field}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

function viewOf(creditorId: string, row: { contact_windows: string | null; frequency_caps: string | null }): ContactPolicyView {
  return {
    windows: parseStored(row.contact_windows, DEFAULT_CHANNEL_WINDOWS, validateChannelWindows, creditorId, "contact_windows"),
    caps: parseStored(row.frequency_caps, DEFAULT_FREQUENCY_CAPS, validateFrequencyCaps, creditorId, "frequency_caps"),
    customized: { windows: row.contact_windows !== null, caps: row.frequency_caps !== null },
  };
}

/** The policy of a creditor, for the run and the dispatcher (no authorisation: callers have a scope already). */
export async function loadContactPolicy(db: Kysely<Schema>, creditorId: string): Promise<ContactPolicy> {
  const row = await db.selectFrom("creditors").select(["contact_windows", "frequency_caps"]).where("id", "=", creditorId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "Credor não encontrado.");
  const { windows, caps } = viewOf(creditorId, row);
  return { windows, caps };
}

export async function getContactPolicy(deps: AppDeps, actor: Actor, creditorId: string): Promise<ContactPolicyView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const row = await deps.database.db.selectFrom("creditors").select(["contact_windows", "frequency_caps"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
  return viewOf(scope.creditorId, row);
}

/** Stored text of a part: null when it equals the default, so "customised" means something. */
const stored = <T>(value: T, fallback: T): string | null => (isDeepStrictEqual(value, fallback) ? null : JSON.stringify(value));

/** Reads, changes and writes the policy in one transaction, with an audit entry. */
async function changePolicy(deps: AppDeps, actor: Actor, creditorId: string, change: (current: ContactPolicy) => ContactPolicy): Promise<ContactPolicyView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "creditor.update");
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("creditors").select(["contact_windows", "frequency_caps"]).where("id", "=", scope.creditorId).executeTakeFirstOrThrow();
    const before = viewOf(scope.creditorId, row);
    const next = change({ windows: before.windows, caps: before.caps });
    const text = { contact_windows: stored(next.windows, DEFAULT_CHANNEL_WINDOWS), frequency_caps: stored(next.caps, DEFAULT_FREQUENCY_CAPS) };
    const after = viewOf(scope.creditorId, text);
    if (text.contact_windows === row.contact_windows && text.frequency_caps === row.frequency_caps) return after;
    await trx.updateTable("creditors").set({ ...text, updated_at: now.toISOString() }).where("id", "=", scope.creditorId).execute();
    await recordAudit(trx, actor, now, {
      action: "creditor.contact_policy", entity: "creditor", entityId: scope.creditorId, creditorId: scope.creditorId,
      before: { windows: before.windows, caps: before.caps }, after: { windows: after.windows, caps: after.caps },
    });
    return after;
  });
}

/** Replaces the windows and/or the caps (API PUT); null puts a part back to the defaults, absent leaves it. */
export async function setContactPolicy(deps: AppDeps, actor: Actor, creditorId: string, input: { windows?: unknown; caps?: unknown }): Promise<ContactPolicyView> {
  const windows = input.windows === undefined ? undefined : input.windows === null ? DEFAULT_CHANNEL_WINDOWS : validateChannelWindows(input.windows, "windows");
  const caps = input.caps === undefined ? undefined : input.caps === null ? DEFAULT_FREQUENCY_CAPS : validateFrequencyCaps(input.caps, "caps");
  return changePolicy(deps, actor, creditorId, (current) => ({ windows: windows ?? current.windows, caps: caps ?? current.caps }));
}

function checkChannel(channel: string | undefined): Channel | undefined {
  if (channel === undefined) return undefined;
  if (!isChannel(channel)) throw new AppError("validation", `channel: canal desconhecido: ${channel}`, [{ field: "channel", reason: "canal desconhecido" }]);
  return channel;
}

/**
 * Changes some days of the windows: of one channel (its override starts as a copy of the
 * default) or of the default. `reset` drops the channel's override, or every window when
 * no channel is given; other fields may not come with it.
 */
export type WindowsPatch = { channel?: string; weekday?: DayWindow; saturday?: DayWindow; sunday?: DayWindow; holidays?: DayWindow; reset?: boolean };

export async function updateContactWindows(deps: AppDeps, actor: Actor, creditorId: string, patch: WindowsPatch): Promise<ContactPolicyView> {
  const channel = checkChannel(patch.channel);
  const days = (["weekday", "saturday", "sunday", "holidays"] as const).filter((k) => patch[k] !== undefined);
  if (patch.reset && days.length) throw new AppError("validation", "reset: não combine com janelas; primeiro volte ao padrão, depois altere", [{ field: "reset", reason: "sozinho" }]);
  return changePolicy(deps, actor, creditorId, (current) => {
    const all: Record<string, ContactWindows> = { ...current.windows };
    if (patch.reset) {
      if (channel) delete all[channel];
      return { ...current, windows: channel ? (all as ChannelWindows) : DEFAULT_CHANNEL_WINDOWS };
    }
    const key = channel ?? "default";
    const base: ContactWindows = { ...windowsFor(current.windows, key) };
    for (const day of days) base[day] = patch[day]!;
    all[key] = base;
    return { ...current, windows: validateChannelWindows(all, "windows") };
  });
}

/**
 * Changes some caps: per-channel limits of one channel (`perDay`, `perWeek`), or without a
 * channel the default limits and the totals. null = no limit. `reset` drops the channel's
 * own limits, or every cap when no channel is given.
 */
export type CapsPatch = { channel?: string; perDay?: number | null; perWeek?: number | null; totalPerDay?: number | null; totalPerWeek?: number | null; reset?: boolean };

export async function updateFrequencyCaps(deps: AppDeps, actor: Actor, creditorId: string, patch: CapsPatch): Promise<ContactPolicyView> {
  const channel = checkChannel(patch.channel);
  const given = (["perDay", "perWeek", "totalPerDay", "totalPerWeek"] as const).filter((k) => patch[k] !== undefined);
  for (const k of given) validateLimit(patch[k], k);
  if (patch.reset && given.length) throw new AppError("validation", "reset: não combine com limites; primeiro volte ao padrão, depois altere", [{ field: "reset", reason: "sozinho" }]);
  if (channel && (patch.totalPerDay !== undefined || patch.totalPerWeek !== undefined)) {
    throw new AppError("validation", "totalPerDay/totalPerWeek valem para todos os canais juntos: informe-os sem canal", [{ field: "channel", reason: "não use com totais" }]);
  }
  return changePolicy(deps, actor, creditorId, (current) => {
    if (patch.reset && !channel) return { ...current, caps: DEFAULT_FREQUENCY_CAPS };
    const perDay: Record<string, number | null> = { ...current.caps.perDay };
    const perWeek: Record<string, number | null> = { ...current.caps.perWeek };
    const key = channel ?? "default";
    if (patch.reset && channel) {
      delete perDay[channel];
      delete perWeek[channel];
    }
    if (patch.perDay !== undefined) perDay[key] = patch.perDay;
    if (patch.perWeek !== undefined) perWeek[key] = patch.perWeek;
    const caps = {
      perDay, perWeek,
      totalPerDay: patch.totalPerDay !== undefined ? patch.totalPerDay : current.caps.totalPerDay,
      totalPerWeek: patch.totalPerWeek !== undefined ? patch.totalPerWeek : current.caps.totalPerWeek,
    };
    return { ...current, caps: validateFrequencyCaps(caps, "caps") };
  });
}
