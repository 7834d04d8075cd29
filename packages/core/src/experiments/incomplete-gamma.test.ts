import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalQuantile } from "../quality/normal-quantile.js";
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from "./incomplete-gamma.js";
import { normalCdf, normalSurvival, twoSidedPValue } from "./normal-distribution.js";
import { studentTCdf, studentTQuantile } from "./student-t-quantile.js";

describe("logGamma", () => {
  it("matches factorials and Γ(1/2) = √π", () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(21)).toBeCloseTo(Math.log(2432902008176640000), 11);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
    expect(() => logGamma(0)).toThrow();
  });
});

describe("the regularised incomplete gamma function", () => {
  it("has closed forms for a = 1 and a = 2 (Q(a, x) = e^(−x)·Σₖ<ₐ xᵏ/k!)", () => {
    for (const x of [0.01, 0.5, 1, 3, 10, 40]) {
      expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
      expect(regularizedGammaQ(2, x)).toBeCloseTo(Math.exp(-x) * (1 + x), 14);
    }
    expect(regularizedGammaP(1, 2) + regularizedGammaQ(1, 2)).toBeCloseTo(1, 15);
  });

  it("gives the chi-square table's critical values at 5% and keeps tiny tails", () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(7.814727903251178, 3)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(0, 3)).toBe(1);
    // χ²₂ survival is exactly e^(−x/2); far in the tail the relative error must stay small.
    expect(chiSquareSurvival(100, 2) / Math.exp(-50)).toBeCloseTo(1, 10);
    expect(chiSquareSurvival(100, 4) / (Math.exp(-50) * 51)).toBeCloseTo(1, 10);
  });

  it("is a decreasing function of x between 1 and 0", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (a, x) => {
          const q = regularizedGammaQ(a, x);
          expect(q).toBeGreaterThanOrEqual(0);
          expect(q).toBeLessThanOrEqual(1);
          expect(regularizedGammaQ(a, x + 1)).toBeLessThanOrEqual(q + 1e-15);
        },
      ),
    );
  });
});

describe("the standard normal distribution", () => {
  it("matches tabulated values, including the far tail", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(normalSurvival(8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
    expect(twoSidedPValue(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });

  it("inverts the normal quantile", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 8);
      }),
    );
  });
});

describe("studentTQuantile", () => {
  it("is exact for 1 and 2 degrees of freedom", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 10);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749464, 10);
    expect(studentTQuantile(0.025, 2)).toBeCloseTo(-4.302652729749464, 10);
  });

  it("matches the t table (to 1e-6) from 3 degrees of freedom, far tails included", () => {
    const table: [number, number, number][] = [
      [3, 0.975, 3.182446],
      [3, 0.995, 5.840909],
      [3, 0.9995, 12.923979],
      [4, 0.975, 2.776445],
      [5, 0.975, 2.570582],
      [7, 0.975, 2.364624],
      [7, 0.995, 3.499483],
      [10, 0.9995, 4.586894],
      [30, 0.975, 2.042272],
      [100, 0.9, 1.290075],
    ];
    for (const [nu, p, t] of table) {
      expect(studentTQuantile(p, nu)).toBeCloseTo(t, 5);
      expect(studentTQuantile(1 - p, nu)).toBeCloseTo(-t, 5);
      expect(studentTCdf(t, nu)).toBeCloseTo(p, 6);
    }
  });
});
