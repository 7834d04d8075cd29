import { type ExperimentUnit, summarizeRatioArm } from "../experiments/ratio-metric.js";

/** One arm of a pay experiment: its pay per judgment and its units' throughput (judgments / active hours). */
export interface PayArm {
  arm: string;
  payMinor: number;
  units: readonly Pick<ExperimentUnit, "numerator" | "denominator">[];
}

export interface PayElasticityEstimate {
  /** d log throughput / d log pay: +0.3 means 10% more pay, about 3% more judgments per active hour. */
  elasticity: number;
  standardError: number;
  ci95: [number, number];
  /** The arms the fit used: pay, throughput (Σ judgments / Σ active hours) and measured units. */
  arms: { arm: string; payMinor: number; throughput: number; units: number }[];
}

const Z95 = 1.959963984540054;

/**
 * Pay elasticity with its 95% interval, from the arms of a pay experiment: weighted least squares
 * of log throughput on log pay, each arm's log throughput weighted by the inverse of its
 * delta-method variance at the randomisation unit (Var log R ≈ Var R / R², `summarizeRatioArm`),
 * so Var(slope) = 1 / Σ wᵢ (xᵢ − x̄_w)². With two arms this is the log ratio of their throughputs
 * over the log ratio of their pay. Arms with pay 0 or fewer than 2 measured units are left out;
 * undefined unless two distinct pays remain. The interval is the sampling error of the arms'
 * means only (no lack-of-fit term: with two or three arms there is nothing to estimate it from).
 */
export function estimatePayElasticity(arms: readonly PayArm[]): PayElasticityEstimate | undefined {
  const points = arms.flatMap((arm) => {
    const measured = arm.units.filter((u) => u.denominator > 0);
    if (!(arm.payMinor > 0) || measured.length < 2) return [];
    const summary = summarizeRatioArm(arm.arm, measured);
    if (!(summary.mean > 0)) return [];
    // Identical units give a zero variance; a floor keeps the weight finite.
    const variance = Math.max(summary.variance, 1e-12 * summary.mean ** 2);
    return [
      {
        arm: arm.arm,
        payMinor: arm.payMinor,
        throughput: summary.mean,
        units: measured.length,
        x: Math.log(arm.payMinor),
        y: Math.log(summary.mean),
        w: summary.mean ** 2 / variance,
      },
    ];
  });
  if (new Set(points.map((p) => p.payMinor)).size < 2) return undefined;
  const totalWeight = points.reduce((s, p) => s + p.w, 0);
  const mx = points.reduce((s, p) => s + p.w * p.x, 0) / totalWeight;
  const my = points.reduce((s, p) => s + p.w * p.y, 0) / totalWeight;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += p.w * (p.x - mx) * (p.y - my);
    sxx += p.w * (p.x - mx) ** 2;
  }
  const elasticity = sxy / sxx;
  const standardError = Math.sqrt(1 / sxx);
  return {
    elasticity,
    standardError,
    ci95: [elasticity - Z95 * standardError, elasticity + Z95 * standardError],
    arms: points.map(({ arm, payMinor, throughput, units }) => ({ arm, payMinor, throughput, units })),
  };
}
