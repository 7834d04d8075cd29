import { describe, expect, it } from "vitest";
import { twoSidedZ } from "../quality/normal-quantile.js";
import { wilsonInterval } from "../quality/wilson-interval.js";
import { auditAccuracy } from "./audit-accuracy.js";
import { auditSampleSize } from "./audit-sample-size.js";

describe("auditSampleSize", () => {
  it("needs 2,401 reviews for ±2 points at 95% on a large population", () => {
    const size = auditSampleSize({ margin: 0.02, confidence: 0.95 });
    expect(size.unbounded).toBe(2401);
    expect(size.forPopulation(100_000_000)).toBe(2401);
  });

  it("applies the finite-population correction exactly (Cochran)", () => {
    const z = twoSidedZ(0.95);
    const n0 = (z * z * 0.25) / (0.02 * 0.02);
    for (const population of [10_000, 5000, 1000, 60, 1]) {
      const expected = Math.ceil(n0 / (1 + (n0 - 1) / population) - 1e-9);
      expect(auditSampleSize({ margin: 0.02, confidence: 0.95 }).forPopulation(population)).toBe(expected);
    }
    expect(auditSampleSize({ margin: 0.02, confidence: 0.95 }).forPopulation(10_000)).toBe(1937);
    expect(auditSampleSize({ margin: 0.02, confidence: 0.95 }).forPopulation(0)).toBe(0);
  });

  it("needs fewer reviews when high accuracy is expected", () => {
    expect(auditSampleSize({ margin: 0.02, confidence: 0.95, expectedAccuracy: 0.9 }).unbounded).toBe(865);
  });
});

describe("auditAccuracy", () => {
  it("counts only accepted verdicts as accurate, with the Wilson interval of the reviewed items", () => {
    const summary = auditAccuracy({ pending: 4, accepted: 41, corrected: 6, rejected: 3 }, 0.95);
    const wilson = wilsonInterval(41, 50, 0.95);
    expect(summary.reviewed).toBe(50);
    expect(summary.pending).toBe(4);
    expect(summary.accuracy).toEqual({ estimate: 0.82, low: wilson.lower, high: wilson.upper });
  });

  it("has no estimate and the whole [0, 1] range before any verdict", () => {
    expect(auditAccuracy({ pending: 3, accepted: 0, corrected: 0, rejected: 0 }, 0.9).accuracy).toEqual({
      estimate: null,
      low: 0,
      high: 1,
    });
  });
});
