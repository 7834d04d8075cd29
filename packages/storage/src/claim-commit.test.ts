import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { serialiseAnnotatorClaims } from "./repositories/assignments.js";
import { testTargets } from "./testing.js";

const postgres = (await testTargets()).filter((target) => target.dialect === "postgres");

describe.each(postgres)("a lease claim's commit on $dialect", (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  const setting = async (db: Database["db"]) =>
    (await sql<{ value: string }>`select current_setting('synchronous_commit') as value`.execute(db)).rows[0]?.value;

  it("does not wait for the WAL flush, and only that transaction is changed", async () => {
    const before = await setting(database.db);
    expect(before).not.toBe("off");
    const inClaim = await database.db.transaction().execute(async (trx) => {
      await serialiseAnnotatorClaims(trx, "postgres", 1, 2);
      return setting(trx);
    });
    expect(inClaim).toBe("off");
    // Every connection of the pool is back to the server's setting (judgments still wait for the flush).
    const after = await Promise.all(
      Array.from({ length: 10 }, () => database.db.transaction().execute((trx) => setting(trx))),
    );
    expect(new Set(after)).toEqual(new Set([before]));
  });
});
