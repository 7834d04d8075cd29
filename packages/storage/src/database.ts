import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { preparingPool } from "./named-statements.js";
import type { DB } from "./schema.js";
import { BUSY_WAIT_MS, GroupCommitDialect, groupCommitEnabled } from "./sqlite-group-commit.js";
import { InlineLimitSqliteDialect } from "./sqlite-query-compiler.js";
import { clearValueSamples } from "./sqlite-value-samples.js";
import { statementTimer } from "./statement-timing.js";

export type Dialect = "sqlite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Human-readable location, for logs ("sqlite:/path/quorum.db" or the PostgreSQL host). */
  location: string;
  /** PostgreSQL schema in use, when one was chosen. */
  schema?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://...` for PostgreSQL; otherwise a SQLite file path (or ":memory:"). */
  url: string;
  /** PostgreSQL only: the schema to use (tests isolate themselves this way). Created if missing. */
  schema?: string;
  /** PostgreSQL only: connections in the pool. */
  poolSize?: number;
}

const pgPools = new WeakMap<Kysely<DB>, pg.Pool>();
const sqliteFiles = new WeakMap<Kysely<DB>, string>();
const sqliteHandles = new WeakMap<Kysely<DB>, SQLite.Database>();

/** PostgreSQL only: the pool behind `db`, for what Kysely cannot do (COPY); undefined on SQLite. */
export function pgPoolOf(db: Kysely<DB>): pg.Pool | undefined {
  return pgPools.get(db);
}

/**
 * SQLite only: the file behind `db`, so a long read (an export) can open its own read-only
 * connection; undefined for PostgreSQL and for an in-memory database.
 */
export function sqliteFileOf(db: Kysely<DB>): string | undefined {
  return sqliteFiles.get(db);
}

// bigint (int8) and numeric come back from pg as strings; our values all fit in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(1700, (value) => Number.parseFloat(value));

/**
 * SQLite only: the connection behind `db` (opened by `openDatabase`), for a statement that
 * Kysely's per-query work would slow down (an import's inserts); undefined for PostgreSQL.
 * Statements run on it inside a transaction of `db` belong to that transaction.
 */
export function sqliteHandleOf(db: Kysely<DB>): SQLite.Database | undefined {
  return sqliteHandles.get(db);
}

/** SQLite only: the bytes of the database, as a file would hold them (see `openSqliteImage`). */
export function serializeSqlite(db: Kysely<DB>): Buffer {
  const sqlite = sqliteHandles.get(db);
  if (!sqlite) throw new Error("not a SQLite database");
  return sqlite.serialize();
}

/** The only place that knows SQLite from PostgreSQL. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options);
  return openSqlite(options.url);
}

/**
 * An in-memory SQLite database starting from `image` (the bytes of a database file, as
 * `serialize()` gives them), set up as `openDatabase` sets up ":memory:". Tests start from a
 * copy of one migrated database this way instead of migrating each.
 */
export function openSqliteImage(image: Buffer): Database {
  return openSqlite(":memory:", image);
}

function openSqlite(path: string, image?: Buffer): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = image ? new SQLite(image) : new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a commit survives a crash of the process; only a power loss or OS crash
  // can drop the last commits. QUORUM_SQLITE_SYNCHRONOUS=FULL fsyncs every commit instead.
  const synchronous = process.env.QUORUM_SQLITE_SYNCHRONOUS === "FULL" ? "FULL" : "NORMAL";
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma("foreign_keys = ON");
  // With group commit the driver waits for another process's lock without blocking the event loop.
  sqlite.pragma(`busy_timeout = ${groupCommitEnabled() ? 0 : BUSY_WAIT_MS}`);
  sqlite.pragma("cache_size = -65536");
  clearValueSamples(sqlite);
  const stopCheckpoints = path === ":memory:" ? async () => {} : checkpointInBackground(sqlite, path);
  const prepare = statementCache(sqlite);
  const grouped = groupCommitEnabled() ? new GroupCommitDialect(sqlite, prepare) : undefined;
  const db = new Kysely<DB>({
    dialect: grouped ?? new InlineLimitSqliteDialect({ database: withPrepare(sqlite, prepare) }),
  });
  if (path !== ":memory:") sqliteFiles.set(db, path);
  sqliteHandles.set(db, sqlite);
  return {
    db,
    dialect: "sqlite",
    location: `sqlite:${path}`,
    close: async () => {
      // Before the last checkpoint, so that it copies the group's work into the database file.
      grouped?.driver.flush();
      await stopCheckpoints();
      await db.destroy();
    },
  };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 2000");
const timer = setInterval(() => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {} }, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { db.pragma("wal_checkpoint(TRUNCATE)"); } catch {}
  db.close();
  parentPort.postMessage("closed");
});
`;

/**
 * SQLite checkpoints the WAL inside whichever COMMIT crosses the threshold, on the event loop:
 * a request then waits for the copy (spikes of 100+ ms under load). Instead the serving
 * connection never checkpoints, and a worker thread with its own connection does it every
 * second (PASSIVE: it never blocks writers), then truncates the WAL on close.
 */
function checkpointInBackground(sqlite: SQLite.Database, path: string, everyMs = 1000): () => Promise<void> {
  sqlite.pragma("wal_autocheckpoint = 0");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, module: createRequire(import.meta.url).resolve("better-sqlite3"), everyMs },
  });
  worker.unref();
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= new Promise<void>((resolve) => {
      worker.once("message", () => void worker.terminate().then(() => resolve()));
      worker.once("error", () => resolve());
      worker.postMessage("stop");
    });
    return stopped;
  };
}

/**
 * Kysely prepares every query anew; preparing is a fifth of the time of a lease or a judgment on
 * SQLite. Our queries have few distinct shapes, so prepared statements are kept per SQL text.
 * (Kysely runs one query at a time per connection, so a cached statement is never busy.)
 * With `QUORUM_STATEMENT_TIMING` set, each statement is also timed (`statement-timing.ts`).
 */
function statementCache(sqlite: SQLite.Database): (source: string) => SQLite.Statement {
  const statements = new Map<string, SQLite.Statement>();
  const timer = statementTimer();
  return (source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      if (statements.size >= 1000) statements.clear();
      statement = sqlite.prepare(source);
      if (timer) statement = timer(statement, source);
      statements.set(source, statement);
    }
    return statement;
  };
}

/** `sqlite` preparing through `prepare`, for Kysely's own SQLite driver (group commit off). */
function withPrepare(sqlite: SQLite.Database, prepare: (source: string) => SQLite.Statement): SQLite.Database {
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function openPostgres(options: OpenOptions): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: options.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Fail now, with the reason, rather than on the first request.
  const client = await pool.connect();
  client.release();
  const prepare = process.env.QUORUM_PG_PREPARE !== "0";
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepare ? preparingPool(pool) : pool }) });
  pgPools.set(db, pool);
  const url = new URL(options.url);
  return {
    db,
    dialect: "postgres",
    location: `postgres://${url.host}${url.pathname}${schema ? `#${schema}` : ""}`,
    ...(schema ? { schema } : {}),
    close: () => db.destroy(),
  };
}

/** Is this error a unique-constraint violation (either dialect)? */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * Errors after which the whole transaction may simply be tried again (PostgreSQL): serialisation
 * failures, deadlocks, and a statement `preparingPool` could not run mid-transaction (`retryTransaction`).
 */
export function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; retryTransaction?: boolean };
  return e.code === "40001" || e.code === "40P01" || e.retryTransaction === true;
}
