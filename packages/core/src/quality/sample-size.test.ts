import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleSizeForProportion } from "./sample-size.js";
import { wilsonInterval } from "./wilson-interval.js";

describe("sampleSizeForProportion", () => {
  it("estimates batch accuracy within ±2 points at 95% with 2,401 audits", () => {
    expect(sampleSizeForProportion({ margin: 0.02 })).toBe(2401);
    expect(sampleSizeForProportion({ margin: 0.05 })).toBe(385);
    expect(sampleSizeForProportion({ margin: 0.03, confidence: 0.99 })).toBe(1844);
  });

  it("needs fewer audits when the proportion is far from 1/2 or the batch is small", () => {
    expect(sampleSizeForProportion({ margin: 0.02, proportion: 0.9 })).toBe(865);
    expect(sampleSizeForProportion({ margin: 0.02, population: 5000 })).toBe(1623);
    expect(sampleSizeForProportion({ margin: 0.02, population: 100 })).toBe(97);
  });

  it("rejects nonsense", () => {
    expect(() => sampleSizeForProportion({ margin: 0 })).toThrow();
    expect(() => sampleSizeForProportion({ margin: 0.02, population: 0 })).toThrow();
    expect(() => sampleSizeForProportion({ margin: 0.02, proportion: 2 })).toThrow();
  });

  it("never exceeds the population, and its Wald margin is within the target", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.005, max: 0.3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }),
        (margin, proportion, population) => {
          const n = sampleSizeForProportion(
            population === undefined ? { margin, proportion } : { margin, proportion, population },
          );
          if (population !== undefined) expect(n).toBeLessThanOrEqual(population);
          if (population === undefined)
            expect(1.959963984540054 * Math.sqrt((proportion * (1 - proportion)) / n)).toBeLessThanOrEqual(
              margin + 1e-9,
            );
          // And the Wilson interval at that n is no wider than about twice the margin (at n ≥ 30 and
          // p ≥ 0.05 its extra z²/4n² term and the rounding of successes add at most about 20%).
          const successes = Math.round(proportion * n);
          const interval = wilsonInterval(successes, n);
          if (population === undefined && n >= 30)
            expect(interval.upper - interval.lower).toBeLessThanOrEqual(2 * margin * 1.3);
        },
      ),
    );
  });
});
