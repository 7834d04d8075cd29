import { invalidInput } from "../errors.js";
import { initialEtsState } from "./ets-initial-state.js";
import { nelderMead } from "./nelder-mead.js";
import { createRootFinder } from "./polynomial-roots.js";

/*
 * Exponential smoothing state space models with additive errors (Hyndman, Koehler, Ord & Snyder
 * 2008), fitted as R's forecast package (8.20) fits them.
 *
 * Hand-written rather than taken from @bsull/augurs (0.10.2, Grafana's WASM build of augurs,
 * whose ETS ports statsforecast's AutoETS). It loads in Node 20 as ESM, but its AutoETS offers
 * only fit() and predict() with every parameter and initial state optimised: it cannot hold α
 * fixed or start from R's "simple" values, so it cannot reproduce R's
 * `ses(y, alpha = 0.3, initial = "simple")` (on that series it forecasts 50.07 where R's final
 * level is 49.76); it reports neither the model it chose nor its AICc, which
 * `quorum forecast series` prints; and the specifications "ANN", "ANA" and "AAA" fail with "no
 * model found". What is here follows R's method: the same recursions, starting values,
 * bounds, admissibility test and Nelder-Mead, so fits agree with R's to the printed digits.
 */

export type EtsTrend = "N" | "A" | "Ad";
export type EtsSeason = "N" | "A";

/** One of the six additive-error models: ETS(A,N,N) … ETS(A,Ad,A). */
export interface EtsModelSpec {
  trend: EtsTrend;
  season: EtsSeason;
}

/** How the first states are set. */
export type EtsInitial = "optimal" | "simple";

export interface EtsFitOptions {
  /** Seasonal period (7 for days of a week, 24 for hours of a day); needed for season "A". */
  period?: number;
  /** Smoothing parameters to hold fixed; the others are estimated. */
  alpha?: number;
  beta?: number;
  gamma?: number;
  phi?: number;
  /**
   * "optimal" (default, R's `ets`): the first states are estimated with the parameters by maximum
   * likelihood. "simple" (R's `ses`/`holt`/`hw` with `initial = "simple"`): the level starts at
   * the first value (the mean of the first period for seasonal models), the slope at the first
   * difference, and the free parameters minimise the sum of squared errors.
   */
  initial?: EtsInitial;
}

/** A fitted model. States are [level, slope?, s₁ … s_m] with s₁ the most recent season, as R prints them. */
export interface EtsFit {
  /** As R names it: "ETS(A,Ad,N)". */
  model: string;
  spec: EtsModelSpec;
  /** 1 without a seasonal component. */
  period: number;
  initial: EtsInitial;
  /** Smoothing parameters in error-correction form (β for the slope, γ for the season); 0 or 1 where unused. */
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  initialState: number[];
  finalState: number[];
  fitted: number[];
  residuals: number[];
  sse: number;
  /** Residual variance: SSE / (n − estimated values) for "optimal", SSE / n for "simple" (as R). */
  sigma2: number;
  /** As R: n·log(SSE), −2 log-likelihood less constants; null for "simple" fits, which have no likelihood. */
  likelihood: number | null;
  aic: number | null;
  aicc: number | null;
  bic: number | null;
  /** Values estimated (parameters and first states) plus one for the variance; R's `np`. */
  parameterCount: number;
}

/** R's "usual" bounds for α, β, γ and φ. */
const LOWER = { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 };
/** Seasonal periods above this are not modelled (R's ets has the same limit). */
export const MAX_SEASONAL_PERIOD = 24;

export function etsModelName(spec: EtsModelSpec): string {
  return `ETS(A,${spec.trend},${spec.season})`;
}

interface Parameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface Recursion {
  sse: number;
  fitted: number[];
  residuals: number[];
  finalState: number[];
}

/**
 * Runs the model over y from `state` ([l, b?, s₁ … s_m]): one-step forecast ŷ = l + φb + s_m,
 * error e = y − ŷ, then l ← l + φb + αe, b ← φb + βe, and the new season s_m + γe goes to the front.
 */
