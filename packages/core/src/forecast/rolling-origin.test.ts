import { describe, expect, it } from "vitest";
import { mulberry32 } from "../quality/random.js";
import { rollingOriginEvaluation, seasonalNaive } from "./rolling-origin.js";

/** A standard normal deviate (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe("seasonalNaive", () => {
  it("repeats the last period", () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6, 7, 8, 9], 5, 3)).toEqual([7, 8, 9, 7, 8]);
    expect(seasonalNaive([4, 9], 3, 1)).toEqual([9, 9, 9]);
  });
});

describe("rollingOriginEvaluation", () => {
  it("scales errors by the in-sample seasonal naive error and counts interval hits", () => {
    // A straight line forecast by its last value: every one-step error is 1, and so is the in-sample naive error.
    const lastValue = (train: readonly number[], horizon: number) => {
      const last = train[train.length - 1]!;
      return {
        mean: new Array(horizon).fill(last),
        lower: new Array(horizon).fill(last - 0.5),
        upper: new Array(horizon).fill(last + 1),
      };
    };
    const report = rollingOriginEvaluation([1, 2, 3, 4, 5, 6, 7, 8], {
      horizon: 2,
      firstOrigin: 3,
      forecaster: lastValue,
    });
    // Origins 3..7: 2 steps each except the last; errors 1 and 2 against scale 1.
    expect(report.origins).toBe(5);
    expect(report.forecasts).toBe(9);
    expect(report.byHorizon[0]).toMatchObject({ forecasts: 5, mase: 1, coverage: 1 });
    expect(report.byHorizon[1]).toMatchObject({ forecasts: 4, mase: 2, coverage: 0 });
    expect(report.mase).toBeCloseTo((5 + 8) / 9, 12);
    expect(report.naiveMase).toBeCloseTo(report.mase, 12);
    expect(report.coverage).toBeCloseTo(5 / 9, 12);
  });

  it("skips origins with nothing to scale by (a flat training window)", () => {
    const flat = (train: readonly number[], horizon: number) => ({
      mean: new Array(horizon).fill(train[0]),
      lower: new Array(horizon).fill(0),
      upper: new Array(horizon).fill(10),
    });
    const report = rollingOriginEvaluation([3, 3, 3, 3, 4, 5], { horizon: 1, firstOrigin: 3, forecaster: flat });
    expect(report.origins).toBe(1); // origins 3 and 4 see only 3s
  });

  it("covers about 80% of held-out points with 80% intervals when the series is what ETS assumes", () => {
    // A local level with Gaussian noise: y_t = l_{t-1} + e_t, l_t = l_{t-1} + 0.3 e_t, σ = 10.
    const random = mulberry32(20261201);
    const y: number[] = [];
    let level = 500;
    for (let t = 0; t < 240; t++) {
      const e = 10 * normal(random);
      y.push(level + e);
      level += 0.3 * e;
    }
    const report = rollingOriginEvaluation(y, { horizon: 5, firstOrigin: 40, step: 2 });
    expect(report.forecasts).toBeGreaterThan(450);
    expect(report.coverage).toBeGreaterThan(0.75);
    expect(report.coverage).toBeLessThan(0.85);
    // And it beats the naive forecast, whose error grows with the noise it copies.
    expect(report.mase).toBeLessThan(report.naiveMase);
  });

  it("refuses settings that leave nothing to evaluate", () => {
    expect(() => rollingOriginEvaluation([1, 2, 3], { horizon: 1, firstOrigin: 3 })).toThrow(/nothing to hold out/);
    expect(() => rollingOriginEvaluation([1, 2, 3, 4], { horizon: 0 })).toThrow(/horizon/);
  });
});
