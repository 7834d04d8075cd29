import { invalidInput } from "../errors.js";
import type { LiftEstimate } from "./relative-lift.js";

export interface ConfidenceSequenceOptions {
  /** Probability that the sequence ever excludes the true value, over all looks. Default 0.05. */
  alpha?: number;
  /**
   * The number of units (all arms compared) at which the interval should be tightest, usually
   * the planned sample size. It tunes the mixture; the guarantee holds whatever it is.
   */
  plannedUnits: number;
}

/**
 * The normal-mixture tuning ρ² that makes the boundary tightest at `plannedUnits`
 * (Waudby-Smith et al. 2021): ρ² = (−2 ln α + ln(1 − 2 ln α)) / t*.
 */
export function mixtureTuning(alpha: number, plannedUnits: number): number {
  const logAlpha = Math.log(alpha);
  return (-2 * logAlpha + Math.log(1 - 2 * logAlpha)) / plannedUnits;
}

/**
 * How many standard errors wide each side of a peeking-safe interval is after `units` units:
 * the two-sided normal-mixture boundary of the asymptotic confidence sequence of Waudby-Smith,
 * Arbour, Sinha, Kennedy & Ramdas (2021, Theorem 2.2), written per standard error σ̂/√t:
 * √( 2(tρ² + 1)/(tρ²) · ln(√(tρ² + 1)/α) ). It replaces the fixed z = 1.96, grows like
 * √(ln t); at the planned size it is 3.04 for α = 0.05 (1.55 times z = 1.96).
 */
export function confidenceSequenceMultiplier(units: number, options: ConfidenceSequenceOptions): number {
  const { alpha = 0.05, plannedUnits } = options;
  if (!(alpha > 0 && alpha < 1)) throw invalidInput("alpha must be in (0, 1)");
  if (!(plannedUnits > 0)) throw invalidInput("plannedUnits must be positive");
  if (!(units > 0)) throw invalidInput("units must be positive");
  const tRho2 = units * mixtureTuning(alpha, plannedUnits);
  return Math.sqrt(((2 * (tRho2 + 1)) / tRho2) * Math.log(Math.sqrt(tRho2 + 1) / alpha));
}

/**
 * A peeking-safe interval for a lift: the estimate ± the confidence-sequence multiplier times
 * its (delta-method) standard error. With probability at least 1 − α the intervals computed at
 * every look, however many and whenever taken, all contain the true lift — asymptotically, i.e.
 * once each arm has enough units for the estimators to be near normal. Stop as soon as it
 * excludes 0 (or the non-inferiority margin). `units` counts the units of both arms.
 */
export function sequentialLiftInterval(
  estimate: Pick<LiftEstimate, "lift" | "standardError">,
  units: number,
  options: ConfidenceSequenceOptions,
): [number, number] {
  const half = confidenceSequenceMultiplier(units, options) * estimate.standardError;
  return [estimate.lift - half, estimate.lift + half];
}
