import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/**
 * Message templates of each creditor, versioned: a save never overwrites, it adds the
 * next version of the key; a restore adds a version equal to an old one. The default
 * pack lives in code (src/domain/templates/pack.ts), not here.
 */
export function templates(t: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("message_templates")
        .addColumn("id", t.serial, (c) => c.primaryKey())
        .addColumn("creditor_id", "text", (c) => c.notNull().references("creditors.id"))
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("sector", "text")
        .addColumn("content", "text", (c) => c.notNull())
        .addColumn("author", "text", (c) => c.notNull())
        // The version this one restores, when it was created by a restore.
        .addColumn("restored_from", "integer")
        .addColumn("created_at", t.instant, (c) => c.notNull())
        .addUniqueConstraint("message_templates_key_version_uq", ["creditor_id", "key", "version"])
        .execute();
    },
  };
}
