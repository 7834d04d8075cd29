import { describe, expect, it } from "vitest";
import { annotatorRows, filterAnnotatorRows, sortAnnotatorRows } from "./annotator-table.js";

const rows = annotatorRows([
  { id: 1, name: "Ada", judgments: 10, activeMs: 100_000, goldAnswered: 4, goldCorrect: 4, lastHour: 2 },
  { id: 2, name: "bob", judgments: 30, activeMs: 150_000, goldAnswered: 10, goldCorrect: 6, lastHour: 0 },
  { id: 3, name: "Cy", judgments: 0, activeMs: 0, goldAnswered: 0, goldCorrect: 0, lastHour: 0 },
]);

describe("annotator table", () => {
  it("derives speed and gold accuracy with its interval", () => {
    expect(rows[0]?.secondsPerJudgment).toBe(10);
    expect(rows[1]?.goldAccuracy).toBe(0.6);
    expect(rows[1]?.goldInterval?.low).toBeLessThan(0.6);
    expect(rows[2]?.secondsPerJudgment).toBeNull();
    expect(rows[2]?.goldInterval).toBeNull();
  });

  it("sorts either way with missing values last", () => {
    expect(sortAnnotatorRows(rows, "goldAccuracy", "desc").map((r) => r.id)).toEqual([1, 2, 3]);
    expect(sortAnnotatorRows(rows, "goldAccuracy", "asc").map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortAnnotatorRows(rows, "name", "asc").map((r) => r.name)).toEqual(["Ada", "bob", "Cy"]);
    expect(sortAnnotatorRows(rows, "judgments", "desc").map((r) => r.id)).toEqual([2, 1, 3]);
  });

  it("filters by name, low accuracy and recent activity", () => {
    const none = { text: "", maxAccuracy: null, activeNow: false };
    expect(filterAnnotatorRows(rows, { ...none, text: "BO" }).map((r) => r.id)).toEqual([2]);
    expect(filterAnnotatorRows(rows, { ...none, maxAccuracy: 0.8 }).map((r) => r.id)).toEqual([2]);
    expect(filterAnnotatorRows(rows, { ...none, activeNow: true }).map((r) => r.id)).toEqual([1]);
  });
});
