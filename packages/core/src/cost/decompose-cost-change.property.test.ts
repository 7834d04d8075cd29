import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decomposeCostChange } from "./decompose-cost-change.js";
import { COST_DRIVERS, type CostDrivers, type SegmentCost } from "./segment-cost.js";
import { shapleyCostChange } from "./shapley-cost-change.js";

const ratio = fc.double({ min: 0.5, max: 2, noNaN: true });
const share = fc.double({ min: 0, max: 0.5, noNaN: true });

/** 1–4 segments in both periods, every factor positive and changed by a factor within [0.5, 2]. */
const periods = fc
  .array(
    fc.record({
      items: fc.double({ min: 1, max: 10_000, noNaN: true }),
      overlap: fc.double({ min: 1, max: 5, noNaN: true }),
      goldShare: share,
      reworkShare: share,
      minutesPerJudgment: fc.double({ min: 0.1, max: 10, noNaN: true }),
      hourlyRate: fc.double({ min: 5, max: 50, noNaN: true }),
      change: fc.record({
        items: ratio,
        overlap: ratio,
        goldShare: share,
        reworkShare: share,
        minutesPerJudgment: ratio,
        hourlyRate: ratio,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((rows) => {
    const base: SegmentCost[] = [];
    const current: SegmentCost[] = [];
    rows.forEach(({ change, ...row }, i) => {
      base.push({ segment: `s${i}`, ...row });
      current.push({
        segment: `s${i}`,
        items: row.items * change.items,
        overlap: row.overlap * change.overlap,
        goldShare: change.goldShare,
        reworkShare: change.reworkShare,
        minutesPerJudgment: row.minutesPerJudgment * change.minutesPerJudgment,
        hourlyRate: row.hourlyRate * change.hourlyRate,
      });
    });
    return { base, current };
  });

function sum(drivers: CostDrivers): number {
  return COST_DRIVERS.reduce((total, driver) => total + drivers[driver], 0);
}

describe("LMDI-I against an exact Shapley decomposition", () => {
  it("both add up to the change, and they agree in sign segment by segment and on every material driver", () => {
    fc.assert(
      fc.property(
        periods,
        fc.constantFrom("total" as const, "per_accepted_label" as const),
        ({ base, current }, measure) => {
          const lmdi = decomposeCostChange(base, current, measure);
          const shapley = shapleyCostChange(base, current, measure);
          const scale = Math.max(lmdi.base, lmdi.current);
          expect(shapley.change).toBeCloseTo(lmdi.change, 9);
          expect(Math.abs(sum(lmdi.drivers) - lmdi.change)).toBeLessThan(1e-9 * scale);
          expect(Math.abs(sum(shapley.drivers) - shapley.change)).toBeLessThan(1e-9 * scale);
          for (const driver of COST_DRIVERS) {
            // Per segment, both give a driver the sign of its factor's change.
            lmdi.segments.forEach((segment, i) => {
              const reference = shapley.segments[i]!.drivers[driver];
              if (Math.abs(reference) > 1e-9 * scale)
                expect(Math.sign(segment.drivers[driver])).toBe(Math.sign(reference));
            });
            // Summed over segments, opposite moves can nearly cancel, and the two weightings may then land
            // on either side of zero. With factors changing at most 2×, the weights differ by under 15%,
            // so signs must agree wherever the sum is at least 15% of the segments' absolute contributions.
            const gross = shapley.segments.reduce((total, segment) => total + Math.abs(segment.drivers[driver]), 0);
            if (Math.abs(shapley.drivers[driver]) >= 0.15 * gross && gross > 1e-9 * scale)
              expect(Math.sign(lmdi.drivers[driver])).toBe(Math.sign(shapley.drivers[driver]));
          }
        },
      ),
    );
  });

  it("Shapley gives a single changed factor the whole change, like LMDI", () => {
    fc.assert(
      fc.property(
        periods,
        fc.constantFrom(...COST_DRIVERS.filter((d) => d !== "volume" && d !== "mix")),
        ({ base }, driver) => {
          const field = {
            overlap: "overlap",
            quality: "reworkShare",
            efficiency: "minutesPerJudgment",
            rate: "hourlyRate",
          } as const;
          const key = field[driver as keyof typeof field];
          const current = base.map((segment) => ({ ...segment, [key]: segment[key] * 1.2 }));
          const shapley = shapleyCostChange(base, current);
          const lmdi = decomposeCostChange(base, current);
          expect(shapley.drivers[driver]).toBeCloseTo(lmdi.change, 6);
          expect(lmdi.drivers[driver]).toBeCloseTo(lmdi.change, 6);
        },
      ),
    );
  });

  it("the Shapley split of overlap 3→4 and rate $20→$25 averages the two orders", () => {
    const segment: SegmentCost = {
      segment: "rating × de",
      items: 1000,
      overlap: 3,
      goldShare: 0.2,
      reworkShare: 0.1,
      minutesPerJudgment: 2,
      hourlyRate: 20,
    };
    const result = shapleyCostChange([segment], [{ ...segment, overlap: 4, hourlyRate: 25 }]);
    // overlap: ½(2750 × 1/3 + 2750 × 1/3 × 1.25) = 1031.25; rate: ½(2750 × 0.25 + 2750 × 0.25 × 4/3) = 802.08.
    expect(result.drivers.overlap).toBeCloseTo(1031.25, 9);
    expect(result.drivers.rate).toBeCloseTo(802.083333, 5);
  });
});
