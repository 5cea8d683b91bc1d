import type { Kysely, Transaction } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Actor } from "./access.ts";

export type AuditEntry = {
  action: string;
  entity: string;
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
