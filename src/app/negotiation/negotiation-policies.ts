import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { DEFAULT_NEGOTIATION_POLICY, parseNegotiationPolicy, type NegotiationPolicy } from "../../domain/negotiation/negotiation-policy.ts";
import { AppError, fieldErrors } from "../../shared/app-error.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";

/**
 * A creditor's negotiation policy, versioned: every change stores the whole validated
 * document as a new version (`negotiation_policies`); the current policy is the highest
 * version, or the defaults (version 0) when none was ever set. Agreements record the
 * version they were made under.
 */

/** The policy in force and its version (0 = the defaults). */
export type PolicyView = {
  creditorId: string;
  version: number;
  customized: boolean;
  policy: NegotiationPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
};

export type SetPolicyResult = PolicyView & { changed: boolean };

/** The current policy of a creditor (no authorisation: callers have a scope or are jobs). */
export async function loadNegotiationPolicy(db: Kysely<Schema>, creditorId: string): Promise<{ policy: NegotiationPolicy; version: number; createdAt: string | null; actor: string | null }> {
  const row = await db
    .selectFrom("negotiation_policies")
    .select(["version", "document", "created_at", "actor"])
    .where("creditor_id", "=", creditorId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return { policy: DEFAULT_NEGOTIATION_POLICY, version: 0, createdAt: null, actor: null };
  const parsed = parseNegotiationPolicy(JSON.parse(row.document) as unknown);
  if (!parsed.ok) throw new AppError("internal", `Política de negociação inválida gravada no credor ${creditorId} (versão ${row.version}).`);
  return { policy: parsed.policy, version: Number(row.version), createdAt: row.created_at, actor: row.actor };
}

function viewOf(creditorId: string, loaded: Awaited<ReturnType<typeof loadNegotiationPolicy>>): PolicyView {
  return { creditorId, version: loaded.version, customized: loaded.version > 0, policy: loaded.policy, updatedAt: loaded.createdAt, updatedBy: loaded.actor };
}

export async function getNegotiationPolicy(deps: AppDeps, actor: Actor, creditorId: string): Promise<PolicyView> {
  const scope = await authorizeExisting(deps, actor, creditorId, "portfolio.read");
  return viewOf(scope.creditorId, await loadNegotiationPolicy(deps.database.db, scope.creditorId));
}

/**
 * Validates `document` (errors name the path, in Portuguese) and stores it as the next
 * version; the same policy again stores nothing (`changed: false`). A `ladderId` must
 * name one of the creditor's ladders.
 */
export async function setNegotiationPolicy(deps: AppDeps, actor: Actor, creditorId: string, document: unknown): Promise<SetPolicyResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "negotiation.policy");
  const parsed = parseNegotiationPolicy(document);
  if (!parsed.ok) {
    throw fieldErrors(parsed.errors, "Política de negociação inválida");
  }
  const policy = parsed.policy;
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    if (policy.ladderId !== null) {
      const ladder = await trx.selectFrom("ladders").select("id").where("creditor_id", "=", scope.creditorId).where("id", "=", policy.ladderId).executeTakeFirst();
      if (!ladder) throw new AppError("validation", `ladderId: a régua "${policy.ladderId}" não existe neste credor`, [{ field: "ladderId", reason: "régua inexistente" }]);
    }
    const current = await loadNegotiationPolicy(trx, scope.creditorId);
    if (isDeepStrictEqual(current.policy, policy) && current.version > 0) return { ...viewOf(scope.creditorId, current), changed: false };
    const version = current.version + 1;
    const at = now.toISOString();
    await trx.insertInto("negotiation_policies").values({ creditor_id: scope.creditorId, version, document: JSON.stringify(policy), created_at: at, actor: actor.label }).execute();
    await recordAudit(trx, actor, now, {
      action: "negotiation_policy.set", entity: "negotiation_policy", entityId: `${scope.creditorId}:${version}`, creditorId: scope.creditorId,
      before: current.version > 0 ? current.policy : null, after: policy,
    });
    return { creditorId: scope.creditorId, version, customized: true, policy, updatedAt: at, updatedBy: actor.label, changed: true };
  });
}
