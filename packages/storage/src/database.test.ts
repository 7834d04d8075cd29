import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { migrateToLatest } from "./migrate.js";

/**
 * Whether a checkpoint has copied every frame of the write-ahead log into the database file: in
 * the WAL index (the -shm file, native byte order) nBackfill at byte 96 has reached mxFrame at 16.
 */
function walFramesAllCopied(path: string): boolean {
  const shm = readFileSync(`${path}-shm`);
  const read = (offset: number) => (endianness() === "LE" ? shm.readUInt32LE(offset) : shm.readUInt32BE(offset));
  return read(96) === read(16);
}

describe("embedded SQLite file", () => {
  it("checkpoints the write-ahead log in the background and leaves it empty on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quorum-wal-"));
    try {
      const path = join(dir, "quorum.db");
      const database = await openDatabase({ url: path });
      await migrateToLatest(database.db);
      const write = async (from: number) => {
        for (let i = from; i < from + 300; i++)
          await database.db
            .insertInto("business_units")
            .values({ name: `unit ${i}`, created_at: i })
            .execute();
      };
      await write(0);
      const afterFirst = statSync(`${path}-wal`).size;
      expect(afterFirst).toBeGreaterThan(0);
      // Requests never checkpoint; the background worker does, so the log is reused, not grown.
      // Waited for by its effect, not a fixed time: the worker ticks every second once its thread
      // has started, which on a loaded machine can take most of a second itself.
      await expect.poll(() => walFramesAllCopied(path), { timeout: 10_000 }).toBe(true);
      await write(300);
      expect(statSync(`${path}-wal`).size).toBeLessThan(afterFirst * 1.5);
      await database.close();
      expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);
      const reopened = await openDatabase({ url: path });
      const rows = await reopened.db.selectFrom("business_units").select("id").execute();
      expect(rows).toHaveLength(600);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a database written by a newer version", () => {
  it("is refused with a sentence that says so and names the migration it does not know", async () => {
    const database = await openDatabase({ url: ":memory:" });
    try {
      await migrateToLatest(database.db);
      await sql`insert into kysely_migration (name, timestamp) values ('29991231000000-from-the-future', '2999-12-31')`.execute(
        database.db,
      );
      await expect(migrateToLatest(database.db)).rejects.toThrow(
        /written by a newer version of Quorum \(it has migration 29991231000000-from-the-future/,
      );
    } finally {
      await database.close();
    }
  });
});
