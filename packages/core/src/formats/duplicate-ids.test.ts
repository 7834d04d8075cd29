import { describe, expect, it } from "vitest";
import { duplicateOutcome, SkippedList } from "./duplicate-ids.js";

describe("duplicate task ids", () => {
  it("makes a duplicate a problem of the file under reject and a skipped task under skip", () => {
    expect(duplicateOutcome("reject", { line: 5 }, "x", { kind: "line", line: 2 })).toEqual({
      kind: "issue",
      issue: { line: 5, path: "id", message: 'id "x" repeats line 2' },
    });
    expect(duplicateOutcome("skip", { line: 5 }, "x", { kind: "task", taskId: 41 })).toEqual({
      kind: "skip",
      skipped: { line: 5, id: "x", reason: 'id "x" already exists in this project (task #41)' },
    });
  });

  it("names both tasks of a Label Studio array on one line by their place in it", () => {
    const earlier = { kind: "line" as const, item: 1, line: 1 };
    expect(duplicateOutcome("reject", { item: 3, line: 1 }, "x", earlier)).toEqual({
      kind: "issue",
      issue: { item: 3, line: 1, path: "id", message: 'id "x" repeats item 1 (line 1)' },
    });
    expect(duplicateOutcome("skip", { item: 3, line: 1 }, "x", { kind: "task", taskId: 41 })).toEqual({
      kind: "skip",
      skipped: { item: 3, line: 1, id: "x", reason: 'id "x" already exists in this project (task #41)' },
    });
  });

  it("counts every skipped task and lists the first few", () => {
    const list = new SkippedList(2);
    for (let line = 1; line <= 5; line++) list.add({ line, id: "x", reason: "r" });
    expect(list.count).toBe(5);
    expect(list.listed.map((s) => s.line)).toEqual([1, 2]);
  });
});
