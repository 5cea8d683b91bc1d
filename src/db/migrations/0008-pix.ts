import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/** Dynamic PIX charges issued through a PSP. */
export function pix(t: ColumnTypes): Migration {
  void t;
  return {
    async up(db: Kysely<unknown>) {
      void db;
    },
  };
}
