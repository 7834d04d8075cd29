import { describe, expect, it } from "vitest";
import {
  accuracyTrendSeries,
  agreementStrength,
  formatCoefficient,
  formatInterval,
  formatIntervalWithN,
  formatRange,
  wilsonInterval,
} from "./quality.js";

it("wilsonInterval matches the textbook value and stays in [0, 1]", () => {
  const interval = wilsonInterval(8, 10)!;
  expect(interval.low).toBeCloseTo(0.4902, 3);
  expect(interval.high).toBeCloseTo(0.9433, 3);
  expect(wilsonInterval(0, 3)!.low).toBe(0);
  expect(wilsonInterval(3, 3)!.high).toBe(1);
  expect(wilsonInterval(0, 0)).toBeNull();
});

describe("interval formatting", () => {
  it("shows an estimate with its interval rounded outwards", () => {
    expect(formatInterval({ estimate: 0.92, low: 0.855, high: 0.957, n: 24 })).toBe("92% (85–96%)");
    expect(formatInterval({ estimate: 0.5, low: 0.25, high: 0.75 }, 1)).toBe("50.0% (25.0–75.0%)");
    expect(formatIntervalWithN({ estimate: 0.92, low: 0.855, high: 0.957, n: 24 })).toBe("92% (85–96%), n = 24");
  });

  it("keeps exact bounds exact despite float noise", () => {
    // 0.29 * 100 is 28.999999999999996 and 0.57 * 100 is 56.99999999999999.
    expect(formatRange({ low: 0.29, high: 0.57 })).toBe("29–57%");
    expect(formatRange({ low: 0, high: 1 })).toBe("0–100%");
  });

  it("says nothing when there is no estimate", () => {
    expect(formatInterval({ estimate: null, low: 0, high: 1, n: 0 })).toBe("–");
    expect(formatInterval(null)).toBe("–");
    expect(formatIntervalWithN(undefined)).toBe("–");
  });

  it("formats coefficients with a true minus and reads them in words", () => {
    expect(formatCoefficient(0.5847)).toBe("0.58");
    expect(formatCoefficient(-0.123)).toBe("−0.12");
    expect(formatCoefficient(null)).toBe("–");
    expect(agreementStrength(0.83)).toBe("almost perfect");
    expect(agreementStrength(0.5)).toBe("moderate");
    expect(agreementStrength(-0.1)).toBe("worse than chance");
    expect(agreementStrength(null)).toBe("");
  });
});

describe("accuracyTrendSeries", () => {
  it("puts each day at noon UTC and leaves gaps on days without gold answers", () => {
    const series = accuracyTrendSeries([
      { day: "2026-11-20", goldAccuracy: { estimate: 0.8, low: 0.5, high: 0.95, n: 10 } },
      { day: "2026-11-21", goldAccuracy: { estimate: null, low: 0, high: 1, n: 0 } },
    ]);
    expect(series.times).toEqual([Date.UTC(2026, 10, 20, 12) / 1000, Date.UTC(2026, 10, 21, 12) / 1000]);
    expect(series.estimate).toEqual([0.8, null]);
    expect(series.low).toEqual([0.5, null]);
    expect(series.high).toEqual([0.95, null]);
    expect(series.answered).toEqual([10, 0]);
  });
});
