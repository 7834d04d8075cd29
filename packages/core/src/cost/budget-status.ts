import { invalidInput } from "../errors.js";
import { assertMinorUnits, roundHalfEven } from "./money.js";

const DAY_MS = 86_400_000;

/** The days of recent spending the recent run rate is taken over. */
export const RECENT_RUN_RATE_DAYS = 7;

/**
 * The window the recent run rate is taken over at `now`: the last `RECENT_RUN_RATE_DAYS` days of
 * the period gone by (fewer at its start); null before the period starts.
 */
export function recentSpendWindow(
  budget: Pick<Budget, "periodStart" | "periodEnd">,
  now: number,
): { from: number; to: number } | null {
  const to = Math.min(now, budget.periodEnd);
  if (to <= budget.periodStart) return null;
  return { from: Math.max(budget.periodStart, to - RECENT_RUN_RATE_DAYS * DAY_MS), to };
}

export type BudgetStanding = "over" | "at_risk" | "on_track";

/**
 * Where a budget stands: over once spending has passed the amount; at risk when a forecast to the
 * period's end passes it (the work left's, or the spending pace's); on track otherwise. The
 * budget cards' badge and the risk register's budget overrun both read it.
 */
export function budgetStanding(figures: {
  amountMinor: number;
  spentMinor: number;
  forecasts: readonly (number | null)[];
}): BudgetStanding {
  if (figures.spentMinor > figures.amountMinor) return "over";
  return figures.forecasts.some((forecast) => forecast !== null && forecast > figures.amountMinor)
    ? "at_risk"
    : "on_track";
}

/**
 * Whether a budget's period is over at `now`: its end has come. An ended period's spend is final:
 * it is shown against the amount, and nothing is forecast for it any more.
 */
export function budgetPeriodOver(budget: Pick<Budget, "periodEnd">, now: number): boolean {
  return now >= budget.periodEnd;
}

/**
 * What a budget's headline figure is: what was spent in an ended period (`final`), else the
 * forecast to the period's end from the work left or from the spending pace; null without any.
 */
export type BudgetHeadlineBasis = "final" | "work_left" | "spending_pace" | null;

export interface BudgetHeadline {
  standing: BudgetStanding;
  basis: BudgetHeadlineBasis;
  /** The headline figure in minor units: the final spend or the forecast; null with no basis. */
  amountMinor: number | null;
}

/**
 * The one figure a budget is headed by, and its standing: an ended period's final spend against
 * the amount (over or not; nothing forecast); else the higher of the two forecasts to the
 * period's end (the work left's, which assumes the remaining work costs what the work so far cost
 * per judgment; the spending pace's, which assumes spending goes on as lately). The higher is the
 * one the standing is judged by (`budgetStanding` is at risk exactly when it passes the amount),
 * so the card's headline, its badge and the risk register name the same figure. Ties go to the
 * work left.
 */
export function budgetHeadline(figures: {
  amountMinor: number;
  spentMinor: number;
  workForecastMinor: number | null;
  paceForecastMinor: number | null;
  periodOver: boolean;
}): BudgetHeadline {
  const { amountMinor, spentMinor, workForecastMinor: work, paceForecastMinor: pace } = figures;
  if (figures.periodOver)
    return {
      standing: budgetStanding({ amountMinor, spentMinor, forecasts: [] }),
      basis: "final",
      amountMinor: spentMinor,
    };
  const basis =
    work === null && pace === null
      ? null
      : pace !== null && (work === null || pace > work)
        ? "spending_pace"
        : "work_left";
  const headline = basis === "spending_pace" ? pace : basis === "work_left" ? work : null;
  return { standing: budgetStanding({ amountMinor, spentMinor, forecasts: [headline] }), basis, amountMinor: headline };
}

/** Where the spending pace ends a budget's period: at this week's run rate where known, else the period's. */
function paceForecast(status: BudgetStatus): number | null {
  return status.forecastAtRecentRate ?? status.forecastAtRunRate;
}

/**
 * The headline of a budget's status (`budgetHeadline`): the work left's forecast against the
 * spending pace's, this week's run rate where known, else the period's.
 */
