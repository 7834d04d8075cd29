import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../quality/random.js";
import { createReservoir } from "./reservoir-sample.js";

function sample(population: number, capacity: number, seed: number): number[] {
  const reservoir = createReservoir<number>(capacity, mulberry32(seed));
  for (let id = 1; id <= population; id++) reservoir.offer(id);
  return reservoir.drain();
}

describe("createReservoir", () => {
  it("keeps min(capacity, population) distinct items of the stream and counts the stream", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer(),
        (n, capacity, seed) => {
          const reservoir = createReservoir<number>(capacity, mulberry32(seed));
          for (let id = 1; id <= n; id++) reservoir.offer(id);
          const kept = reservoir.drain();
          expect(reservoir.seen).toBe(n);
          expect(kept).toHaveLength(Math.min(n, capacity));
          expect(new Set(kept).size).toBe(kept.length);
          for (const id of kept) expect(id >= 1 && id <= n).toBe(true);
        },
      ),
    );
  });

  it("is reproducible for a seed", () => {
    expect(sample(1000, 20, 7)).toEqual(sample(1000, 20, 7));
    expect(sample(1000, 20, 7)).not.toEqual(sample(1000, 20, 8));
  });

  it("gives every item the same chance, and so does every prefix of the drained order", () => {
    // 20 items, keep 5, use the first 2 of the random order: each item should be kept 25% of the
    // time and be in the prefix 10% of the time. 20,000 runs: standard error ≈ 0.3 and 0.2 points.
    const runs = 20_000;
    const kept = new Array<number>(21).fill(0);
    const prefix = new Array<number>(21).fill(0);
    for (let seed = 0; seed < runs; seed++) {
      const drawn = sample(20, 5, seed * 7919 + 1);
      for (const id of drawn) kept[id]!++;
      for (const id of drawn.slice(0, 2)) prefix[id]!++;
    }
    for (let id = 1; id <= 20; id++) {
      expect(kept[id]! / runs).toBeGreaterThan(0.25 - 0.015);
      expect(kept[id]! / runs).toBeLessThan(0.25 + 0.015);
      expect(prefix[id]! / runs).toBeGreaterThan(0.1 - 0.012);
      expect(prefix[id]! / runs).toBeLessThan(0.1 + 0.012);
    }
  });

  it("refuses a negative or fractional capacity", () => {
    expect(() => createReservoir(-1, Math.random)).toThrow();
    expect(() => createReservoir(1.5, Math.random)).toThrow();
  });
});
