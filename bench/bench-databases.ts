/**
 * The databases a bench measures on: a migrated SQLite file in a temporary folder (not
 * `testTargets()`'s in-memory image, where a COMMIT writes nothing) and a freshly migrated
 * PostgreSQL schema (`createTestPostgresSchema`). Each is closed and removed when the bench is done
 * with it, also when the bench fails or is interrupted (Ctrl-C, SIGTERM).
 *
 *   await forEachBenchDatabase({ only: flags.only }, async ({ database, dialect }) => { ... });
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPostgresSchema, type Database, migrateToLatest, openDatabase } from "@quorum/storage";
import pg from "pg";

export type BenchDialect = "sqlite" | "postgres";

/** The PostgreSQL server benches use unless told otherwise (the tests' one). */
export const BENCH_PG_URL = process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface BenchDatabaseOptions {
  /** The PostgreSQL server to make the schema on (default `BENCH_PG_URL`). */
  pgUrl?: string | undefined;
  /** Connections in a PostgreSQL pool (default 2). */
  poolSize?: number | undefined;
}

export interface BenchDatabase {
  dialect: BenchDialect;
  /** Open, migrated and empty. */
  database: Database;
  /** The SQLite file's path, or the PostgreSQL URL (of `schema`). */
  url: string;
  schema?: string;
  /** The environment that points a `quorum` process (CLI or server) at this database. */
  env: Record<string, string>;
  /** Another connection (pool) to the same database; the caller closes it. */
  open(): Promise<Database>;
  /** Closes `database` and deletes the file or drops the schema; later calls wait for the first. */
  remove(): Promise<void>;
}

/** Opens a bench database; the caller removes it (`withBenchDatabase` does that for you). */
export function openBenchDatabase(dialect: BenchDialect, options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  return dialect === "sqlite" ? openSqliteFile() : openPostgresSchema(options);
}

/** Runs `use` on a fresh bench database of `dialect`, and removes the database after it. */
export async function withBenchDatabase<T>(
  dialect: BenchDialect,
  options: BenchDatabaseOptions,
  use: (bench: BenchDatabase) => Promise<T>,
): Promise<T> {
  const bench = await openBenchDatabase(dialect, options);
  try {
    return await use(bench);
  } catch (error) {
    // Interrupted: the database went away under the bench; let the signal's exit end it quietly.
    if (interrupted) await interrupted;
    throw error;
  } finally {
    await bench.remove();
  }
}

/**
 * Runs `use` on SQLite (a file), then on PostgreSQL (a new schema). `only` (a script's
 * `--only sqlite|postgres`) keeps one of them. An unreachable PostgreSQL is skipped with one line
 * on stderr, unless it was asked for by `only` or `requirePostgres`: then it fails the run.
 */
export async function forEachBenchDatabase(
  options: BenchDatabaseOptions & { only?: string | undefined; requirePostgres?: boolean },
  use: (bench: BenchDatabase) => Promise<void>,
): Promise<void> {
  const { only } = options;
  if (only !== undefined && only !== "sqlite" && only !== "postgres")
    throw new Error(`--only: sqlite or postgres, not "${only}"`);
  if (only !== "postgres") await withBenchDatabase("sqlite", options, use);
  if (only === "sqlite") return;
  if (only !== "postgres" && !options.requirePostgres) {
    const url = options.pgUrl ?? BENCH_PG_URL;
    const reason = await postgresUnreachable(url);
    if (reason) {
      console.error(`postgres: skipped, PostgreSQL unreachable at ${withoutPassword(url)} (${reason})`);
      return;
    }
  }
  await withBenchDatabase("postgres", options, use);
}

async function openSqliteFile(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "quorum-bench-"));
  const url = join(dir, "quorum.db");
  let database: Database | undefined;
  const remove = removedOnExit(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    database = closingOnce(await openDatabase({ url }));
    await migrateToLatest(database.db);
  } catch (error) {
    await remove().catch(() => {});
    throw error;
  }
  return {
    dialect: "sqlite",
    database,
    url,
    env: { QUORUM_DATA_DIR: dir, DATABASE_URL: "", QUORUM_PG_SCHEMA: "" },
    open: () => openDatabase({ url }),
    remove,
  };
}

async function openPostgresSchema({
  pgUrl = BENCH_PG_URL,
  poolSize = 2,
}: BenchDatabaseOptions): Promise<BenchDatabase> {
  const reason = await postgresUnreachable(pgUrl);
  if (reason) throw new Error(`PostgreSQL unreachable at ${withoutPassword(pgUrl)}: ${reason}`);
  // Removed on a signal even while it is being migrated (a few seconds): the removal waits for it.
  const created = createTestPostgresSchema(pgUrl);
  let database: Database | undefined;
  const remove = removedOnExit(async () => {
    await database?.close();
    await (await created).drop();
  });
  try {
    const { url, schema } = await created;
    const open = () => openDatabase({ url, schema, poolSize });
    database = closingOnce(await open());
    return {
      dialect: "postgres",
      database,
      url,
      schema,
      env: { DATABASE_URL: url, QUORUM_PG_SCHEMA: schema },
      open,
      remove,
    };
  } catch (error) {
    await remove().catch(() => {});
    throw error;
  }
}

/** Why PostgreSQL at `url` cannot be reached, or undefined when it can. */
async function postgresUnreachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    // Connecting to "localhost" fails with an AggregateError (one per address) and no message.
    const { message, errors } = error as Error & { errors?: Error[] };
    return message || errors?.map((e) => e.message).join("; ") || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** `fn` run on the first call only; every call returns the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

/** A bench may close its database early (say, to leave the file to a CLI); removing it closes it again. */
function closingOnce(database: Database): Database {
  return { ...database, close: once(database.close) };
}

/**
 * Removes the bench databases still open. For a script with its own signal handler (run.ts), which
 * must wait for this before it exits.
 */
export async function removeBenchDatabases(): Promise<void> {
  await Promise.allSettled([...removals].map((removal) => removal()));
}

/** The removals of the bench databases still open, run by a signal before the process exits. */
const removals = new Set<() => Promise<void>>();
let interrupted: Promise<void> | undefined;
let watching = false;

function removedOnExit(remove: () => Promise<void>): () => Promise<void> {
  watchSignals();
  const removal = once(async () => {
    try {
      await remove();
    } finally {
      removals.delete(removal);
    }
  });
  removals.add(removal);
  return removal;
}

function watchSignals() {
  if (watching) return;
  watching = true;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    // A script with its own handler (run.ts) exits by itself; a second signal kills at once.
    const exitsItself = process.listenerCount(signal) > 0;
    process.once(signal, () => {
      if (removals.size > 0) console.error(`\n${signal}: removing the bench databases`);
      interrupted = removeBenchDatabases().then(() => {
        if (!exitsItself) process.exit(code);
      });
    });
  }
}
