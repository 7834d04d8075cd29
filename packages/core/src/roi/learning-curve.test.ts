import { describe, expect, it } from "vitest";
import { mulberry32, standardNormal } from "../quality/random.js";
import { fitLearningCurve, type LearningCurvePoint, predictError } from "./learning-curve.js";

const truth = { a: 2, b: 0.5, c: 0.05 };
const sizes = Array.from({ length: 10 }, (_, k) => 100 * 2 ** k); // 100 … 51,200 labels
const curve = (n: number) => truth.a * n ** -truth.b + truth.c;

describe("fitLearningCurve", () => {
  it("recovers a, b and c exactly from a noise-free curve", () => {
    const fit = fitLearningCurve(sizes.map((labels) => ({ labels, error: curve(labels) })));
    expect(fit.a).toBeCloseTo(truth.a, 6);
    expect(fit.b).toBeCloseTo(truth.b, 7);
    expect(fit.c).toBeCloseTo(truth.c, 8);
    expect(fit.residualStandardError).toBeLessThan(1e-8);
    expect(fit.exponentAtBound).toBe(false);
    expect(fit.degreesOfFreedom).toBe(7);
  });

  it("recovers a steep curve with a high floor too", () => {
    const points = [50, 80, 130, 200, 320, 500].map((labels) => ({ labels, error: 30 * labels ** -1.2 + 0.2 }));
    const fit = fitLearningCurve(points);
    expect(fit.a).toBeCloseTo(30, 4);
    expect(fit.b).toBeCloseTo(1.2, 6);
    expect(fit.c).toBeCloseTo(0.2, 7);
  });

  // 300 noisy curves (error measured with sd 0.002): the fit must be unbiased and its 95%
  // intervals must cover the true b and c at about the nominal rate (285 of 300 expected; the
  // asymptotic covariance of a nonlinear fit on 10 points may fall a little short).
  it("gives intervals that cover the true parameters on noisy curves", () => {
    const random = mulberry32(2024);
    const replicates = 300;
    let coverB = 0;
    let coverC = 0;
    let coverPrediction = 0;
    let sumB = 0;
    for (let r = 0; r < replicates; r++) {
      const points: LearningCurvePoint[] = sizes.map((labels) => ({
        labels,
        error: curve(labels) + 0.002 * standardNormal(random),
      }));
      const fit = fitLearningCurve(points);
      sumB += fit.b;
      if (fit.intervals.b[0] <= truth.b && truth.b <= fit.intervals.b[1]) coverB++;
      if (fit.intervals.c[0] <= truth.c && truth.c <= fit.intervals.c[1]) coverC++;
      const predicted = predictError(fit, 200_000);
      if (predicted.interval[0] <= curve(200_000) && curve(200_000) <= predicted.interval[1]) coverPrediction++;
    }
    expect(Math.abs(sumB / replicates - truth.b)).toBeLessThan(0.02);
    for (const covered of [coverB, coverC, coverPrediction]) {
      expect(covered / replicates).toBeGreaterThan(0.88);
      expect(covered / replicates).toBeLessThan(0.99);
    }
  });

  it("rejects too few points or sizes", () => {
    expect(() => fitLearningCurve(sizes.slice(0, 3).map((labels) => ({ labels, error: curve(labels) })))).toThrow(
      /at least 4 points/,
    );
    const twoSizes = [100, 100, 200, 200].map((labels) => ({ labels, error: curve(labels) }));
    expect(() => fitLearningCurve(twoSizes)).toThrow(/3 or more label counts/);
    expect(() =>
      fitLearningCurve([{ labels: 0, error: 1 }, ...sizes.map((labels) => ({ labels, error: 0.1 }))]),
    ).toThrow(/points\[0\]\.labels/);
  });
});
