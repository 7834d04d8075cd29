import { invalidInput } from "../errors.js";
import { twoSidedZ } from "../quality/normal-quantile.js";
import { twoSidedPValue } from "./normal-distribution.js";
import type { RatioEstimate } from "./ratio-metric.js";

/** A relative lift (treatment ÷ control − 1) with its interval and two-sided p-value. */
export interface LiftEstimate {
  lift: number;
  standardError: number;
  /** The two-sided interval at the requested confidence (95% by default). */
  interval: [number, number];
  /** Against "no difference" (lift = 0). */
  pValue: number;
}

/**
 * Relative lift T/C − 1 of two independent ratio estimators, with the variance of T/C by the
 * delta method: Var(T)/C² + T²·Var(C)/C⁴. The interval is the normal one on the lift scale and
 * the p-value is that of z = lift / standard error, so the interval excludes 0 exactly when
 * p < 1 − confidence. Needs a positive control mean; assumes enough units per arm for the
 * estimators to be near normal (a few dozen at least).
 */
export function relativeLift(treatment: RatioEstimate, control: RatioEstimate, confidence = 0.95): LiftEstimate {
  if (!(control.mean > 0)) throw invalidInput("the control's mean must be positive to compute a relative lift");
  const ratio = treatment.mean / control.mean;
  const variance = treatment.variance / control.mean ** 2 + (ratio * ratio * control.variance) / control.mean ** 2;
  const standardError = Math.sqrt(variance);
  const lift = ratio - 1;
  const z = twoSidedZ(confidence);
  const pValue = standardError > 0 ? twoSidedPValue(lift / standardError) : lift === 0 ? 1 : 0;
  return { lift, standardError, interval: [lift - z * standardError, lift + z * standardError], pValue };
}
