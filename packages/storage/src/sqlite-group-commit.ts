import { busy } from "@quorum/core";
import type SQLite from "better-sqlite3";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryResult,
  SelectQueryNode,
  type Transaction,
} from "kysely";
import type { DB } from "./schema.js";
import { InlineLimitSqliteDialect } from "./sqlite-query-compiler.js";

/**
 * Group commit for SQLite. A COMMIT writes every page the transaction dirtied to the WAL, and
 * costs far more than the statements of a hot-path transaction; so the transactions that finish
 * in one turn of the event loop share one SQLite transaction and one COMMIT:
 *
 * - the first transaction of a group runs `BEGIN IMMEDIATE`, each later one a savepoint, so a
 *   rollback undoes only its own work;
 * - a finished transaction releases the connection at once but its `commit` resolves only after
 *   the shared COMMIT (run by `setImmediate`, or when the transaction holding the connection
 *   then ends), so no caller learns of a success before it is durable; if the COMMIT fails,
 *   every transaction of the group fails with its error;
 * - a statement outside any transaction runs inside the open group when it only reads; one that
 *   writes commits the group first and then runs on its own, durable when it returns, as before.
 *
 * Kysely holds the connection for a whole transaction (one connection, a mutex), so transactions
 * never interleave. `QUORUM_SQLITE_GROUP_COMMIT=0` turns group commit off.
 *
 * A savepoint journal holds the pages a later transaction of the group changes, and SQLite writes
 * it to a temporary file once it passes 64 KiB (a compile-time threshold better-sqlite3 does not
 * expose): a file created, written and unlinked in about every other group of the hot path. A
 * group of small transactions (`inSmallTransaction`, the hot path's) keeps its journals in
 * memory instead; any other transaction commits such a group before it begins, so a bulk
 * change's journal, or a large sort, never lands in memory.
 *
 * A transaction bound with `bindTransaction` may also run its statements straight on the
 * connection (`runInTransaction`), past Kysely's executor, which costs more per statement than
 * many hot statements do in SQLite.
 *
 * Other processes may write the same file (`quorum serve --workers N`, an import beside the
 * server). SQLite's busy timeout would wait for their write lock by sleeping on the event loop;
 * the connection has none (see `openSqlite`): a `BEGIN IMMEDIATE` or a statement that finds the
 * database locked is tried again a millisecond later, for up to `BUSY_WAIT_MS`, while the event
 * loop serves on.
 */
export class GroupCommitDialect extends InlineLimitSqliteDialect {
  readonly driver: GroupCommitDriver;

  /** `prepare`: the connection's statements, cached (`database.ts`). */
  constructor(sqlite: SQLite.Database, prepare: (sql: string) => SQLite.Statement) {
    super({ database: sqlite });
    this.driver = new GroupCommitDriver(sqlite, prepare);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    drivers.set(adapter, this.driver);
    return adapter;
  }
}

/** The driver of each database's adapter, which its transactions share (`trx.getExecutor().adapter`). */
const drivers = new WeakMap<DialectAdapter, GroupCommitDriver>();

/** Transactions bound by `bindTransaction`, with the connection each holds. */
const bound = new WeakMap<Kysely<DB>, { driver: GroupCommitDriver; holder: GroupConnection }>();

/**
 * Lets `runInTransaction` run the statements of `trx` on its connection. Call it first thing in
 * the transaction's body: the connection's holder is then the one that began `trx` (the driver's
 * mutex lets no other in between). Does nothing on a database without group commit.
 */
export function bindTransaction(trx: Kysely<DB>): void {
  const driver = drivers.get(trx.getExecutor().adapter);
  const holder = driver?.running;
  if (driver && holder) bound.set(trx, { driver, holder });
}

/**
 * Runs one statement of `trx` on its connection, as Kysely would have, when `trx` was bound and
 * has neither committed nor rolled back; undefined otherwise (then Kysely runs it, and says what
 * is wrong). Throws the statement's error.
 */
export function runInTransaction(
  trx: Kysely<DB>,
  sql: string,
  parameters: readonly unknown[],
): QueryResult<unknown> | undefined {
  const binding = bound.get(trx);
  if (!binding) return undefined;
  const { driver, holder } = binding;
  if (holder.released || driver.running !== holder) return undefined;
  return driver.executeSql(holder, sql, parameters);
}

/**
 * Runs `body` in a transaction that changes a few rows only (the hot path's): on SQLite with group
 * commit, the savepoint journals of its group stay in memory (see `GroupCommitDialect`); elsewhere
 * as `db.transaction()`.
 */
export function inSmallTransaction<T>(db: Kysely<DB>, body: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const driver = drivers.get(db.getExecutor().adapter);
  if (!driver) return db.transaction().execute(body);
  // The connection is held from here, so the transaction begun on it is the one marked small.
  return db.connection().execute((connection) => {
    driver.markHolderSmall();
    return connection.transaction().execute(body);
  });
}

