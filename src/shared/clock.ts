/** Where time comes from. Nothing else in Régua reads the wall clock. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant: tests and `--at`. */
export function fixedClock(at: Date | string): Clock {
  const instant = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(instant.getTime())) throw new Error(`instante inválido: ${String(at)}`);
  return { now: () => new Date(instant.getTime()) };
}
