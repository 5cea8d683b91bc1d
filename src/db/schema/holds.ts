import type { Generated } from "kysely";

/**
 * The holds table, and the columns migration 0005 adds to foundation tables (intersected
 * with their types in `Schema`): the current pause of debtors and debts, and the
 * creditor's contact policy.
 */
export type HoldsSchema = {
  holds: HoldTable;
  debtors: { paused_until: Generated<string | null> };
  debts: { paused_until: Generated<string | null> };
  creditors: {
    /** JSON of domain/guard `ChannelWindows`; null = DEFAULT_CONTACT_WINDOWS for every channel. */
    contact_windows: Generated<string | null>;
    /** JSON of domain/guard `FrequencyCaps`; null = DEFAULT_FREQUENCY_CAPS. */
    frequency_caps: Generated<string | null>;
  };
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
  /** A pause's last local day (inclusive); null = until resumed. */
  until: string | null;
  /** On a dispute's start: the debt's status before it. */
  prior_status: string | null;
};
