import { describe, expect, it } from "vitest";
import {
  budgetHeadline,
  budgetPeriodOver,
  budgetStanding,
  budgetStatus,
  recentSpendWindow,
  statusHeadline,
} from "./budget-status.js";

const DAY = 86_400_000;
const start = Date.UTC(2026, 3, 1);
const budget = { id: 42, currency: "USD", limitMinor: 10_000_00, periodStart: start, periodEnd: start + 30 * DAY };

describe("budget status", () => {
  it("gives burn, run rate and the forecast from the work left", () => {
    const status = budgetStatus({
      budget,
      spentMinor: 4_500_00,
      now: start + 10 * DAY,
      remainingJudgments: 20_000,
      costPerJudgmentMinor: 25.5,
    });
    expect(status.burn).toBe(0.45);
    expect(status.elapsed).toBeCloseTo(1 / 3, 12);
    expect(status.runRatePerDay).toBe(450_00);
    expect(status.forecast).toBe(4_500_00 + 20_000 * 25.5); // $9,600
    expect(status.forecastAtRunRate).toBe(13_500_00); // $450/day for 30 days
    expect(status.crossed).toEqual([]);
    expect(status.alerts).toEqual([]);
  });

  it("raises one alert per threshold reached and not alerted before", () => {
    const options = { budget, now: start + 20 * DAY, remainingJudgments: 1_000, costPerJudgmentMinor: 30 };
    const status = budgetStatus({ ...options, spentMinor: 8_000_00 });
    expect(status.crossed).toEqual([50, 80]);
    expect(status.alerts).toEqual([
      { kind: "budget_threshold", threshold: 50, budgetId: 42, spent: 8_000_00, limit: 10_000_00, forecast: 8_300_00 },
      { kind: "budget_threshold", threshold: 80, budgetId: 42, spent: 8_000_00, limit: 10_000_00, forecast: 8_300_00 },
    ]);
    const later = budgetStatus({ ...options, spentMinor: 10_000_00, alreadyAlerted: [50, 80] });
    expect(later.alerts.map((a) => a.threshold)).toEqual([100]);
    expect(budgetStatus({ ...options, spentMinor: 7_999_99, alreadyAlerted: [50] }).alerts).toEqual([]);
  });

  it("has no run rate before the period starts and no forecast without a cost per judgment", () => {
    const status = budgetStatus({
      budget,
      spentMinor: 0,
      now: start - DAY,
      remainingJudgments: 10,
      costPerJudgmentMinor: null,
    });
    expect(status).toMatchObject({ runRatePerDay: null, forecastAtRunRate: null, forecast: null, elapsed: 0 });
    expect(() =>
      budgetStatus({
        budget: { ...budget, limitMinor: 0 },
        spentMinor: 0,
        now: start,
        remainingJudgments: 0,
        costPerJudgmentMinor: 1,
      }),
    ).toThrow(/limitMinor/);
  });

  it("takes the recent run rate over the last 7 days of the period, and where it ends the period", () => {
    const now = start + 10 * DAY;
    expect(recentSpendWindow(budget, now)).toEqual({ from: start + 3 * DAY, to: now });
    const status = budgetStatus({
      budget,
      spentMinor: 4_500_00,
      now,
      remainingJudgments: 0,
      costPerJudgmentMinor: null,
      recentSpentMinor: 7 * 600_00,
    });
    expect(status.recentRunRatePerDay).toBe(600_00);
    expect(status.recentDays).toBe(7);
    expect(status.forecastAtRecentRate).toBe(4_500_00 + 20 * 600_00); // $16,500, past the $10,000
    expect(status.forecast).toBe(4_500_00); // no work left: the work forecast sees no more spend
  });

  it("takes the recent run rate over the days gone when fewer than 7, and has none before the period", () => {
    expect(recentSpendWindow(budget, start + 2 * DAY)).toEqual({ from: start, to: start + 2 * DAY });
    expect(recentSpendWindow(budget, start)).toBeNull();
    expect(recentSpendWindow(budget, start + 40 * DAY)).toEqual({ from: start + 23 * DAY, to: start + 30 * DAY });
    const early = budgetStatus({
      budget,
      spentMinor: 300_00,
      now: start + 2 * DAY,
      remainingJudgments: 10,
      costPerJudgmentMinor: 1,
      recentSpentMinor: 300_00,
    });
    expect(early.recentDays).toBe(2);
    expect(early.recentRunRatePerDay).toBe(150_00);
    const without = budgetStatus({
      budget,
      spentMinor: 0,
      now: start + DAY,
      remainingJudgments: 0,
      costPerJudgmentMinor: null,
    });
    expect([without.recentRunRatePerDay, without.recentDays, without.forecastAtRecentRate]).toEqual([null, null, null]);
  });
});

