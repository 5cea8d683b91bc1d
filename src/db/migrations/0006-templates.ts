import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/** Message templates, versioned. */
export function templates(t: ColumnTypes): Migration {
  void t;
  return {
    async up(db: Kysely<unknown>) {
      void db;
    },
  };
}
