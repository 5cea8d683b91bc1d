import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/** Late charges: fine and interest overrides, monetary correction indexes. */
export function charges(t: ColumnTypes): Migration {
  void t;
  return {
    async up(db: Kysely<unknown>) {
      void db;
    },
  };
}
