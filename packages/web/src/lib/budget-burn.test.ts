import type { BudgetBurn } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { budgetCardHeadline, burnChartData } from "./budget-burn.js";

const NOW = Date.parse("2026-04-10T12:00:00Z");
const PERIOD_END = "2026-05-01T00:00:00.000Z";
// A running budget as the server gives it: $300 spent of $1,500, headed by this week's pace ($2,014).
const running: Parameters<typeof budgetCardHeadline>[0] = {
  amountMinor: 1500_00,
  periodEnd: PERIOD_END,
  status: {
    spentMinor: 300_00,
    burn: 0.2,
    elapsed: 0.3,
    runRatePerDayMinor: 32_00,
    forecastMinor: 377_00,
    forecastAtRunRateMinor: 900_00,
    recentRunRatePerDayMinor: 82_00,
    recentDays: 7,
    forecastAtRecentRateMinor: 2014_00,
    crossed: [],
    periodOver: false,
    standing: "at_risk",
    headline: { basis: "spending_pace", amountMinor: 2014_00 },
    pace: { window: "recent", days: 7, ratePerDayMinor: 82_00, forecastMinor: 2014_00 },
  },
};

describe("budget card headline", () => {
  it("heads a running budget with the server's headline and standing (core's statusHeadline)", () => {
    expect(budgetCardHeadline(running, NOW)).toEqual({
      standing: "at_risk",
      basis: "spending_pace",
      amountMinor: 2014_00,
    });
    expect(budgetCardHeadline(running, Date.parse("2026-04-30T23:59:59Z")).basis).toBe("spending_pace");
  });

  it("gives an ended period's spend as final with no forecast, even on a page left open past the end", () => {
    expect(budgetCardHeadline(running, Date.parse("2026-05-01T00:00:00Z"))).toEqual({
      standing: "on_track",
      basis: "final",
      amountMinor: 300_00,
    });
    const overspent = { ...running, status: { ...running.status, spentMinor: 1600_00, standing: "over" as const } };
    expect(budgetCardHeadline(overspent, Date.parse("2026-05-02T00:00:00Z"))).toEqual({
      standing: "over",
      basis: "final",
      amountMinor: 1600_00,
    });
  });
});

describe("burn chart data", () => {
  const burn: BudgetBurn = {
    budgetId: 1,
    currency: "USD",
    periodStart: "2026-04-01T00:00:00.000Z",
    periodEnd: "2026-05-01T00:00:00.000Z",
    amountMinor: 200_000,
    thresholds: [50, 80, 100],
    spentMinor: 130_000,
    forecastMinor: 260_000,
    forecastAtRunRateMinor: 390_000,
    headlineForecastMinor: null,
    days: [
      { day: "2026-04-01", spentMinor: 50_000, cumulativeMinor: 50_000 },
      { day: "2026-04-04", spentMinor: 70_000, cumulativeMinor: 120_000 },
      { day: "2026-04-10", spentMinor: 10_000, cumulativeMinor: 130_000 },
    ],
  };
  const now = Date.parse("2026-04-10T12:00:00Z");

  it("runs the forecast line to the card's headline forecast when the server gives it", () => {
    const data = burnChartData({ ...burn, headlineForecastMinor: 500_000 }, now, 2);
    expect(data.forecast[data.forecast.length - 1]).toBe(5000);
  });

  it("climbs day by day to now, then runs straight to the forecast at the period's end", () => {
    const data = burnChartData(burn, now, 2);
    expect(data.times.map((s) => new Date(s * 1000).toISOString())).toEqual([
      "2026-04-01T00:00:00.000Z",
      "2026-04-02T00:00:00.000Z",
      "2026-04-05T00:00:00.000Z",
      "2026-04-10T12:00:00.000Z",
      "2026-05-01T00:00:00.000Z",
    ]);
    expect(data.spent).toEqual([0, 500, 1200, 1300, null]);
    expect(data.forecast).toEqual([null, null, null, 1300, 2600]);
    expect(data.budget).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(data.thresholds.map((t) => [t.percent, t.values[0]])).toEqual([
      [50, 1000],
      [80, 1600],
    ]);
  });

  it("has no forecast once the period is over", () => {
    const data = burnChartData(burn, Date.parse("2026-06-01T00:00:00Z"), 2);
    expect(data.forecast.every((v) => v === null)).toBe(true);
    expect(data.times.at(-1)).toBe(Date.parse("2026-05-01T00:00:00Z") / 1000);
    expect(data.spent.at(-1)).toBe(1300);
  });
});
