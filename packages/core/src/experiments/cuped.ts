import { invalidInput } from "../errors.js";
import { type ExperimentUnit, linearizeRatio, type RatioArmSummary } from "./ratio-metric.js";

export interface CupedArm {
  arm: string;
  units: readonly ExperimentUnit[];
}

export interface CupedResult {
  /** Each arm's adjusted mean and its variance, in the order given. */
  arms: RatioArmSummary[];
  /** The pooled regression coefficient of the post-period on the pre-period influence. */
  theta: number;
  /** Σ pre-numerator / Σ pre-denominator over all units: the common value each arm's pre-period is centred on. */
  preMean: number;
}

/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013) for a ratio metric: each unit's post-period and
 * pre-period ratios are linearised by the delta method, lᵢ = (yᵢ − R·xᵢ)/x̄ and likewise l'ᵢ for
 * the pre-period, and θ = Σ lᵢl'ᵢ / Σ l'ᵢ² is estimated pooled over all arms (each arm centred on
 * its own means, so the treatment effect does not leak into θ). Each arm's mean becomes
 * R − θ·(R' − R̄'), with R̄' the pre-period ratio over all units, and its variance
 * Var(l − θ·l')/n — smaller by the factor 1 − ρ² when the periods correlate with ρ. Valid because
 * the pre-period cannot be affected by the treatment. A unit with no pre-period history has
 * pre-values 0 / 0. Returns undefined when some arm has no pre-period denominator or the
 * pre-period does not vary, so the caller falls back to the unadjusted analysis.
 */
export function cupedAdjust(arms: readonly CupedArm[]): CupedResult | undefined {
  let cross = 0;
  let preSquares = 0;
  let preNumerator = 0;
  let preDenominator = 0;
  const linearized = arms.map(({ arm, units }) => {
    if (units.length < 2) throw invalidInput(`arm "${arm}" needs at least 2 units`);
    const pre = {
      numerators: units.map((u) => u.preNumerator ?? 0),
      denominators: units.map((u) => u.preDenominator ?? 0),
    };
    const preSum = pre.denominators.reduce((a, b) => a + b, 0);
    if (!(preSum > 0)) return undefined;
    const post = linearizeRatio(
      units.map((u) => u.numerator),
      units.map((u) => u.denominator),
    );
    const prior = linearizeRatio(pre.numerators, pre.denominators);
    for (let i = 0; i < units.length; i++) {
      cross += post[i]! * prior[i]!;
      preSquares += prior[i]! ** 2;
    }
    const preSumNumerator = pre.numerators.reduce((a, b) => a + b, 0);
    preNumerator += preSumNumerator;
    preDenominator += preSum;
    return { arm, units, post, prior, preMean: preSumNumerator / preSum };
  });
  if (linearized.some((entry) => entry === undefined) || !(preSquares > 0)) return undefined;
  const theta = cross / preSquares;
  const preMean = preNumerator / preDenominator;
  const adjusted = linearized.map((entry) => {
    const { arm, units, post, prior } = entry!;
    const numerator = units.reduce((sum, u) => sum + u.numerator, 0);
    const denominator = units.reduce((sum, u) => sum + u.denominator, 0);
    let squares = 0;
    for (let i = 0; i < units.length; i++) squares += (post[i]! - theta * prior[i]!) ** 2;
    const summary: RatioArmSummary = {
      arm,
      units: units.length,
      numerator,
      denominator,
      mean: numerator / denominator - theta * (entry!.preMean - preMean),
      variance: squares / (units.length - 1) / units.length,
    };
    return summary;
  });
  return { arms: adjusted, theta, preMean };
}