function runRecursion(
  y: readonly number[],
  spec: EtsModelSpec,
  period: number,
  p: Parameters,
  state: readonly number[],
): Recursion {
  const hasTrend = spec.trend !== "N";
  const phi = spec.trend === "Ad" ? p.phi : 1;
  let level = state[0]!;
  let slope = hasTrend ? state[1]! : 0;
  const m = spec.season === "A" ? period : 0;
  // Seasons in a ring, oldest first: ring[(head + i) % m] is s_{m−i}.
  const ring = state.slice(hasTrend ? 2 : 1).reverse();
  let head = 0;
  const fitted: number[] = [];
  const residuals: number[] = [];
  let sse = 0;
  for (const value of y) {
    const oldest = m > 0 ? ring[head]! : 0;
    const base = level + phi * slope;
    const forecast = base + oldest;
    const error = value - forecast;
    fitted.push(forecast);
    residuals.push(error);
    sse += error * error;
    level = base + p.alpha * error;
    if (hasTrend) slope = phi * slope + p.beta * error;
    if (m > 0) {
      ring[head] = oldest + p.gamma * error; // becomes the newest
      head = (head + 1) % m;
    }
  }
  const seasons: number[] = [];
  for (let i = m - 1; i >= 0; i--) seasons.push(ring[(head + i) % m]!);
  return { sse, fitted, residuals, finalState: [level, ...(hasTrend ? [slope] : []), ...seasons] };
}

/**
 * `runRecursion`'s sum of squared errors alone, for the optimiser's thousands of calls: the
 * states are read straight from the optimiser's point (after `skip` parameters, the last season
 * being minus the sum of the others) into a reused ring, and nothing else is stored.
 */
function sseRecursion(
  y: readonly number[],
  spec: EtsModelSpec,
  period: number,
  skip: number,
): (p: Parameters, point: readonly number[]) => number {
  const hasTrend = spec.trend !== "N";
  const m = spec.season === "A" ? period : 0;
  const ring = new Float64Array(Math.max(m, 1));
  const seasonStart = skip + (hasTrend ? 2 : 1);
  return (p, point) => {
    const phi = spec.trend === "Ad" ? p.phi : 1;
    let level = point[skip]!;
    let slope = hasTrend ? point[skip + 1]! : 0;
    if (m > 0) {
      // The ring holds the seasons oldest first: s_m (minus the sum of the others), then s_{m−1} … s₁.
      let sum = 0;
      for (let i = 0; i < m - 1; i++) {
        const season = point[seasonStart + i]!;
        ring[m - 1 - i] = season;
        sum += season;
      }
      ring[0] = -sum;
    }
    let head = 0;
    let sse = 0;
    for (const value of y) {
      const oldest = m > 0 ? ring[head]! : 0;
      const base = level + phi * slope;
      const error = value - base - oldest;
      sse += error * error;
      level = base + p.alpha * error;
      if (hasTrend) slope = phi * slope + p.beta * error;
      if (m > 0) {
        ring[head] = oldest + p.gamma * error;
        head = head + 1 === m ? 0 : head + 1;
      }
    }
    return sse;
  };
}

/**
 * R's "admissible" region: the parameters for which the model is forecastable (the discounted
 * weight of old observations vanishes). Non-seasonal models only need α and β within ranges set
 * by φ; seasonal ones need the characteristic polynomial's roots inside the unit circle.
 */
