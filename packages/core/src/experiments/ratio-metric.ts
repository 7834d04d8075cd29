import { invalidInput } from "../errors.js";

/**
 * One randomisation unit (an annotator, a project, a batch) and its metric: the metric of an arm
 * is Σ numerator / Σ denominator over its units, e.g. correct gold answers / gold answers. The
 * optional pre-period values feed CUPED.
 */
export interface ExperimentUnit {
  unit: string;
  arm: string;
  numerator: number;
  denominator: number;
  preNumerator?: number;
  preDenominator?: number;
}

/** An arm's ratio metric and the variance of that estimate. */
export interface RatioEstimate {
  /** Σ numerator / Σ denominator. */
  mean: number;
  /** Variance of `mean` (delta method, or CUPED-adjusted). */
  variance: number;
}

export interface RatioArmSummary extends RatioEstimate {
  arm: string;
  units: number;
  numerator: number;
  denominator: number;
}

/**
 * Each unit's linearised contribution to the ratio (its influence): (yᵢ − R·xᵢ) / x̄. The ratio's
 * delta-method variance is the sample variance of these values over n; they average to zero.
 */
export function linearizeRatio(numerators: readonly number[], denominators: readonly number[]): number[] {
  const n = numerators.length;
  let sumY = 0;
  let sumX = 0;
  for (let i = 0; i < n; i++) {
    sumY += numerators[i]!;
    sumX += denominators[i]!;
  }
  if (!(sumX > 0)) throw invalidInput("the denominators of a ratio metric must not sum to zero");
  const ratio = sumY / sumX;
  const meanX = sumX / n;
  return numerators.map((y, i) => (y - ratio * denominators[i]!) / meanX);
}

/** Sample variance (n − 1 in the denominator) of values whose mean is `mean`. */
export function sampleVariance(values: readonly number[], mean = values.reduce((a, b) => a + b, 0) / values.length) {
  let sum = 0;
  for (const value of values) sum += (value - mean) ** 2;
  return sum / (values.length - 1);
}

/**
 * An arm's ratio metric R = Σy / Σx analysed at the randomisation unit: the units, not the
 * individual observations, are the independent draws, so correlated observations within a unit
 * do not shrink the interval. Var(R) by the delta method (Deng, Knoblich & Lu 2018):
 * (s²_y − 2R·s_xy + R²·s²_x) / (n·x̄²). Needs at least 2 units and a positive Σx; denominators
 * must be ≥ 0 (a unit with denominator 0 still counts as a unit).
 */
export function summarizeRatioArm(arm: string, units: readonly Pick<ExperimentUnit, "numerator" | "denominator">[]) {
  if (units.length < 2) throw invalidInput(`arm "${arm}" needs at least 2 units`);
  const numerators = units.map((u) => u.numerator);
  const denominators = units.map((u) => u.denominator);
  const numerator = numerators.reduce((a, b) => a + b, 0);
  const denominator = denominators.reduce((a, b) => a + b, 0);
  if (!(denominator > 0)) throw invalidInput(`arm "${arm}": the denominators sum to zero`);
  const influence = linearizeRatio(numerators, denominators);
  const summary: RatioArmSummary = {
    arm,
    units: units.length,
    numerator,
    denominator,
    mean: numerator / denominator,
    variance: sampleVariance(influence, 0) / units.length,
  };
  return summary;
}
