// The thread of a SqliteCheckpointer (sqlite-checkpointer.ts): its own connection to the
// database file, copying the committed write-ahead log back into the file (PASSIVE: never
// waits for, nor blocks, the writer or the readers). Plain JavaScript: no loader needed.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
const Driver = require(workerData.driver);
const db = new Driver(workerData.path, { fileMustExist: true });
const { busyMs, idleMs } = workerData;

/** Frames already copied at the last pass: an unchanged log is not looked at again until idle time has passed. */
let last = -1;

function pass() {
  let next = idleMs;
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    if (r.checkpointed !== last) {
      parentPort.postMessage({ kind: "pass", log: r.log, checkpointed: r.checkpointed });
      next = busyMs;
    }
    last = r.checkpointed;
  } catch (error) {
    // SQLITE_BUSY and the like: the next pass tries again.
    parentPort.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    next = busyMs;
  }
  setTimeout(pass, next);
}

pass();
