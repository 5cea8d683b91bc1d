import type { AppDeps } from "../app/deps.ts";
import { dispatchEmails, type DispatchOptions } from "../app/dispatch/dispatch-email.ts";

export type DispatchLoop = { stop(): Promise<void> };

/**
 * Runs a dispatch pass every `intervalMs` (default 15 s), and again at once while a pass
 * found a full batch. One pass at a time; `stop` waits for the pass in flight, so a
 * shutdown never leaves a message half recorded.
 */
export function startDispatchLoop(deps: AppDeps, options: DispatchOptions & { intervalMs?: number; onError?: (error: unknown) => void } = {}): DispatchLoop {
  const interval = options.intervalMs ?? 15_000;
  const limit = options.limit ?? 200;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    timer = null;
    running = (async () => {
      let full = true;
      while (full && !stopped) {
        try {
          const summary = await dispatchEmails(deps, { ...options, limit });
          full = summary.claimed >= limit;
        } catch (error) {
          options.onError?.(error);
          full = false;
        }
      }
      if (!stopped) timer = setTimeout(tick, interval);
    })();
  };
  timer = setTimeout(tick, 1_000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
