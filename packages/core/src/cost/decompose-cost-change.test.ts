import { describe, expect, it } from "vitest";
import { decomposeCostChange, logarithmicMean } from "./decompose-cost-change.js";
import { type SegmentCost, segmentCost } from "./segment-cost.js";

// items 1000 × overlap 3 × (1 + 0.1) / (1 − 0.2) × 2 min / 60 × $20/h = $2,750.
const german: SegmentCost = {
  segment: "rating × de",
  items: 1000,
  overlap: 3,
  goldShare: 0.2,
  reworkShare: 0.1,
  minutesPerJudgment: 2,
  hourlyRate: 20,
};
// 500 × 2 × 1 / 0.9 × 1.5 / 60 × 18 = $500.
const french: SegmentCost = {
  segment: "rating × fr",
  items: 500,
  overlap: 2,
  goldShare: 0.1,
  reworkShare: 0,
  minutesPerJudgment: 1.5,
  hourlyRate: 18,
};
const ZERO = { volume: 0, mix: 0, overlap: 0, quality: 0, efficiency: 0, rate: 0 };

describe("LMDI-I decomposition of a cost change", () => {
  it("prices a segment as items × overlap × (1 + rework) / (1 − gold) × hours per judgment × rate", () => {
    expect(segmentCost(german)).toBeCloseTo(2750, 9);
    expect(segmentCost(french)).toBeCloseTo(500, 9);
  });

  it("gives the whole change to rate, exactly, when only the rate changes", () => {
    const result = decomposeCostChange([german], [{ ...german, hourlyRate: 22 }]);
    expect(result.change).toBeCloseTo(275, 9);
    expect(result.drivers).toEqual({ ...ZERO, rate: result.change });
  });

  it("gives the change to rate with several segments when only one segment's rate changes", () => {
    const result = decomposeCostChange([german, french], [german, { ...french, hourlyRate: 27 }]);
    expect(result.change).toBeCloseTo(250, 9);
    expect(result.drivers).toEqual({ ...ZERO, rate: result.segments[1]!.change });
  });

  it("splits two changes by the logarithmic mean: overlap 3→4 and rate $20→$25", () => {
    // C0 = 2750, CT = 2750 × 4/3 × 1.25 = 4583.33; L = 1833.33 / ln(5/3) = 3588.96;
    // overlap = L ln(4/3) = 1032.48, rate = L ln(1.25) = 800.85.
    const result = decomposeCostChange([german], [{ ...german, overlap: 4, hourlyRate: 25 }]);
    expect(result.drivers.overlap).toBeCloseTo(1032.48, 2);
    expect(result.drivers.rate).toBeCloseTo(800.85, 2);
    expect(result.drivers.overlap + result.drivers.rate).toBeCloseTo(1833.33, 2);
    expect(result.drivers.volume).toBe(0);
  });

  it("moves gold and rework into quality and says how much is which", () => {
    // q from 1.1/0.8 = 1.375 to 1.2/0.75 = 1.6.
    const result = decomposeCostChange([german], [{ ...german, goldShare: 0.25, reworkShare: 0.2 }]);
    expect(result.drivers.quality).toBeCloseTo(result.change, 9);
    const weight = logarithmicMean(result.current, result.base);
    expect(result.quality.gold).toBeCloseTo(weight * Math.log(0.8 / 0.75), 9);
    expect(result.quality.rework).toBeCloseTo(weight * Math.log(1.2 / 1.1), 9);
    expect(result.quality.gold + result.quality.rework).toBeCloseTo(result.drivers.quality, 9);
  });

  it("calls it volume when every segment grows alike, and nothing per accepted label", () => {
    const doubled = [german, french].map((s) => ({ ...s, items: s.items * 2 }));
    const total = decomposeCostChange([german, french], doubled);
    expect(total.change).toBeCloseTo(3250, 9);
    expect(total.drivers.volume).toBeCloseTo(3250, 9);
    expect(total.drivers.mix).toBeCloseTo(0, 9);
    const perLabel = decomposeCostChange([german, french], doubled, "per_accepted_label");
    expect(perLabel.base).toBeCloseTo(3250 / 1500, 12);
    expect(perLabel.change).toBeCloseTo(0, 12);
    expect(Object.values(perLabel.drivers).every((v) => Math.abs(v) < 1e-12)).toBe(true);
  });

  it("adds a segment present in the current period only as mix, and removes one present in the base only", () => {
    const added = decomposeCostChange([german], [german, french]);
    expect(added.change).toBeCloseTo(500, 9);
    expect(added.segments[1]).toEqual({
      segment: "rating × fr",
      base: 0,
      current: added.segments[1]!.current,
      change: added.segments[1]!.current,
      drivers: { ...ZERO, mix: added.segments[1]!.current },
    });
    // German's cost is unchanged; its share fell as the total grew: +volume and −mix cancel.
    expect(added.drivers.volume).toBeCloseTo(2750 * Math.log(1500 / 1000), 9);
    expect(added.drivers.mix).toBeCloseTo(500 - 2750 * Math.log(1500 / 1000), 9);
    expect(added.drivers.volume + added.drivers.mix).toBeCloseTo(500, 9);

    const removed = decomposeCostChange([german, french], [german]);
    expect(removed.segments[1]!.drivers).toEqual({ ...ZERO, mix: -removed.segments[1]!.base });
    expect(Object.values(removed.drivers).reduce((a, b) => a + b, 0)).toBeCloseTo(-500, 9);
    // A segment with 0 items counts as absent.
    expect(decomposeCostChange([german, { ...french, items: 0 }], [german, french]).drivers).toEqual(added.drivers);
  });

  it("handles zero costs: nothing in either period, a rate or time of zero", () => {
    expect(decomposeCostChange([], [])).toMatchObject({ base: 0, current: 0, change: 0, drivers: ZERO });
    expect(decomposeCostChange([{ ...german, items: 0 }], [])).toMatchObject({ change: 0, drivers: ZERO });
    // Unpaid volunteers start being paid: the whole change is rate, even though overlap changed too.
    const paid = decomposeCostChange([{ ...german, hourlyRate: 0 }], [{ ...german, overlap: 4 }]);
    expect(paid.change).toBeCloseTo(2750 * (4 / 3), 9);
    expect(paid.drivers).toEqual({ ...ZERO, rate: paid.change });
    // Two factors at zero share the change equally; a period at zero cost on both sides changes nothing.
    const both = decomposeCostChange([{ ...german, hourlyRate: 0, minutesPerJudgment: 0 }], [german]);
    expect(both.drivers).toEqual({ ...ZERO, efficiency: 1375, rate: 1375 });
    expect(
      decomposeCostChange([{ ...german, hourlyRate: 0 }], [{ ...german, hourlyRate: 0, overlap: 5 }]).drivers,
    ).toEqual(ZERO);
    // From nothing at all: everything is new, so everything is mix.
    expect(decomposeCostChange([], [german, french]).drivers).toEqual({ ...ZERO, mix: 3250 });
  });

  it("rejects bad segments and duplicates", () => {
    expect(() => decomposeCostChange([{ ...german, goldShare: 1 }], [])).toThrow(/goldShare must be in \[0, 1\)/);
    expect(() => decomposeCostChange([], [german, german])).toThrow(/listed twice/);
    expect(() => decomposeCostChange([{ ...german, hourlyRate: Number.NaN }], [])).toThrow(
      /hourlyRate must be a number/,
    );
  });

  it("computes the logarithmic mean stably near equal arguments", () => {
    expect(logarithmicMean(5, 5)).toBe(5);
    expect(logarithmicMean(Math.E, 1)).toBeCloseTo(Math.E - 1, 12);
    expect(logarithmicMean(1 + 1e-9, 1)).toBeCloseTo(1 + 5e-10, 15);
    expect(logarithmicMean(2, 1)).toBeCloseTo(1 / Math.LN2, 12);
  });
});
