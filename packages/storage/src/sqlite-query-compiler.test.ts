import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.js";

/** SQLite prepares a statement with a bound LIMIT again at every run: integer limits are written in. */
describe.each(["1", "0"])("SQLite LIMITs with group commit %s", (groupCommit) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function open() {
    const saved = process.env.QUORUM_SQLITE_GROUP_COMMIT;
    process.env.QUORUM_SQLITE_GROUP_COMMIT = groupCommit;
    try {
      database = await openDatabase({ url: ":memory:" });
    } finally {
      if (saved === undefined) delete process.env.QUORUM_SQLITE_GROUP_COMMIT;
      else process.env.QUORUM_SQLITE_GROUP_COMMIT = saved;
    }
    await sql`create table notes (id integer primary key)`.execute(database.db);
    await sql`insert into notes (id) values (1), (2), (3), (4)`.execute(database.db);
    return database.db;
  }

  it("writes an integer limit into the statement and still limits the rows", async () => {
    const db = await open();
    const page = (n: number) =>
      db
        .selectFrom("notes" as never)
        .select(sql<number>`id`.as("id"))
        .orderBy(sql`id`)
        .limit(n);
    const compiled = page(2).compile();
    expect(compiled.sql).toMatch(/ limit 2$/);
    expect(compiled.parameters).toEqual([]);
    expect(await page(2).execute()).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await page(3).execute()).toHaveLength(3);
  });

  it("binds a limit that is not a plain integer, as before", async () => {
    const db = await open();
    const compiled = db
      .selectFrom("notes" as never)
      .select(sql<number>`id`.as("id"))
      .limit(sql<number>`${1} + ${1}`)
      .compile();
    expect(compiled.sql).toMatch(/ limit \? \+ \?$/);
    expect(compiled.parameters).toEqual([1, 1]);
  });
});
