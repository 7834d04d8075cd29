import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { migrateToLatest } from "./migrate.js";

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
      await new Promise((resolve) => setTimeout(resolve, 1500));
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
