import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson-interval.js";

describe("wilsonInterval", () => {
  it("matches hand-computed values", () => {
    // 41 of 50 at 95%: centre (p + z²/2n)/(1 + z²/n) = 0.79717, half-width 0.10513.
    const { estimate, lower, upper } = wilsonInterval(41, 50);
    expect(estimate).toBe(0.82);
    expect(lower).toBeCloseTo(0.692, 4);
    expect(upper).toBeCloseTo(0.9023, 4);
    // 0 of 10: lower bound 0, upper z²/(n + z²) = 0.2775.
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(0, 10).upper).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(0, 0)).toEqual({ estimate: Number.NaN, lower: 0, upper: 1 });
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(5, 4)).toThrow();
    expect(() => wilsonInterval(-1, 4)).toThrow();
    expect(() => wilsonInterval(1, 4, 1.2)).toThrow();
  });

  it("contains the estimate, stays within [0, 1], and widens with confidence", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        ([successes, trials], confidence) => {
          const interval = wilsonInterval(successes, trials, confidence);
          expect(interval.lower).toBeGreaterThanOrEqual(0);
          expect(interval.upper).toBeLessThanOrEqual(1);
          expect(interval.lower).toBeLessThanOrEqual(interval.estimate + 1e-12);
          expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate - 1e-12);
          const wider = wilsonInterval(successes, trials, Math.min(0.9999, confidence + 0.0005));
          expect(wider.upper - wider.lower).toBeGreaterThanOrEqual(interval.upper - interval.lower - 1e-12);
        },
      ),
    );
  });
});
