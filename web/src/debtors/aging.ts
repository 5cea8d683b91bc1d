/** Aging buckets, as the server filters them (src/app/portfolio/list-debtors.ts). */
export const AGING_BUCKETS = ["not_due", "1_30", "31_90", "91_180", "181_360", "361_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Days from `dueDate` to `today` (both YYYY-MM-DD): positive when late, 0 on the due date, negative before. */
export function daysLate(dueDate: string, today: string): number {
  return dayNumber(today) - dayNumber(dueDate);
}

/** The bucket of a debtor whose oldest open debt falls due on `oldestDueDate`; null without open debts. */
export function agingBucketOf(oldestDueDate: string | null, today: string): AgingBucket | null {
  if (!oldestDueDate) return null;
  const late = daysLate(oldestDueDate, today);
  if (late <= 0) return "not_due";
  if (late <= 30) return "1_30";
  if (late <= 90) return "31_90";
  if (late <= 180) return "91_180";
  if (late <= 360) return "181_360";
  return "361_plus";
}

/** Badge colours from calm to alarming. */
export const AGING_COLOR: Record<AgingBucket, string> = {
  not_due: "teal",
  "1_30": "yellow",
  "31_90": "orange",
  "91_180": "red",
  "181_360": "grape",
  "361_plus": "dark",
};

/** Today's date (YYYY-MM-DD) in a time zone, e.g. the creditor's. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
