import { invalidInput } from "../errors.js";
import { twoSidedZ } from "./normal-quantile.js";

/** A point estimate of a proportion and its confidence interval. */
export interface ProportionInterval {
  /** successes / trials (NaN when there are no trials). */
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927), e.g. an annotator's accuracy
 * on gold: 41 correct of 50 at 95% gives [0.69, 0.90]. Unlike the normal ("Wald") interval it
 * stays inside [0, 1] and behaves well near 0, 1 and for small samples. Assumes independent
 * trials with a common success probability. With no trials returns [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  if (!(trials >= 0) || !(successes >= 0) || successes > trials) {
    throw invalidInput("need 0 ≤ successes ≤ trials");
  }
  const z = twoSidedZ(confidence);
  if (trials === 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { estimate: p, lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}
