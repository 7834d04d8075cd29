import { type Kysely, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.js";
import { MIGRATION_NAMES, migrateToLatest } from "./migrate.js";
import type { DB } from "./schema.js";
import { createTestPostgresSchema, testTargets } from "./testing.js";

const targets = await testTargets();

/** Every object of the database's own schema with its definition, names relative to the schema. */
async function schemaOf(database: Database): Promise<string[]> {
  const db = database.db as Kysely<DB>;
  const migrations = (
    await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
  ).rows.map((row) => `migration ${row.name}`);
  if (database.dialect === "sqlite") {
    const objects = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master order by type, name`.execute(db);
    const version = await sql<{ user_version: number }>`pragma user_version`.execute(db);
    return [
      ...objects.rows.map((row) => `${row.type} ${row.name}: ${row.sql}`),
      `user_version ${version.rows[0]?.user_version}`,
      ...migrations,
    ];
  }
  // Read with the schema first on the search path, so definitions name its objects unqualified.
  const rows = await sql<{ line: string }>`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
      || ' default ' || coalesce(column_default, '-') || ' identity ' || is_identity as line
    from information_schema.columns where table_schema = current_schema()
    union all
    select 'constraint ' || t.relname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid)
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.connamespace = current_schema()::regnamespace
    union all
    select 'index ' || indexname || ' ' || indexdef from pg_indexes where schemaname = current_schema()
    union all
    select 'view ' || viewname || ' ' || definition from pg_views where schemaname = current_schema()
    union all
    select 'function ' || p.proname || ' ' || pg_get_functiondef(p.oid)
    from pg_proc p where p.pronamespace = current_schema()::regnamespace
    union all
    select 'trigger ' || t.tgname || ' ' || pg_get_triggerdef(t.oid)
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where c.relnamespace = current_schema()::regnamespace and not t.tgisinternal
    union all
    select 'sequence ' || sequencename || ' ' || data_type || ' ' || start_value || ' ' || increment_by
    from pg_sequences where schemaname = current_schema()
    order by 1`.execute(db);
  // pg_indexes names the schema in every definition.
  return [...rows.rows.map((row) => row.line.replaceAll(`${database.schema}.`, "")), ...migrations];
}

describe.each(targets)("test databases on $dialect", (target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  async function open() {
    const database = await target.open();
    cleanups.push(() => database.close());
    return database;
  }

  /** A database migrated for real: in memory, or a schema of its own in a test database of its own. */
  async function migratedForReal(): Promise<Database> {
    if (target.dialect === "sqlite") return openDatabase({ url: ":memory:" });
    const own = await createTestPostgresSchema();
    cleanups.push(own.drop);
    return openDatabase({ url: own.url, schema: "migrated_here", poolSize: 1 });
  }

  it("start from exactly the schema a migration run produces, every migration recorded", async () => {
    const copy = await open();
    const migrated = await migratedForReal();
    cleanups.push(() => migrated.close());
    expect(await migrateToLatest(migrated.db, migrated.schema)).toEqual([...MIGRATION_NAMES].sort());

    const expected = await schemaOf(migrated);
    expect(expected.filter((line) => line.startsWith("migration "))).toHaveLength(MIGRATION_NAMES.length);
    expect(expected.length).toBeGreaterThan(MIGRATION_NAMES.length + 100);
    expect(await schemaOf(copy)).toEqual(expected);
  });

  it("are separate: what one test writes, another does not see", async () => {
    const [a, b] = [await open(), await open()];
    await sql`insert into workspace_settings (key, value, updated_at) values ('probe', '1', 0)`.execute(a.db);
    const probes = async (database: Database) =>
      (await sql<{ key: string }>`select key from workspace_settings where key = 'probe'`.execute(database.db)).rows;
    expect(await probes(a)).toHaveLength(1);
    expect(await probes(b)).toHaveLength(0);
  });
});