function admissible(
  p: Parameters,
  spec: EtsModelSpec,
  period: number,
  largestRootModulus: (coefficients: readonly number[]) => number,
): boolean {
  const phi = spec.trend === "Ad" ? p.phi : 1;
  const beta = spec.trend === "N" ? 0 : p.beta;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (spec.season === "N") {
    if (p.alpha < 1 - 1 / phi || p.alpha > 1 + 1 / phi) return false;
    if (spec.trend !== "N" && (beta < p.alpha * (phi - 1) || beta > (1 + phi) * (2 - p.alpha))) return false;
    return true;
  }
  const m = period;
  if (p.gamma < Math.max(1 - 1 / phi - p.alpha, 0) || p.gamma > 1 + 1 / phi - p.alpha) return false;
  if (p.alpha < 1 - 1 / phi - (p.gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (p.gamma / m + p.alpha)) return false;
  const a = p.alpha + beta - p.alpha * phi;
  const coefficients = [
    p.alpha + beta - phi,
    ...new Array<number>(m - 2).fill(a),
    a + p.gamma - 1,
    phi * (1 - p.alpha - p.gamma),
  ];
  return largestRootModulus(coefficients) <= 1 + 1e-10;
}

function checkSeries(y: readonly number[], field = "values"): void {
  if (y.length === 0) throw invalidInput(`${field}: needs at least one value`);
  y.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw invalidInput(`${field}[${i}]: ${v} is not a number`, [
        { path: `${field}[${i}]`, message: "must be a finite number" },
      ]);
  });
}

function checkParameter(name: keyof Parameters, value: number | undefined): void {
  if (value === undefined) return;
  const [low, high] = name === "phi" ? [0, 1] : [0, 1];
  if (!(value >= low && value <= high)) throw invalidInput(`${name}: ${value} must be between ${low} and ${high}`);
}

function resolvePeriod(spec: EtsModelSpec, period: number | undefined, n: number): number {
  if (spec.season === "N") return 1;
  if (period === undefined || !Number.isInteger(period) || period < 2)
    throw invalidInput("period: a seasonal model needs a whole seasonal period ≥ 2");
  if (period > MAX_SEASONAL_PERIOD)
    throw invalidInput(`period: seasonal periods above ${MAX_SEASONAL_PERIOD} are not modelled`);
  if (n <= period) throw invalidInput(`values: a seasonal model needs more than one period (${period}) of data`);
  return period;
}

/**
 * Fits one additive-error ETS model to y (evenly spaced, no gaps), as R's forecast 8.20 does.
 *
 * "optimal": α, β, γ, φ and the first states maximise the Gaussian likelihood (minimise
 * n·log SSE) by Nelder-Mead from R's starting values, within R's usual bounds (α, β, γ in
 * [1e-4, 0.9999], β ≤ α, γ ≤ 1 − α, φ in [0.8, 0.98]) and the admissible region; the last
 * seasonal state is minus the sum of the others. "simple": see `EtsFitOptions.initial`.
 */
export function fitEts(y: readonly number[], spec: EtsModelSpec, options: EtsFitOptions = {}): EtsFit {
  checkSeries(y);
  for (const name of ["alpha", "beta", "gamma", "phi"] as const) checkParameter(name, options[name]);
  const period = resolvePeriod(spec, options.period, y.length);
  return options.initial === "simple" ? fitSimple(y, spec, period, options) : fitOptimal(y, spec, period, options);
}

