import { describe, expect, it } from "vitest";
import { type QualityReport, scopedQualityReport } from "../quality-report/quality-report.js";
import { RollupSums } from "./rollup-cell.js";
import { languagesFromRollups, rollupTable, worstPairs } from "./rollup-report.js";

/** `tasks` gold tasks of a language in one confidence bin, `correct` of them labelled right. */
function calibration(
  sums: RollupSums,
  language: string,
  bin: number,
  tasks: number,
  confidence: number,
  correct: number,
) {
  sums.add("calibration", [language, bin], tasks, tasks * confidence, correct);
}

describe("languagesFromRollups", () => {
  it("flags a language whose confidences overstate its accuracy on enough gold tasks", () => {
    const sums = new RollupSums();
    sums.add("annotator", [1, "de"], 50, 30, 18);
    sums.add("annotator", [1, "en"], 50, 30, 27);
    sums.add("annotator", [2, "ja"], 5, 5, 1);
    // German: 25 tasks at 95% confidence, only 15 right (ECE 0.35). English: 25 at 90%, 23 right.
    calibration(sums, "de", 9, 25, 0.95, 15);
    calibration(sums, "en", 9, 25, 0.9, 23);
    // Japanese is as far off but on 5 tasks only: too few to flag.
    calibration(sums, "ja", 9, 5, 0.95, 1);
    const rows = languagesFromRollups(rollupTable(sums.nonZero()));
    expect(rows.map((r) => [r.language, r.miscalibrated])).toEqual([
      ["de", true],
      ["en", false],
      ["ja", false],
    ]);
    expect(rows[0]!.calibration.ece).toBeCloseTo(0.35, 4);
    expect(rows[0]!.goldAccuracy).toMatchObject({ estimate: 0.6, n: 30 });
    expect(rows[0]!.calibration.bins[9]).toMatchObject({ tasks: 25, meanConfidence: 0.95 });
    expect(rows[1]!.calibration.ece).toBeCloseTo(0.02, 4);
  });
});

describe("worstPairs and scopedQualityReport", () => {
  const pairs = [
    { first: 1, second: 2, items: 40, agreement: 0.9, kappa: 0.8 },
    { first: 1, second: 3, items: 12, agreement: 0.4, kappa: 0.05 },
    { first: 2, second: 3, items: 9, agreement: 0.1, kappa: -0.3 },
    { first: 3, second: 4, items: 20, agreement: 0.5, kappa: null },
  ];

  it("lists pairs with at least 10 tasks in common, lowest kappa first, undefined kappa last", () => {
    expect(worstPairs(pairs, 10).map((p) => [p.first, p.second])).toEqual([
      [1, 3],
      [1, 2],
      [3, 4],
    ]);
  });

  it("keeps only the people in scope and pairs between them", () => {
    const report = {
      annotators: [{ id: 1 }, { id: 2 }, { id: 3 }],
      pairs: worstPairs(pairs, 10),
      pairCount: 3,
    } as unknown as QualityReport;
    const scoped = scopedQualityReport(report, (id) => id !== 3);
    expect(scoped.annotators.map((a) => a.id)).toEqual([1, 2]);
    expect(scoped.pairs.map((p) => [p.first, p.second])).toEqual([[1, 2]]);
    expect(scoped.pairCount).toBe(1);
  });
});
