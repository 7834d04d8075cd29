import { describe, expect, it } from "vitest";
import { mulberry32, standardNormal } from "../quality/random.js";
import { experimentSampleSize, minimumDetectableLift } from "./experiment-sample-size.js";
import { summarizeRatioArm } from "./ratio-metric.js";
import { relativeLift } from "./relative-lift.js";

describe("experimentSampleSize", () => {
  it("matches the two-sample formula worked by hand", () => {
    // (z₀.₉₇₅ + z₀.₈)² = (1.959964 + 0.841621)² = 7.848879; 2·7.848879·0.4² / (0.8·0.05)² = 1569.78.
    const plain = experimentSampleSize({ baselineMean: 0.8, standardDeviation: 0.4, minimumDetectableLift: 0.05 });
    expect(plain).toEqual({ designEffect: 1, observationsPerArm: 1570, unitsPerArm: 1570 });
    // Units of 10 tasks with ICC 0.05: design effect 1 + 9·0.05 = 1.45, 1569.78·1.45 = 2276.18
    // observations, so 228 units of 10 per arm.
    const clustered = experimentSampleSize({
      baselineMean: 0.8,
      standardDeviation: 0.4,
      minimumDetectableLift: 0.05,
      observationsPerUnit: 10,
      intraclassCorrelation: 0.05,
    });
    expect(clustered.designEffect).toBeCloseTo(1.45, 12);
    expect(clustered).toMatchObject({ observationsPerArm: 2277, unitsPerArm: 228 });
  });

  it("is inverted by minimumDetectableLift", () => {
    const design = { baselineMean: 0.7, standardDeviation: 0.46, observationsPerUnit: 20, intraclassCorrelation: 0.1 };
    const { unitsPerArm } = experimentSampleSize({ ...design, minimumDetectableLift: 0.03 });
    expect(minimumDetectableLift({ ...design, unitsPerArm })).toBeLessThanOrEqual(0.03);
    expect(minimumDetectableLift({ ...design, unitsPerArm: unitsPerArm - 1 })).toBeGreaterThan(0.03);
  });

  it("rejects nonsense", () => {
    const design = { baselineMean: 0.8, standardDeviation: 0.4, minimumDetectableLift: 0.05 };
    expect(() => experimentSampleSize({ ...design, intraclassCorrelation: 1.5 })).toThrow(/intraclassCorrelation/);
    expect(() => experimentSampleSize({ ...design, minimumDetectableLift: 0 })).toThrow(/minimumDetectableLift/);
    expect(() => experimentSampleSize({ ...design, power: 1 })).toThrow(/power/);
  });

  // The plan is only useful if the experiment it sizes detects the lift with the promised power.
  // Units of m = 10 observations with ICC 0.2 (design effect 2.8), analysed at the unit by the
  // delta method: over 300 simulated experiments about 80% must be significant (sd 2.3 points),
  // whereas sizing without the design effect would give far less power.
  it("delivers the promised power on clustered data", () => {
    const design = {
      baselineMean: 10,
      standardDeviation: 4,
      minimumDetectableLift: 0.05,
      observationsPerUnit: 10,
      intraclassCorrelation: 0.2,
    };
    const { unitsPerArm } = experimentSampleSize(design);
    const naive = experimentSampleSize({ ...design, intraclassCorrelation: 0 }).unitsPerArm;
    expect(unitsPerArm).toBeGreaterThan(2.5 * naive);
    const random = mulberry32(99);
    const unitSd = design.standardDeviation * Math.sqrt(design.intraclassCorrelation);
    const noiseSd = design.standardDeviation * Math.sqrt(1 - design.intraclassCorrelation);
    const draw = (mean: number, units: number) =>
      Array.from({ length: units }, () => {
        const unitMean = mean + unitSd * standardNormal(random);
        let sum = 0;
        for (let i = 0; i < design.observationsPerUnit; i++) sum += unitMean + noiseSd * standardNormal(random);
        return { numerator: sum, denominator: design.observationsPerUnit };
      });
    const power = (units: number) => {
      let significant = 0;
      for (let r = 0; r < 300; r++) {
        const control = summarizeRatioArm("A", draw(design.baselineMean, units));
        const treatment = summarizeRatioArm("B", draw(design.baselineMean * 1.05, units));
        if (relativeLift(treatment, control).pValue < 0.05) significant++;
      }
      return significant / 300;
    };
    const planned = power(unitsPerArm);
    expect(planned).toBeGreaterThan(0.73);
    expect(planned).toBeLessThan(0.87);
    expect(power(naive)).toBeLessThan(0.5);
  });
});
