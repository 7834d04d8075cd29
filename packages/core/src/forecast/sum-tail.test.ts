import { describe, expect, it } from "vitest";
import { SumTail } from "./sum-tail.js";

/** P(sum of d draws ≥ threshold) by convolving one draw at a time over the whole support. */
function reference(values: number[], weights: number[], days: number, threshold: number): number {
  let pmf = new Map<number, number>([[0, 1]]);
  for (let d = 0; d < days; d++) {
    const next = new Map<number, number>();
    for (const [s, p] of pmf)
      values.forEach((v, i) => {
        next.set(s + v, (next.get(s + v) ?? 0) + p * weights[i]!);
      });
    pmf = next;
  }
  let tail = 0;
  for (const [s, p] of pmf) if (s >= threshold) tail += p;
  return tail;
}

const cases: [string, number[], number[], number, number][] = [
  ["three values, a few days", [0, 3, 5], [1 / 3, 1 / 3, 1 / 3], 6, 20],
  ["unequal weights with an offset and a common divisor", [10, 16, 40], [0.5, 0.3, 0.2], 9, 190],
  ["a window that cuts the tails off", [0, 1, 7], [0.6, 0.3, 0.1], 400, 330],
  ["spread-out values", [3, 17, 29, 31, 44, 58], [0.1, 0.2, 0.2, 0.2, 0.2, 0.1], 60, 1900],
  // Forty distinct values: the table comes from a fast Fourier transform.
  [
    "many distinct values",
    Array.from({ length: 40 }, (_, i) => (i * 37) % 101),
    new Array<number>(40).fill(1 / 40),
    30,
    1560,
  ],
];

describe("SumTail", () => {
  it.each(cases)("matches the day-by-day convolution: %s", (_, values, weights, days, threshold) => {
    const expected = reference(values, weights, days, threshold);
    for (const tableSize of [Number.POSITIVE_INFINITY, 0]) {
      const tail = new SumTail(values, weights, { tableSize }).probabilityAtLeast(days, threshold);
      expect(Math.abs(tail.value - expected)).toBeLessThan(1e-11);
      expect(tail.error).toBeLessThan(1e-8);
    }
  });

  it("reports a wider error when the window drops mass", () => {
    const tail = new SumTail([0, 1, 7], [0.6, 0.3, 0.1]);
    expect(tail.window(400).truncated).toBe(true);
    expect(tail.window(3).truncated).toBe(false);
    expect(tail.probabilityAtLeast(400, 330).error).toBeGreaterThan(tail.probabilityAtLeast(3, 10).error);
  });

  it("is 0 or 1 outside the reachable sums", () => {
    const tail = new SumTail([2, 5], [0.5, 0.5]);
    expect(tail.probabilityAtLeast(3, 6)).toEqual({ value: 1, error: 0 });
    expect(tail.probabilityAtLeast(3, 16)).toEqual({ value: 0, error: 0 });
  });
});