/** Is group commit on for SQLite (the default)? */
export function groupCommitEnabled(): boolean {
  return process.env.QUORUM_SQLITE_GROUP_COMMIT !== "0";
}

const MEMBER = "quorum_group_member";

/** The real ones, even under a test's fake timers: a faked one would never commit. */
const nextTurn = setImmediate;
const realSetTimeout = setTimeout;

/** How long a statement waits for another process's lock before failing with SQLITE_BUSY (the busy timeout it replaces). */
export const BUSY_WAIT_MS = 5000;

let busyRetries = 0;

/** Tries that found the database locked by another process, in this process so far (for benches). */
export function sqliteBusyRetries(): number {
  return busyRetries;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

/** Runs `attempt`, again every millisecond while the database is locked by another process; then `busy`. */
async function whenUnlocked<T>(attempt: () => T): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      // "Try again" (503 over HTTP), as for any other lost race: e.g. an import in another process.
      if (Date.now() - started >= BUSY_WAIT_MS)
        throw busy("The database is busy with another process's work; please try again");
      busyRetries++;
    }
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
}

type Role =
  /** No transaction: single statements. */
  | "statement"
  /** First transaction of its group: its work is the group's, so far. */
  | "first"
  /** A later transaction of the group, inside savepoint `MEMBER`. */
  | "member"
  /** Committed into the group or rolled back: nothing left to undo. */
  | "ended";