export function statusHeadline(status: BudgetStatus): BudgetHeadline {
  return budgetHeadline({
    amountMinor: status.limit,
    spentMinor: status.spent,
    workForecastMinor: status.forecast,
    paceForecastMinor: paceForecast(status),
    periodOver: status.periodOver,
  });
}

/** The spending pace a budget's forecast at the spending pace assumes, with what it was taken over. */
export interface SpendingPace {
  /** `recent`: the last `days` days (`recentSpendWindow`); `period`: the `days` of the period gone by. */
  window: "recent" | "period";
  /** The days the rate is the average of (to a thousandth). */
  days: number;
  /** Spend per day over those days (minor units, not rounded). */
  ratePerDayMinor: number;
  /** Where the rate kept up ends the period (minor units). */
  forecastMinor: number;
}

/**
 * The pace `statusHeadline` weighs against the work left (this week's run rate where known, else
 * the period's), with the rate and the days it is the average of, so a reader can say what the
 * forecast assumes; null once the period is over (nothing is forecast) or before it starts.
 */
export function spendingPace(
  status: BudgetStatus,
  period: Pick<Budget, "periodStart" | "periodEnd">,
): SpendingPace | null {
  const forecastMinor = paceForecast(status);
  if (status.periodOver || forecastMinor === null) return null;
  if (status.forecastAtRecentRate !== null && status.recentRunRatePerDay !== null && status.recentDays !== null)
    return { window: "recent", days: status.recentDays, ratePerDayMinor: status.recentRunRatePerDay, forecastMinor };
  if (status.runRatePerDay === null) return null;
  const days = (status.elapsed * (period.periodEnd - period.periodStart)) / DAY_MS;
  return {
    window: "period",
    days: Math.round(days * 1000) / 1000,
    ratePerDayMinor: status.runRatePerDay,
    forecastMinor,
  };
}

/** The thresholds, in percent of the limit, whose crossing raises an alert by default. */
export const DEFAULT_BUDGET_THRESHOLDS: readonly number[] = [50, 80, 100];

/** A spending limit for a period [periodStart, periodEnd) (project or business unit). */
export interface Budget {
  id: number;
  currency: string;
  limitMinor: number;
  periodStart: number;
  periodEnd: number;
}

/** Raised once per threshold (percent of the limit) that spending has reached. */
export interface BudgetAlert {
  kind: "budget_threshold";
  /** Percent of the limit: 50, 80, 100. */
  threshold: number;
  budgetId: number;
  /** Minor units. */
  spent: number;
  limit: number;
  /** Forecast spend at the period end (minor units), null when it cannot be estimated. */
  forecast: number | null;
}

export interface BudgetStatus {
  budgetId: number;
  currency: string;
  spent: number;
  limit: number;
  /** spent / limit (1 = the whole budget). */
  burn: number;
  /** The share of the period gone by at `now`, in [0, 1]. */
  elapsed: number;
  /**
   * The period has ended at `now` (`budgetPeriodOver`): `spent` is final, and every forecast is
   * that spend (the period ended there; readers show it as final, not as a forecast).
   */
  periodOver: boolean;
  /** Spending per day so far (minor units, not rounded); null before the period starts. */
  runRatePerDay: number | null;
  /**
   * spent + remaining expected judgments × current cost per judgment; null when the cost per
   * judgment is unknown; the spend once the period is over.
   */
  forecast: number | null;
  /** spent + run rate × days left: what the current pace alone would reach; null before the period starts. */
  forecastAtRunRate: number | null;
  /**
   * Spending per day over `recentSpendWindow` (the last 7 days; minor units, not rounded); null
   * before the period starts or when the recent spend was not given.
   */
  recentRunRatePerDay: number | null;
  /** The days `recentRunRatePerDay` is taken over (7, fewer early in the period); null with it. */
  recentDays: number | null;
  /** spent + recent run rate × days left: where this week's pace ends the period; null with the rate; the spend once the period is over. */
  forecastAtRecentRate: number | null;
  /** Every threshold reached so far, ascending. */
  crossed: number[];
  /** The reached thresholds not in `alreadyAlerted`: the alerts to raise now. */
  alerts: BudgetAlert[];
}

