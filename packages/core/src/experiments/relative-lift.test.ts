import { describe, expect, it } from "vitest";
import { mulberry32 } from "../quality/random.js";
import { cupedAdjust } from "./cuped.js";
import { summarizeRatioArm } from "./ratio-metric.js";
import { relativeLift } from "./relative-lift.js";
import { simulateExperimentUnits } from "./simulate-experiment.js";

const units = (pairs: [number, number][]) => pairs.map(([numerator, denominator]) => ({ numerator, denominator }));

describe("summarizeRatioArm", () => {
  it("gives Σy/Σx and the delta-method variance computed by hand", () => {
    // y = 2, 3, 1, 4 and x = 4, 5, 3, 8: R = 10/20 = 0.5, x̄ = 5.
    // s²_y = 5/3, s²_x = 14/3, s_xy = 8/3, so Var(R) = (5/3 − 2·0.5·8/3 + 0.25·14/3) / (4·25) = 1/600.
    const arm = summarizeRatioArm(
      "A",
      units([
        [2, 4],
        [3, 5],
        [1, 3],
        [4, 8],
      ]),
    );
    expect(arm).toMatchObject({ arm: "A", units: 4, numerator: 10, denominator: 20, mean: 0.5 });
    expect(arm.variance).toBeCloseTo(1 / 600, 15);
  });

  it("refuses an arm with fewer than 2 units or no denominator", () => {
    expect(() => summarizeRatioArm("A", units([[1, 2]]))).toThrow(/at least 2 units/);
    expect(() =>
      summarizeRatioArm(
        "A",
        units([
          [0, 0],
          [0, 0],
        ]),
      ),
    ).toThrow(/sum to zero/);
  });
});

describe("relativeLift", () => {
  it("matches the delta method worked by hand", () => {
    const control = summarizeRatioArm(
      "A",
      units([
        [2, 4],
        [3, 5],
        [1, 3],
        [4, 8],
      ]),
    );
    // Treatment: R = 12/20 = 0.6; influence (y − 0.6x)/5 = 0.12, 0, 0.04, −0.16, so Var = 0.0416/3/4.
    const treatment = summarizeRatioArm(
      "B",
      units([
        [3, 4],
        [3, 5],
        [2, 3],
        [4, 8],
      ]),
    );
    expect(treatment.variance).toBeCloseTo(0.0416 / 12, 15);
    // Var(T/C) = Var(T)/C² + (T/C)²·Var(C)/C² = 0.0138667 + 1.44·0.0066667 = 0.0234667, se = 0.153188.
    const estimate = relativeLift(treatment, control);
    expect(estimate.lift).toBeCloseTo(0.2, 14);
    expect(estimate.standardError).toBeCloseTo(0.1531883372410141, 12);
    expect(estimate.interval[0]).toBeCloseTo(-0.10024362384396357, 8);
    expect(estimate.interval[1]).toBeCloseTo(0.5002436238439636, 8);
    // z = 1.305582, two-sided p = erfc(z/√2).
    expect(estimate.pValue).toBeCloseTo(0.1916946020518881, 10);
  });

  it("needs a positive control mean", () => {
    expect(() => relativeLift({ mean: 1, variance: 0 }, { mean: 0, variance: 0 })).toThrow(/control/);
  });

  // 400 simulated experiments with a true lift of +5% on a clustered accuracy metric (units'
  // accuracies differ, so items within a unit are correlated): the interval must cover the truth
  // at its nominal rate (380 of 400 expected, binomial sd 4.4) and the delta-method standard
  // error must match the spread of the estimates across replicates.
  it("covers the true lift at the nominal rate, with or without CUPED, and CUPED is narrower", () => {
    const random = mulberry32(20240611);
    const trueLift = 0.05;
    const replicates = 400;
    let covered = 0;
    let coveredCuped = 0;
    const lifts: number[] = [];
    let sumSe = 0;
    let sumWidth = 0;
    let sumWidthCuped = 0;
    for (let r = 0; r < replicates; r++) {
      const data = simulateExperimentUnits(random, {
        unitsPerArm: [200, 200],
        lifts: [0, trueLift],
        unitSpread: 0.15,
        itemsPerUnit: [20, 40],
        prePeriod: true,
      });
      const control = summarizeRatioArm(
        "A",
        data.filter((u) => u.arm === "A"),
      );
      const treatment = summarizeRatioArm(
        "B",
        data.filter((u) => u.arm === "B"),
      );
      const plain = relativeLift(treatment, control);
      if (plain.interval[0] <= trueLift && trueLift <= plain.interval[1]) covered++;
      lifts.push(plain.lift);
      sumSe += plain.standardError;
      sumWidth += plain.interval[1] - plain.interval[0];

      const adjusted = cupedAdjust([
        { arm: "A", units: data.filter((u) => u.arm === "A") },
        { arm: "B", units: data.filter((u) => u.arm === "B") },
      ])!;
      const cuped = relativeLift(adjusted.arms[1]!, adjusted.arms[0]!);
      if (cuped.interval[0] <= trueLift && trueLift <= cuped.interval[1]) coveredCuped++;
      sumWidthCuped += cuped.interval[1] - cuped.interval[0];
    }
    expect(covered / replicates).toBeGreaterThan(0.92);
    expect(covered / replicates).toBeLessThan(0.98);
    expect(coveredCuped / replicates).toBeGreaterThan(0.92);
    expect(coveredCuped / replicates).toBeLessThan(0.98);

    const meanLift = lifts.reduce((a, b) => a + b, 0) / replicates;
    const empiricalSd = Math.sqrt(lifts.reduce((sum, lift) => sum + (lift - meanLift) ** 2, 0) / (replicates - 1));
    expect(Math.abs(meanLift - trueLift)).toBeLessThan(0.005);
    expect(sumSe / replicates / empiricalSd).toBeGreaterThan(0.9);
    expect(sumSe / replicates / empiricalSd).toBeLessThan(1.1);
    // Pre- and post-period share each unit's accuracy, so CUPED removes a large part of the variance.
    expect(sumWidthCuped / sumWidth).toBeLessThan(0.8);
  });
});