/** One holder of the connection (a transaction, or one statement), from acquire to release. */
class GroupConnection implements DatabaseConnection {
  role: Role = "statement";
  released = false;
  /** Its transaction changes a few rows only (`inSmallTransaction`). */
  small = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.released) return this.driver.reacquire(this).then(() => this.executeQuery(query));
    const parameters = query.parameters as unknown[];
    try {
      return Promise.resolve(this.driver.executeSql(this, query.sql, parameters) as QueryResult<R>);
    } catch (error) {
      // Outside a transaction a statement may find another process's write lock; inside one, this
      // connection already holds it (every transaction begins IMMEDIATE).
      if (this.role !== "statement" || !isBusy(error)) throw error;
      return whenUnlocked(() => this.driver.executeSql(this, query.sql, parameters) as QueryResult<R>);
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error("Sqlite driver only supports streaming of select queries");
    if (this.released) await this.driver.reacquire(this);
    for (const row of this.driver.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class GroupCommitDriver implements Driver {
  readonly #sqlite: SQLite.Database;
  readonly #prepare: (sql: string) => SQLite.Statement;
  readonly #mutex = new Mutex();
  /** The group's BEGIN ran and its COMMIT has not. */
  #open = false;
  /** Transactions committed into the open group, waiting for its COMMIT. */
  #waiters: Waiter[] = [];
  /** The transaction holding the connection between its begin and its commit or rollback. */
  #running: GroupConnection | undefined;
  #scheduled = false;
  /** The scheduled COMMIT found a transaction running: commit when it ends. */
  #commitWhenIdle = false;
  /** The open group began with its statement journals in memory: only small transactions join it. */
  #journalsInMemory = false;
  /** The holder of the connection (the mutex), from acquire to release. */
  #holder: GroupConnection | undefined;

  constructor(sqlite: SQLite.Database, prepare: (sql: string) => SQLite.Statement) {
    this.#sqlite = sqlite;
    this.#prepare = prepare;
  }

  /** The transaction holding the connection, between its begin and its commit or rollback. */
  get running(): GroupConnection | undefined {
    return this.#running;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    this.#holder = new GroupConnection(this);
    return this.#holder;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const holder = connection as GroupConnection;
    if (holder.released) return;
    holder.released = true;
    if (this.#holder === holder) this.#holder = undefined;
    this.#mutex.unlock();
  }

  /** Marks the holder of the connection as one whose transaction is small (`inSmallTransaction`). */
  markHolderSmall(): void {
    if (this.#holder) this.#holder.small = true;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const holder = connection as GroupConnection;
    if (holder.released) await this.reacquire(holder);
    if (this.#open && this.#journalsInMemory && !holder.small) this.#commit();
    if (this.#open) {
      this.#run(`savepoint ${MEMBER}`);
      holder.role = "member";
    } else {
      await whenUnlocked(() => this.#begin(holder.small));
      this.#open = true;
      this.#journalsInMemory = holder.small;
      holder.role = "first";
    }
    this.#running = holder;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const holder = connection as GroupConnection;
    const role = holder.role;
    holder.role = "ended";
    this.#running = undefined;
    if (!this.#sqlite.inTransaction) {
      // An error made SQLite roll the whole transaction back (e.g. disk full): the group is lost.
      const error = new Error("SQLite rolled back the shared transaction");
      this.#lose(error);
      throw error;
    }
    if (role === "member") this.#run(`release ${MEMBER}`);
    const durable = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#commitWhenIdle) this.#commit();
    else this.#schedule();
    await this.releaseConnection(holder);
    await durable;
  }

  /**
   * A transaction's commit releases the connection early; when its holder goes on using it (a
   * transaction inside `db.connection()`), it waits for its turn again.
   */
  async reacquire(holder: GroupConnection): Promise<void> {
    await this.#mutex.lock();
    this.#holder = holder;
    holder.released = false;
    holder.role = "statement";
    holder.small = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const holder = connection as GroupConnection;
    const role = holder.role;
    if (role !== "first" && role !== "member") return; // its commit failed: the group was undone
    holder.role = "ended";
    this.#running = undefined;
    try {
      if (!this.#sqlite.inTransaction) throw new Error("SQLite rolled back the shared transaction");
      if (role === "member") {
        this.#run(`rollback to ${MEMBER}`);
        this.#run(`release ${MEMBER}`);
      } else {
        this.#run("rollback");
        this.#open = false;
      }
    } catch (error) {
      this.#rollbackAll();
      this.#lose(error);
    }
    if (this.#commitWhenIdle) this.#commit();
  }

  async destroy(): Promise<void> {
    this.flush();
    this.#sqlite.close();
  }

  /** Commits the open group now, unless a transaction is running (then it commits when that ends). */
  flush(): void {
    if (this.#running) this.#commitWhenIdle = true;
    else this.#commit();
  }

  prepare(sql: string): SQLite.Statement {
    return this.#prepare(sql);
  }

  executeSql(holder: GroupConnection, sql: string, parameters: readonly unknown[]): QueryResult<unknown> {
    const statement = this.#prepare(sql);
    if (holder.role === "statement" && this.#open && !statement.readonly) this.#commit();
    if (statement.reader) return { rows: rowsOf(statement, parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  #run(sql: string): void {
    this.#prepare(sql).run();
  }

  /**
   * Begins a group. SQLite decides where the transaction's statement journals go when it begins,
   * from `temp_store`; so a group of small transactions begins with it set to memory, then sets
   * it back at once for everything else that uses temporary storage (sorts, temporary indexes).
   */
  #begin(journalsInMemory: boolean): void {
    if (!journalsInMemory) {
      this.#run("begin immediate");
      return;
    }
    this.#run("pragma temp_store = memory");
    try {
      this.#run("begin immediate");
    } finally {
      this.#run("pragma temp_store = default");
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    nextTurn(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  #commit(): void {
    this.#commitWhenIdle = false;
    if (!this.#open) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#open = false;
    try {
      this.#run("commit");
    } catch (error) {
      // A failed COMMIT (a deferred constraint, an I/O error) may leave the transaction open.
      this.#rollbackAll();
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }

  #rollbackAll(): void {
    try {
      if (this.#sqlite.inTransaction) this.#run("rollback");
    } catch {
      // Nothing more to undo with: the connection is broken, and its next statement says so.
    }
  }

  /** The group's work is gone: its waiting transactions fail. */
  #lose(error: unknown): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#open = false;
    this.#commitWhenIdle = false;
    for (const waiter of waiters) waiter.reject(error);
  }
}

/** Each reader statement's `RowOf`. */
const rowMakers = new WeakMap<SQLite.Statement, RowOf>();

type RowOf = ((values: unknown[]) => Record<string, unknown>) & { columns: number };

/**
 * A reader's rows as better-sqlite3 gives them, built from its raw rows (arrays) by a function
 * made for its columns: better-sqlite3 looks each column's name up in V8's string table for every
 * row and builds an object slow to read; a hot read of 38 columns took twice as long that way.
 */
function rowsOf(statement: SQLite.Statement, parameters: readonly unknown[]): unknown[] {
  statement.raw(true);
  let rows: unknown[][];
  try {
    rows = statement.all(parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  let make = rowMakers.get(statement);
  // SQLite prepares a statement again after a schema change, so `select *` may have gained columns.
  if (!make || (rows.length > 0 && rows[0]?.length !== make.columns)) {
    make = rowOf(statement.columns().map((column) => column.name));
    rowMakers.set(statement, make);
  }
  return rows.map(make);
}

/**
 * An object literal with one property per column, in order. Like better-sqlite3's rows, it keeps
 * the last of repeated names and no `__proto__` column.
 */
function rowOf(names: string[]): RowOf {
  const properties = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`);
  const make = new Function("values", `return { ${properties.join(", ")} };`) as RowOf;
  make.columns = names.length;
  return make;
}

class Mutex {
  #locked: Promise<void> | undefined;
  #unlock: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#locked) await this.#locked;
    this.#locked = new Promise((resolve) => {
      this.#unlock = resolve;
    });
  }

  unlock(): void {
    const unlock = this.#unlock;
    this.#locked = undefined;
    this.#unlock = undefined;
    unlock?.();
  }
}
