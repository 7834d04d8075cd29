import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalQuantile, twoSidedZ } from "./normal-quantile.js";

describe("normalQuantile", () => {
  it("matches tabulated quantiles of the standard normal", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 8);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 6);
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959963984540054, 8);
  });

  it("handles the ends and rejects non-probabilities", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow();
    expect(() => normalQuantile(Number.NaN)).toThrow();
    expect(() => twoSidedZ(1)).toThrow();
  });

  // Below 1e-6, 1 - p itself loses digits in floating point, so antisymmetry is tested above it.
  it("is antisymmetric around 1/2 and increasing", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
        (p, q) => {
          expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 6);
          if (p < q) expect(normalQuantile(p)).toBeLessThanOrEqual(normalQuantile(q));
        },
      ),
    );
  });
});
