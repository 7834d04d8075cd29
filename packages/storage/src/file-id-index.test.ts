import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileIdIndex } from "./file-id-index.js";

describe("the ids of an import file, kept on disk", () => {
  let directory: string;
  let index: FileIdIndex;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "quorum-ids-test-"));
    index = new FileIdIndex(directory);
  });
  afterEach(() => {
    index.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("finds ids repeating an earlier task, and first holders of an id the project has, in file order", () => {
    // Tasks 0 and 1 share line 1 (a Label Studio array on one line).
    index.add([
      { ordinal: 0, line: 1, id: "a" },
      { ordinal: 1, line: 1, id: "b", storedTask: 7 },
      { ordinal: 2, line: 2, id: "a" },
    ]);
    index.add([
      { ordinal: 4, line: 4, id: "b", storedTask: 7 },
      { ordinal: 5, line: 5, id: "c" },
      { ordinal: 6, line: 6, id: "A" },
      { ordinal: 7, line: 7, id: "a" },
    ]);
    // A scratch file: written without a rollback journal.
    expect(readdirSync(directory)).toEqual(["ids.sqlite"]);
    expect([...index.findDuplicates()]).toEqual([
      { ordinal: 1, line: 1, id: "b", earlier: { kind: "task", taskId: 7 } },
      { ordinal: 2, line: 2, id: "a", earlier: { kind: "line", line: 1 } },
      { ordinal: 4, line: 4, id: "b", earlier: { kind: "line", line: 1 } },
      { ordinal: 7, line: 7, id: "a", earlier: { kind: "line", line: 1 } },
    ]);
    expect(index.leaveOut(5, 5, "c")).toBe(true);
    expect(index.leaveOut(2, 2, "a")).toBe(false);
    expect([...index.leftOut()]).toEqual([1, 2, 4, 5, 7]);
  });

  it("holds ids with any characters, and reads back more than a page of them", () => {
    const odd = ["x\ty", "line\nbreak", '"quoted"', "🙂", " a", "\\"];
    const items = Array.from({ length: 5000 }, (_, i) => ({ ordinal: i, line: i + 1, id: odd[i % odd.length]! }));
    index.add(items);
    const found = [...index.findDuplicates()];
    expect(found).toHaveLength(5000 - odd.length);
    expect(found[0]).toEqual({ ordinal: 6, line: 7, id: "x\ty", earlier: { kind: "line", line: 1 } });
    expect(found.at(-1)).toEqual({ ordinal: 4999, line: 5000, id: "line\nbreak", earlier: { kind: "line", line: 2 } });
    expect([...index.leftOut()]).toEqual(found.map((d) => d.ordinal));
  });

  it("keeps every field of a list that is not a whole number of statements long", () => {
    // 250 tasks: two statements of 100 rows and 50 of one row; every 7th id is the project's.
    const items = Array.from({ length: 250 }, (_, i) => ({
      ordinal: i,
      line: i + 2,
      id: `id-${i}`,
      ...(i % 7 === 3 ? { storedTask: 1000 + i } : {}),
    }));
    index.add(items);
    const expected = items
      .filter((item) => item.storedTask !== undefined)
      .map(({ ordinal, line, id, storedTask }) => ({
        ordinal,
        line,
        id,
        earlier: { kind: "task", taskId: storedTask },
      }));
    expect([...index.findDuplicates()]).toEqual(expected);
  });
});
