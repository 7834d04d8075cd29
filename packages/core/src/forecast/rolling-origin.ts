import { invalidInput } from "../errors.js";
import { selectEts } from "./ets.js";
import { forecastEts } from "./ets-forecast.js";

/** What a forecaster returns for one origin: the point forecasts and one central interval, per horizon. */
export interface IntervalForecast {
  mean: number[];
  lower: number[];
  upper: number[];
  /** Which model made it (for the report's tally). */
  model?: string;
}

export type Forecaster = (train: readonly number[], horizon: number) => IntervalForecast;

export interface RollingOriginOptions {
  /** Steps ahead forecast from each origin. */
  horizon: number;
  /** Seasonal period: of the models tried and of the seasonal naive benchmark (1: plain naive). Default 1. */
  period?: number;
  /** Length of the first training window. Default max(2 · period, 8) + 1. */
  firstOrigin?: number;
  /** Origins advance by this many points. Default 1. */
  step?: number;
  /** Interval level whose coverage is measured. Default 0.8. */
  level?: number;
  /** Default: the AICc choice among additive-error ETS models (`selectEts`), re-selected at each origin. */
  forecaster?: Forecaster;
}

export interface HorizonAccuracy {
  horizon: number;
  forecasts: number;
  mase: number;
  coverage: number;
}

export interface RollingOriginReport {
  origins: number;
  /** Held-out points forecast (over all origins and horizons). */
  forecasts: number;
  /** Mean absolute scaled error of the forecaster. */
  mase: number;
  /** The same for the seasonal naive forecast (the value one period earlier) on the same points. */
  naiveMase: number;
  /** Share of held-out points inside the forecaster's interval. */
  coverage: number;
  level: number;
  byHorizon: HorizonAccuracy[];
  /** How often each model was chosen. */
  models: Record<string, number>;
}

/** The default forecaster: `selectEts` and its analytic interval at `level`. */
export function etsForecaster(period: number, level: number): Forecaster {
  return (train, horizon) => {
    const fit = selectEts(train, { period });
    const forecast = forecastEts(fit, horizon, [level]);
    return {
      mean: forecast.mean,
      lower: forecast.intervals[0]!.lower,
      upper: forecast.intervals[0]!.upper,
      model: fit.model,
    };
  };
}

/** Seasonal naive: each step repeats the last value one period (of the training data) before it. */
export function seasonalNaive(train: readonly number[], horizon: number, period: number): number[] {
  const n = train.length;
  return Array.from({ length: horizon }, (_, i) => train[n - period + (i % period)]!);
}

/**
 * Rolling-origin evaluation (Tashman 2000): fit on y[0, t), forecast y[t, t + horizon), move t
 * on by `step`, and score every held-out point. Errors are scaled as in the mean absolute scaled
 * error (Hyndman & Koehler 2006): by the in-sample mean absolute error of the seasonal naive
 * forecast on that origin's training data, so MASE < 1 beats a one-period-back guess made in
 * sample, and `mase` against `naiveMase` compares with the seasonal naive forecast out of sample.
 * Origins whose training data has no seasonal change at all (scale 0) are skipped.
 */
export function rollingOriginEvaluation(y: readonly number[], options: RollingOriginOptions): RollingOriginReport {
  const period = options.period ?? 1;
  const horizon = options.horizon;
  const step = options.step ?? 1;
  const level = options.level ?? 0.8;
  const firstOrigin = options.firstOrigin ?? Math.max(2 * period, 8) + 1;
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw invalidInput(`horizon: ${horizon} is not a whole number ≥ 1`);
  if (!(Number.isInteger(period) && period >= 1)) throw invalidInput(`period: ${period} is not a whole number ≥ 1`);
  if (!(Number.isInteger(step) && step >= 1)) throw invalidInput(`step: ${step} is not a whole number ≥ 1`);
  if (!(Number.isInteger(firstOrigin) && firstOrigin > period))
    throw invalidInput(`firstOrigin: must be a whole number above the period (${period})`);
  if (y.length <= firstOrigin)
    throw invalidInput(`values: ${y.length} values leave nothing to hold out after ${firstOrigin}`);
  const forecaster = options.forecaster ?? etsForecaster(period, level);

  const perHorizon = Array.from({ length: horizon }, () => ({ forecasts: 0, scaled: 0, covered: 0 }));
  let naiveScaled = 0;
  let origins = 0;
  const models: Record<string, number> = {};
  for (let origin = firstOrigin; origin < y.length; origin += step) {
    const train = y.slice(0, origin);
    let scale = 0;
    for (let t = period; t < train.length; t++) scale += Math.abs(train[t]! - train[t - period]!);
    scale /= train.length - period;
    if (scale === 0) continue;
    const steps = Math.min(horizon, y.length - origin);
    const forecast = forecaster(train, steps);
    const naive = seasonalNaive(train, steps, period);
    origins++;
    if (forecast.model) models[forecast.model] = (models[forecast.model] ?? 0) + 1;
    for (let h = 0; h < steps; h++) {
      const actual = y[origin + h]!;
      const cell = perHorizon[h]!;
      cell.forecasts++;
      cell.scaled += Math.abs(actual - forecast.mean[h]!) / scale;
      if (actual >= forecast.lower[h]! && actual <= forecast.upper[h]!) cell.covered++;
      naiveScaled += Math.abs(actual - naive[h]!) / scale;
    }
  }
  const forecasts = perHorizon.reduce((s, c) => s + c.forecasts, 0);
  return {
    origins,
    forecasts,
    mase: perHorizon.reduce((s, c) => s + c.scaled, 0) / forecasts,
    naiveMase: naiveScaled / forecasts,
    coverage: perHorizon.reduce((s, c) => s + c.covered, 0) / forecasts,
    level,
    byHorizon: perHorizon.map((c, i) => ({
      horizon: i + 1,
      forecasts: c.forecasts,
      mase: c.scaled / c.forecasts,
      coverage: c.covered / c.forecasts,
    })),
    models,
  };
}
