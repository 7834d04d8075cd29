import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { finishDayCdf, finishDayQuantile, forecastEta, probabilityDoneWithin } from "./eta.js";

/**
 * The reference: P(done within d days) by convolving one day at a time on the whole lattice,
 * with completed mass absorbed at the backlog. Slow, obviously right.
 */
function doneByDay(history: number[], backlog: number, maxDays: number): number[] {
  const target = Math.ceil(backlog);
  let open = new Float64Array(target); // P(sum = s, not done), s < target
  open[0] = 1;
  let done = target === 0 ? 1 : 0;
  const out = [done];
  for (let day = 1; day <= maxDays; day++) {
    const next = new Float64Array(target);
    for (let s = 0; s < target; s++) {
      const p = open[s]!;
      if (p === 0) continue;
      for (const v of history) {
        if (s + v >= target) done += p / history.length;
        else next[s + v] = next[s + v]! + p / history.length;
      }
    }
    open = next;
    out.push(done);
  }
  return out;
}

function percentilesFrom(cdf: number[]) {
  const first = (level: number) => cdf.findIndex((p) => p >= level - 1e-9);
  return { p50: first(0.5), p70: first(0.7), p85: first(0.85), p95: first(0.95) };
}

describe("forecastEta", () => {
  it("works history 0,3,5 and backlog 20 as done by hand", () => {
    // Each day adds 0, 3 or 5 with probability 1/3; done within d days means the d draws sum to ≥ 20.
    // d = 4: only 5,5,5,5 → 1/81.
    // d = 5: four 5s and one 0 or 3 (5·2 orders) + the all-5 case + three 5s and two 3s (5!/(3!2!)) → 21/243.
    // d = 6: 1 (six 5s) + 12 (five 5s) + 60 (four 5s, any two others: 15·4)
    //        + 80 (three 5s with two or three 3s: 60 + 20) + 15 (two 5s, four 3s) + 6 (one 5, five 3s) → 174/729.
    expect(probabilityDoneWithin([0, 3, 5], 20, 3, 0)).toBe(0);
    expect(probabilityDoneWithin([0, 3, 5], 20, 4, 0)).toBeCloseTo(1 / 81, 12);
    expect(probabilityDoneWithin([0, 3, 5], 20, 5, 0)).toBeCloseTo(21 / 243, 12);
    expect(probabilityDoneWithin([0, 3, 5], 20, 6, 0)).toBeCloseTo(174 / 729, 12);
    const cdf = doneByDay([0, 3, 5], 20, 20);
    // The day-by-day reference crosses 50% between days 7 (0.430) and 8 (0.611).
    expect(cdf[7]).toBeLessThan(0.5);
    expect(cdf[8]).toBeGreaterThan(0.5);
    expect(forecastEta([0, 3, 5], 20)).toEqual({ days: percentilesFrom(cdf) });
    expect(forecastEta([0, 3, 5], 20).days.p50).toBe(8);
  });

  it("gives the whole curve and single quantiles, as the day-by-day convolution does", () => {
    const cdf = doneByDay([0, 3, 5], 20, 15);
    const curve = finishDayCdf([0, 3, 5], 20, { from: 0, to: 15 }, 0);
    expect(curve.map((point) => point.day)).toEqual(cdf.map((_, day) => day));
    curve.forEach((point) => {
      expect(point.probability).toBeCloseTo(cdf[point.day]!, 12);
    });
    expect(finishDayQuantile([0, 3, 5], 20, 0.6)).toBe(8); // P(≤ 7) = 0.430, P(≤ 8) = 0.611
    expect(finishDayQuantile([0, 3, 5], 20, 0.62)).toBe(9);
    expect(finishDayQuantile([0, 0], 20, 0.5)).toBeNull();
    expect(() => finishDayCdf([1], 5, { from: 3, to: 2 })).toThrow(/range/);
  });

  it("counts an exact tie as reaching the level (history 0,10: P(done within d) = 1 − 2^-d)", () => {
    // p50: 1 − 1/2 = 0.5 exactly; p70: 0.75 at 2; p85: 0.875 at 3; p95: 0.9375 < 0.95 ≤ 0.96875 at 5.
    expect(forecastEta([0, 10], 10)).toEqual({ days: { p50: 1, p70: 2, p85: 3, p95: 5 } });
  });

  it("never finishes on an all-zero history (every percentile null), and an empty backlog is done now", () => {
    expect(forecastEta([0, 0, 0], 20)).toEqual({ days: { p50: null, p70: null, p85: null, p95: null } });
    expect(forecastEta([0, 0, 0], 0)).toEqual({ days: { p50: 0, p70: 0, p85: 0, p95: 0 } });
    expect(probabilityDoneWithin([0, 0], 20, 1000)).toBe(0);
  });

  it("is deterministic with a constant pace", () => {
    expect(forecastEta([5, 5], 12)).toEqual({ days: { p50: 3, p70: 3, p85: 3, p95: 3 } });
  });

  it("rounds a backlog of expected judgments up to whole judgments, ignoring float noise", () => {
    expect(forecastEta([0, 3, 5], 19.2)).toEqual(forecastEta([0, 3, 5], 20));
    expect(forecastEta([0, 3, 5], 20 + 1e-12)).toEqual(forecastEta([0, 3, 5], 20));
  });

  it("rejects bad input with the field named", () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof DomainError ? `${error.code}: ${error.message}` : String(error);
      }
      return "no error";
    };
    expect(reason(() => forecastEta([], 5))).toMatch(/^invalid_input: history/);
    expect(reason(() => forecastEta([1, -2], 5))).toMatch(/^invalid_input: history\[1\]/);
    expect(reason(() => forecastEta([1, 2.5], 5))).toMatch(/^invalid_input: history\[1\]/);
    expect(reason(() => forecastEta([1, 2], Number.NaN))).toMatch(/^invalid_input: backlog/);
    expect(reason(() => probabilityDoneWithin([1, 2], 5, 1.5))).toMatch(/^invalid_input: days/);
  });

  it("matches the day-by-day convolution on random small histories", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(12), { minLength: 1, maxLength: 8 }).filter((h) => h.some((v) => v > 0)),
        fc.integer({ min: 1, max: 120 }),
        (history, backlog) => {
          const mean = history.reduce((s, v) => s + v, 0) / history.length;
          const cdf = doneByDay(history, backlog, Math.ceil((3 * backlog) / mean) + 30);
          expect(forecastEta(history, backlog)).toEqual({ days: percentilesFrom(cdf) });
          for (const d of [1, 3, 7, 15])
            expect(Math.abs(probabilityDoneWithin(history, backlog, d, 0) - cdf[d]!)).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("matches the day-by-day convolution where the window cuts the tails off (thousands of days)", () => {
    // 2,250 days on average: the sum's support is 0..5d but the window holds only about ±8 standard deviations.
    const history = [0, 3, 5];
    const backlog = 6000;
    const cdf = doneByDay(history, backlog, 2600);
    expect(forecastEta(history, backlog)).toEqual({ days: percentilesFrom(cdf) });
    for (const d of [2200, 2250, 2300])
      expect(Math.abs(probabilityDoneWithin(history, backlog, d, 0) - cdf[d]!)).toBeLessThan(1e-9);
  });

  it("matches the day-by-day convolution when large daily counts need the coarse lattice", () => {
    // Thousands of judgments a day over 20 days: a window of 2^18 points, so the bounds on a coarser step decide.
    const history = [3100, 4780, 2210, 5000, 3977, 4123, 1999, 4410];
    const backlog = 70_000;
    const cdf = doneByDay(history, backlog, 30);
    expect(forecastEta(history, backlog)).toEqual({ days: percentilesFrom(cdf) });
    expect(Math.abs(probabilityDoneWithin(history, backlog, 19, 1e-6) - cdf[19]!)).toBeLessThan(1e-6);
  });

  it("matches the day-by-day convolution with a long history of many distinct days", () => {
    // 120 days, most values distinct: the transform comes from an FFT rather than a table of cosines.
    const history = Array.from({ length: 120 }, (_, i) => (i * 37 + 11) % 61);
    const backlog = 3000;
    const cdf = doneByDay(history, backlog, 140);
    expect(forecastEta(history, backlog)).toEqual({ days: percentilesFrom(cdf) });
    expect(Math.abs(probabilityDoneWithin(history, backlog, 100, 0) - cdf[100]!)).toBeLessThan(1e-9);
  });

  it("answers for a backlog of a million judgments", () => {
    // The mean pace is 8/3 a day, so the median is near 375,000 days; the spread of d days is about 2.05·√d.
    const { days } = forecastEta([0, 3, 5], 1_000_000);
    expect(Math.abs(days.p50! - 375_000)).toBeLessThanOrEqual(2);
    // Normal approximation: p95 − p50 ≈ 1.645 · 2.055 · √375000 / (8/3) ≈ 776 days.
    expect(days.p95! - days.p50!).toBeGreaterThan(760);
    expect(days.p95! - days.p50!).toBeLessThan(790);
  });
});
