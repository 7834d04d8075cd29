import { describe, expect, it } from "vitest";
import { encodeAnswers } from "./answers.js";
import { distanceDecayPrior, ordinalDawidSkene } from "./ordinal-ds.js";

describe("ordinalDawidSkene", () => {
  it("reports the posterior median grade rather than the mode, and the mean grade", () => {
    // Grades 0,0,3,4,4: vote shares 0.4 / 0.2 / 0.4 on grades 0 / 3 / 4. With no EM iteration the
    // posterior is those shares: mode 0 (the lowest of the tied), median 3, mean 2.2.
    const answers = encodeAnswers(
      [0, 0, 3, 4, 4].map((grade, w) => ({ task: "q", worker: `w${w}`, label: `${grade}` })),
      ["0", "1", "2", "3", "4"],
    );
    const median = ordinalDawidSkene(answers, { maxIterations: 0 });
    expect(median.label[0]).toBe(3);
    expect(median.confidence[0]).toBeCloseTo(0.2);
    expect(median.expectedGrade[0]).toBeCloseTo(2.2);
    expect(ordinalDawidSkene(answers, { maxIterations: 0, decision: "mode" }).label[0]).toBe(0);
  });

  it("builds a prior whose rows sum to the strength and decay away from the diagonal", () => {
    const prior = distanceDecayPrior(4, 2, 0.5);
    for (let k = 0; k < 4; k++) {
      const row = Array.from(prior.subarray(k * 4, k * 4 + 4));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(2);
      expect(row[k]).toBe(Math.max(...row));
    }
    expect(prior[0 * 4 + 1]! / prior[0 * 4 + 2]!).toBeCloseTo(2);
  });
});
