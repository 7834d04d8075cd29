import type { BudgetBurn } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { budgetCardHeadline, burnChartData } from "./budget-burn.js";

const status = (
  spentMinor: number,
  forecastMinor: number | null,
  forecastAtRunRateMinor: number | null = null,
  forecastAtRecentRateMinor: number | null = null,
) => ({
  spentMinor,
  forecastMinor,
  forecastAtRunRateMinor,
  forecastAtRecentRateMinor,
  recentRunRatePerDayMinor: null,
  recentDays: null,
  burn: 0,
  elapsed: 0,
  runRatePerDayMinor: null,
  crossed: [],
  periodOver: false,
  standing: "on_track" as const,
  headline: { basis: null, amountMinor: null },
});
const NOW = Date.parse("2026-04-10T12:00:00Z");
const budgetState = (budget: { amountMinor: number; status: ReturnType<typeof status> }, now = NOW) =>
  budgetCardHeadline({ ...budget, periodEnd: "2026-05-01T00:00:00.000Z" }, now).standing;

describe("budget state", () => {
  it("is over past the amount, at risk when the forecast passes it, else on track", () => {
    expect(budgetState({ amountMinor: 1000, status: status(1001, 1500) })).toBe("over");
    expect(budgetState({ amountMinor: 1000, status: status(800, 1200) })).toBe("at_risk");
    expect(budgetState({ amountMinor: 1000, status: status(800, 950) })).toBe("on_track");
    expect(budgetState({ amountMinor: 1000, status: status(800, null, 1100) })).toBe("at_risk");
    expect(budgetState({ amountMinor: 1000, status: status(800, null, null) })).toBe("on_track");
  });

  it("is at risk when this week's spending pace passes the amount, though the work left does not", () => {
    expect(budgetState({ amountMinor: 1000, status: status(800, 900, 950, 1400) })).toBe("at_risk");
    // The recent pace is the one that counts: a quieter week keeps the budget on track.
    expect(budgetState({ amountMinor: 1000, status: status(800, 900, 1400, 950) })).toBe("on_track");
    expect(budgetState({ amountMinor: 1000, status: status(800, 900, null, 990) })).toBe("on_track");
  });
});

describe("budget card headline", () => {
  it("heads with the spending pace when it passes the work left, and says so", () => {
    // The walk's card: $2,014 at this week's pace against $377 from the work left.
    const headline = budgetCardHeadline(
      { amountMinor: 1500_00, periodEnd: "2026-05-01T00:00:00.000Z", status: status(300_00, 377_00, 900_00, 2014_00) },
      NOW,
    );
    expect(headline).toEqual({ standing: "at_risk", basis: "spending_pace", amountMinor: 2014_00 });
  });

  it("gives an ended period's spend as final with no forecast, even on a page left open past the end", () => {
    const budget = { amountMinor: 1000, periodEnd: "2026-05-01T00:00:00.000Z", status: status(900, 950, 990, 2000) };
    expect(budgetCardHeadline(budget, Date.parse("2026-05-01T00:00:00Z"))).toEqual({
      standing: "on_track",
      basis: "final",
      amountMinor: 900,
    });
    expect(budgetCardHeadline(budget, Date.parse("2026-04-30T23:59:59Z")).basis).toBe("spending_pace");
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
