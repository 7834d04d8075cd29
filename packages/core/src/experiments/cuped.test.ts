import { describe, expect, it } from "vitest";
import { mulberry32, standardNormal } from "../quality/random.js";
import { cupedAdjust } from "./cuped.js";
import type { ExperimentUnit } from "./ratio-metric.js";
import { simulateExperimentUnits } from "./simulate-experiment.js";

function byArm(units: ExperimentUnit[]) {
  return ["A", "B"].map((arm) => ({ arm, units: units.filter((u) => u.arm === arm) }));
}

describe("cupedAdjust", () => {
  it("reduces to classic CUPED (θ = pooled cov(Y, X)/var(X)) when every denominator is 1", () => {
    const random = mulberry32(7);
    const units: ExperimentUnit[] = [];
    for (let i = 0; i < 60; i++) {
      const arm = i % 2 === 0 ? "A" : "B";
      const base = 10 + 3 * standardNormal(random);
      units.push({
        unit: `u${i}`,
        arm,
        numerator: base + (arm === "B" ? 1 : 0) + standardNormal(random),
        denominator: 1,
        preNumerator: base + standardNormal(random),
        preDenominator: 1,
      });
    }
    // Classic CUPED computed directly, each arm centred on its own means.
    const groups = byArm(units).map(({ units: armUnits }) => {
      const y = armUnits.map((u) => u.numerator);
      const x = armUnits.map((u) => u.preNumerator!);
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      return { y, x, meanY: mean(y), meanX: mean(x) };
    });
    let covariance = 0;
    let variance = 0;
    for (const g of groups) {
      g.y.forEach((y, i) => {
        covariance += (y - g.meanY) * (g.x[i]! - g.meanX);
        variance += (g.x[i]! - g.meanX) ** 2;
      });
    }
    const theta = covariance / variance;
    const overallX = groups.flatMap((g) => g.x).reduce((a, b) => a + b, 0) / units.length;

    const result = cupedAdjust(byArm(units))!;
    expect(result.theta).toBeCloseTo(theta, 12);
    expect(result.preMean).toBeCloseTo(overallX, 12);
    groups.forEach((g, a) => {
      const residuals = g.y.map((y, i) => y - g.meanY - theta * (g.x[i]! - g.meanX));
      const residualVariance = residuals.reduce((sum, r) => sum + r * r, 0) / (g.y.length - 1);
      expect(result.arms[a]!.mean).toBeCloseTo(g.meanY - theta * (g.meanX - overallX), 12);
      expect(result.arms[a]!.variance).toBeCloseTo(residualVariance / g.y.length, 12);
    });
  });

  it("keeps the variance when the pre-period says nothing about the post-period", () => {
    const random = mulberry32(11);
    const units = simulateExperimentUnits(random, {
      unitsPerArm: [400, 400],
      lifts: [0, 0],
      unitSpread: 0,
      itemsPerUnit: [20, 40],
      prePeriod: true,
    });
    const result = cupedAdjust(byArm(units))!;
    const plainVariance = (arm: string) => {
      const armUnits = units.filter((u) => u.arm === arm);
      const y = armUnits.reduce((s, u) => s + u.numerator, 0);
      const x = armUnits.reduce((s, u) => s + u.denominator, 0);
      const r = y / x;
      const meanX = x / armUnits.length;
      const squares = armUnits.reduce((s, u) => s + ((u.numerator - r * u.denominator) / meanX) ** 2, 0);
      return squares / (armUnits.length - 1) / armUnits.length;
    };
    expect(Math.abs(result.theta)).toBeLessThan(0.2);
    expect(result.arms[0]!.variance / plainVariance("A")).toBeGreaterThan(0.97);
    expect(result.arms[0]!.variance).toBeLessThanOrEqual(plainVariance("A") * 1.0001);
  });

  it("gives up (undefined) when an arm has no pre-period", () => {
    const units: ExperimentUnit[] = [
      { unit: "1", arm: "A", numerator: 1, denominator: 2, preNumerator: 1, preDenominator: 2 },
      { unit: "2", arm: "A", numerator: 2, denominator: 3, preNumerator: 2, preDenominator: 4 },
      { unit: "3", arm: "B", numerator: 1, denominator: 2 },
      { unit: "4", arm: "B", numerator: 2, denominator: 2 },
    ];
    expect(cupedAdjust(byArm(units))).toBeUndefined();
  });
});
