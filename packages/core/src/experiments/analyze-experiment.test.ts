import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { mulberry32 } from "../quality/random.js";
import { analyzeExperiment } from "./analyze-experiment.js";
import type { ExperimentUnit } from "./ratio-metric.js";
import { simulateExperimentUnits } from "./simulate-experiment.js";

describe("analyzeExperiment", () => {
  it("takes the first arm as control and reports every arm, the sample-ratio check and each lift", () => {
    const random = mulberry32(5);
    const units = simulateExperimentUnits(random, {
      arms: ["control", "short-guidelines", "examples"],
      unitsPerArm: [300, 310, 290],
      lifts: [0, 0.08, -0.1],
    });
    const analysis = analyzeExperiment(units);
    expect(analysis.arms.map((arm) => [arm.arm, arm.units])).toEqual([
      ["control", 300],
      ["short-guidelines", 310],
      ["examples", 290],
    ]);
    expect(analysis.srm.degreesOfFreedom).toBe(2);
    expect(analysis.srm.mismatch).toBe(false);
    expect(analysis.effects.map((effect) => effect.arm)).toEqual(["short-guidelines", "examples"]);
    const [better, worse] = analysis.effects;
    expect(better!.lift).toBeCloseTo(analysis.arms[1]!.mean / analysis.arms[0]!.mean - 1, 14);
    expect(better!.interval[0]).toBeGreaterThan(0);
    expect(worse!.interval[1]).toBeLessThan(0);
    expect(better!.cuped).toBe(false);
  });

  it("uses the pre-period when it is there, and can be told not to", () => {
    const random = mulberry32(8);
    const units = simulateExperimentUnits(random, {
      unitsPerArm: [200, 200],
      lifts: [0, 0.05],
      itemsPerUnit: [20, 40],
      unitSpread: 0.15,
      prePeriod: true,
    });
    const adjusted = analyzeExperiment(units);
    const plain = analyzeExperiment(units, { cuped: false });
    expect(adjusted.effects[0]!.cuped).toBe(true);
    expect(plain.effects[0]!.cuped).toBe(false);
    expect(adjusted.effects[0]!.standardError).toBeLessThan(plain.effects[0]!.standardError);
    // The arms' means are always the observed, unadjusted ratios.
    expect(adjusted.arms).toEqual(plain.arms);
  });

  it("names the unit and field of bad input", () => {
    const units: ExperimentUnit[] = [
      { unit: "a", arm: "A", numerator: 1, denominator: 2 },
      { unit: "a", arm: "B", numerator: 1, denominator: -1 },
    ];
    try {
      analyzeExperiment(units);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toEqual([
        { path: "units[1].unit", message: '"a" appears twice (one row per randomisation unit)' },
        { path: "units[1].denominator", message: "must be a number ≥ 0" },
      ]);
    }
    expect(() => analyzeExperiment([{ unit: "a", arm: "A", numerator: 1, denominator: 1 }])).toThrow(/2 arms/);
  });
});
