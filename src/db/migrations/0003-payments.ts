import type { Kysely, Migration } from "kysely";
import type { ColumnTypes } from "./column-types.ts";

/** Payments, their imputation and the reconciliation queue. */
export function payments(t: ColumnTypes): Migration {
  void t;
  return {
    async up(db: Kysely<unknown>) {
      void db;
    },
  };
}
