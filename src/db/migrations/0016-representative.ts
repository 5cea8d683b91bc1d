import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * The debtor's account representative: the creditor's person who looks after this
 * debtor's account and gets a copy (Cc) of the collection e-mails sent to the debtor.
 * Nullable text, no default: on PostgreSQL the column is added without rewriting the table.
 */
export function representative(_t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("debtors").addColumn("representative_email", "text").execute();
    },
  };
}
