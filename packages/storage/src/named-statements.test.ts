import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, pgPoolOf } from "./database.js";
import { executeText } from "./execute-literal.js";
import { hotStatementName } from "./named-statements.js";
import { PreparedStatement } from "./prepared-statement.js";
import type { DB } from "./schema.js";
import { countStatements } from "./testing/count-statements.js";
import { testTargets } from "./testing.js";
import { inTransaction } from "./transaction.js";

const postgres = (await testTargets()).filter((target) => target.dialect === "postgres");

const unitsFrom = new PreparedStatement<{ id: number; name: string }, "from">((db, slot) =>
  db.selectFrom("business_units").select(["id", "name"]).where("id", ">=", slot("from")).orderBy("id"),
);

type Odd = "text" | "json" | "big" | "list" | "none" | "flag";
const echo = new PreparedStatement<Record<Odd, unknown>, Odd>(
  (_db, slot) => sql`select ${slot("text")}::text as text, ${slot("json")}::jsonb as json, ${slot("big")}::int8 as big,
    ${slot("list")}::text[] as list, ${slot("none")}::text as none, ${slot("flag")}::boolean as flag`,
);
const addUnit = new PreparedStatement<{ id: number }, "name">((db, slot) =>
  db
    .insertInto("business_units")
    .values({ name: slot("name"), created_at: 0 })
    .returning("id"),
);
const unitsNamed = new PreparedStatement<{ n: number }, "name">(
  (_db, slot) => sql`select count(*)::int as n from business_units where name = ${slot("name")}`,
);
/** A write whose result is not read, held to go with what follows it. */
const addUnitLater = new PreparedStatement<never, "name" | "createdAt">(
  (db, slot) => db.insertInto("business_units").values({ name: slot("name"), created_at: slot("createdAt") }),
  { sendWithNext: true },
);
/** An insert its transaction commits with. */
const addUnitAndCommit = new PreparedStatement<{ id: number }, "name">(
  (db, slot) =>
    db
      .insertInto("business_units")
      .values({ name: slot("name"), created_at: 0 })
      .returning("id"),
  { endsTransaction: true },
);
const waitForKey = new PreparedStatement<unknown, "key">(
  (_db, slot) => sql`select pg_advisory_xact_lock(${slot("key")}::int, 7)`,
  { sendWithNext: true },
);

const HOSTILE = [
  "'); drop table business_units; --",
  "\\'); select 1; --",
  "back\\slash and 'quote' and \\'",
  "E'\\x41' $1 $$ dollar $$ ; -- /* */",
  "Ωμέγα 😀 \u00e9\n\ttab",
  "",
];

/** Runs `body` with one connection of `database`, and the round trips it made. */
async function onOneConnection<T>(database: Database, body: (conn: Kysely<DB>) => Promise<T>) {
  let result: T | undefined;
  const sent = await countStatements(() =>
    database.db.connection().execute(async (conn) => {
      result = await body(conn);
    }),
  );
  return { result: result as T, sent };
}

