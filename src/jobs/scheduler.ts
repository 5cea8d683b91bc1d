import type { AppDeps } from "../app/deps.ts";
import { localPartsOf } from "../domain/br/dates.ts";
import { runAllCreditors, type DailyRunReport } from "./daily-run.ts";

export type SchedulerOptions = {
  /** Local time ("HH:MM") in `timeZone` from which the day's run happens (default 07:00, before the 08:00 windows open). */
  runAt?: string;
  /** Zone of `runAt` (default America/Sao_Paulo, Brasília time). */
  timeZone?: string;
  /** How often to look at the clock (default one minute). */
  tickMs?: number;
  /** False: no timers, the caller drives `tick()` (tests). */
  timers?: boolean;
  onReport?: (day: string, reports: DailyRunReport[]) => void;
  onError?: (error: unknown) => void;
};

export type Scheduler = {
  /** Looks at the clock once and runs the day's job if it is due; returns the day run, or null. */
  tick(): Promise<string | null>;
  stop(): Promise<void>;
};

/** True when the day's run is due: the local time has reached `runAt` and that local day has not been run yet. */
export function isRunDue(now: Date, lastRunDay: string | null, runAt: string, timeZone: string): { due: boolean; day: string } {
  const p = localPartsOf(now, timeZone);
  const minute = p.hour * 60 + p.minute;
  const at = Number(runAt.slice(0, 2)) * 60 + Number(runAt.slice(3, 5));
  return { due: minute >= at && lastRunDay !== p.date, day: p.date };
}

/**
 * The in-process scheduler of the embedded mode (`regua serve`): once a day, at `runAt`
 * Brasília time (or on start when that hour has passed), the daily run of every creditor.
 * Runs are idempotent, so a restart that runs the day again writes nothing twice.
 * A PostgreSQL deployment with several processes may still use it: the idempotency key
 * keeps two workers from planning the same action twice.
 */
export function startDailyScheduler(deps: AppDeps, options: SchedulerOptions = {}): Scheduler {
  const runAt = options.runAt ?? "07:00";
  const timeZone = options.timeZone ?? "America/Sao_Paulo";
  let lastRunDay: string | null = null;
  let running: Promise<string | null> | null = null;
  let stopped = false;

  const tick = async (): Promise<string | null> => {
    if (stopped) return null;
    if (running) return running;
    const now = deps.clock.now();
    const { due, day } = isRunDue(now, lastRunDay, runAt, timeZone);
    if (!due) return null;
    running = (async () => {
      try {
        const reports = await runAllCreditors(deps, now.toISOString());
        lastRunDay = day;
        options.onReport?.(day, reports);
        return day;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.timers !== false) {
    const look = () => {
      tick().catch((error: unknown) => options.onError?.(error));
    };
    timer = setInterval(look, options.tickMs ?? 60_000);
    timer.unref();
    // The first look right away: a process started after `runAt` runs the day now.
    setTimeout(look, 0).unref();
  }

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => null);
    },
  };
}
