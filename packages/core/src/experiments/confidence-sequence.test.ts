import { describe, expect, it } from "vitest";
import { twoSidedZ } from "../quality/normal-quantile.js";
import { mulberry32, standardNormal } from "../quality/random.js";
import { confidenceSequenceMultiplier, mixtureTuning, sequentialLiftInterval } from "./confidence-sequence.js";
import { summarizeRatioArm } from "./ratio-metric.js";
import { relativeLift } from "./relative-lift.js";

describe("confidenceSequenceMultiplier", () => {
  it("matches the normal-mixture boundary computed by hand at the planned size", () => {
    // α = 0.05: tρ² at t = t* is −2 ln 0.05 + ln(1 − 2 ln 0.05) = 5.99146 + 1.94470 = 7.93616, so the
    // multiplier is √(2·8.93616/7.93616 · ln(√8.93616/0.05)) = √(2.25203 · 4.09073) = 3.03521.
    expect(mixtureTuning(0.05, 1000) * 1000).toBeCloseTo(7.93616, 4);
    expect(confidenceSequenceMultiplier(1000, { plannedUnits: 1000 })).toBeCloseTo(3.03521, 4);
  });

  it("is wider than the fixed z everywhere and grows slowly after the planned size", () => {
    const z = twoSidedZ(0.95);
    for (const t of [10, 100, 1000, 10_000, 1_000_000]) {
      expect(confidenceSequenceMultiplier(t, { plannedUnits: 1000 })).toBeGreaterThan(z);
    }
    const atPlan = confidenceSequenceMultiplier(1000, { plannedUnits: 1000 });
    expect(confidenceSequenceMultiplier(100_000, { plannedUnits: 1000 })).toBeLessThan(atPlan * 1.5);
  });

  it("rejects nonsense", () => {
    expect(() => confidenceSequenceMultiplier(0, { plannedUnits: 10 })).toThrow();
    expect(() => confidenceSequenceMultiplier(10, { plannedUnits: 10, alpha: 1 })).toThrow();
  });

  // 400 A/A experiments (no true difference), each read after every batch of 50 units per arm up
  // to 1,000 per arm (20 looks), stopping at the first interval that excludes 0. The fixed 95%
  // interval then "finds" an effect far more often than 5%; the confidence sequence stays below
  // 5% (binomial sd of a 5% rate over 400 runs: 1.1 points).
  it("keeps the type-I error under α with a look after every batch, where fixed intervals do not", () => {
    const random = mulberry32(424242);
    const replicates = 400;
    const batch = 50;
    const looks = 20;
    let naiveFalsePositives = 0;
    let sequentialFalsePositives = 0;
    for (let r = 0; r < replicates; r++) {
      const arms: Record<"A" | "B", { numerator: number; denominator: number }[]> = { A: [], B: [] };
      let naiveStopped = false;
      let sequentialStopped = false;
      for (let look = 1; look <= looks; look++) {
        for (const list of [arms.A, arms.B]) {
          for (let i = 0; i < batch; i++) {
            // A skewed per-unit metric: time on task over 1–10 tasks.
            const tasks = 1 + Math.floor(random() * 10);
            list.push({ numerator: tasks * Math.exp(0.5 * standardNormal(random)), denominator: tasks });
          }
        }
        const estimate = relativeLift(summarizeRatioArm("B", arms.B), summarizeRatioArm("A", arms.A));
        if (!naiveStopped && (estimate.interval[0] > 0 || estimate.interval[1] < 0)) naiveStopped = true;
        const [lower, upper] = sequentialLiftInterval(estimate, 2 * look * batch, { plannedUnits: 2 * looks * batch });
        if (!sequentialStopped && (lower > 0 || upper < 0)) sequentialStopped = true;
      }
      if (naiveStopped) naiveFalsePositives++;
      if (sequentialStopped) sequentialFalsePositives++;
    }
    expect(naiveFalsePositives / replicates).toBeGreaterThan(0.1);
    expect(sequentialFalsePositives / replicates).toBeLessThanOrEqual(0.05);
  });
});
