import type { Kysely, Transaction } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Actor } from "./access.ts";

/** Every action the audit log records (the auditor's filter lists exactly these: web/src/audit/audit-labels.ts). */
export const AUDIT_ACTIONS = [
  "contact.add", "contact.invalidate", "contact.opt_out", "contact.opt_in", "creditor.create", "creditor.update", "creditor.contact_policy",
  "import.debts", "debtor.update", "debtor.pause", "debtor.resume", "debt.pause", "debt.resume", "debt.dispute", "debt.undispute",
  "payment.record", "payment.match", "payment.reject", "cnab.import", "billing_account.create", "boleto.issue",
  "pix.charge.issue", "pix.charge.paid", "pix.webhook.register", "pix.webhook.token",
  "ladder.apply", "ladder.assign", "ladder.run", "action.approve", "action.reject", "exit_point.configure", "template.save", "template.restore",
  "email.settings.update", "email.opt_out", "email.copy_opt_out", "index.import",
  "negotiation_policy.set", "agreement.create", "agreement.settle", "agreement.break", "agreement_approval.request", "agreement_approval.approve",
  "agreement_approval.reject", "promise.create", "promise.keep", "promise.break", "call.record", "selfservice.verify", "selfservice.lock",
  "user.create", "user.deactivate", "user.activate", "user.password_change", "apikey.create", "apikey.revoke",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry is about (the auditor's filter lists exactly these). */
export const AUDIT_ENTITIES = [
  "creditor", "debtor", "debt", "contact", "import", "index", "payment", "cnab_file", "billing_account", "boleto", "pix_charge", "pix_webhook",
  "ladder", "run", "action", "message_template", "negotiation_policy", "agreement", "agreement_approval", "promise", "call_attempt", "user", "api_key",
] as const;

export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export type AuditEntry = {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | null;
  creditorId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Every write lands here: who, what, when, before and after. Call it in the write's transaction. */
export async function recordAudit(db: Kysely<Schema> | Transaction<Schema>, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: at.toISOString(),
      actor: actor.label,
      creditor_id: entry.creditorId ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
