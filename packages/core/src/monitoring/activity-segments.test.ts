import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activitySegments, sumOver } from "./activity-segments.js";
import type { ActivitySums } from "./activity-sums.js";

const H = 3_600_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % H);
const j = (judgments: number): ActivitySums => ({
  judgments,
  activeMs: judgments * 1000,
  goldAnswered: 0,
  goldCorrect: 0,
});

describe("activitySegments and sumOver", () => {
  it("counts exactly what grew between two samples of the current hour", () => {
    // 600 judgments by minute 10, 1,200 by minute 20, then only 3 more by minute 21.
    const samples = [
      { at: T0 + 10 * 60_000, hour: T0, sums: j(600) },
      { at: T0 + 20 * 60_000, hour: T0, sums: j(1200) },
    ];
    const now = T0 + 21 * 60_000;
    const segments = activitySegments([{ hour: T0, sums: j(1203) }], samples, now);
    expect(sumOver(segments, now - 60_000, now).judgments).toBe(3);
    expect(sumOver(segments, T0 + 10 * 60_000, T0 + 20 * 60_000).judgments).toBe(600);
  });

  it("pro-rates an hour that was never sampled, assuming a steady pace within it", () => {
    const segments = activitySegments([{ hour: T0 - H, sums: j(600) }], [], T0 + 60_000);
    expect(sumOver(segments, T0 - H, T0 - H + 6 * 60_000).judgments).toBeCloseTo(60);
    expect(sumOver(segments, T0 - 30 * 60_000, T0 + 60_000).judgments).toBeCloseTo(300);
  });

  it("ends the current hour at now, so a window up to now sees all of it", () => {
    const now = T0 + 30 * 60_000;
    const segments = activitySegments([{ hour: T0, sums: j(90) }], [], now);
    expect(sumOver(segments, now - 10 * 60_000, now).judgments).toBeCloseTo(30);
  });

  it("keeps every judgment: the whole span adds up to the roll-up whatever the samples", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 5 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 4 }),
            fc.integer({ min: 1, max: H - 1 }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
        ),
        (totals, cuts) => {
          const hourly = totals.map((n, i) => ({ hour: T0 + i * H, sums: j(n) }));
          // A sample holds a share of its hour's final count; shares grow with time within an hour.
          const samples = cuts
            .filter(([i]) => i < totals.length)
            .sort((a, b) => a[1] - b[1])
            .map(([i, offset], _index, all) => {
              const share = all.filter(([m, o]) => m === i && o <= offset).length / (all.length + 1);
              return { at: T0 + i * H + offset, hour: T0 + i * H, sums: j(Math.floor(totals[i]! * share)) };
            });
          const now = T0 + totals.length * H;
          const total = sumOver(activitySegments(hourly, samples, now), T0, now).judgments;
          expect(total).toBeCloseTo(
            totals.reduce((s, n) => s + n, 0),
            6,
          );
        },
      ),
    );
  });
});