describe("budget standing", () => {
  it("is over past the amount, at risk when any forecast passes it, on track otherwise", () => {
    const standing = (spentMinor: number, ...forecasts: (number | null)[]) =>
      budgetStanding({ amountMinor: 1000, spentMinor, forecasts });
    expect(standing(1001, 900)).toBe("over");
    expect(standing(800, null, 1001)).toBe("at_risk");
    expect(standing(800, 1001, 900)).toBe("at_risk");
    expect(standing(800, 1000, null)).toBe("on_track");
    expect(standing(800, null, null)).toBe("on_track");
  });
});

describe("budget period over", () => {
  it("is over from the period's end on, not before", () => {
    const budget = { periodStart: 0, periodEnd: 1000 };
    expect(budgetPeriodOver(budget, 999)).toBe(false);
    expect(budgetPeriodOver(budget, 1000)).toBe(true);
    expect(budgetPeriodOver(budget, 5000)).toBe(true);
  });

  it("ends an ended period's forecasts at what was spent, which is final", () => {
    const status = budgetStatus({
      budget: { id: 1, currency: "USD", limitMinor: 1000, periodStart: 0, periodEnd: 10 * 86_400_000 },
      spentMinor: 900,
      now: 12 * 86_400_000,
      remainingJudgments: 50,
      costPerJudgmentMinor: 10,
      recentSpentMinor: 700,
    });
    expect(status.periodOver).toBe(true);
    expect([status.forecast, status.forecastAtRunRate, status.forecastAtRecentRate]).toEqual([900, 900, 900]);
    expect(status.spent).toBe(900);
  });
});

describe("budget headline", () => {
  const headline = (spentMinor: number, work: number | null, pace: number | null, periodOver = false) =>
    budgetHeadline({ amountMinor: 1000, spentMinor, workForecastMinor: work, paceForecastMinor: pace, periodOver });

  it("heads with the higher forecast, the one the standing is judged by", () => {
    // The walk's card: the pace reaches far past the amount though the work left does not.
    expect(headline(300, 377, 2014)).toEqual({ standing: "at_risk", basis: "spending_pace", amountMinor: 2014 });
    expect(headline(300, 1200, 900)).toEqual({ standing: "at_risk", basis: "work_left", amountMinor: 1200 });
    expect(headline(300, 800, 800)).toEqual({ standing: "on_track", basis: "work_left", amountMinor: 800 });
    expect(headline(300, null, 700)).toEqual({ standing: "on_track", basis: "spending_pace", amountMinor: 700 });
    expect(headline(300, null, null)).toEqual({ standing: "on_track", basis: null, amountMinor: null });
  });

  it("is over once spent past the amount, whatever the forecasts", () => {
    expect(headline(1100, 1200, 2000)).toMatchObject({ standing: "over", basis: "spending_pace" });
  });

  it("gives an ended period's spend as final, forecasting nothing", () => {
    expect(headline(900, 377, 2014, true)).toEqual({ standing: "on_track", basis: "final", amountMinor: 900 });
    expect(headline(1100, null, null, true)).toEqual({ standing: "over", basis: "final", amountMinor: 1100 });
  });

  it("agrees with the standing for every pair of forecasts", () => {
    for (const work of [null, 500, 1000, 1500])
      for (const pace of [null, 500, 1000, 1500])
        for (const spent of [200, 1000, 1200])
          expect(headline(spent, work, pace).standing).toBe(
            budgetStanding({ amountMinor: 1000, spentMinor: spent, forecasts: [work, pace] }),
          );
  });
});

describe("statusHeadline", () => {
  it("heads a status by this week's pace when it passes the work left's forecast, and by the final spend once over", () => {
    const budget = { id: 1, currency: "USD", limitMinor: 1000, periodStart: 0, periodEnd: 10 * 86_400_000 };
    const running = budgetStatus({
      budget,
      spentMinor: 500,
      now: 5 * 86_400_000,
      remainingJudgments: 10,
      costPerJudgmentMinor: 10,
      recentSpentMinor: 1000,
    });
    // Work left: 500 + 100 = 600; the pace of the 5 days gone (1,000, 200 a day) for 5 more days: 1,500.
    expect(statusHeadline(running)).toEqual({ standing: "at_risk", basis: "spending_pace", amountMinor: 1500 });
    const ended = budgetStatus({
      ...{ budget, spentMinor: 900, remainingJudgments: 0, costPerJudgmentMinor: 10 },
      now: 11 * 86_400_000,
    });
    expect(statusHeadline(ended)).toEqual({ standing: "on_track", basis: "final", amountMinor: 900 });
  });
});