/**
 * Where a budget stands at `now`: burn, run rate and the forecast to the period end from the work
 * left (remaining expected judgments × the current fully loaded cost per judgment, plus what is
 * spent), and an alert for each threshold that spending has reached and that was not alerted
 * before; given the spend of the last 7 days, also the recent run rate and where it ends the
 * period (finance's pace, which the work forecast misses when work arrives or gets dearer).
 * An ended period's forecasts are its spend, which is final. Forecasts are rounded half to even to minor units. Assumes the remaining work costs what the
 * work so far cost per judgment.
 */
export function budgetStatus(options: {
  budget: Budget;
  spentMinor: number;
  now: number;
  remainingJudgments: number;
  /** Current cost per judgment in minor units (e.g. `costPerJudgment` of the period's roll-ups). */
  costPerJudgmentMinor: number | null;
  thresholds?: readonly number[];
  alreadyAlerted?: readonly number[];
  /** What was spent in `recentSpendWindow(budget, now)` (minor units), for the recent run rate. */
  recentSpentMinor?: number;
}): BudgetStatus {
  const { budget, spentMinor, now, remainingJudgments, costPerJudgmentMinor } = options;
  const thresholds = [...(options.thresholds ?? DEFAULT_BUDGET_THRESHOLDS)].sort((a, b) => a - b);
  assertMinorUnits(spentMinor, "spentMinor");
  assertMinorUnits(budget.limitMinor, "limitMinor");
  if (options.recentSpentMinor !== undefined) assertMinorUnits(options.recentSpentMinor, "recentSpentMinor");
  if (budget.limitMinor <= 0) throw invalidInput("limitMinor must be positive");
  if (!(budget.periodEnd > budget.periodStart)) throw invalidInput("periodEnd must be after periodStart");
  if (!(Number.isFinite(remainingJudgments) && remainingJudgments >= 0))
    throw invalidInput("remainingJudgments must be a non-negative number");
  if (costPerJudgmentMinor !== null && !(Number.isFinite(costPerJudgmentMinor) && costPerJudgmentMinor >= 0))
    throw invalidInput("costPerJudgmentMinor must be a non-negative number");
  for (const threshold of thresholds) {
    if (!(Number.isFinite(threshold) && threshold > 0)) throw invalidInput("thresholds must be positive percentages");
  }

  const length = budget.periodEnd - budget.periodStart;
  const gone = Math.min(Math.max(now - budget.periodStart, 0), length);
  const runRatePerDay = gone > 0 ? (spentMinor / gone) * DAY_MS : null;
  const periodOver = budgetPeriodOver(budget, now);
  const forecast = periodOver
    ? spentMinor
    : remainingJudgments === 0
      ? spentMinor
      : costPerJudgmentMinor === null
        ? null
        : spentMinor + roundHalfEven(remainingJudgments * costPerJudgmentMinor);
  const forecastAtRunRate =
    runRatePerDay === null ? null : spentMinor + roundHalfEven((runRatePerDay * (length - gone)) / DAY_MS);
  const window = options.recentSpentMinor === undefined ? null : recentSpendWindow(budget, now);
  const recentRunRatePerDay = window ? ((options.recentSpentMinor ?? 0) / (window.to - window.from)) * DAY_MS : null;
  const forecastAtRecentRate =
    recentRunRatePerDay === null
      ? null
      : periodOver
        ? spentMinor
        : spentMinor + roundHalfEven((recentRunRatePerDay * (length - gone)) / DAY_MS);
  // spent ≥ threshold% × limit, compared in integers (percent × limit, spent × 100) to avoid float edges.
  const crossed = thresholds.filter((threshold) => spentMinor * 100 >= threshold * budget.limitMinor);
  const alerted = new Set(options.alreadyAlerted ?? []);
  return {
    budgetId: budget.id,
    currency: budget.currency,
    spent: spentMinor,
    limit: budget.limitMinor,
    burn: spentMinor / budget.limitMinor,
    elapsed: gone / length,
    periodOver,
    runRatePerDay,
    forecast,
    forecastAtRunRate,
    recentRunRatePerDay,
    recentDays: window ? (window.to - window.from) / DAY_MS : null,
    forecastAtRecentRate,
    crossed,
    alerts: crossed
      .filter((threshold) => !alerted.has(threshold))
      .map((threshold) => ({
        kind: "budget_threshold" as const,
        threshold,
        budgetId: budget.id,
        spent: spentMinor,
        limit: budget.limitMinor,
        forecast,
      })),
  };
}
