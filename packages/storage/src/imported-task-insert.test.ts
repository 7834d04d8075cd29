import { parseLabelSchema } from "@quorum/core";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sqliteHandleOf } from "./database.js";
import { importedTaskInsert } from "./imported-task-insert.js";
import { newTaskShared } from "./repositories/task-rows.js";
import { seedProject, TEST_NOW, testTargets } from "./testing.js";

const sqliteTarget = (await testTargets()).find((target) => target.dialect === "sqlite")!;

/** A task's own values, in `NEW_TASK_OWN_COLUMNS` order. */
function own(externalId: string, language: string | null): unknown[] {
  return [externalId, language, '{"text":"t"}', null, null, 0, 0, 3, "open", null];
}

describe("importedTaskInsert", () => {
  it("refuses a shared value that is not an integer, since shared values are written into the statement's text", () => {
    const sqlite = new SQLite(":memory:");
    try {
      for (const bad of [1.5, Number.NaN, "1); drop table tasks; --" as unknown as number])
        expect(() => importedTaskInsert(sqlite, { ...newTaskShared(1, 1, 1), batch_id: bad })).toThrow(/integer/);
    } finally {
      sqlite.close();
    }
  });

  it("leaves nothing of a chunk refused part-way once the import's transaction rolls back", async () => {
    const database = await sqliteTarget.open();
    try {
      const schema = parseLabelSchema({ type: "rating", min: 0, max: 4 });
      const { project } = await seedProject(database, { schema, overlap: 3, tasks: [], now: TEST_NOW });
      const sqlite = sqliteHandleOf(database.db)!;
      const count = () => sqlite.prepare("select count(*) as n from tasks").get() as { n: number };
      const insert = importedTaskInsert(sqlite, newTaskShared(project.id, 1, TEST_NOW));
      sqlite.exec("begin");
      expect(() => insert(3, [...own("a", "en"), ...own("b", null), ...own("c", "en")])).toThrow(/NOT NULL/);
      sqlite.exec("rollback");
      expect(count().n).toBe(0);

      sqlite.exec("begin");
      insert(3, [...own("a", "en"), ...own("b", "de"), ...own("c", "en")]);
      sqlite.exec("commit");
      expect(count().n).toBe(3);
    } finally {
      await database.close();
    }
  });
});
