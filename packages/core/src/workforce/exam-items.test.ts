import { describe, expect, it } from "vitest";
import { planExamItems } from "./exam-items.js";

const ids = Array.from({ length: 30 }, (_, i) => 100 + i * 7);

describe("planExamItems", () => {
  it("draws distinct gold tasks, as many as the exam is long", () => {
    const items = planExamItems(ids, 42, 12);
    expect(items).toHaveLength(12);
    expect(new Set(items).size).toBe(12);
    for (const id of items) expect(ids).toContain(id);
    expect(planExamItems(ids, 42, 100)).toHaveLength(30);
    expect(planExamItems([5, 5, 6], 1, 10).sort()).toEqual([5, 6]);
  });

  it("gives the same order for the same seed, whatever order the ids came in", () => {
    const reversed = [...ids].reverse();
    expect(planExamItems(reversed, 7, 30)).toEqual(planExamItems(ids, 7, 30));
    expect(planExamItems(ids, 8, 30)).not.toEqual(planExamItems(ids, 7, 30));
  });

  it("puts every task first about equally often across seeds", () => {
    const five = [1, 2, 3, 4, 5];
    const counts = new Map<number, number>();
    for (let seed = 0; seed < 5000; seed++) {
      const first = planExamItems(five, seed, 1)[0]!;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    // 1000 expected each; a binomial standard deviation is about 28, so ±150 is over 5 sd.
    for (const id of five) expect(Math.abs((counts.get(id) ?? 0) - 1000)).toBeLessThan(150);
  });
});
