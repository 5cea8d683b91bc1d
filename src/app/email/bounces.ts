import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { normalizeEmail } from "../../domain/br/email.ts";
import { actionOfBounceAddress, actionOfMessageId, isCopyBounceAddress } from "../../channels/email/compose-email.ts";
import { headerValue } from "../../channels/email/mime.ts";
import { isPermanentDsn, type ParsedDsn } from "../../channels/email/dsn.ts";
import type { Actor } from "../access.ts";
import { recordAudit } from "../audit.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { EMAIL_SYSTEM_ACTOR } from "./email-actors.ts";
import { insertTrackingEvent } from "./tracking-events.ts";
import { optOutOfEmail } from "./unsubscribe.ts";

/**
 * A bounce or complaint, from a provider webhook (`POST /api/creditors/{id}/bounces`) or a
 * DSN. `permanent` (hard bounce, e.g. 5.1.1 user unknown) marks every e-mail contact of the
 * creditor with that address invalid, with the reason; `transient` (4.x.x, mailbox full,
 * greylisting) is recorded only; `complaint` (the recipient marked it as spam) opts the
 * debtor out of e-mail, as an unsubscribe would.
 */
export type BounceType = "permanent" | "transient" | "complaint";

export type BounceInput = {
  email: string;
  type: BounceType;
  /** Enhanced status code, e.g. "5.1.1". */
  status?: string | null;
  diagnostic?: string | null;
  /** The bounced message's Message-ID (`<action-123.…@…>` names the action). */
  messageId?: string | null;
  actionId?: number | null;
  /** Where it came from: "webhook", "dsn", … */
  source: string;
};

export type BounceResult = {
  email: string;
  type: BounceType;
  actionId: string | null;
  contacts: { contactId: string; debtorId: string; invalidated: boolean }[];
};

const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** Applies one bounce inside the caller's transaction, for a creditor already checked. */
async function applyBounce(trx: Kysely<Schema>, actor: Actor, now: Date, creditorId: string, input: BounceInput): Promise<BounceResult> {
  const at = now.toISOString();
  const normalized = normalizeEmail(input.email);
  const email = normalized.ok ? normalized.email : input.email.trim().toLowerCase();
  const status = input.status && STATUS.test(input.status.trim()) ? input.status.trim() : null;
  const diagnostic = input.diagnostic ? input.diagnostic.replace(/\s+/g, " ").trim().slice(0, 500) : null;
  // The action only counts when it is this creditor's: a Message-ID is the sender's claim.
  const claimed = input.actionId ?? (input.messageId ? actionOfMessageId(input.messageId) : null);
  const action = claimed === null ? undefined : await trx.selectFrom("actions").select(["id", "debtor_id"]).where("id", "=", claimed).where("creditor_id", "=", creditorId).executeTakeFirst();
  const actionId = action ? action.id : null;
  const contacts = await trx
    .selectFrom("contacts")
    .select(["id", "debtor_id", "validity", "invalid_reason"])
    .where("creditor_id", "=", creditorId)
    .where("kind", "=", "email")
    .where("value", "=", email)
    .orderBy("id")
    .execute();
  const out: BounceResult = { email, type: input.type, actionId: actionId === null ? null : String(actionId), contacts: [] };
  const data = { email, status, diagnostic, source: input.source, ...(input.messageId ? { messageId: input.messageId } : {}) };

  if (contacts.length === 0) {
    // Nobody of this creditor has the address (removed since, or a copy): keep the fact.
    if (action) await insertTrackingEvent(trx, { creditorId, actionId, debtorId: action.debtor_id, kind: input.type === "complaint" ? "complained" : "bounced", at, data: { ...data, permanent: input.type === "permanent" } });
    return out;
  }
  for (const contact of contacts) {
    const actionForContact = action && action.debtor_id === contact.debtor_id ? actionId : null;
    if (input.type === "complaint") {
      await optOutOfEmail(trx, actor, now, { creditorId, debtorId: contact.debtor_id, actionId: actionForContact, source: "complaint", reason: "marcou a mensagem como spam", data: { email, source: input.source } });
      out.contacts.push({ contactId: String(contact.id), debtorId: String(contact.debtor_id), invalidated: false });
      continue;
    }
    const permanent = input.type === "permanent";
    await insertTrackingEvent(trx, { creditorId, actionId: actionForContact, debtorId: contact.debtor_id, contactId: contact.id, kind: "bounced", at, data: { ...data, permanent } });
    let invalidated = false;
    if (permanent && contact.validity !== "invalid") {
      const reason = `e-mail devolvido (devolução permanente${status ? ` ${status}` : ""})${diagnostic ? `: ${diagnostic}` : ""}`.slice(0, 300);
      await trx.updateTable("contacts").set({ validity: "invalid", invalid_reason: reason, updated_at: at }).where("id", "=", contact.id).execute();
      await trx
        .insertInto("events")
        .values({
          creditor_id: creditorId, debtor_id: contact.debtor_id, debt_id: null, kind: "email.bounced", at, actor: actor.label,
          data: JSON.stringify({ contactId: String(contact.id), email, status, diagnostic, permanent: true, contactInvalidated: true, actionId: actionForContact === null ? null : String(actionForContact), source: input.source }),
        })
        .execute();
      await recordAudit(trx, actor, now, {
        action: "contact.invalidate", entity: "contact", entityId: String(contact.id), creditorId,
        before: { validity: contact.validity, invalidReason: contact.invalid_reason }, after: { validity: "invalid", invalidReason: reason },
      });
      invalidated = true;
    }
    out.contacts.push({ contactId: String(contact.id), debtorId: String(contact.debtor_id), invalidated });
  }
  return out;
}

