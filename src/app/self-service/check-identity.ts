import { timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { normalizeDocument } from "../../domain/br/documents.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { lockRows } from "../holds/hold-targets.ts";
import { attemptState, combineStates, lookbackMinutes, type AttemptState } from "./attempt-limits.ts";
import type { OpenedLink } from "./open-link.ts";
import { selfServiceActor, selfServiceSettingsOf } from "./self-service-context.ts";
import { recordSelfServiceEvent, SELF_SERVICE_EVENTS } from "./self-service-events.ts";
import { startSession } from "./sessions.ts";

/**
 * The identity check of the page: before showing anything, it asks for the first
 * `documentChars` (3) characters of the debtor's CPF or CNPJ.
 *
 * Why the first three: messages show the CPF masked as ***.456.789-** (templates'
 * `maskDocument`), so the first three digits are exactly what a message never reveals,
 * and a CPF's check digits follow from its first nine, so asking for them would add
 * nothing. For a company the CNPJ is public record (and masked messages show its first
 * eight characters): there the check stops only the casual reader of a forwarded link,
 * and the signed link remains the real key.
 *
 * A malformed answer (not exactly that many letters/digits) is refused without counting;
 * wrong answers count toward the limits of attempt-limits.ts, per link and per debtor.
 */

export type IdentityPrompt = {
  /** "CPF" or "CNPJ", for the label. */
  documentLabel: "CPF" | "CNPJ";
  documentChars: number;
  /** Whether the expected characters are all digits (the field's keyboard). */
  numeric: boolean;
  state: AttemptState;
};

export type IdentityOutcome =
  | { kind: "verified"; session: { token: string; expiresAt: Date } }
  | { kind: "wrong"; remaining: number }
  | { kind: "locked"; until: Date }
  | { kind: "malformed"; remaining: number };

type DebtorDoc = { document: string; kind: string };

async function loadDebtor(db: Kysely<Schema>, link: OpenedLink, lock: boolean): Promise<DebtorDoc> {
  let q = db.selectFrom("debtors").select(["document", "kind"]).where("creditor_id", "=", link.creditorId).where("id", "=", link.debtorId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

/** The lock state of the link and of its debtor at `now`, from the stored wrong answers. */
async function currentState(deps: AppDeps, db: Kysely<Schema>, link: OpenedLink, now: Date): Promise<AttemptState> {
  const { linkRule, debtorRule } = selfServiceSettingsOf(deps);
  const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const failures = await db
    .selectFrom("self_service_attempts")
    .select(["link_id", "at"])
    .where("debtor_id", "=", link.debtorId)
    .where("creditor_id", "=", link.creditorId)
    .where("ok", "=", 0)
    .where("at", ">=", since(Math.max(lookbackMinutes(linkRule), lookbackMinutes(debtorRule))))
    .orderBy("at")
    .execute();
  const ofLink = failures.filter((f) => f.link_id === link.linkId).map((f) => f.at);
  return combineStates(attemptState(ofLink, now, linkRule), attemptState(failures.map((f) => f.at), now, debtorRule));
}

const labelOf = (d: DebtorDoc): "CPF" | "CNPJ" => (normalizeDocument(d.document).length === 11 ? "CPF" : "CNPJ");

/** What the identity page shows: which document, how many characters, and whether answers are accepted now. */
export async function identityPrompt(deps: AppDeps, link: OpenedLink): Promise<IdentityPrompt> {
  const { db } = deps.database;
  const debtor = await loadDebtor(db, link, false);
  const chars = selfServiceSettingsOf(deps).documentChars;
  const expected = normalizeDocument(debtor.document).slice(0, chars);
  return { documentLabel: labelOf(debtor), documentChars: chars, numeric: /^\d+$/.test(expected), state: await currentState(deps, db, link, deps.clock.now()) };
}

/** An arrival at the page without a session: one `selfservice.visited` event. */
export async function recordVisit(deps: AppDeps, link: OpenedLink): Promise<void> {
  await recordSelfServiceEvent(deps.database.db, { creditorId: link.creditorId, debtorId: link.debtorId, kind: SELF_SERVICE_EVENTS.visited, at: deps.clock.now(), data: { linkId: link.linkId } });
}

/** Constant-time comparison of two short strings. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks an answer to the identity check and records it: right → a session (and the
 * `selfservice.verified` event); wrong → counted, `selfservice.verify_failed`, and the
 * answer that reaches a limit also `selfservice.locked`; locked → refused unchecked.
 */
export async function checkIdentity(deps: AppDeps, link: OpenedLink, answer: string): Promise<IdentityOutcome> {
  const now = deps.clock.now();
  const { documentChars } = selfServiceSettingsOf(deps);
  const given = normalizeDocument(answer.trim());
  return deps.database.db.transaction().execute(async (trx) => {
    // The debtor's row serialises concurrent answers (PostgreSQL), so none slips past a limit.
    const debtor = await loadDebtor(trx, link, lockRows(deps.database));
    const before = await currentState(deps, trx, link, now);
    if (before.lockedUntil) return { kind: "locked", until: before.lockedUntil };
    if (given.length !== documentChars || !/^[0-9A-Z]+$/.test(given)) return { kind: "malformed", remaining: before.remaining };

    const expected = normalizeDocument(debtor.document).slice(0, documentChars);
    const ok = sameText(given, expected);
    await trx.insertInto("self_service_attempts").values({ creditor_id: link.creditorId, debtor_id: link.debtorId, link_id: link.linkId, at: now.toISOString(), ok: ok ? 1 : 0 }).execute();
    const actor = selfServiceActor(link.creditorId);
    if (ok) {
      const session = await startSession(trx, deps, link, now);
      await recordSelfServiceEvent(trx, { creditorId: link.creditorId, debtorId: link.debtorId, kind: SELF_SERVICE_EVENTS.verified, at: now, data: { linkId: link.linkId } });
      await recordAudit(trx, actor, now, { action: "selfservice.verify", entity: "debtor", entityId: String(link.debtorId), creditorId: link.creditorId, after: { linkId: link.linkId, sessionExpiresAt: session.expiresAt.toISOString() } });
      return { kind: "verified", session };
    }
    const after = await currentState(deps, trx, link, now);
    await recordSelfServiceEvent(trx, { creditorId: link.creditorId, debtorId: link.debtorId, kind: SELF_SERVICE_EVENTS.verifyFailed, at: now, data: { linkId: link.linkId, remaining: after.remaining } });
    if (after.lockedUntil) {
      await recordSelfServiceEvent(trx, { creditorId: link.creditorId, debtorId: link.debtorId, kind: SELF_SERVICE_EVENTS.locked, at: now, data: { linkId: link.linkId, until: after.lockedUntil.toISOString() } });
      await recordAudit(trx, actor, now, { action: "selfservice.lock", entity: "debtor", entityId: String(link.debtorId), creditorId: link.creditorId, after: { linkId: link.linkId, until: after.lockedUntil.toISOString() } });
      return { kind: "locked", until: after.lockedUntil };
    }
    return { kind: "wrong", remaining: after.remaining };
  });
}
