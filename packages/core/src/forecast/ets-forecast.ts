import { invalidInput } from "../errors.js";
import { normalQuantile } from "../quality/normal-quantile.js";
import type { EtsFit } from "./ets.js";

/** A central prediction interval at one level. */
export interface PredictionInterval {
  /** 0.8 for an 80% interval. */
  level: number;
  lower: number[];
  upper: number[];
}

export interface EtsForecast {
  model: string;
  mean: number[];
  /** Forecast variance at each horizon. */
  variance: number[];
  intervals: PredictionInterval[];
}

/**
 * Point forecasts and analytic prediction intervals of an additive-error ETS model for horizons
 * 1 … `horizon` (Hyndman et al. 2008, class 1, as R's forecast.ets): the mean carries the final
 * state forward (level + (φ + … + φ^h)·slope + the season h steps on); the variance is
 * σ²·(1 + Σ_{j<h} c_j²) with c_j = α + β(φ + … + φ^j) + γ·[j a multiple of m]; the interval is
 * mean ± z·√variance with Gaussian errors.
 *
 * R 8.20 puts γ on the second seasonal state instead of the first when there is no slope, so for
 * ETS(A,N,A) its intervals shift the seasonal term to horizon m − 1; we use the textbook c_j.
 */
export function forecastEts(fit: EtsFit, horizon: number, levels: readonly number[] = [0.8, 0.95]): EtsForecast {
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw invalidInput(`horizon: ${horizon} is not a whole number ≥ 1`);
  for (const level of levels)
    if (!(level > 0 && level < 1)) throw invalidInput(`level: ${level} must be between 0 and 1 (0.8 for 80%)`);
  const hasTrend = fit.spec.trend !== "N";
  const seasonal = fit.spec.season === "A";
  const phi = fit.spec.trend === "Ad" ? fit.phi : 1;
  const m = fit.period;
  const level = fit.finalState[0]!;
  const slope = hasTrend ? fit.finalState[1]! : 0;
  const seasons = seasonal ? fit.finalState.slice(hasTrend ? 2 : 1) : [];

  const mean: number[] = [];
  const variance: number[] = [];
  let dampedSum = 0; // φ + φ² + … + φ^h
  let power = 1;
  let sumSquares = 0; // Σ_{j<h} c_j²
  for (let h = 1; h <= horizon; h++) {
    power *= phi;
    dampedSum += power;
    // s₁ is the latest season, so horizon h uses s_{m − ((h − 1) mod m)}.
    const season = seasonal ? seasons[m - 1 - ((h - 1) % m)]! : 0;
    mean.push(level + dampedSum * slope + season);
    variance.push(fit.sigma2 * (1 + sumSquares));
    // c_h, for the next horizon's variance.
    const c = fit.alpha + (hasTrend ? fit.beta * dampedSum : 0) + (seasonal && h % m === 0 ? fit.gamma : 0);
    sumSquares += c * c;
  }
  const intervals = levels.map((p) => {
    const z = normalQuantile(1 - (1 - p) / 2);
    return {
      level: p,
      lower: mean.map((mu, i) => mu - z * Math.sqrt(variance[i]!)),
      upper: mean.map((mu, i) => mu + z * Math.sqrt(variance[i]!)),
    };
  });
  return { model: fit.model, mean, variance, intervals };
}
