import { describe, expect, it } from "vitest";
import { lognormal, mixSeed, mulberry32, nextShift, sampleAnnotatorModel, shiftOnDay } from "./annotator-model.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("mulberry32", () => {
  it("repeats its sequence for a seed and spreads values uniformly over [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
    const tenths = new Array(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)]++;
    for (const count of tenths) expect(count).toBeGreaterThan(850);
  });

  it("gives unrelated streams for mixed seeds", () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mulberry32(mixSeed(7, 1))()).not.toBe(mulberry32(mixSeed(7, 2))());
  });
});

describe("lognormal", () => {
  it("has the requested median", () => {
    const random = mulberry32(3);
    const draws = Array.from({ length: 5001 }, () => lognormal(random, 30, 0.5)).sort((a, b) => a - b);
    expect(draws[2500]!).toBeGreaterThan(27);
    expect(draws[2500]!).toBeLessThan(33);
    expect(draws.every((d) => d > 0)).toBe(true);
  });
});

describe("annotator shifts", () => {
  const tokyo = { ...sampleAnnotatorModel({ seed: 5, languages: ["ja"], accuracy: 0.9 }), worksWeekends: true };

  it("places a shift in the annotator's local morning or midday", () => {
    expect(tokyo.utcOffsetMinutes).toBe(540);
    for (let day = 20_000; day < 20_030; day++) {
      const shift = shiftOnDay(tokyo, day)!;
      const localStartHour = ((((shift.start + 540 * 60_000) % DAY) + DAY) % DAY) / HOUR;
      expect(localStartHour).toBeGreaterThanOrEqual(6);
      expect(localStartHour).toBeLessThan(14);
      expect(shift.end).toBeGreaterThan(shift.start);
    }
  });

  it("finds the shift in progress or the next one, and skips weekends for those who rest then", () => {
    const time = Date.UTC(2026, 10, 18, 12); // a Wednesday
    const shift = nextShift(tokyo, time)!;
    expect(shift.end).toBeGreaterThan(time);
    const inside = shift.start + 1000;
    expect(nextShift(tokyo, inside)).toEqual(shift);

    const weekdaysOnly = { ...tokyo, worksWeekends: false };
    const saturday = Date.UTC(2026, 10, 21, 0);
    const next = nextShift(weekdaysOnly, saturday)!;
    const localDay = new Date(next.start + 540 * 60_000).getUTCDay();
    expect(localDay).not.toBe(0);
    expect(localDay).not.toBe(6);
  });

  it("draws the same model from the same seed", () => {
    expect(sampleAnnotatorModel({ seed: 9, languages: ["de"], accuracy: 0.8 })).toEqual(
      sampleAnnotatorModel({ seed: 9, languages: ["de"], accuracy: 0.8 }),
    );
  });
});
