import { mkdtempSync, rmSync } from "node:fs";
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

  it("remembers the first line of each id, within a chunk and across chunks", () => {
    expect(
      index.claim([
        { id: "a", line: 1 },
        { id: "b", line: 2 },
        { id: "a", line: 3 },
      ]),
    ).toEqual([undefined, undefined, 1]);
    expect(
      index.claim([
        { id: "a", line: 4 },
        { id: "c", line: 5 },
        { id: "b", line: 6 },
        { id: "A", line: 7 },
      ]),
    ).toEqual([1, undefined, 2, undefined]);
    expect(index.claim([])).toEqual([]);
  });

  it("holds ids with any characters", () => {
    const odd = ["x\ty", "line\nbreak", "\u0000nul", "🙂", "", " a"];
    expect(index.claim(odd.map((id, i) => ({ id, line: i + 1 })))).toEqual(odd.map(() => undefined));
    expect(index.claim(odd.map((id, i) => ({ id, line: i + 10 })))).toEqual(odd.map((_, i) => i + 1));
  });
});
