import type { Generated } from "kysely";

export type HoldsSchema = {
  holds: HoldTable;
};

export type HoldTable = {
  id: Generated<number>;
  creditor_id: string;
  debtor_id: number;
  debt_id: number | null;
  kind: "pause" | "dispute";
  action: "start" | "end";
  at: string;
  actor: string;
  reason: string | null;
};
