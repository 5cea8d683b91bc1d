import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";

/** Pages waiting in the log past which the worker checkpoints (16 MB of 4 KB pages); fewer wait at most `idleMs`. */
export const CHECKPOINT_PAGES = 4096;
/** Pages in the log past which the writing connection checkpoints by itself, as SQLite always does (its default is 1,000). */
export const WRITER_CHECKPOINT_PAGES = 16_384;

type WorkerMessage = { kind: "pass"; frames: number } | { kind: "error"; message: string };

/**
 * Checkpoints of a SQLite database in WAL mode, on a thread of their own. SQLite copies the
 * write-ahead log back into the database file on the connection that commits, once the log
 * passes 1,000 pages (4 MB): a batch that writes more paid, inside its commit, a second
 * write of everything plus an fsync — 40 % of a bank return's time. Here a worker with its
 * own connection copies what is committed (PASSIVE: it never waits for the writer, nor makes
 * it wait) once `CHECKPOINT_PAGES` wait, or whatever waits after `idleMs`
 * (sqlite-checkpoint-worker.mjs); the writer keeps its own checkpoint only past
 * `WRITER_CHECKPOINT_PAGES`, for when the worker falls behind or is gone. PostgreSQL has its
 * checkpointer process; this is ours.
 *
 * The worker never keeps the process alive; `close()` stops it before the writer's
 * connection closes (the last connection to close removes the log).
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #sqlite: BetterSqlite3.Database;
  readonly #exited: Promise<void>;
  #framesCopied = 0;
  #lastError: string | null = null;

  constructor(sqlite: BetterSqlite3.Database, options: { path: string; driver: string; tickMs?: number; idleMs?: number; thresholdFrames?: number }) {
    this.#sqlite = sqlite;
    this.#worker = new Worker(new URL("./sqlite-checkpoint-worker.mjs", import.meta.url), {
      workerData: {
        path: options.path,
        driver: options.driver,
        tickMs: options.tickMs ?? 50,
        idleMs: options.idleMs ?? 1000,
        thresholdFrames: options.thresholdFrames ?? CHECKPOINT_PAGES,
      },
    });
    sqlite.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    this.#worker.on("message", (m: WorkerMessage) => {
      if (m.kind === "pass") {
        this.#framesCopied += m.frames;
      } else if (m.kind === "error") {
        this.#lastError = m.message;
      }
    });
    // After the listeners: attaching a message listener refs the worker again.
    this.#worker.unref();
    this.#exited = new Promise((resolve) => {
      this.#worker.once("exit", () => resolve());
      this.#worker.once("error", (error) => {
        // Without the worker, the writer checkpoints as SQLite does by default.
        this.#lastError = error.message;
        try {
          if (this.#sqlite.open) this.#sqlite.pragma("wal_autocheckpoint = 1000");
        } catch {
          // The connection is closing.
        }
      });
    });
  }

  /** Log pages the worker copied into the database file so far. */
  get framesCopied(): number {
    return this.#framesCopied;
  }

  /** The last failure of a pass or of the worker (a pass that failed is tried again). */
  get lastError(): string | null {
    return this.#lastError;
  }

  /**
   * Stops the worker. It is terminated, not asked: a checkpoint stopped half-way is safe
   * (the log stays authoritative until one completes), the driver closes the worker's
   * connection as the thread goes, and a worker still starting up is not waited for.
   */
  async close(): Promise<void> {
    await this.#worker.terminate();
    await this.#exited;
  }
}
