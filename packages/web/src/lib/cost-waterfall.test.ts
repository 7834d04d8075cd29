import { describe, expect, it } from "vitest";
import { waterfallBars } from "./cost-waterfall.js";

describe("cost waterfall", () => {
  it("stacks each driver on the running total and lands on the current cost", () => {
    const bars = waterfallBars({
      base: 100,
      current: 112,
      drivers: { volume: 10, mix: 0, overlap: 6, quality: 1, efficiency: -5, rate: 0 },
    });
    expect(bars.keys).toEqual(["base", "volume", "mix", "overlap", "quality", "efficiency", "rate", "current"]);
    expect(bars.offset).toEqual([0, 100, 110, 110, 116, 112, 112, 0]);
    expect(bars.up).toEqual([100, 10, 0, 6, 1, 0, 0, 112]);
    expect(bars.down).toEqual([0, 0, 0, 0, 0, 5, 0, 0]);
    // Every driver bar spans from the running total before it to the one after it.
    let running = 100;
    for (let i = 1; i <= 6; i++) {
      const next = running + bars.values[i]!;
      expect(bars.offset[i]).toBe(Math.min(running, next));
      expect(bars.offset[i]! + bars.up[i]! + bars.down[i]!).toBe(Math.max(running, next));
      running = next;
    }
    expect(running).toBe(112);
  });
});