/** `body` in a transaction begun and ended as Kysely's driver does it (`begin`, then `commit` or `rollback`). */
async function inBegun<T>(conn: Kysely<DB>, body: () => Promise<T>, end: "commit" | "rollback" = "commit") {
  await sql`begin`.execute(conn);
  try {
    return await body();
  } finally {
    await sql.raw(end).execute(conn);
  }
}

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

  it("sends begin with the transaction's first prepared statement, values of every kind unchanged", async () => {
    const values = (text: string) => ({
      text,
      json: { text, n: [1, null, "x"], nested: { "q'uote": "\\" } },
      big: 9007199254740991,
      list: ["a", text, "c,d", "{e}", null],
      none: null,
      flag: false,
    });
    const { result, sent } = await onOneConnection(database, async (conn) => {
      await inBegun(conn, () => echo.run(conn, "postgres", values("warm"))); // prepares it
      const rows = [];
      for (const text of HOSTILE)
        rows.push(...(await inBegun(conn, () => echo.run(conn, "postgres", values(text)))).rows);
      return rows;
    });
    expect(result).toEqual(HOSTILE.map((text) => ({ ...values(text), big: 9007199254740991 })));
    const merged = sent.filter((text) => text.startsWith("begin; select "));
    expect(merged, sent.join("\n")).toHaveLength(HOSTILE.length);
    expect(await database.db.selectFrom("business_units").select("id").execute()).toHaveLength(5);
  });

  it("writes no value that could end its literal early", () => {
    expect(executeText("q_x", ["it's", "a\\b", 5, null, true, [1, 2]])).toBe(
      "execute q_x('it''s',  E'a\\\\b', '5', NULL, 'true', '{\"1\",\"2\"}')",
    );
    expect(executeText("q_x", [])).toBe("execute q_x");
    // Sent the ordinary way instead: bytes are bound as binary, and NUL would end the query text.
    expect(executeText("q_x", [Buffer.from("a")])).toBeUndefined();
    expect(executeText("q_x", ["a\u0000b"])).toBeUndefined();
  });

  it("rolls back what a merged begin and its statement wrote", async () => {
    const { sent } = await onOneConnection(database, async (conn) => {
      await inBegun(conn, () => addUnit.run(conn, "postgres", { name: "warm" }), "rollback");
      await inBegun(conn, () => addUnit.run(conn, "postgres", { name: "rolled back" }), "rollback");
      await expect(
        conn.transaction().execute(async (trx) => {
          await addUnit.run(trx, "postgres", { name: "rolled back" });
          throw new Error("the body failed");
        }),
      ).rejects.toThrow("the body failed");
    });
    expect(sent.filter((text) => text.startsWith("begin; insert into"))).toHaveLength(2);
    expect((await unitsNamed.run(database.db, "postgres", { name: "rolled back" })).rows[0]?.n).toBe(0);
  });

  it("reads after the lock sent with it is granted, seeing what its holder committed", async () => {
    const pool = pgPoolOf(database.db)!;
    const holder = await pool.connect();
    try {
      const { result, sent } = await onOneConnection(database, async (conn) => {
        const read = () =>
          inBegun(conn, async () => {
            await waitForKey.run(conn, "postgres", { key: 41 });
            return (await unitsNamed.run(conn, "postgres", { name: "committed meanwhile" })).rows[0]?.n;
          });
        await read(); // prepares both
        await holder.query("begin");
        await holder.query("select pg_advisory_xact_lock(41, 7)");
        await holder.query("insert into business_units (name, created_at) values ('committed meanwhile', 0)");
        const reading = read();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await holder.query("commit");
        return reading;
      });
      expect(result).toBe(1);
      expect(sent.filter((text) => text.startsWith("begin; select pg_advisory_xact_lock"))).toHaveLength(1);
    } finally {
      holder.release();
      await database.db.deleteFrom("business_units").where("name", "=", "committed meanwhile").execute();
    }
  });

  it("sends a transaction's last held write with its commit, and alone outside a transaction", async () => {
    const { sent } = await onOneConnection(database, async (conn) => {
      for (const name of ["held 1", "held 2"])
        await conn.transaction().execute(async (trx) => {
          await unitsNamed.run(trx, "postgres", { name });
          await addUnitLater.run(trx, "postgres", { name, createdAt: 0 });
        });
      await addUnitLater.run(conn, "postgres", { name: "held 3", createdAt: 0 });
      await addUnitLater.run(conn, "postgres", { name: "held 4", createdAt: 0 });
    });
    expect(sent.filter((text) => text.startsWith("insert into") && text.endsWith("; commit"))).toHaveLength(1);
    const stored = await database.db
      .selectFrom("business_units")
      .select("name")
      .where("name", "like", "held %")
      .execute();
    expect(stored.map((row) => row.name).sort()).toEqual(["held 1", "held 2", "held 3", "held 4"]);
    await database.db.deleteFrom("business_units").where("name", "like", "held %").execute();
  });

  it("commits with an endsTransaction statement, its own result the answer, and sends no commit after it", async () => {
    const { result, sent } = await onOneConnection(database, async (conn) => {
      const ids: number[] = [];
      for (const name of ["ending 1", "ending 2"])
        await conn.transaction().execute(async (trx) => {
          await unitsNamed.run(trx, "postgres", { name });
          ids.push((await addUnitAndCommit.run(trx, "postgres", { name })).rows[0]!.id);
          // A read after it runs on its own and sees the committed row.
          expect((await unitsNamed.run(trx, "postgres", { name })).rows[0]?.n).toBe(1);
        });
      // Committed already: a failing body rolls back nothing.
      await expect(
        conn.transaction().execute(async (trx) => {
          await unitsNamed.run(trx, "postgres", { name: "ending 3" });
          await addUnitAndCommit.run(trx, "postgres", { name: "ending 3" });
          throw new Error("the body failed");
        }),
      ).rejects.toThrow("the body failed");
      // A failing one commits nothing.
      await expect(
        conn.transaction().execute(async (trx) => {
          await addUnit.run(trx, "postgres", { name: "ending 4" });
          await addUnitAndCommit.run(trx, "postgres", { name: "ending 1" });
        }),
      ).rejects.toMatchObject({ code: "23505" });
      return ids;
    });
    expect(result).toHaveLength(2);
    expect(
      sent.filter((text) => /^insert into .*; commit$/s.test(text)),
      sent.join("\n"),
    ).toHaveLength(3);
    // The first run prepares it, sent apart and committed as usual; the failing one is rolled back.
    expect(
      sent.filter((text) => text === "commit" || text === "rollback"),
      sent.join("\n"),
    ).toEqual(["commit", "rollback"]);
    const written = database.db.selectFrom("business_units").where("name", "like", "ending _");
    const stored = await written.select(["id", "name"]).orderBy("id").execute();
    expect(stored.map((row) => row.name)).toEqual(["ending 1", "ending 2", "ending 3"]);
    expect(stored.slice(0, 2).map((row) => row.id)).toEqual(result);
    await database.db.deleteFrom("business_units").where("name", "like", "ending _").execute();
  });

  it("fails the commit of a held write that fails, and stores nothing of its transaction", async () => {
    await database.db.connection().execute(async (conn) => {
      const write = (i: number, createdAt: unknown) =>
        conn.transaction().execute(async (trx) => {
          await addUnit.run(trx, "postgres", { name: `before write ${i}` });
          await addUnitLater.run(trx, "postgres", { name: `write ${i}`, createdAt });
        });
      await write(1, 0);
      await expect(write(2, "not a number")).rejects.toMatchObject({ code: "22P02" });
      await write(3, 0); // the connection is usable again
    });
    const written = database.db.selectFrom("business_units").where("name", "like", "%write _");
    const stored = await written.select("name").execute();
    expect(stored.map((row) => row.name).sort()).toEqual(["before write 1", "before write 3", "write 1", "write 3"]);
    await database.db.deleteFrom("business_units").where("name", "like", "%write _").execute();
  });

  it("tries a transaction again when a write held in it was lost by the server (26000)", async () => {
    const own = await target.open(); // merging stops for this pool
    try {
      await own.db.connection().execute(async (conn) => {
        const write = (name: string) =>
          inTransaction({ ...own, db: conn }, async (trx) => {
            await unitsNamed.run(trx, "postgres", { name });
            await addUnitLater.run(trx, "postgres", { name, createdAt: 0 });
          });
        await write("lost write 1"); // prepares both
        const name = hotStatementName(addUnitLater.compiled(conn, "postgres", { name: "", createdAt: 0 }).sql) ?? "";
        await sql.raw(`deallocate ${name}`).execute(conn);
        const sent = await countStatements(() => write("lost write 2"));
        // Failed with the commit, then tried again the ordinary way.
        expect(
          sent.filter((text) => text.endsWith("; commit")),
          sent.join("\n"),
        ).toHaveLength(1);
        expect(
          sent.filter((text) => text === "commit"),
          sent.join("\n"),
        ).toHaveLength(1);
        expect((await unitsNamed.run(conn, "postgres", { name: "lost write 2" })).rows[0]?.n).toBe(1);
        expect((await preparedIn(conn)).has(name)).toBe(true);
      });
    } finally {
      await own.db.deleteFrom("business_units").where("name", "like", "lost write %").execute();
      await own.close();
    }
  });

  it("runs a statement the server no longer holds (26000) the ordinary way, prepared again", async () => {
    const own = await target.open(); // merging stops for this pool
    try {
      await own.db
        .insertInto("business_units")
        .values(Array.from({ length: 5 }, (_, i) => ({ name: `unit ${i}`, created_at: i })))
        .execute();
      await own.db.connection().execute(async (conn) => {
        await inBegun(conn, () => unitsFrom.run(conn, "postgres", { from: 2 }));
        const name = hotStatementName(unitsFrom.compiled(conn, "postgres", { from: 2 }).sql) ?? "";
        await sql.raw(`deallocate ${name}`).execute(conn);
        for (let i = 0; i < 3; i++) {
          const { rows } = await conn.transaction().execute((trx) => unitsFrom.run(trx, "postgres", { from: 2 }));
          expect(rows).toHaveLength(4);
        }
        expect((await preparedIn(conn)).has(name)).toBe(true);
      });
    } finally {
      await own.close();
    }
  });
});
