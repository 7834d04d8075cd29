import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.js";

let dir: string | undefined;
let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const count = async (table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database!.db)).rows[0]?.n);

it("opens an analyzed SQLite file without ANALYZE's value samples, its averages kept", async () => {
  dir = mkdtempSync(join(tmpdir(), "quorum-value-samples-"));
  const url = join(dir, "quorum.db");
  database = await openDatabase({ url });
  await sql`create table notes (id integer primary key, kind text not null)`.execute(database.db);
  await sql`create index notes_kind on notes (kind)`.execute(database.db);
  await sql`with recursive n (i) as (select 1 union all select i + 1 from n where i < 500)
    insert into notes (kind) select case when i % 50 = 0 then 'rare' else 'common' end from n`.execute(database.db);
  await sql`analyze`.execute(database.db);
  expect(await count("sqlite_stat4")).toBeGreaterThan(0);
  await database.close();

  database = await openDatabase({ url });
  expect(await count("sqlite_stat4")).toBe(0);
  expect(await count("sqlite_stat1")).toBeGreaterThan(0);
  // The statistics in use are the ones left: the planner still picks the index.
  const plan = await sql<{ detail: string }>`explain query plan select id from notes where kind = ${"rare"}`.execute(
    database.db,
  );
  expect(plan.rows.map((row) => row.detail).join("\n")).toMatch(/USING (COVERING )?INDEX notes_kind/);
});
