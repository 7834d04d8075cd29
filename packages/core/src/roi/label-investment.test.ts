import { describe, expect, it } from "vitest";
import {
  breakEvenPricePerPoint,
  compareLabelInvestments,
  errorReduction,
  labelInformation,
} from "./label-investment.js";
import type { LearningCurveFit } from "./learning-curve.js";

// A known curve err(n) = 2·n^(−0.5) + 0.05 with no estimation uncertainty.
const exact: LearningCurveFit = {
  a: 2,
  b: 0.5,
  c: 0.05,
  covariance: [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ],
  standardErrors: { a: 0, b: 0, c: 0 },
  intervals: { a: [2, 2], b: [0.5, 0.5], c: [0.05, 0.05] },
  residualStandardError: 0,
  degreesOfFreedom: 7,
  exponentAtBound: false,
};

describe("label investments", () => {
  it("computes the fall in error along the curve", () => {
    // 2·(1/√10,000 − 1/√40,000) = 2·(0.01 − 0.005) = 0.01: one point.
    expect(errorReduction(exact, 10_000, 40_000).gain).toBeCloseTo(0.01, 15);
    // The floor's uncertainty cancels; a's does not: Var(gain) = (n₁^(−b) − n₂^(−b))²·Var(a).
    const uncertainA = {
      ...exact,
      covariance: [
        [0.04, 0, 0],
        [0, 0, 0],
        [0, 0, 0.01],
      ],
    };
    expect(errorReduction(uncertainA, 10_000, 40_000).standardError).toBeCloseTo(0.005 * 0.2, 15);
  });

  it("values labels by their information (2q − 1)² for two classes", () => {
    expect(labelInformation(1)).toBe(1);
    expect(labelInformation(0.85)).toBeCloseTo(0.49, 15);
    // Three classes at 70%: ((3·0.7 − 1)/2)² = 0.55² = 0.3025.
    expect(labelInformation(0.7, 3)).toBeCloseTo(0.3025, 15);
    expect(() => labelInformation(0.5)).toThrow(/above chance/);
  });

  it("compares more labels with better labels by their price per point", () => {
    const comparison = compareLabelInvestments({
      fit: exact,
      labels: 10_000,
      extraLabels: 10_000,
      pricePerLabel: 5,
      accuracy: 0.85,
      improvedAccuracy: 0.95,
      upgradePricePerLabel: 3,
    });
    // More labels: 2·(0.01 − 1/√20,000) = 0.0058579 (0.586 points) for 50,000 → 85,356 per point.
    expect(comparison.moreLabels.gain.gain).toBeCloseTo(2 * (0.01 - 1 / Math.sqrt(20_000)), 15);
    expect(comparison.moreLabels.cost).toBe(50_000);
    expect(comparison.moreLabels.pricePerPoint).toBe(85_356);
    // Better labels: information 0.81/0.49, so effective n^(−1/2) shrinks by 0.7/0.9:
    // gain 2·0.01·(1 − 7/9) = 0.0044444 (0.444 points) for 30,000 → 67,500 per point.
    expect(comparison.betterLabels.gain.gain).toBeCloseTo(0.02 * (2 / 9), 14);
    expect(comparison.betterLabels.cost).toBe(30_000);
    expect(comparison.betterLabels.pricePerPoint).toBe(67_500);
    expect(comparison.cheaper).toBe("better_labels");
  });

  it("gives no break-even price for a plan that gains nothing", () => {
    expect(breakEvenPricePerPoint(1000, 0)).toBeUndefined();
    expect(breakEvenPricePerPoint(1000, 0.02)).toBe(500);
    expect(() => breakEvenPricePerPoint(10.5, 0.02)).toThrow(/minor units/);
  });
});
