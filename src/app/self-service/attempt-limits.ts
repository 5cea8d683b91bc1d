/**
 * How many wrong answers to the identity check a link (and a debtor, over all its links)
 * may take: at most `maxFailures` within `windowMinutes`; the wrong answer that reaches
 * the limit locks for `lockMinutes` from that answer, and once the lock ends the count
 * starts again. While locked, answers are refused without being checked or counted. A
 * right answer does not clear earlier wrong ones: only time does.
 *
 * Pure: the stored wrong answers and `now` come in, the state goes out.
 */

export type AttemptRule = { maxFailures: number; windowMinutes: number; lockMinutes: number };

export type AttemptState = {
  /** The end of the current lock, or null when answers are accepted. */
  lockedUntil: Date | null;
  /** Wrong answers still allowed before the lock (0 while locked). */
  remaining: number;
};

/** 5 wrong answers per link in an hour, then an hour locked. */
export const LINK_RULE: AttemptRule = { maxFailures: 5, windowMinutes: 60, lockMinutes: 60 };

/** Over all links of one debtor (messages carry a new link each): 10 in an hour, then an hour locked. */
export const DEBTOR_RULE: AttemptRule = { maxFailures: 10, windowMinutes: 60, lockMinutes: 60 };

const MINUTE = 60_000;

/** How far back the stored wrong answers must go for `attemptState` to be exact. */
export function lookbackMinutes(rule: AttemptRule): number {
  return rule.windowMinutes + rule.lockMinutes;
}

/** The lock state after the wrong answers `failures` (instants, any order), at `now`. */
export function attemptState(failures: readonly (Date | string)[], now: Date, rule: AttemptRule): AttemptState {
  const times = failures.map((f) => (typeof f === "string" ? Date.parse(f) : f.getTime())).filter((t) => t <= now.getTime()).sort((a, b) => a - b);
  const window = rule.windowMinutes * MINUTE;
  let lockEnd = -Infinity;
  let counted: number[] = [];
  for (const t of times) {
    // An answer recorded during a lock (a race, or a rule changed since) neither extends nor counts.
    if (t < lockEnd) continue;
    counted = counted.filter((c) => c > t - window);
    counted.push(t);
    if (counted.length >= rule.maxFailures) {
      lockEnd = t + rule.lockMinutes * MINUTE;
      counted = [];
    }
  }
  if (now.getTime() < lockEnd) return { lockedUntil: new Date(lockEnd), remaining: 0 };
  const inWindow = counted.filter((c) => c > now.getTime() - window).length;
  return { lockedUntil: null, remaining: Math.max(0, rule.maxFailures - inWindow) };
}

/** The stricter of two states (the link's and the debtor's). */
export function combineStates(a: AttemptState, b: AttemptState): AttemptState {
  const locks = [a.lockedUntil, b.lockedUntil].filter((d): d is Date => d !== null);
  if (locks.length) return { lockedUntil: new Date(Math.max(...locks.map((d) => d.getTime()))), remaining: 0 };
  return { lockedUntil: null, remaining: Math.min(a.remaining, b.remaining) };
}
