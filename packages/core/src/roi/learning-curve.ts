import { invalidInput } from "../errors.js";
import { studentTQuantile } from "../experiments/student-t-quantile.js";

/** One measured point of a learning curve: a model trained on `labels` labels had this error. */
export interface LearningCurvePoint {
  labels: number;
  /** The error rate measured on a fixed test set, e.g. 0.12. */
  error: number;
}

export interface LearningCurveFit {
  /** err(n) = a·n^(−b) + c. */
  a: number;
  b: number;
  /** The error floor that more labels of this quality cannot remove. */
  c: number;
  /** Asymptotic covariance of (a, b, c), in that order. */
  covariance: number[][];
  standardErrors: { a: number; b: number; c: number };
  /** 95% intervals: estimate ± t(0.975, points − 3) · standard error. */
  intervals: { a: [number, number]; b: [number, number]; c: [number, number] };
  residualStandardError: number;
  degreesOfFreedom: number;
  /** True when the best exponent is at the end of the searched range: the fit is doubtful. */
  exponentAtBound: boolean;
}

export interface LearningCurveOptions {
  /** The exponents searched. Default [0.01, 3]. */
  exponentRange?: readonly [number, number];
}

interface LinearPart {
  a: number;
  c: number;
  rss: number;
}

/** For a fixed exponent the model is linear in a and c: ordinary least squares on x = n^(−b). */
function fitLinearPart(points: readonly LearningCurvePoint[], b: number): LinearPart {
  const x = points.map((p) => p.labels ** -b);
  const meanX = x.reduce((s, v) => s + v, 0) / x.length;
  const meanE = points.reduce((s, p) => s + p.error, 0) / points.length;
  let sxx = 0;
  let sxe = 0;
  x.forEach((xi, i) => {
    sxx += (xi - meanX) ** 2;
    sxe += (xi - meanX) * (points[i]!.error - meanE);
  });
  const a = sxe / sxx;
  const c = meanE - a * meanX;
  const rss = points.reduce((s, p, i) => s + (p.error - a * x[i]! - c) ** 2, 0);
  return { a, c, rss };
}

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [
    [number, number, number],
    [number, number, number],
    [number, number, number],
  ];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (!(Math.abs(det) > 0))
    throw invalidInput("the learning curve's parameters cannot be told apart from these points");
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

/** ∂err/∂(a, b, c) at n: the model's gradient, for the covariance and for predictions. */
export function learningCurveGradient(
  fit: Pick<LearningCurveFit, "a" | "b">,
  labels: number,
): [number, number, number] {
  const power = labels ** -fit.b;
  return [power, -fit.a * power * Math.log(labels), 1];
}

/**
 * Fits the power-law learning curve err(n) = a·n^(−b) + c (Hestness et al. 2017; Cortes et al.
 * 1994) by least squares on the errors themselves. Variable projection (Golub & Pereyra 1973):
 * for a fixed b the model is linear in a and c, so they come from ordinary least squares and
 * only the one-dimensional profile RSS(b) is searched — a grid of 300 exponents over the range,
 * then golden-section refinement. This finds the global least-squares fit without the starting
 * values Levenberg-Marquardt needs and without the bias of fitting log(err − c) in log space,
 * which weighs the small errors at large n most and needs c guessed first.
 *
 * The covariance is the asymptotic one, s²·(JᵀJ)⁻¹ with s² = RSS/(k − 3) and J the gradient at
 * each point; intervals use Student's t with k − 3 degrees of freedom. Assumes independent
 * errors of equal variance; needs at least 4 points at 3 or more distinct sizes.
 */
export function fitLearningCurve(
  points: readonly LearningCurvePoint[],
  options: LearningCurveOptions = {},
): LearningCurveFit {
  const [minB, maxB] = options.exponentRange ?? [0.01, 3];
  if (!(minB > 0 && maxB > minB)) throw invalidInput("exponentRange must be increasing and positive");
  points.forEach((p, i) => {
    if (!(p.labels >= 1 && Number.isFinite(p.labels))) throw invalidInput(`points[${i}].labels must be ≥ 1`);
    if (!Number.isFinite(p.error)) throw invalidInput(`points[${i}].error must be a number`);
  });
  if (points.length < 4) throw invalidInput("a learning curve needs at least 4 points");
  if (new Set(points.map((p) => p.labels)).size < 3)
    throw invalidInput("a learning curve needs 3 or more label counts");

  const steps = 300;
  let best = 0;
  let bestRss = Number.POSITIVE_INFINITY;
  const grid = Array.from({ length: steps + 1 }, (_, k) => minB + ((maxB - minB) * k) / steps);
  grid.forEach((b, k) => {
    const { rss } = fitLinearPart(points, b);
    if (rss < bestRss) {
      bestRss = rss;
      best = k;
    }
  });
  let low = grid[Math.max(0, best - 1)]!;
  let high = grid[Math.min(steps, best + 1)]!;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = high - ratio * (high - low);
  let x2 = low + ratio * (high - low);
  let f1 = fitLinearPart(points, x1).rss;
  let f2 = fitLinearPart(points, x2).rss;
  while (high - low > 1e-12) {
    if (f1 <= f2) {
      high = x2;
      x2 = x1;
      f2 = f1;
      x1 = high - ratio * (high - low);
      f1 = fitLinearPart(points, x1).rss;
    } else {
      low = x1;
      x1 = x2;
      f1 = f2;
      x2 = low + ratio * (high - low);
      f2 = fitLinearPart(points, x2).rss;
    }
  }
  const b = (low + high) / 2;
  const { a, c, rss } = fitLinearPart(points, b);

  const degreesOfFreedom = points.length - 3;
  const s2 = rss / degreesOfFreedom;
  const information = [0, 1, 2].map(() => [0, 0, 0]);
  for (const p of points) {
    const g = learningCurveGradient({ a, b }, p.labels);
    for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) information[r]![s]! += g[r]! * g[s]!;
  }
  const covariance = invert3(information).map((row) => row.map((v) => v * s2));
  const se = (k: number) => Math.sqrt(Math.max(0, covariance[k]![k]!));
  const t = studentTQuantile(0.975, degreesOfFreedom);
  const interval = (value: number, k: number): [number, number] => [value - t * se(k), value + t * se(k)];
  return {
    a,
    b,
    c,
    covariance,
    standardErrors: { a: se(0), b: se(1), c: se(2) },
    intervals: { a: interval(a, 0), b: interval(b, 1), c: interval(c, 2) },
    residualStandardError: Math.sqrt(s2),
    degreesOfFreedom,
    exponentAtBound: best === 0 || best === steps,
  };
}

/** The predicted error at `labels` labels with its interval (delta method on the fit's covariance). */
export function predictError(
  fit: LearningCurveFit,
  labels: number,
  confidence = 0.95,
): { error: number; standardError: number; interval: [number, number] } {
  if (!(labels >= 1)) throw invalidInput("labels must be ≥ 1");
  const g = learningCurveGradient(fit, labels);
  const error = fit.a * labels ** -fit.b + fit.c;
  const standardError = Math.sqrt(quadraticForm(fit.covariance, g));
  const t = studentTQuantile(1 - (1 - confidence) / 2, fit.degreesOfFreedom);
  return { error, standardError, interval: [error - t * standardError, error + t * standardError] };
}

/** gᵀ·M·g for a 3×3 matrix. */
export function quadraticForm(matrix: readonly (readonly number[])[], g: readonly number[]): number {
  let sum = 0;
  for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) sum += g[r]! * matrix[r]![s]! * g[s]!;
  return Math.max(0, sum);
}
