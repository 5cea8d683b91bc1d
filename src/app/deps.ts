import type { Database } from "../db/database.ts";
import type { Clock } from "../shared/clock.ts";

/** What every use case receives: the database and the clock. */
export type AppDeps = { database: Database; clock: Clock };
