// The thread of a SqliteCheckpointer (sqlite-checkpointer.ts): its own connection to the
// database file, copying the committed write-ahead log back into the file (PASSIVE: never
// waits for, nor blocks, the writer or the readers). Plain JavaScript: no loader needed.
//
// How much is waiting to be copied is read from the WAL index (the `-shm` file, shared
// memory of every connection): `mxFrame` (frames in the log, header offset 16) minus
// `nBackfill` (frames already copied, offset 96), native byte order, version 3007000
// (sqlite.org/walformat.html). A checkpoint runs once `thresholdFrames` wait, or when any
// wait and none was run for `idleMs`; a checkpoint per commit would copy the pages a
// writer keeps changing (index pages, the last page of a table) over and over. If the index
// is not the one described there, every pass checkpoints.
import { openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
const Driver = require(workerData.driver);
const db = new Driver(workerData.path, { fileMustExist: true });
const { tickMs, idleMs, thresholdFrames } = workerData;
const WAL_INDEX_VERSION = 3007000;
const le = endianness() === "LE";
const header = Buffer.alloc(100);
let shm = null;
let lastCheckpoint = Date.now();

/** Frames in the log and frames already copied, or null when the WAL index cannot be read as expected. */
function logState() {
  try {
    shm ??= openSync(`${workerData.path}-shm`, "r");
    if (readSync(shm, header, 0, 100, 0) < 100) return null;
  } catch {
    return null;
  }
  const u32 = (at) => (le ? header.readUInt32LE(at) : header.readUInt32BE(at));
  if (u32(0) !== WAL_INDEX_VERSION) return null;
  return { frames: u32(16), copied: u32(96) };
}

function pass() {
  const log = logState();
  const waiting = log === null ? null : Math.max(0, log.frames - log.copied);
  const due = waiting === null || waiting >= thresholdFrames || (waiting > 0 && Date.now() - lastCheckpoint >= idleMs);
  if (due) {
    try {
      const [r] = db.pragma("wal_checkpoint(PASSIVE)");
      lastCheckpoint = Date.now();
      const frames = r.checkpointed - (log?.copied ?? 0);
      if (frames > 0) parentPort.postMessage({ kind: "pass", frames });
    } catch (error) {
      // SQLITE_BUSY and the like: the next pass tries again.
      parentPort.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }
  setTimeout(pass, tickMs);
}

pass();
