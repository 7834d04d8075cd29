import { mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";

/** Kysely's record of applied migrations: present in every Quorum database, in no other. */
export const MIGRATION_TABLE = "kysely_migration";

/** What a database holds, for deciding whether a backup may be restored over it. */
export interface DatabaseContents {
  /** The migrations table exists. */
  quorum: boolean;
  /** Applied migrations, oldest first. */
  migrations: string[];
  /** Rows per table, Kysely's bookkeeping excluded. */
  rows: Record<string, number>;
}

/** Rows in all tables together. */
export function totalRows(contents: DatabaseContents): number {
  return Object.values(contents.rows).reduce((sum, n) => sum + n, 0);
}

/** In one `backup_step`: every page inside one read transaction, so the copy is one consistent snapshot. */
const ALL_PAGES = 0x7fffffff;

function readSqliteContents(db: SQLite.Database): DatabaseContents {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const quorum = tables.includes(MIGRATION_TABLE);
  const migrations = quorum
    ? (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).pluck().all() as string[])
    : [];
  const rows: Record<string, number> = {};
  for (const table of tables.filter((t) => !t.startsWith("kysely_")))
    rows[table] = Number(
      db
        .prepare(`select count(*) from "${table.replaceAll('"', '""')}"`)
        .pluck()
        .get(),
    );
  return { quorum, migrations, rows };
}

/**
 * What a SQLite file holds, after SQLite's `quick_check`. Throws when the file is missing, is not
 * a SQLite database, or is damaged. Read-only: the file is not changed.
 */
export function inspectSqliteFile(path: string): DatabaseContents {
  const db = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`${path} is damaged (SQLite quick_check: ${String(check)})`);
    return readSqliteContents(db);
  } finally {
    db.close();
  }
}

/**
 * Copies a SQLite database with SQLite's online backup API, consistent while a server writes to it
 * (readers never block writers in WAL mode). The copy is written beside `outPath` and renamed over
 * it when complete, in rollback-journal mode so it is one self-contained file.
 */
export async function backupSqlite(sourcePath: string, outPath: string): Promise<DatabaseContents & { bytes: number }> {
  const source = new SQLite(sourcePath, { fileMustExist: true });
  const partial = `${outPath}.partial-${process.pid}`;
  try {
    source.pragma("busy_timeout = 5000");
    if (!readSqliteContents(source).quorum) throw new Error(`${sourcePath} is not a Quorum database`);
    await source.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  const copy = new SQLite(partial);
  let contents: DatabaseContents;
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`the copy failed SQLite's quick_check: ${String(check)}`);
    contents = readSqliteContents(copy);
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, outPath);
  return { ...contents, bytes: statSync(outPath).size };
}

/**
 * Writes a backup into the SQLite database at `targetPath` (created when missing) with the online
 * backup API: one write transaction, so a connection sees the old database or the new one, never
 * a mix. Check the backup with `inspectSqliteFile` first; this replaces everything in the target.
 */
export async function restoreSqlite(backupPath: string, targetPath: string): Promise<DatabaseContents> {
  mkdirSync(dirname(targetPath), { recursive: true });
  const backup = new SQLite(backupPath, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(targetPath, { progress: () => ALL_PAGES });
  } finally {
    backup.close();
  }
  const target = new SQLite(targetPath, { fileMustExist: true });
  try {
    target.pragma("journal_mode = WAL");
    return readSqliteContents(target);
  } finally {
    target.close();
  }
}

/**
 * What a PostgreSQL schema holds (default: the connection's current schema), without creating it.
 * `quorum` is false and `rows` empty when the schema does not exist.
 */
export async function inspectPostgres(url: string, schema?: string): Promise<DatabaseContents & { schema: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const name = schema ?? ((await client.query("select current_schema() as s")).rows[0]?.s as string);
    const tables = (
      await client.query(
        "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name",
        [name],
      )
    ).rows.map((r) => r.table_name as string);
    const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
    const quorum = tables.includes(MIGRATION_TABLE);
    const migrations = quorum
      ? (await client.query(`select name from ${quote(name)}.${MIGRATION_TABLE} order by name`)).rows.map(
          (r) => r.name as string,
        )
      : [];
    const rows: Record<string, number> = {};
    for (const table of tables.filter((t) => !t.startsWith("kysely_")))
      rows[table] = Number((await client.query(`select count(*) as n from ${quote(name)}.${quote(table)}`)).rows[0]?.n);
    return { schema: name, quorum, migrations, rows };
  } finally {
    await client.end();
  }
}
