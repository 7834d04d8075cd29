import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyBasisPoints,
  divideHalfEven,
  isCurrencyCode,
  largestRemainder,
  roundHalfEven,
  roundToTotal,
} from "./money.js";

describe("isCurrencyCode", () => {
  it("knows ISO 4217 codes as written, and nothing else", () => {
    for (const code of ["USD", "EUR", "JPY", "INR", "BHD"]) expect(isCurrencyCode(code), code).toBe(true);
    for (const code of ["usd", "ABC", "EURO", "EU", "", " USD", "US$"]) expect(isCurrencyCode(code), code).toBe(false);
  });
});

describe("rounding half to even", () => {
  it("rounds exact halves to the even neighbour and everything else to the nearest", () => {
    expect([5n, 7n, 1n, 3n, -5n, -7n].map((n) => divideHalfEven(n, 2n))).toEqual([2, 4, 0, 2, -2, -4]);
    expect(divideHalfEven(10n, 3n)).toBe(3);
    expect(divideHalfEven(11n, 3n)).toBe(4);
    expect(divideHalfEven(-11n, 3n)).toBe(-4);
    expect(divideHalfEven(7n, -2n)).toBe(-4);
    expect([0.5, 1.5, 2.5, 2.4999, -0.5, -1.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 0, -2]);
  });

  it("takes a percentage in basis points of an amount", () => {
    expect(applyBasisPoints(1_000, 1_250)).toBe(125); // 12.5% of $10.00
    expect(applyBasisPoints(5, 1_000)).toBe(0); // 0.5 cent → 0 (even)
    expect(applyBasisPoints(15, 1_000)).toBe(2); // 1.5 cents → 2 (even)
  });
});

describe("largest remainder", () => {
  it("splits 100 by 1:1:1 as 34, 33, 33 (the tie goes to the lowest index)", () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it("gives the leftover units to the largest remainders and nothing to zero weights", () => {
    // quotas 10 × (0.15, 0.35, 0.5, 0) = 1.5, 3.5, 5, 0; both remainders .5: lower index first.
    expect(largestRemainder(10, [15, 35, 50, 0])).toEqual([2, 3, 5, 0]);
    expect(largestRemainder(1, [0, 0.2, 0.1])).toEqual([0, 1, 0]);
    expect(() => largestRemainder(10, [0, 0])).toThrow(/every weight is 0/);
  });

  it("always adds up to the total, stays within one unit of each quota, and leaves zero weights at zero", () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.array(fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = largestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(Math.abs(part - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-6);
            if (weights[i] === 0) expect(part).toBe(0);
          });
        },
      ),
    );
  });

  it("rounds real values to integers with a given sum", () => {
    expect(roundToTotal([1.4, 1.4, 1.2], 4)).toEqual([2, 1, 1]);
    expect(roundToTotal([-0.6, 2.6], 2)).toEqual([-1, 3]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (values) => {
          const total = Math.round(values.reduce((a, b) => a + b, 0)) + 0;
          const parts = roundToTotal(values, total);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((part, i) => {
            expect(Math.abs(part - values[i]!)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });
});
