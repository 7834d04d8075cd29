import { sql } from "kysely";
import pg from "pg";
import { type Database, type Dialect, openDatabase, openSqliteImage, pgPoolOf } from "./database.js";
import { migrateToLatest } from "./migrate.js";
import {
  copyPostgresTemplate,
  databaseUrl,
  dropPostgresDatabase,
  postgresTemplate,
  sqliteTemplateImage,
  TEST_SCHEMA,
} from "./testing/template-databases.js";

export * from "./testing/count-statements.js";
export * from "./testing/new-project.js";
export * from "./testing/new-user.js";
export * from "./testing/seed-project.js";
export { removeTestTemplates, TEST_SCHEMA } from "./testing/template-databases.js";
export * from "./testing/test-now.js";

export interface TestTarget {
  dialect: Dialect;
  /** A fresh, migrated, empty database; `close()` also drops it. */
  open(): Promise<Database>;
}

const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * The databases every storage and HTTP test runs on: SQLite always, PostgreSQL when reachable.
 * With `CI` or `QUORUM_REQUIRE_PG=1` set, an unreachable PostgreSQL fails the run instead of
 * being skipped.
 */
export async function testTargets(): Promise<TestTarget[]> {
  const targets: TestTarget[] = [{ dialect: "sqlite", open: openTestSqlite }];
  const url = process.env.QUORUM_TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  const required = Boolean(process.env.CI) || process.env.QUORUM_REQUIRE_PG === "1";
  if (process.env.QUORUM_SKIP_PG === "1" && !required) return targets;
  const reason = await probe(url);
  if (reason) {
    if (required) throw new Error(`PostgreSQL is required for the tests but unreachable at ${url}: ${reason}`);
    console.warn(`\n*** PostgreSQL unreachable at ${url} (${reason}): running the database tests on SQLite only ***\n`);
    return targets;
  }
  targets.push({ dialect: "postgres", open: () => openTestPostgres(url) });
  return targets;
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function openTestSqlite(): Promise<Database> {
  return openSqliteImage(await sqliteTemplateImage());
}

async function openTestPostgres(url: string, poolSize = 10): Promise<Database> {
  const { url: ownUrl, schema, drop } = await createTestPostgresSchema(url);
  const database = await openDatabase({ url: ownUrl, schema, poolSize });
  return {
    ...database,
    close: async () => {
      // A connection still closing when its database is dropped is told so; nobody listens anymore.
      pgPoolOf(database.db)?.on("error", () => {});
      await database.close();
      await drop();
    },
  };
}

/**
 * A migrated PostgreSQL schema of its own, for tests that start several server processes on it:
 * in a test run, schema `quorum_test` of a database copied from the run's template; otherwise a
 * freshly migrated schema of the database at `url`. `drop()` removes it.
 */
export async function createTestPostgresSchema(url = process.env.QUORUM_TEST_DATABASE_URL ?? DEFAULT_PG_URL) {
  const template = await postgresTemplate(url);
  if (template) {
    const database = await copyPostgresTemplate(url, template);
    return { url: databaseUrl(url, database), schema: TEST_SCHEMA, drop: () => dropPostgresDatabase(url, database) };
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const database = await openDatabase({ url, schema, poolSize: 2 });
  await migrateToLatest(database.db, schema);
  await database.close();
  return {
    url,
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/**
 * The tables of this database (its own schema only on PostgreSQL, the migration bookkeeping
 * included) with their columns, sorted by name. Not Kysely's introspector, which lists every
 * schema and fails when a parallel test drops one meanwhile.
 */
export async function ownTables(database: Database): Promise<{ name: string; columns: string[] }[]> {
  const rows =
    database.dialect === "postgres"
      ? (
          await sql<{ table: string; column: string }>`
            select table_name as "table", column_name as "column" from information_schema.columns
            where table_schema = ${database.schema ?? sql`current_schema()`}
            order by table_name, ordinal_position`.execute(database.db)
        ).rows
      : (
          await sql<{ table: string; column: string }>`
            select m.name as "table", c.name as "column" from sqlite_master m, pragma_table_info(m.name) c
            where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, c.cid`.execute(database.db)
        ).rows;
  const tables = new Map<string, string[]>();
  for (const row of rows) tables.set(row.table, [...(tables.get(row.table) ?? []), row.column]);
  return [...tables].map(([name, columns]) => ({ name, columns })).sort((a, b) => a.name.localeCompare(b.name));
}
