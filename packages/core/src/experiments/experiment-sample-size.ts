import { invalidInput } from "../errors.js";
import { normalQuantile } from "../quality/normal-quantile.js";

/** What the planner needs to know about the metric and the design. */
export interface ExperimentDesign {
  /** The control's expected metric, e.g. 0.82 gold accuracy. */
  baselineMean: number;
  /** Standard deviation of one observation (√(p(1 − p)) for a proportion). */
  standardDeviation: number;
  /** Observations per randomisation unit (m), e.g. tasks per annotator. Default 1. */
  observationsPerUnit?: number;
  /** Intra-class correlation of observations within a unit (ICC). Default 0. */
  intraclassCorrelation?: number;
  /** Two-sided significance level. Default 0.05. */
  alpha?: number;
  /** Chance of detecting the lift when it is real. Default 0.8. */
  power?: number;
}

export interface ExperimentSampleSize {
  /** 1 + (m − 1)·ICC: how many times more observations clustering costs. */
  designEffect: number;
  /** Observations needed per arm. */
  observationsPerArm: number;
  /** Randomisation units needed per arm (two arms, equal split). */
  unitsPerArm: number;
}

function checkDesign(design: ExperimentDesign) {
  const {
    baselineMean,
    standardDeviation,
    observationsPerUnit = 1,
    intraclassCorrelation = 0,
    alpha = 0.05,
    power = 0.8,
  } = design;
  if (!(baselineMean > 0 && Number.isFinite(baselineMean))) throw invalidInput("baselineMean must be positive");
  if (!(standardDeviation > 0 && Number.isFinite(standardDeviation)))
    throw invalidInput("standardDeviation must be positive");
  if (!(observationsPerUnit >= 1)) throw invalidInput("observationsPerUnit must be at least 1");
  if (!(intraclassCorrelation >= 0 && intraclassCorrelation <= 1))
    throw invalidInput("intraclassCorrelation must be in [0, 1]");
  if (!(alpha > 0 && alpha < 1)) throw invalidInput("alpha must be in (0, 1)");
  if (!(power > 0 && power < 1)) throw invalidInput("power must be in (0, 1)");
  const designEffect = 1 + (observationsPerUnit - 1) * intraclassCorrelation;
  const zSum = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return { baselineMean, standardDeviation, observationsPerUnit, designEffect, zSum };
}

/**
 * Units per arm for a two-arm, equal-split test to detect a relative lift of
 * `minimumDetectableLift` with the given power: n = 2(z₁₋α/₂ + z_power)²σ² / (μ·lift)²
 * observations, times the design effect 1 + (m − 1)·ICC for m correlated observations per
 * unit (Kish 1965; Donner & Klar 2000), then divided by m. Normal approximation; assumes
 * equal cluster sizes. Example: μ = 0.8, σ = 0.4, a 5% lift needs 1,570 observations per arm;
 * in units of 10 tasks with ICC 0.05 it needs 228 units (2,277 observations) per arm.
 */
export function experimentSampleSize(
  design: ExperimentDesign & { minimumDetectableLift: number },
): ExperimentSampleSize {
  const { baselineMean, standardDeviation, observationsPerUnit, designEffect, zSum } = checkDesign(design);
  const { minimumDetectableLift } = design;
  if (!(minimumDetectableLift > 0 && Number.isFinite(minimumDetectableLift)))
    throw invalidInput("minimumDetectableLift must be positive");
  const delta = baselineMean * minimumDetectableLift;
  const observations = (2 * zSum * zSum * standardDeviation * standardDeviation * designEffect) / (delta * delta);
  // Guard against 1569.0000000001-style float noise before rounding up.
  return {
    designEffect,
    observationsPerArm: Math.ceil(observations - 1e-9),
    unitsPerArm: Math.ceil(observations / observationsPerUnit - 1e-9),
  };
}

/** The inverse of `experimentSampleSize`: the relative lift detectable with `unitsPerArm` units per arm. */
export function minimumDetectableLift(design: ExperimentDesign & { unitsPerArm: number }): number {
  const { baselineMean, standardDeviation, observationsPerUnit, designEffect, zSum } = checkDesign(design);
  if (!(design.unitsPerArm > 0)) throw invalidInput("unitsPerArm must be positive");
  const observations = design.unitsPerArm * observationsPerUnit;
  return (zSum * standardDeviation * Math.sqrt((2 * designEffect) / observations)) / baselineMean;
}
