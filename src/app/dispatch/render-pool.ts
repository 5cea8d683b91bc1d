import { Worker } from "node:worker_threads";
import type { SenderSettings } from "../../channels/email/compose-email.ts";
import type { RenderEnv, RenderJob, RenderResult, TemplateOutcome } from "./render-job.ts";

/** One request to a render worker: the jobs of a chunk and the pass data they use (each request stands alone). */
export type RenderRequest = {
  id: number;
  env: RenderEnv;
  senders: [string, SenderSettings][];
  copyOptOuts: [string, ReadonlySet<string>][];
  templates: [string, TemplateOutcome][];
  jobs: RenderJob[];
};
export type RenderReply = { id: number; results: RenderResult[] };

type Slot = {
  worker: Worker;
  pending: Map<number, { resolve: (results: RenderResult[]) => void; reject: (error: Error) => void }>;
  dead: boolean;
};

/**
 * Worker threads that render the dispatcher's messages (`renderJob`) while the main thread
 * claims, checks, writes and talks SMTP: on a machine with more than one core the render
 * (LiquidJS, signed links, MIME) no longer queues behind the sending. Workers start on the
 * first chunk, keep the process alive only while they have work, and a worker that dies
 * fails its chunks (the dispatcher renders those itself) and is replaced on the next one.
 */
export class RenderPool {
  readonly size: number;
  #slots: (Slot | null)[];
  #nextId = 1;
  #closed = false;
  #rendered = 0;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`workers de renderização: ${size}`);
    this.size = size;
    this.#slots = Array.from({ length: size }, () => null);
  }

  /** Renders a chunk on the least busy worker; rejects if that worker dies (or the pool is closed) first. */
  render(env: RenderEnv, jobs: RenderJob[], data: { senders: Map<string, SenderSettings>; copyOptOuts: Map<string, ReadonlySet<string>>; templates: Map<string, TemplateOutcome> }): Promise<RenderResult[]> {
    if (this.#closed) return Promise.reject(new Error("workers de renderização encerrados"));
    const slot = this.#leastBusy();
    const creditors = new Set(jobs.map((j) => j.creditorId));
    const pick = <T>(keys: Iterable<string>, map: Map<string, T>): [string, T][] => [...keys].flatMap((k) => (map.has(k) ? [[k, map.get(k)!] as [string, T]] : []));
    const request: RenderRequest = {
      id: this.#nextId++,
      env,
      senders: pick(creditors, data.senders),
      copyOptOuts: pick(creditors, data.copyOptOuts),
      templates: pick(new Set(jobs.map((j) => j.template)), data.templates),
      jobs,
    };
    return new Promise((resolve, reject) => {
      slot.pending.set(request.id, { resolve, reject });
      slot.worker.ref();
      try {
        slot.worker.postMessage(request);
      } catch (error) {
        slot.pending.delete(request.id);
        if (slot.pending.size === 0) slot.worker.unref();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Messages the workers rendered since the pool started. */
  get rendered(): number {
    return this.#rendered;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.filter((s): s is Slot => s !== null);
    this.#slots = this.#slots.map(() => null);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #leastBusy(): Slot {
    let best: Slot | null = null;
    for (let i = 0; i < this.#slots.length; i++) {
      let slot = this.#slots[i];
      if (!slot || slot.dead) this.#slots[i] = slot = this.#spawn();
      if (!best || slot.pending.size < best.pending.size) best = slot;
    }
    return best!;
  }

  #spawn(): Slot {
    // The worker starts with no flags of ours (--import tsx, --inspect…): render-worker.mjs registers the TypeScript loader itself.
    const worker = new Worker(new URL("./render-worker.mjs", import.meta.url), { execArgv: [] });
    const slot: Slot = { worker, pending: new Map(), dead: false };
    worker.on("message", (reply: RenderReply) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      this.#rendered += reply.results.length;
      waiting.resolve(reply.results);
    });
    const die = (error: Error) => {
      slot.dead = true;
      for (const waiting of slot.pending.values()) waiting.reject(error);
      slot.pending.clear();
    };
    worker.on("error", die);
    worker.on("exit", (code) => die(new Error(`worker de renderização terminou (código ${code})`)));
    // Idle, the pool does not keep the process alive; busy, it must (a CLI awaiting only a reply would exit).
    worker.unref();
    return slot;
  }
}
