import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/** E-mail: the embedded sink, tracking and bounces. */
export function email(t: ColumnTypes): Migration {
  void t;
  return {
    async up(db: Kysely<unknown>) {
      void db;
    },
  };
}
