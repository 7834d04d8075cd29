import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { importedTaskInsert } from "./imported-task-insert.js";
import { newTaskShared } from "./repositories/task-rows.js";

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
});
