import { sql, type Kysely, type Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Copies of collection e-mails (the creditor's supervisors, the debtor's account
 * representative) travel as messages of their own, so that nothing a copy's reader does
 * — open it, click, unsubscribe — is taken for the debtor's.
 *
 * - `actions.copies`: the copies of the action's message, JSON `[{address, status,
 *   response?}]` in the order sent; a copy's unsubscribe link names the action and the
 *   position in this list. Nullable, no default: added without rewriting the table.
 *   A copy still `sending` long after its message was sent belongs to a dispatcher that
 *   died meanwhile: a partial index finds those few without reading every action.
 * - `email_copy_opt_outs`: addresses that asked to stop receiving copies of one
 *   creditor's messages (the copy's unsubscribe link). The debtor's own e-mail is not
 *   affected.
 */
export function emailCopies(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("actions").addColumn("copies", "text").execute();
      await db.schema.createIndex("actions_copies_sending_ix").on("actions").column("updated_at").where(sql.ref("copies"), "like", '%"status":"sending"%').execute();
      await db.schema
        .createTable("email_copy_opt_outs")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("opted_out_at", t.instant, (c) => c.notNull())
        // one_click | unsubscribe_page | mailto
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("action_id", t.ref, (c) => c.references("actions.id"))
        .addUniqueConstraint("email_copy_opt_outs_address_uq", ["creditor_id", "address"])
        .execute();
    },
  };
}
