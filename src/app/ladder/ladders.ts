import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import type { StoredLadder } from "../../domain/ladder/decide-actions.ts";
import { parseLadderDocument, type Ladder, type LadderIssue } from "../../domain/ladder/ladder-document.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor, CreditorScope } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting, parseId } from "../portfolio/debtors.ts";

/** Validates a ladder document or throws a validation error naming every bad path. */
export function validateLadder(document: unknown): { ladder: Ladder; warnings: LadderIssue[] } {
  const parsed = parseLadderDocument(document);
  if (!parsed.ok) {
    throw fieldErrors(parsed.errors, "régua inválida");
  }
  return { ladder: parsed.ladder, warnings: parsed.warnings };
}

/** The current version of each of a creditor's ladders, default (lowest position) first. */
export async function loadCurrentLadders(db: Kysely<Schema>, creditorId: string): Promise<StoredLadder[]> {
  const rows = await db
    .selectFrom("ladders as l")
    .innerJoin("ladder_versions as v", (j) => j.onRef("v.creditor_id", "=", "l.creditor_id").onRef("v.ladder_id", "=", "l.id").onRef("v.version", "=", "l.current_version"))
    .select(["l.id", "l.position", "l.current_version", "v.document"])
    .where("l.creditor_id", "=", creditorId)
    .orderBy("l.position")
    .orderBy("l.id")
    .execute();
  return rows.map((r) => ({ ladder: JSON.parse(r.document) as Ladder, version: r.current_version, position: r.position }));
}

export type ApplyLadderResult = {
  ladder: Ladder;
  version: number;
  /** False when the document is the same as the current version (nothing stored). */
  changed: boolean;
  created: boolean;
  isDefault: boolean;
  warnings: LadderIssue[];
};

/**
 * Stores a ladder document for a creditor: a new ladder, or a new version of the ladder
 * with the same id (old versions are kept). The first ladder of a creditor is its
 * default; `makeDefault` puts this one first.
 */
export async function applyLadder(deps: AppDeps, actor: Actor, creditorId: string, input: { document: unknown; makeDefault?: boolean }): Promise<ApplyLadderResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "ladder.write");
  const { ladder, warnings } = validateLadder(input.document);
  const json = JSON.stringify(ladder);
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const all = await trx.selectFrom("ladders").select(["id", "position", "current_version"]).where("creditor_id", "=", scope.creditorId).orderBy("position").execute();
    const existing = all.find((l) => l.id === ladder.id);
    const minPosition = all.length ? Math.min(...all.map((l) => l.position)) : 0;
    const maxPosition = all.length ? Math.max(...all.map((l) => l.position)) : -1;
    let version = 1;
    let changed = true;
    let position: number;
    if (existing) {
      const current = await trx
        .selectFrom("ladder_versions")
        .select("document")
        .where("creditor_id", "=", scope.creditorId)
        .where("ladder_id", "=", ladder.id)
        .where("version", "=", existing.current_version)
        .executeTakeFirstOrThrow();
      const alreadyDefault = existing.position === minPosition;
      position = input.makeDefault && !alreadyDefault ? minPosition - 1 : existing.position;
      version = existing.current_version;
      changed = current.document !== json;
      if (changed) {
        version = existing.current_version + 1;
        await trx.insertInto("ladder_versions").values({ creditor_id: scope.creditorId, ladder_id: ladder.id, version, document: json, created_at: at, actor: actor.label }).execute();
      }
      if (changed || position !== existing.position) {
        await trx.updateTable("ladders").set({ name: ladder.name, current_version: version, position, updated_at: at }).where("creditor_id", "=", scope.creditorId).where("id", "=", ladder.id).execute();
      }
    } else {
      position = input.makeDefault ? minPosition - 1 : maxPosition + 1;
      await trx.insertInto("ladders").values({ creditor_id: scope.creditorId, id: ladder.id, name: ladder.name, position, current_version: 1, created_at: at, updated_at: at }).execute();
      await trx.insertInto("ladder_versions").values({ creditor_id: scope.creditorId, ladder_id: ladder.id, version: 1, document: json, created_at: at, actor: actor.label }).execute();
    }
    const isDefault = position <= minPosition;
    if (changed || !existing || position !== existing.position) {
      await recordAudit(trx, actor, now, {
        action: "ladder.apply", entity: "ladder", entityId: ladder.id, creditorId: scope.creditorId,
        before: existing ? { version: existing.current_version, position: existing.position } : undefined,
        after: { version, position, isDefault, steps: ladder.steps.length },
      });
    }
    return { ladder, version, changed, created: !existing, isDefault, warnings };
  });
}

export type LadderView = {
  creditorId: string;
  id: string;
  name: string;
  isDefault: boolean;
  position: number;
  currentVersion: number;
  /** The version shown in `document` (the current one unless another was asked for). */
  version: number;
  document: Ladder;
  versions: { version: number; createdAt: string; actor: string }[];
};

