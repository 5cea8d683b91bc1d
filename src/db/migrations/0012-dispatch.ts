import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * What the dispatcher records on an action while sending it: when it was claimed, when the
 * message was about to be committed to the server (the mark that separates "safe to send
 * again" from "to review" after a crash), where it went and which template version spoke.
 */
export function dispatch(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("actions").addColumn("claimed_at", t.instant).execute();
      await db.schema.alterTable("actions").addColumn("committing_at", t.instant).execute();
      await db.schema.alterTable("actions").addColumn("recipient", "text").execute();
      await db.schema.alterTable("actions").addColumn("template_key", "text").execute();
      await db.schema.alterTable("actions").addColumn("template_version", "integer").execute();
    },
  };
}
