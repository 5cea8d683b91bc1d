// The collector workspace's pure helpers: outcome codes and their keyboard shortcuts, what
// needs the debtor's identity confirmed, money typed the Brazilian way, and the debtor's
// wall-clock time turned into an instant.

/** Outcome codes in shortcut order: key 1 is the first. */
export const CALL_OUTCOMES = ["right_party_contact", "third_party", "wrong_number", "no_answer", "promise", "refusal", "callback"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The key that selects an outcome ("1"…"7"). */
export function outcomeKey(outcome: CallOutcome): string {
  return String(CALL_OUTCOMES.indexOf(outcome) + 1);
}

/** The outcome a key selects, or null. */
export function outcomeOfKey(key: string): CallOutcome | null {
  const index = /^[1-7]$/.test(key) ? Number(key) - 1 : -1;
  return CALL_OUTCOMES[index] ?? null;
}

/** Outcomes that mean the collector spoke with the debtor: only after the identity is confirmed. */
export function needsIdentity(outcome: CallOutcome): boolean {
  return outcome === "right_party_contact" || outcome === "promise" || outcome === "refusal";
}

/** "1.234,56", "1234,56", "1234.56", "R$ 50" → centavos; null when it is not an amount. */
export function parseReais(text: string): number | null {
  let s = text.replace(/R\$|\s/g, "");
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const comma = s.lastIndexOf(",");
  if (comma >= 0) {
    s = `${s.slice(0, comma).replace(/\./g, "")}.${s.slice(comma + 1)}`;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, "");
  }
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, fraction = ""] = s.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Centavos as an editable Brazilian amount: 15415 → "154,15". */
export function centsToInput(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

/** Minutes east of UTC of `timeZone` at the instant `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"));
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * The debtor's wall-clock "YYYY-MM-DDTHH:MM" in `timeZone` as ISO 8601 with that zone's
 * offset: "2025-06-02T15:00" in America/Sao_Paulo → "2025-06-02T15:00:00-03:00". Null for
 * anything else.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let offset = offsetMinutes(wall, timeZone);
  offset = offsetMinutes(wall - offset * 60_000, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** "YYYY-MM-DD" plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether a key press belongs to a text field (the workspace's shortcuts leave it alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof target !== "object" || !("tagName" in target)) return false;
  const element = target as { tagName: string; isContentEditable?: boolean; type?: string };
  const tag = element.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select" || element.isContentEditable) return true;
  return tag === "input" && !["button", "checkbox", "radio", "submit"].includes(element.type ?? "text");
}