function fitOptimal(y: readonly number[], spec: EtsModelSpec, period: number, options: EtsFitOptions): EtsFit {
  const hasTrend = spec.trend !== "N";
  const seasonal = spec.season === "A";
  const damped = spec.trend === "Ad";
  const m = seasonal ? period : 1;
  const lower = { ...LOWER };
  const upper = { ...UPPER };
  // As R: fixed values narrow the others' bounds.
  if (options.alpha !== undefined) {
    upper.beta = Math.min(options.alpha, upper.beta);
    upper.gamma = Math.min(1 - options.alpha, upper.gamma);
  }
  if (options.beta !== undefined) lower.alpha = Math.max(options.beta, lower.alpha);
  if (options.gamma !== undefined) upper.alpha = Math.min(1 - options.gamma, upper.alpha);

  // R's starting values (initparam).
  const free: (keyof Parameters)[] = [];
  const start: number[] = [];
  let alpha = options.alpha;
  if (alpha === undefined) {
    alpha = lower.alpha + (0.2 * (upper.alpha - lower.alpha)) / m;
    if (alpha > 1 || alpha < 0) alpha = lower.alpha + 2e-3;
    free.push("alpha");
    start.push(alpha);
  }
  if (hasTrend && options.beta === undefined) {
    const betaUpper = Math.min(upper.beta, alpha);
    let beta = lower.beta + 0.1 * (betaUpper - lower.beta);
    if (beta < 0 || beta > alpha) beta = alpha - 1e-3;
    free.push("beta");
    start.push(beta);
  }
  if (seasonal && options.gamma === undefined) {
    const gammaUpper = Math.min(upper.gamma, 1 - alpha);
    let gamma = lower.gamma + 0.05 * (gammaUpper - lower.gamma);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
    free.push("gamma");
    start.push(gamma);
  }
  if (damped && options.phi === undefined) {
    let phi = lower.phi + 0.99 * (upper.phi - lower.phi);
    if (phi < 0 || phi > 1) phi = upper.phi - 1e-3;
    free.push("phi");
    start.push(phi);
  }
  const stateStart = initialEtsState(y, hasTrend, m);
  const parameterCount = free.length + stateStart.length + 1;
  if (parameterCount - 1 >= y.length - 1)
    throw invalidInput(`values: ${y.length} values are too few to estimate ${etsModelName(spec)}`);

  const unpack = (point: readonly number[]): { p: Parameters; state: number[] } => {
    const p: Parameters = {
      alpha: options.alpha ?? 0,
      beta: hasTrend ? (options.beta ?? 0) : 0,
      gamma: seasonal ? (options.gamma ?? 0) : 0,
      phi: damped ? (options.phi ?? 1) : 1,
    };
    free.forEach((name, i) => {
      p[name] = point[i]!;
    });
    const state = point.slice(free.length);
    if (seasonal) state.push(-state.slice(hasTrend ? 2 : 1).reduce((s, v) => s + v, 0));
    return { p, state };
  };
  const largestRoot = createRootFinder();
  const inBounds = (p: Parameters) => {
    if (options.alpha === undefined && (p.alpha < lower.alpha || p.alpha > upper.alpha)) return false;
    if (hasTrend && options.beta === undefined && (p.beta < lower.beta || p.beta > p.alpha || p.beta > upper.beta))
      return false;
    if (damped && options.phi === undefined && (p.phi < lower.phi || p.phi > upper.phi)) return false;
    if (
      seasonal &&
      options.gamma === undefined &&
      (p.gamma < lower.gamma || p.gamma > 1 - p.alpha || p.gamma > upper.gamma)
    )
      return false;
    return admissible(p, spec, m, largestRoot);
  };
  const sumOfSquares = sseRecursion(y, spec, m, free.length);
  const objective = (point: readonly number[]) => {
    const { p } = unpack(point);
    if (!inBounds(p)) return Number.POSITIVE_INFINITY;
    const likelihood = y.length * Math.log(sumOfSquares(p, point));
    return Math.max(likelihood, -1e10); // as R: a perfect fit is not rewarded without limit
  };
  const start0 = [...start, ...stateStart];
  if (!Number.isFinite(objective(start0)))
    throw invalidInput(`values: ${etsModelName(spec)} cannot start from R's initial values on this series`);
  const best = nelderMead(objective, start0);
  const { p, state } = unpack(best.point);
  const run = runRecursion(y, spec, m, p, state);
  const n = y.length;
  const likelihood = n * Math.log(run.sse);
  const aic = likelihood + 2 * parameterCount;
  const fixedCount = (["alpha", "beta", "gamma", "phi"] as const).filter(
    (name) =>
      options[name] !== undefined &&
      (name === "alpha" ||
        (name === "beta" && hasTrend) ||
        (name === "gamma" && seasonal) ||
        (name === "phi" && damped)),
  ).length;
  return {
    model: etsModelName(spec),
    spec,
    period: m,
    initial: "optimal",
    ...p,
    initialState: state,
    finalState: run.finalState,
    fitted: run.fitted,
    residuals: run.residuals,
    sse: run.sse,
    // R: sum of squared residuals over n less the values in `par` (estimated, first states and fixed ones).
    sigma2: run.sse / (n - (parameterCount - 1 + fixedCount)),
    likelihood,
    aic,
    aicc: aic + (2 * parameterCount * (parameterCount + 1)) / (n - parameterCount - 1),
    bic: likelihood + Math.log(n) * parameterCount,
    parameterCount,
  };
}

