import type { ColumnDataType } from "kysely";

export type Dialect = "sqlite" | "postgres";

/** Column types that differ between the two databases, decided in this one place. */
export function columnTypes(dialect: Dialect) {
  const pg = dialect === "postgres";
  return {
    dialect,
    serial: (pg ? "bigserial" : "integer") as ColumnDataType,
    ref: (pg ? "bigint" : "integer") as ColumnDataType,
    money: "bigint" as ColumnDataType,
    instant: (pg ? "timestamptz" : "text") as ColumnDataType,
    date: (pg ? "date" : "text") as ColumnDataType,
  };
}

export type ColumnTypes = ReturnType<typeof columnTypes>;
