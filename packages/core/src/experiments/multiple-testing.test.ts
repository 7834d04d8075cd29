import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benjaminiHochbergAdjust, holmAdjust } from "./multiple-testing.js";

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [i, value] of expected.entries()) expect(actual[i]).toBeCloseTo(value, 15);
}

describe("multiple-testing adjustments", () => {
  // p = 0.01, 0.04, 0.03, 0.005; sorted 0.005, 0.01, 0.03, 0.04.
  it("Holm: 4·0.005, 3·0.01, max(2·0.03, …), max(1·0.04, 0.06) in the input order", () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expectClose(adjusted, [0.03, 0.06, 0.06, 0.02]);
  });

  it("Benjamini-Hochberg: 4p/rank made monotone from the largest down", () => {
    // 4·0.005/1 = 0.02, 4·0.01/2 = 0.02, 4·0.03/3 = 0.04, 4·0.04/4 = 0.04.
    const adjusted = benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.005]);
    expectClose(adjusted, [0.02, 0.04, 0.04, 0.02]);
    // A large p-value caps at 1 and does not lift the others: 3·0.9/3 = 0.9, 3·0.02/2 = 0.03, 3·0.001 = 0.003.
    expectClose(benjaminiHochbergAdjust([0.001, 0.02, 0.9]), [0.003, 0.03, 0.9]);
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
  });

  it("never lowers a p-value, keeps the order, and Holm is at least as strict as Benjamini-Hochberg", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), (pValues) => {
        const holm = holmAdjust(pValues);
        const bh = benjaminiHochbergAdjust(pValues);
        pValues.forEach((p, i) => {
          expect(holm[i]).toBeGreaterThanOrEqual(p);
          expect(bh[i]).toBeGreaterThanOrEqual(p);
          expect(holm[i]).toBeGreaterThanOrEqual(bh[i]! - 1e-15);
          expect(holm[i]).toBeLessThanOrEqual(1);
          pValues.forEach((q, j) => {
            if (p < q) expect(bh[i]).toBeLessThanOrEqual(bh[j]!);
          });
        });
      }),
    );
  });

  it("rejects values that are not probabilities", () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow();
    expect(() => benjaminiHochbergAdjust([Number.NaN])).toThrow();
  });
});
