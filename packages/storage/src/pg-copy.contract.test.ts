import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, pgPoolOf } from "./database.js";
import { copyRows, inClientTransaction } from "./pg-copy.js";
import { testTargets } from "./testing.js";

const postgres = (await testTargets()).filter((target) => target.dialect === "postgres");

describe.each(postgres)("a COPY on $dialect that does not finish", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await sql`create table copy_probe (n integer not null, t text)`.execute(database.db);
  });
  afterAll(() => database.close());

  const rows = (count: number, n: (i: number) => number | string) =>
    Array.from({ length: count }, (_, i) => ({ n: n(i), t: `row\t${i}` }));
  const stored = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from copy_probe`.execute(database.db)).rows[0]!.n);

  it("rolls back and reports the server's error when a row is refused after thousands were sent", async () => {
    const pool = pgPoolOf(database.db)!;
    const copy = inClientTransaction(pool, (_trx, client) =>
      copyRows(client, "copy_probe", ["n", "t"], async (write) => {
        for (let chunk = 0; chunk < 50; chunk++) await write(rows(1000, (i) => (chunk === 40 && i === 7 ? "x" : i)));
      }),
    );
    await expect(copy).rejects.toThrow(/invalid input syntax for type integer/);
    expect(await stored()).toBe(0);
  });

  it("abandons the COPY when the code sending it fails, and the pool goes on working", async () => {
    const pool = pgPoolOf(database.db)!;
    const copy = inClientTransaction(pool, (_trx, client) =>
      copyRows(client, "copy_probe", ["n", "t"], async (write) => {
        await write(rows(5000, (i) => i));
        throw new Error("line 5001: data: must be an object");
      }),
    );
    await expect(copy).rejects.toThrow("line 5001");
    expect(await stored()).toBe(0);
    const count = await inClientTransaction(pool, (_trx, client) =>
      copyRows(client, "copy_probe", ["n", "t"], async (write) => {
        await write(rows(3, (i) => i));
        return 3;
      }),
    );
    expect(count).toBe(3);
    expect(await stored()).toBe(3);
  });
});
