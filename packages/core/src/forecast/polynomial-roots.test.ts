import { describe, expect, it } from "vitest";
import { largestRootModulus } from "./polynomial-roots.js";

describe("largestRootModulus", () => {
  it("finds the largest root of polynomials with known roots", () => {
    // (z − 0.5)(z + 0.9) = z² + 0.4z − 0.45
    expect(largestRootModulus([0.4, -0.45])).toBeCloseTo(0.9, 12);
    // (z − 1.1)(z − 0.2) = z² − 1.3z + 0.22
    expect(largestRootModulus([-1.3, 0.22])).toBeCloseTo(1.1, 12);
    // (z² − 1.2z + 0.85)(z + 0.3): roots 0.6 ± 0.7i (modulus √0.85) and −0.3
    expect(largestRootModulus([-0.9, 0.49, 0.255])).toBeCloseTo(Math.sqrt(0.85), 12);
    // A double root on the unit circle: (z − 1)²
    expect(largestRootModulus([-2, 1])).toBeCloseTo(1, 6);
  });

  it("agrees with R's polyroot on ETS's seasonal characteristic polynomials", () => {
    // z⁸ − 0.8z⁷ + 0.2(z⁶ + … + z²) − 0.75z + 0.75: R 4.2 max(abs(polyroot(...))) = 0.975504263319626.
    expect(largestRootModulus([-0.8, 0.2, 0.2, 0.2, 0.2, 0.2, -0.75, 0.75])).toBeCloseTo(0.975504263319626, 12);
    // m = 24 at R's starting values (α = 0.00843, γ = 0.04967): a root exactly at 1, where R reports 1.
    const alpha = 1e-4 + (0.2 * 0.9998) / 24;
    const gamma = 1e-4 + 0.05 * (1 - alpha - 1e-4);
    const coefficients = [alpha - 1, ...new Array<number>(22).fill(0), gamma - 1, 1 - alpha - gamma];
    expect(Math.abs(largestRootModulus(coefficients) - 1)).toBeLessThan(1e-12);
  });
});
