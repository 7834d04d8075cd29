import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type Kysely, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.js";
import { executeSql } from "./prepared-statement.js";
import type { DB } from "./schema.js";
import { groupCommitEnabled, runInTransaction } from "./sqlite-group-commit.js";
import { countStatements } from "./testing/count-statements.js";
import { inTransaction } from "./transaction.js";

/** Transactions of one event-loop turn share one SQLite COMMIT; no caller hears of success before it. */
describe.runIf(groupCommitEnabled())("group commit on a SQLite file", () => {
  let dir: string;
  let path: string;
  let database: Database;
  /** A second connection, as another process would see the file. */
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "quorum-group-commit-"));
    path = join(dir, "quorum.db");
    database = await openDatabase({ url: path });
    await sql`create table notes (id integer primary key, text text not null unique, parent integer references notes (id))`.execute(
      database.db,
    );
    other = new SQLite(path, { readonly: true });
  });

  afterEach(async () => {
    other.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const note = (db: Kysely<DB>, text: string, parent: number | null = null) =>
    sql`insert into notes (text, parent) values (${text}, ${parent})`.execute(db);
  const committed = () => (other.prepare("select text from notes order by text").pluck().all() as string[]).sort();

  it("commits concurrent transactions once, all visible to another connection when they resolve", async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const statements = await countStatements(() =>
      Promise.all(texts.map((text) => inTransaction(database, (trx) => note(trx, text)))),
    );
    expect(statements.filter((s) => s === "commit")).toHaveLength(1);
    expect(committed()).toEqual(texts.sort());
  });

  it("undoes only the transaction that fails", async () => {
    const results = await Promise.allSettled([
      inTransaction(database, (trx) => note(trx, "kept 1")),
      inTransaction(database, async (trx) => {
        await note(trx, "undone");
        throw new Error("changed my mind");
      }),
      database.db.transaction().execute((trx) => note(trx, "kept 2")),
      // A unique violation: SQLite fails the statement, not the transaction.
      inTransaction(database, (trx) => note(trx, "kept 1")),
      inTransaction(database, (trx) => note(trx, "kept 3")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
    expect(committed()).toEqual(["kept 1", "kept 2", "kept 3"]);
  });

  /** A statement of `inTransaction` run past Kysely's executor (`runInTransaction`), as prepared statements are. */
  const directNote = (db: Kysely<DB>, text: string) => executeSql(db, "insert into notes (text) values (?)", [text]);

  it("runs statements straight on the connection with the same commit and rollback", async () => {
    let direct: unknown;
    const results = await Promise.allSettled([
      inTransaction(database, async (trx) => {
        direct = runInTransaction(trx, "select count(*) as n from notes", []);
        await directNote(trx, "kept 1");
      }),
      inTransaction(database, async (trx) => {
        await directNote(trx, "undone");
        throw new Error("changed my mind");
      }),
      inTransaction(database, (trx) => directNote(trx, "kept 1")),
      inTransaction(database, async (trx) => {
        await directNote(trx, "kept 2");
        await note(trx, "kept 3");
      }),
    ]);
    expect(direct).toEqual({ rows: [{ n: 0 }] });
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(committed()).toEqual(["kept 1", "kept 2", "kept 3"]);
  });

  it("runs no statement straight on the connection for a transaction that has ended", async () => {
    let stale: Kysely<DB> | undefined;
    await inTransaction(database, async (trx) => {
      stale = trx;
    });
    await inTransaction(database, async (trx) => {
      expect(runInTransaction(stale!, "select 1", [])).toBeUndefined();
      // Kysely's own refusal, thrown at the call as before.
      expect(() => directNote(stale!, "late")).toThrow(/already committed/);
      await directNote(trx, "on time");
    });
    expect(committed()).toEqual(["on time"]);
  });

  it("gives a read's rows as better-sqlite3 does, built from its raw rows", async () => {
    await note(database.db, "first");
    const reads = [
      "select id, text, parent, null as none, x'00ff' as bytes, 1.5 as half, count(*) over () as \"count(*)\" from notes",
      // Names a literal cannot keep as better-sqlite3 does: read as better-sqlite3 gives them.
      "select id, text as id from notes",
      "select text as __proto__, id from notes",
    ];
    for (const text of reads) {
      const { rows } = await database.db.executeQuery(CompiledQuery.raw(text, []));
      const expected = other.prepare(text).all() as object[];
      expect(rows.map((row) => Object.entries(row as object))).toEqual(expected.map((row) => Object.entries(row)));
      expect(rows.map(Object.getPrototypeOf)).toEqual(expected.map(Object.getPrototypeOf));
    }
    // A column added since the statement was first run: SQLite prepares it again, and it shows.
    const all = () => database.db.executeQuery(CompiledQuery.raw("select * from notes", [])).then((r) => r.rows);
    expect(Object.keys((await all())[0] as object)).toEqual(["id", "text", "parent"]);
    await sql`alter table notes add column extra text default 'x'`.execute(database.db);
    expect((await all())[0]).toMatchObject({ id: 1, text: "first", parent: null, extra: "x" });
  });

  /** SQLite's temporary files this process holds open (a statement journal past 64 KiB is one). */
  const temporaryFiles = () =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).includes("etilqs_");
      } catch {
        return false; // closed meanwhile (the directory's own descriptor)
      }
    }).length;

  /**
   * A group's first transaction, then a later one that rewrites every note (some 600 KiB of
   * pages, which its savepoint journal must hold): how many temporary files were open while the
   * later one ran, and how many COMMITs the two took.
   */
  let rounds = 0;
  async function rewriteAfterFirst(options: { firstSmall: boolean; laterSmall: boolean }) {
    const filler = `${++rounds}${"x".repeat(300)}`;
    await sql`with recursive n (i) as (select 1 union all select i + 1 from n where i < 2000)
      insert into notes (text) select ${filler} || i from n`.execute(database.db);
    let open = -1;
    const statements = await countStatements(() =>
      Promise.all([
        inTransaction(database, (trx) => note(trx, "first"), { small: options.firstSmall }),
        inTransaction(
          database,
          async (trx) => {
            await sql`update notes set text = text || '!'`.execute(trx);
            open = temporaryFiles();
          },
          { small: options.laterSmall },
        ),
      ]),
    );
    return { open, commits: statements.filter((s) => s === "commit").length };
  }

  it.runIf(process.platform === "linux")(
    "keeps a group of small transactions' savepoint journals in memory, and no other's",
    async () => {
      expect(await rewriteAfterFirst({ firstSmall: true, laterSmall: true })).toEqual({ open: 0, commits: 1 });
      // The same journal of an ordinary group goes to a file, as SQLite does by default.
      expect(await rewriteAfterFirst({ firstSmall: false, laterSmall: false })).toEqual({ open: 1, commits: 1 });
      // A small transaction may join an ordinary group; its journal then goes to the file too.
      expect(await rewriteAfterFirst({ firstSmall: false, laterSmall: true })).toEqual({ open: 1, commits: 1 });
      // An ordinary transaction never joins a small group: the group commits before it begins,
      // and its statement's journal goes to a file.
      expect(await rewriteAfterFirst({ firstSmall: true, laterSmall: false })).toEqual({ open: 1, commits: 2 });
      expect(committed().filter((text) => text.startsWith("first"))).toHaveLength(4);
    },
  );

  it("sets temporary storage back to the default once a small group has begun", async () => {
    const setting = await inTransaction(
      database,
      (trx) => sql<{ temp_store: number }>`pragma temp_store`.execute(trx).then((r) => r.rows[0]?.temp_store),
      { small: true },
    );
    expect(setting).toBe(0);
  });

  it("resolves a transaction only after the shared COMMIT", async () => {
    let firstResolved = false;
    const first = inTransaction(database, (trx) => note(trx, "first")).then(() => {
      firstResolved = true;
      return committed();
    });
    // The second runs after the first is done but in the same turn, so in the same group.
    const seenDuringSecond = await inTransaction(database, async (trx) => {
      const own = await sql<{ text: string }>`select text from notes`.execute(trx);
      return { firstResolved, own: own.rows.map((r) => r.text), committed: committed() };
    });
    expect(seenDuringSecond).toEqual({ firstResolved: false, own: ["first"], committed: [] });
    expect(await first).toEqual(["first"]);
  });

  it("fails every transaction of the group when the shared COMMIT fails", async () => {
    const results = await Promise.allSettled([
      inTransaction(database, (trx) => note(trx, "innocent 1")),
      inTransaction(database, async (trx) => {
        // Foreign keys checked at COMMIT: a dangling reference passes every statement, fails there.
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await note(trx, "dangling", 999);
      }),
      inTransaction(database, (trx) => note(trx, "innocent 2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" });
    expect(committed()).toEqual([]);
    // The connection is usable again.
    await inTransaction(database, (trx) => note(trx, "later"));
    expect(committed()).toEqual(["later"]);
  });

  it("makes a write outside any transaction durable when it returns, the open group with it", async () => {
    const grouped = inTransaction(database, (trx) => note(trx, "grouped"));
    await note(database.db, "alone");
    expect(committed()).toEqual(["alone", "grouped"]);
    await grouped;
  });

  it("runs a transaction inside db.connection() and the connection's later statements as before", async () => {
    const [seen] = await Promise.all([
      database.db.connection().execute(async (conn) => {
        await conn.transaction().execute((trx) => note(trx, "inner"));
        const durable = committed();
        await note(conn, "after");
        return durable;
      }),
      inTransaction(database, (trx) => note(trx, "beside")),
    ]);
    expect(seen).toContain("inner");
    expect(committed()).toEqual(["after", "beside", "inner"]);
  });

  it("commits the open group on close", async () => {
    const grouped = inTransaction(database, (trx) => note(trx, "grouped"));
    // A read outside a transaction runs inside the open group and leaves it open.
    expect((await sql<{ n: number }>`select count(*) as n from notes`.execute(database.db)).rows).toEqual([{ n: 1 }]);
    expect(committed()).toEqual([]);
    await database.close();
    await grouped;
    expect(committed()).toEqual(["grouped"]);
    database = await openDatabase({ url: path });
  });
  it("waits for another process's write lock while the event loop serves on, then writes", async () => {
    const rival = new SQLite(path);
    try {
      rival.prepare("begin immediate").run();
      rival.prepare("insert into notes (text) values ('rival')").run();
      let settled = false;
      const waiting = Promise.all([
        inTransaction(database, (trx) => note(trx, "in a transaction")),
        note(database.db, "alone"),
      ]).finally(() => {
        settled = true;
      });
      // Timers still fire: the wait is not a busy timeout sleeping on the event loop.
      const ticks = await new Promise<number>((resolve) => {
        let count = 0;
        const timer = setInterval(() => {
          if (++count === 5) {
            clearInterval(timer);
            resolve(count);
          }
        }, 5);
      });
      expect(ticks).toBe(5);
      expect(settled).toBe(false);
      rival.prepare("commit").run();
      await waiting;
      expect(committed()).toEqual(["alone", "in a transaction", "rival"]);
    } finally {
      rival.close();
    }
  });
});
