// The checkpointer thread of a SQLite file (sqlite-checkpointer.ts): it copies what the
// writer commits back into the database file, so the writer's own commits never do.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadSqliteDriver, openDatabase } from "./database.ts";
import { SqliteCheckpointer, WRITER_CHECKPOINT_PAGES } from "./sqlite-checkpointer.ts";

describe("SQLite checkpointer", () => {
  const dir = mkdtempSync(join(tmpdir(), "regua-ckpt-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("copies each commit's log pages into the file on its own thread, and goes away on close", async () => {
    const path = join(dir, "a.db");
    const database = await openDatabase(`sqlite:${path}`, { migrate: false });
    assert.equal(database.dialect, "sqlite");
    if (database.dialect !== "sqlite") return;
    const { sqlite, checkpointer } = database;
    assert.ok(checkpointer);
    // The writer checkpoints only far past what these commits write: whatever gets copied, the thread copied.
    assert.equal(sqlite.pragma("wal_autocheckpoint", { simple: true }), WRITER_CHECKPOINT_PAGES);
    sqlite.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    const insert = sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const filler = "x".repeat(1000);
    for (let batch = 0; batch < 4; batch++) {
      sqlite.transaction(() => {
        for (let i = 0; i < 1000; i++) insert.run(`${batch}-${i}-${filler}`);
      })();
    }
    // About 1,000 pages committed: wait until the thread has copied them (this connection never checkpoints meanwhile).
    const deadline = Date.now() + 10_000;
    while (checkpointer.framesCopied < 1000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(checkpointer.framesCopied >= 1000, `copiadas ${checkpointer.framesCopied}`);
    assert.equal(checkpointer.lastError, null);
    // The database file alone, without its log, already holds every row.
    const fileOnly = join(dir, "file-only.db");
    copyFileSync(path, fileOnly);
    const copy = await openDatabase(`sqlite:${fileOnly}`, { migrate: false, checkpointer: false });
    if (copy.dialect !== "sqlite") return;
    assert.equal(copy.sqlite.prepare("SELECT count(*) FROM t").pluck().get(), 4000);
    await copy.close();
    await database.close();
    // The writer's connection closed last: the log is gone, and everything is in the file.
    assert.equal(existsSync(`${path}-wal`), false);
    const again = await openDatabase(`sqlite:${path}`, { migrate: false, checkpointer: false });
    if (again.dialect !== "sqlite") return;
    assert.equal(again.checkpointer, null);
    assert.equal(again.sqlite.prepare("SELECT count(*) FROM t").pluck().get(), 4000);
    await again.close();
  });

  it("never keeps the process alive: a program that leaves its database open still exits", () => {
    const script = join(dir, "leave-open.mts");
    writeFileSync(script, `import { openDatabase } from ${JSON.stringify(new URL("./database.ts", import.meta.url).pathname)};\nawait openDatabase(${JSON.stringify(`sqlite:${join(dir, "b.db")}`)});\nconsole.log("aberto");\n`);
    const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 30_000 });
    assert.equal(r.signal, null, "o processo não terminou sozinho");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "aberto");
  });

  it("copies once enough pages wait, reading the log's state from the WAL index, not a checkpoint per commit", async () => {
    const path = join(dir, "c.db");
    const database = await openDatabase(`sqlite:${path}`, { migrate: false, checkpointer: false });
    if (database.dialect !== "sqlite") return;
    const { sqlite } = database;
    // Idle copies practically never: whatever is copied here, the threshold asked for.
    const checkpointer = new SqliteCheckpointer(sqlite, { path, driver: loadSqliteDriver().name, tickMs: 10, idleMs: 600_000, thresholdFrames: 400 });
    try {
      sqlite.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      const insert = sqlite.prepare("INSERT INTO t (v) VALUES (?)");
      const write = (rows: number) => sqlite.transaction(() => {
        for (let i = 0; i < rows; i++) insert.run("x".repeat(1000));
      })();
      write(100); // ~30 pages: under the threshold
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(checkpointer.framesCopied, 0, "copiou abaixo do limite (o índice do WAL não foi lido?)");
      write(2000); // ~500 pages: over it
      const deadline = Date.now() + 10_000;
      while (checkpointer.framesCopied === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(checkpointer.framesCopied >= 400, `copiadas ${checkpointer.framesCopied}`);
    } finally {
      await checkpointer.close();
      await database.close();
    }
  });

  it("a worker that cannot start leaves the writer checkpointing by itself, at SQLite's default", async () => {
    const path = join(dir, "d.db");
    const database = await openDatabase(`sqlite:${path}`, { migrate: false, checkpointer: false });
    if (database.dialect !== "sqlite") return;
    const checkpointer = new SqliteCheckpointer(database.sqlite, { path, driver: "no-such-sqlite-driver" });
    try {
      assert.equal(database.sqlite.pragma("wal_autocheckpoint", { simple: true }), WRITER_CHECKPOINT_PAGES);
      const deadline = Date.now() + 10_000;
      while (checkpointer.lastError === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.match(checkpointer.lastError ?? "", /no-such-sqlite-driver/);
      assert.equal(database.sqlite.pragma("wal_autocheckpoint", { simple: true }), 1000);
    } finally {
      await checkpointer.close();
      await database.close();
    }
  });

  it("is not started for an in-memory database", async () => {
    const database = await openDatabase("sqlite::memory:", { migrate: false });
    if (database.dialect !== "sqlite") return;
    assert.equal(database.checkpointer, null);
    await database.close();
  });
});
