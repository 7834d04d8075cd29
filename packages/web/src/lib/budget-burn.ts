import { type BudgetHeadline, budgetHeadline, budgetPeriodOver } from "@quorum/core";
import type { BudgetBurn, BudgetView } from "@quorum/server";

/**
 * A budget card's headline and badge at `now`: the server's (core's `statusHeadline`, as the risk
 * register judges it), except that a period ended since the server answered is headed by its
 * spend, final (core's `budgetHeadline` with the period over).
 */
export function budgetCardHeadline(
  budget: Pick<BudgetView, "amountMinor" | "periodEnd" | "status">,
  now: number,
): BudgetHeadline {
  const { status } = budget;
  // The page may stay open across the period's end: the end, not the server's answer, decides.
  if (status.periodOver || !budgetPeriodOver({ periodEnd: Date.parse(budget.periodEnd!) }, now))
    return { standing: status.standing, ...status.headline };
  return budgetHeadline({
    amountMinor: budget.amountMinor,
    spentMinor: status.spentMinor,
    workForecastMinor: null,
    paceForecastMinor: null,
    periodOver: true,
  });
}

export interface BurnChartData {
  /** Seconds (uPlot's time axis): the period's start, each day with spend, now, and the period's end. */
  times: number[];
  /** Cumulative spend in major units, null after now. */
  spent: (number | null)[];
  /** The forecast: from the spend now to the forecast at the period's end, null before now. */
  forecast: (number | null)[];
  /** The amount, flat. */
  budget: number[];
  /** One flat line per threshold (its share of the amount). */
  thresholds: { percent: number; values: number[] }[];
}

/**
 * The burn chart's series: cumulative spend day by day (each day's spend counted at its end),
 * the straight forecast from now to the period's end, the amount and its thresholds, all in
 * major units of the budget's currency.
 */
export function burnChartData(burn: BudgetBurn, now: number, exponent: number): BurnChartData {
  const unit = (minor: number) => minor / 10 ** exponent;
  const start = Date.parse(burn.periodStart);
  const end = Date.parse(burn.periodEnd);
  const cutoff = Math.min(Math.max(now, start), end);
  const points: { at: number; spent: number | null; forecast: number | null }[] = [
    { at: start, spent: 0, forecast: null },
  ];
  for (const day of burn.days) {
    const at = Math.min(Date.parse(`${day.day}T00:00:00Z`) + 86_400_000, cutoff);
    points.push({ at, spent: unit(day.cumulativeMinor), forecast: null });
  }
  const spentNow = unit(burn.spentMinor);
  const last = points[points.length - 1]!;
  if (last.at < cutoff) points.push({ at: cutoff, spent: spentNow, forecast: null });
  // The card's headline forecast, so the line ends where the card says it does.
  const forecast = burn.headlineForecastMinor ?? burn.forecastMinor ?? burn.forecastAtRunRateMinor;
  if (cutoff < end && forecast !== null) {
    points[points.length - 1]!.forecast = spentNow;
    points.push({ at: end, spent: null, forecast: unit(forecast) });
  }
  const amount = unit(burn.amountMinor);
  return {
    times: points.map((p) => p.at / 1000),
    spent: points.map((p) => p.spent),
    forecast: points.map((p) => p.forecast),
    budget: points.map(() => amount),
    thresholds: burn.thresholds
      .filter((percent) => percent !== 100)
      .map((percent) => ({ percent, values: points.map(() => (amount * percent) / 100) })),
  };
}
