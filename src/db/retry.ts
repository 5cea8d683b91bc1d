/**
 * Error codes of a transaction that lost a race and may simply run again: a unique key
 * another transaction stored first (the retry finds it), a serialization failure or a
 * deadlock PostgreSQL broke by aborting this side, a write lock SQLite could not take in
 * time, or a stale snapshot it refused to upgrade to a write.
 */
const LOST_RACE = new Set(["23505", "40001", "40P01", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT"]);

export function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && LOST_RACE.has(code);
}

/**
 * Runs `attempt` (a whole transaction, rolled back when it throws) up to `times` times while
 * it fails by losing a race; any other error, or the last one, is thrown. `attempt` must
 * leave nothing behind when it throws, in the database or in memory.
 */
export async function retryLostRace<T>(attempt: () => Promise<T>, times = 3): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= times || !lostRace(error)) throw error;
    }
  }
}