/**
 * R's HoltWintersZZ (behind `ses`, `holt` and `hw` with `initial = "simple"`): states start from
 * the data, free parameters in [0, 1] minimise the SSE. The slope's parameter here is Holt's β*
 * (the slope's own smoothing weight), and R carries it into the interval formula as if it were
 * the error-correction β; so do we, to give R's numbers.
 */
function fitSimple(y: readonly number[], spec: EtsModelSpec, period: number, options: EtsFitOptions): EtsFit {
  const hasTrend = spec.trend !== "N";
  const seasonal = spec.season === "A";
  if (spec.trend === "Ad" && options.phi === undefined)
    throw invalidInput("phi: a damped trend with simple starting values needs phi given");
  const phi = spec.trend === "Ad" ? options.phi! : 1;
  if (hasTrend && y.length < 2) throw invalidInput("values: a trend needs at least two values");
  if (seasonal && y.length < 2 * period)
    throw invalidInput(`values: simple seasonal starts need two periods (${2 * period}) of data`);
  let level0: number;
  let slope0 = 0;
  let seasons0: number[] = [];
  if (seasonal) {
    level0 = y.slice(0, period).reduce((s, v) => s + v, 0) / period;
    if (hasTrend) slope0 = (y.slice(period, 2 * period).reduce((s, v) => s + v, 0) / period - level0) / period;
    seasons0 = y.slice(0, period).map((v) => v - level0);
  } else {
    level0 = y[0]!;
    if (hasTrend) slope0 = y[1]! - y[0]!;
  }

  const run = (alpha: number, beta: number, gamma: number) => {
    let level = level0;
    let slope = slope0;
    const seasons: number[] = []; // season[t] for t fitted so far
    const fitted: number[] = [];
    const residuals: number[] = [];
    let sse = 0;
    y.forEach((value, t) => {
      const lastSeason = seasonal ? (t >= period ? seasons[t - period]! : seasons0[t]!) : 0;
      const forecast = level + phi * slope + lastSeason;
      const error = value - forecast;
      fitted.push(forecast);
      residuals.push(error);
      sse += error * error;
      const newLevel = alpha * (value - lastSeason) + (1 - alpha) * (level + phi * slope);
      const newSlope = hasTrend ? beta * (newLevel - level) + (1 - beta) * phi * slope : 0;
      if (seasonal) seasons.push(gamma * (value - level - phi * slope) + (1 - gamma) * lastSeason);
      level = newLevel;
      slope = newSlope;
    });
    const recent = seasonal ? seasons.slice(-period).reverse() : [];
    return { sse, fitted, residuals, finalState: [level, ...(hasTrend ? [slope] : []), ...recent] };
  };

  const free: ("alpha" | "beta" | "gamma")[] = [];
  if (options.alpha === undefined) free.push("alpha");
  if (hasTrend && options.beta === undefined) free.push("beta");
  if (seasonal && options.gamma === undefined) free.push("gamma");
  const values = { alpha: options.alpha ?? 0, beta: options.beta ?? 0, gamma: options.gamma ?? 0 };
  if (free.length > 0) {
    // R's initparam with bounds [0, 1]: α = 0.2/m, β = α/10, γ = (1 − α)/20.
    const m = seasonal ? period : 1;
    const start = free.map((name) => {
      const alpha = options.alpha ?? 0.2 / m;
      if (name === "alpha") return alpha;
      if (name === "beta") return 0.1 * alpha;
      return 0.05 * (1 - alpha);
    });
    const assign = (point: readonly number[]) => {
      const v = { ...values };
      free.forEach((name, i) => {
        v[name] = point[i]!;
      });
      return v;
    };
    const sse = (point: readonly number[]) => {
      if (point.some((x) => x < 0 || x > 1)) return Number.POSITIVE_INFINITY;
      const v = assign(point);
      return run(v.alpha, v.beta, v.gamma).sse;
    };
    const best = nelderMead(sse, start);
    // R minimises with L-BFGS-B, which stops exactly on a bound; the simplex only creeps towards
    // one. Snap each parameter to 0 or 1 where that is no worse.
    const point = [...best.point];
    let value = best.value;
    point.forEach((_, i) => {
      for (const bound of [0, 1]) {
        const trial = point.map((x, j) => (j === i ? bound : x));
        const trialValue = sse(trial);
        if (trialValue <= value) {
          point[i] = bound;
          value = trialValue;
        }
      }
    });
    Object.assign(values, assign(point));
  }
  const result = run(values.alpha, values.beta, values.gamma);
  const initialSeasons = seasonal ? [...seasons0].reverse() : [];
  return {
    model: etsModelName(spec),
    spec,
    period: seasonal ? period : 1,
    initial: "simple",
    alpha: values.alpha,
    beta: hasTrend ? values.beta : 0,
    gamma: seasonal ? values.gamma : 0,
    phi,
    initialState: [level0, ...(hasTrend ? [slope0] : []), ...initialSeasons],
    finalState: result.finalState,
    fitted: result.fitted,
    residuals: result.residuals,
    sse: result.sse,
    sigma2: result.sse / y.length,
    likelihood: null,
    aic: null,
    aicc: null,
    bic: null,
    parameterCount: free.length + 1,
  };
}