/** A provider's bounce or complaint notice for one creditor (an API key of the creditor posts it). */
export async function recordBounce(deps: AppDeps, actor: Actor, creditorId: string, input: BounceInput): Promise<BounceResult> {
  const scope = await authorizeExisting(deps, actor, creditorId, "contact.write");
  const now = deps.clock.now();
  return deps.database.db.transaction().execute((trx) => applyBounce(trx, actor, now, scope.creditorId, input));
}

/**
 * A DSN that reached the bounce address. The creditor comes from the action the bounce
 * address names (VERP, `bounces+ACTION@…`), else from the returned headers' Message-ID or
 * X-Regua-Action; each failed recipient is one bounce, permanent or transient by its
 * status. Delivery reports that are not failures or delays are ignored.
 */
export async function processDsn(deps: AppDeps, dsn: ParsedDsn, envelopeTo: readonly string[]): Promise<{ creditorId: string | null; results: BounceResult[] }> {
  const { db } = deps.database;
  const claimed = [
    ...envelopeTo.map(actionOfBounceAddress),
    dsn.original.messageId ? actionOfMessageId(dsn.original.messageId) : null,
    dsn.original.actionId && /^\d{1,15}$/.test(dsn.original.actionId) ? Number(dsn.original.actionId) : null,
  ].filter((x): x is number => x !== null);
  let creditorId: string | null = null;
  let actionId: number | null = null;
  for (const id of claimed) {
    const action = await db.selectFrom("actions").select(["id", "creditor_id"]).where("id", "=", id).executeTakeFirst();
    if (action) {
      creditorId = action.creditor_id;
      actionId = action.id;
      break;
    }
  }
  if (!creditorId && dsn.original.creditorId) {
    const creditor = await db.selectFrom("creditors").select("id").where("id", "=", dsn.original.creditorId).executeTakeFirst();
    creditorId = creditor?.id ?? null;
  }
  if (!creditorId) return { creditorId: null, results: [] };
  // A copy (Cc) that bounced is not the debtor's message: its address is checked against the contacts, the action is left alone.
  if (envelopeTo.some(isCopyBounceAddress) || headerValue(dsn.original.headers, "x-regua-copy") !== undefined) actionId = null;
  const now = deps.clock.now();
  const results: BounceResult[] = [];
  await db.transaction().execute(async (trx) => {
    for (const r of dsn.recipients) {
      if (r.action !== "failed" && r.action !== "delayed") continue;
      results.push(
        await applyBounce(trx, EMAIL_SYSTEM_ACTOR, now, creditorId, {
          email: r.recipient, type: isPermanentDsn(r) ? "permanent" : "transient", status: r.status, diagnostic: r.diagnostic,
          messageId: dsn.original.messageId, actionId, source: "dsn",
        }),
      );
    }
  });
  return { creditorId, results };
}
