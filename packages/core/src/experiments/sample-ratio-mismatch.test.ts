import { describe, expect, it } from "vitest";
import { sampleRatioMismatch } from "./sample-ratio-mismatch.js";

describe("sampleRatioMismatch", () => {
  // 50/50 plan: expected (a + b)/2 per arm, χ² = 2·(a − E)²/E with 1 degree of freedom, and the
  // p-value is the two-sided normal tail of √χ² = erfc(√(χ²/2)).
  it("does not flag 5,000 vs 5,050 units (χ² = 0.2488, p = 0.618)", () => {
    const result = sampleRatioMismatch([5000, 5050]);
    expect(result.chiSquare).toBeCloseTo((2 * 25 ** 2) / 5025, 12);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeCloseTo(0.6179522266795625, 10);
    expect(result.mismatch).toBe(false);
  });

  // 5,000 vs 5,300 is χ² = 8.738, p = 0.0031: a strong hint (flagged at 0.01) yet above the
  // default threshold of 0.001, which needs a gap of about 5,000 vs 5,335 at this size (d² / N > 10.83).
  it("flags 5,000 vs 5,300 units at 0.01 and not at the default 0.001 (p = 0.0031)", () => {
    const result = sampleRatioMismatch([5000, 5300]);
    expect(result.chiSquare).toBeCloseTo((2 * 150 ** 2) / 5150, 12);
    expect(result.pValue).toBeCloseTo(0.0031166938398668655, 12);
    expect(result.mismatch).toBe(false);
    expect(sampleRatioMismatch([5000, 5300], { threshold: 0.01 }).mismatch).toBe(true);
  });

  it("flags 5,000 vs 5,400 units at the default threshold (χ² = 15.38, p = 8.8e-5)", () => {
    const result = sampleRatioMismatch([5000, 5400]);
    expect(result.pValue).toBeCloseTo(8.769942375590239e-5, 15);
    expect(result.mismatch).toBe(true);
  });

  it("tests against an unequal plan and more than two arms", () => {
    // A 2:1 plan met exactly is no mismatch at all; the same counts on a 50/50 plan are.
    expect(sampleRatioMismatch([2000, 1000], { plannedShares: [2, 1] })).toMatchObject({ chiSquare: 0, pValue: 1 });
    expect(sampleRatioMismatch([2000, 1000]).mismatch).toBe(true);
    // Three arms planned 50/25/25 from 1,000 units: 520/250/230 gives χ² = 0.8 + 0 + 1.6 = 2.4 on
    // 2 degrees of freedom, whose survival is exactly e^(−χ²/2).
    const three = sampleRatioMismatch([520, 250, 230], { plannedShares: [0.5, 0.25, 0.25] });
    expect(three.chiSquare).toBeCloseTo(2.4, 12);
    expect(three.degreesOfFreedom).toBe(2);
    expect(three.pValue).toBeCloseTo(Math.exp(-1.2), 12);
  });

  it("rejects nonsense", () => {
    expect(() => sampleRatioMismatch([10])).toThrow(/2 arms/);
    expect(() => sampleRatioMismatch([10, 1.5])).toThrow(/integers/);
    expect(() => sampleRatioMismatch([10, 10], { plannedShares: [1] })).toThrow(/one share per arm/);
    expect(() => sampleRatioMismatch([0, 0])).toThrow(/no units/);
  });
});