/** The models `selectEts` compares, in R's order of trial. */
export const ADDITIVE_ETS_MODELS: readonly EtsModelSpec[] = [
  { trend: "N", season: "N" },
  { trend: "N", season: "A" },
  { trend: "A", season: "N" },
  { trend: "A", season: "A" },
  { trend: "Ad", season: "N" },
  { trend: "Ad", season: "A" },
];

/**
 * The additive-error model with the lowest AICc, as R's `ets(y, additive.only = TRUE)` chooses:
 * trend none, additive or damped, season none or additive (only with a period of 2 to 24 and
 * more than a period of data). Models with more values to estimate than the series can carry are
 * skipped. Series too short for any (R: n ≤ 6 without a season) get R's fallback: simple
 * exponential smoothing or Holt's method with simple starting values, whichever has the smaller
 * residual variance, and no AICc.
 */
export function selectEts(y: readonly number[], options: { period?: number } = {}): EtsFit {
  checkSeries(y);
  const period = options.period ?? 1;
  if (!Number.isInteger(period) || period < 1) throw invalidInput("period: must be a whole number ≥ 1");
  const seasonal = period > 1 && period <= MAX_SEASONAL_PERIOD && y.length > period;
  // As R: a constant series is smoothed with α = 0.99999 (a likelihood fit would divide by a zero SSE).
  if (y.every((v) => v === y[0])) return fitEts(y, { trend: "N", season: "N" }, { initial: "simple", alpha: 0.99999 });
  let best: EtsFit | undefined;
  if (y.length > 6) {
    for (const spec of ADDITIVE_ETS_MODELS) {
      if (spec.season === "A" && !seasonal) continue;
      let fit: EtsFit;
      try {
        fit = fitEts(y, spec, { period });
      } catch {
        continue; // too few values for this model, or no admissible start
      }
      if (fit.aicc !== null && Number.isFinite(fit.aicc) && (best === undefined || fit.aicc < best.aicc!)) best = fit;
    }
  }
  if (best) return best;
  if (y.length === 1) return fitEts(y, { trend: "N", season: "N" }, { initial: "simple" });
  const holt = fitEts(y, { trend: "A", season: "N" }, { initial: "simple" });
  const ses = fitEts(y, { trend: "N", season: "N" }, { initial: "simple" });
  return holt.sigma2 < ses.sigma2 ? holt : ses;
}
