/** Tables of the exit-point area (see migrations/0014-exit-point.ts). */
export type ExitPointSchema = {
  exit_point_settings: ExitPointSettingsTable;
  exit_point_cohorts: ExitPointCohortTable;
};

export type ExitPointSettingsTable = {
  creditor_id: string;
  /** JSON of domain/exit-point `ExitPointOverrides` (only what differs from the defaults). */
  document: string;
  updated_at: string;
  actor: string;
};

export type ExitPointCohortTable = {
  creditor_id: string;
  /** The creditor's local day the history was measured for. */
  as_of_date: string;
  window_days: number;
  /** domain/exit-point BucketKey ("1-30", "31-90"…). */
  bucket: string;
  debts: number;
  exposure_cents: number;
  recovered_cents: number;
  computed_at: string;
};
