import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, serializeSqlite } from "../database.js";
import { migrateToLatest, migrationsFingerprint } from "../migrate.js";

/**
 * Migrating a test database costs ~60 ms of CPU on SQLite and ~1.3 s of client and server CPU on
 * PostgreSQL; most test files open one or more per dialect. So a test run migrates one template
 * per dialect and every test database is a copy of it: SQLite from the template's bytes,
 * PostgreSQL by `CREATE DATABASE ... TEMPLATE`. Templates are named after the test run (set by
 * vitest.config.ts, removed by its global teardown) and the migrations' fingerprint (a new
 * migration in a watch run builds a new one). Without a run id (bench scripts) tests migrate.
 */

/** The schema of every PostgreSQL test database copied from the template. */
export const TEST_SCHEMA = "quorum_test";

/** This test run's id, identifier-safe, or undefined outside a vitest run. */
export function testRun(): string | undefined {
  const run = process.env.QUORUM_TEST_RUN;
  return run ? run.toLowerCase().replace(/[^a-z0-9]/g, "_") : undefined;
}

const sqlitePrefix = (run: string) => `quorum-test-template-${run}-`;

let sqliteImage: Promise<Buffer> | undefined;

/** The bytes of a migrated SQLite database: this run's template file, built by the first test that asks. */
export function sqliteTemplateImage(): Promise<Buffer> {
  sqliteImage ??= loadSqliteImage();
  return sqliteImage;
}

async function loadSqliteImage(): Promise<Buffer> {
  const run = testRun();
  const file = run && join(tmpdir(), `${sqlitePrefix(run)}${migrationsFingerprint()}.sqlite`);
  if (file) {
    try {
      return readFileSync(file);
    } catch {}
  }
  const database = await openDatabase({ url: ":memory:" });
  await migrateToLatest(database.db);
  const image = serializeSqlite(database.db);
  await database.close();
  if (file) {
    // Parallel test files may build it at once: each writes its own file and renames it in
    // place (atomic), so no reader ever sees half a template.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, image);
    renameSync(partial, file);
  }
  return image;
}

const postgresTemplates = new Map<string, Promise<string | undefined>>();

/**
 * The name of this run's migrated PostgreSQL template database on the server of `url`, built by
 * the first test that asks (under an advisory lock, so parallel test files build it once), or
 * undefined outside a test run or when the role may not create databases.
 */
export function postgresTemplate(url: string): Promise<string | undefined> {
  const run = testRun();
  if (!run) return Promise.resolve(undefined);
  const name = `qt_${run}_${migrationsFingerprint()}`;
  let template = postgresTemplates.get(url);
  if (!template) {
    template = buildPostgresTemplate(url, name);
    postgresTemplates.set(url, template);
  }
  return template;
}

async function buildPostgresTemplate(url: string, name: string): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(hashtext($1))", [name]);
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount) return name;
    // Built under another name and renamed when complete: a template that exists is whole.
    const partial = `${name}_partial`;
    await admin.query(`drop database if exists ${partial}`);
    try {
      await admin.query(`create database ${partial}`);
    } catch (error) {
      if ((error as { code?: string }).code === "42501") return undefined; // no CREATEDB: migrate per test
      throw error;
    }
    const database = await openDatabase({ url: databaseUrl(url, partial), schema: TEST_SCHEMA, poolSize: 1 });
    await migrateToLatest(database.db, TEST_SCHEMA);
    await database.close();
    await waitUntilUnused(admin, partial);
    await admin.query(`alter database ${partial} rename to ${name}`);
    return name;
  } finally {
    await admin.query("select pg_advisory_unlock(hashtext($1))", [name]).catch(() => {});
    await admin.end();
  }
}

/** `url` with its database replaced by `database`. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A closed pool's connections end a moment after `end()` resolves; renaming or copying needs them gone. */
async function waitUntilUnused(admin: pg.Client, database: string, polls = 100) {
  for (let i = 0; i < polls; i++) {
    const { rowCount } = await admin.query("select 1 from pg_stat_activity where datname = $1", [database]);
    if (!rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A copy of `template` named `template_<random>`; its name. */
export async function copyPostgresTemplate(url: string, template: string): Promise<string> {
  const name = `${template}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * Drops a test database at once, disconnecting what still holds it (a closing pool's connections,
 * which plain DROP DATABASE would wait 5 s for; a server a test left running). Pools closed just
 * before must listen for the resulting error (`openTestPostgres` does).
 */
export async function dropPostgresDatabase(url: string, database: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
  } finally {
    await admin.end();
  }
}

/**
 * Removes what this run left: its SQLite template files and its PostgreSQL template and test
 * databases (those of a test that failed before dropping its own). For vitest's global teardown.
 */
export async function removeTestTemplates(run: string, url?: string) {
  for (const file of readdirSync(tmpdir()))
    if (file.startsWith(sqlitePrefix(run))) rmSync(join(tmpdir(), file), { force: true });
  if (!url) return;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return; // no PostgreSQL: nothing was created there
  }
  try {
    const { rows } = await admin.query<{ name: string }>(
      "select datname as name from pg_database where starts_with(datname, $1)",
      [`qt_${run}_`],
    );
    for (const { name } of rows) await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