/** A creditor's ladders (default first), each with its version history; `id`/`version` narrow it to one document. */
export async function listLadders(deps: AppDeps, actor: Actor, creditorId: string, input: { id?: string; version?: number } = {}): Promise<{ items: LadderView[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  const { db } = deps.database;
  let q = db.selectFrom("ladders").selectAll().where("creditor_id", "=", scope.creditorId).orderBy("position").orderBy("id");
  if (input.id !== undefined) q = q.where("id", "=", input.id);
  const ladders = await q.execute();
  if (input.id !== undefined && ladders.length === 0) throw new AppError("not_found", `Régua não encontrada: ${input.id}`);
  if (ladders.length === 0) return { items: [] };
  const versions = await db
    .selectFrom("ladder_versions")
    .selectAll()
    .where("creditor_id", "=", scope.creditorId)
    .where("ladder_id", "in", ladders.map((l) => l.id))
    .orderBy("version")
    .execute();
  const minPosition = (await db.selectFrom("ladders").select((eb) => eb.fn.min<number>("position").as("p")).where("creditor_id", "=", scope.creditorId).executeTakeFirst())?.p;
  return {
    items: ladders.map((l) => {
      const own = versions.filter((v) => v.ladder_id === l.id);
      const wanted = input.version ?? l.current_version;
      const shown = own.find((v) => v.version === wanted);
      if (!shown) throw new AppError("not_found", `Versão ${wanted} da régua ${l.id} não encontrada.`);
      return {
        creditorId: scope.creditorId, id: l.id, name: l.name, isDefault: l.position === Number(minPosition), position: l.position, currentVersion: l.current_version,
        version: shown.version, document: JSON.parse(shown.document) as Ladder,
        versions: own.map((v) => ({ version: v.version, createdAt: v.created_at, actor: v.actor })),
      };
    }),
  };
}

/** The debtor id of a document in the creditor's portfolio, or not_found. */
export async function debtorIdByDocument(deps: AppDeps, scope: CreditorScope, document: string): Promise<string> {
  const row = await deps.database.db.selectFrom("debtors").select("id").where("creditor_id", "=", scope.creditorId).where("document", "=", normalizeDocument(document)).executeTakeFirst();
  if (!row) throw new AppError("not_found", "Devedor não encontrado.");
  return String(row.id);
}

/**
 * Makes a debtor (or some of its debts) follow a given ladder whatever the assignment
 * rules say; `ladderId: null` returns them to the rules.
 */
export async function assignLadder(
  deps: AppDeps, actor: Actor, creditorId: string, debtorIdRaw: string, input: { ladderId: string | null; debtExternalIds?: string[] },
): Promise<{ debtorId: string; ladderId: string | null; debtExternalIds: string[] }> {
  const scope = await authorizeExisting(deps, actor, creditorId, "ladder.write");
  const debtorId = parseId(debtorIdRaw, "Devedor");
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const debtor = await trx.selectFrom("debtors").select(["id", "ladder_id"]).where("creditor_id", "=", scope.creditorId).where("id", "=", debtorId).executeTakeFirst();
    if (!debtor) throw new AppError("not_found", "Devedor não encontrado.");
    if (input.ladderId !== null) {
      const ladder = await trx.selectFrom("ladders").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", input.ladderId).executeTakeFirst();
      if (!ladder) throw new AppError("not_found", `Régua não encontrada: ${input.ladderId}`);
    }
    const externalIds = [...new Set(input.debtExternalIds ?? [])];
    if (externalIds.length === 0) {
      await trx.updateTable("debtors").set({ ladder_id: input.ladderId, updated_at: at }).where("id", "=", debtorId).execute();
      await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: null, kind: "ladder.assigned", at, actor: actor.label, data: JSON.stringify({ ladderId: input.ladderId, before: debtor.ladder_id }) }).execute();
    } else {
      const debts = await trx.selectFrom("debts").select(["id", "external_id", "ladder_id"]).where("creditor_id", "=", scope.creditorId).where("debtor_id", "=", debtorId).where("external_id", "in", externalIds).execute();
      const missing = externalIds.filter((e) => !debts.some((d) => d.external_id === e));
      if (missing.length) throw new AppError("not_found", `Título não encontrado para este devedor: ${missing.join(", ")}`);
      await trx.updateTable("debts").set({ ladder_id: input.ladderId, updated_at: at }).where("id", "in", debts.map((d) => d.id)).execute();
      for (const d of debts) {
        await trx.insertInto("events").values({ creditor_id: scope.creditorId, debtor_id: debtorId, debt_id: d.id, kind: "ladder.assigned", at, actor: actor.label, data: JSON.stringify({ ladderId: input.ladderId, before: d.ladder_id, externalId: d.external_id }) }).execute();
      }
    }
    await recordAudit(trx, actor, now, { action: "ladder.assign", entity: "debtor", entityId: String(debtorId), creditorId: scope.creditorId, after: { ladderId: input.ladderId, debtExternalIds: externalIds } });
    return { debtorId: String(debtorId), ladderId: input.ladderId, debtExternalIds: externalIds };
  });
}
