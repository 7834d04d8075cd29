import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { hotStatementName } from "./named-statements.js";
import { PreparedStatement } from "./prepared-statement.js";
import type { DB } from "./schema.js";
import { testTargets } from "./testing.js";

const postgres = (await testTargets()).filter((target) => target.dialect === "postgres");

const unitsFrom = new PreparedStatement<{ id: number; name: string }, "from">((db, slot) =>
  db.selectFrom("business_units").select(["id", "name"]).where("id", ">=", slot("from")).orderBy("id"),
);

/** The statements prepared in the session of `conn`, by name. */
async function preparedIn(conn: Kysely<DB>) {
  const { rows } = await sql<{
    name: string;
    statement: string;
    generic_plans: number;
    custom_plans: number;
  }>`select name, statement, generic_plans, custom_plans from pg_prepared_statements`.execute(conn);
  return new Map(rows.map((row) => [row.name, row]));
}

describe.each(postgres)("hot statements on $dialect", (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
    await database.db
      .insertInto("business_units")
      .values(Array.from({ length: 5 }, (_, i) => ({ name: `unit ${i}`, created_at: i })))
      .execute();
  });
  afterAll(() => database.close());

  it("runs a registered statement prepared once per connection, with the rows of the plain query", async () => {
    await database.db.connection().execute(async (conn) => {
      const plain = await conn
        .selectFrom("business_units")
        .select(["id", "name"])
        .where("id", ">=", 2)
        .orderBy("id")
        .execute();
      expect(plain).toHaveLength(4);
      for (let i = 0; i < 7; i++) {
        const { rows } = await unitsFrom.run(conn, "postgres", { from: 2 });
        expect(rows).toEqual(plain);
      }
      const text = unitsFrom.compiled(conn, "postgres", { from: 2 }).sql;
      const name = hotStatementName(text);
      expect(name).toMatch(/^q_[0-9a-f]{16}$/);
      const prepared = await preparedIn(conn);
      const statement = prepared.get(name ?? "");
      expect(statement?.statement).toBe(text);
      // One statement, parsed once, served all 7 executions.
      expect((statement?.generic_plans ?? 0) + (statement?.custom_plans ?? 0)).toBe(7);
      // Dynamic SQL (a Kysely query built per call) stays unnamed.
      expect([...prepared.values()].some((p) => p.statement.includes("business_units") && p !== statement)).toBe(false);
    });
  });

  it("prepares nothing with QUORUM_PG_PREPARE=0", async () => {
    process.env.QUORUM_PG_PREPARE = "0";
    const off = await target.open().finally(() => {
      delete process.env.QUORUM_PG_PREPARE;
    });
    try {
      await off.db.connection().execute(async (conn) => {
        await unitsFrom.run(conn, "postgres", { from: 2 });
        expect((await preparedIn(conn)).size).toBe(0);
      });
    } finally {
      await off.close();
    }
  });
});
