import { isDeepStrictEqual } from "node:util";
import type BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, sql, type Insertable, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.ts";
import type { Schema } from "../../db/schema.ts";
import { sqliteTransaction } from "../../db/sqlite-transaction.ts";

type EventRow = Insertable<Schema["events"]>;

type Entry = {
  /** One statement, compiled for the database's dialect (no result rows: UPDATE or INSERT). */
  query: CompiledQuery;
  events: readonly EventRow[];
  resolve: (affected: number) => void;
  reject: (error: unknown) => void;
};

/** Writes per transaction at most (and so timeline rows per INSERT). */
const MAX_BATCH = 100;

/**
 * The dispatcher's writes, a few messages at a time: what was asked while the previous
 * transaction ran (or in the same turn of the event loop) goes into the next one, in the
 * order asked, with the timeline rows of all of them in one INSERT. A write resolves, with
 * the rows its statement changed, only once its transaction committed.
 *
 * One transaction is all or nothing, and a later one starts only after the earlier
 * committed: a write that is durable implies every write asked before it is durable too.
 * The dispatcher leans on that for exactly-once: the outcome of a connection's previous
 * message is asked for before the commit mark of its next one, so that mark is never on
 * disk without that outcome — a crash leaves at most one message per connection between
 * the server's acceptance and our record, as when each write was its own transaction.
 * After a failed transaction every later write fails too (no mark after a lost outcome).
 *
 * On SQLite the transaction runs synchronously on the driver (holding Kysely's connection,
 * so no query of this process runs in between: `sqliteTransaction`): per message, the commit and the query
 * machinery cost more than the statements themselves.
 */
export class BatchWriter {
  readonly #database: Database;
  #pending: Entry[] = [];
  #scheduled = false;
  #running: Promise<void> | null = null;
  #failure: { error: unknown } | null = null;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(database: Database) {
    this.#database = database;
  }

  /** Runs `query` in the next transaction (with `events` on the timeline); the rows it changed, once committed. */
  run(query: CompiledQuery, events: readonly EventRow[] = []): Promise<number> {
    if (this.#failure) return Promise.reject(this.#failure.error);
    return new Promise<number>((resolve, reject) => {
      this.#pending.push({ query, events, resolve, reject });
      this.#schedule();
    });
  }

  /** `run` without waiting: a failure surfaces in `drain` (and fails every later write). */
  submit(query: CompiledQuery, events: readonly EventRow[] = []): void {
    this.run(query, events).catch(() => {});
  }

  /** Resolves when everything asked so far is written; rejects with the first failure. */
  async drain(): Promise<void> {
    while (this.#running || this.#scheduled || this.#pending.length) {
      await (this.#running ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
    if (this.#failure) throw this.#failure.error;
  }

  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    // After the current turn's I/O callbacks: the other connections' writes join this transaction.
    setImmediate(() => {
      this.#scheduled = false;
      this.#running = this.#flush().finally(() => {
        this.#running = null;
        if (this.#pending.length) this.#schedule();
      });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    try {
      const events = batch.flatMap((entry) => entry.events);
      const queries = batch.map((entry) => entry.query);
      if (events.length) queries.push(this.#eventsInsert(events));
      const affected = await this.#write(queries);
      batch.forEach((entry, i) => entry.resolve(affected[i]!));
    } catch (error) {
      this.#failure = { error };
      for (const entry of [...batch, ...this.#pending.splice(0)]) entry.reject(error);
    }
  }

  /** The statements in one transaction; the rows each changed. */
  async #write(queries: readonly CompiledQuery[]): Promise<number[]> {
    const database = this.#database;
    if (database.dialect === "postgres") {
      return database.db.transaction().execute(async (trx) => {
        const out: number[] = [];
        for (const q of queries) out.push(Number((await trx.executeQuery(q)).numAffectedRows ?? 0));
        return out;
      });
    }
    const { sqlite } = database;
    return sqliteTransaction(database, "DEFERRED", async () => queries.map((q) => this.#statement(sqlite, q.sql).run(...q.parameters).changes));
  }

  readonly #texts = new StatementTexts();

  #eventsInsert(rows: readonly EventRow[]): CompiledQuery {
    const values = rows.flatMap((r) => [r.creditor_id, r.debtor_id, r.debt_id ?? null, r.kind, r.at, r.actor, r.data]);
    return this.#texts.compile(this.#database.db, `events:${rows.length}`, values, () =>
      sql`INSERT INTO events (creditor_id, debtor_id, debt_id, kind, at, actor, data) VALUES ${sql.join(
        rows.map((r) => sql`(${r.creditor_id}, ${r.debtor_id}, ${r.debt_id ?? null}, ${r.kind}, ${r.at}, ${r.actor}, ${r.data})`),
      )}`,
    );
  }

  #statement(sqlite: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(text);
    if (!statement) this.#statements.set(text, (statement = sqlite.prepare(text)));
    return statement;
  }
}

/**
 * Statements compiled by Kysely once per shape (the dialect's placeholders and quoting),
 * then reused with new values: building and compiling a query costs more than SQLite takes
 * to run it. The first compile of a shape must bind exactly `values`, in order — checked,
 * so a template and its values cannot drift apart.
 */
export class StatementTexts {
  readonly #texts = new Map<string, string>();

  compile(db: Kysely<Schema>, shape: string, values: readonly unknown[], build: () => RawBuilder<unknown>): CompiledQuery {
    const text = this.#texts.get(shape);
    if (text !== undefined) return CompiledQuery.raw(text, [...values]);
    const compiled = build().compile(db);
    if (!isDeepStrictEqual([...compiled.parameters], [...values])) throw new Error(`valores fora de ordem na instrução ${shape}`);
    this.#texts.set(shape, compiled.sql);
    return compiled;
  }
}
