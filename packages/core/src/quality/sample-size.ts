import { invalidInput } from "../errors.js";
import { twoSidedZ } from "./normal-quantile.js";

/** What `sampleSizeForProportion` needs to know. */
export interface ProportionSampleSizeOptions {
  /** Half-width of the interval wanted, as a proportion: 0.02 for "±2 points". */
  margin: number;
  /** Confidence level. Default 0.95. */
  confidence?: number;
  /** Expected proportion (e.g. an accuracy of 0.9). Default 0.5, the worst case. */
  proportion?: number;
  /** Size of the finite population sampled without replacement (e.g. the batch); omit for an unbounded one. */
  population?: number;
}

/**
 * How many items to audit to estimate a proportion within ±`margin` at `confidence`, by the
 * normal approximation: n₀ = z²·p(1-p)/margin², reduced for a finite population of N items to
 * n₀ / (1 + (n₀ - 1)/N) (Cochran 1977). Rounded up. Example: ±2 points at 95% with p = 0.5
 * gives 2,401; for a batch of 5,000 items, 1,623. Assumes simple random sampling; for p near 0
 * or 1 and small n prefer checking the result with `wilsonInterval`.
 */
export function sampleSizeForProportion(options: ProportionSampleSizeOptions): number {
  const { margin, confidence = 0.95, proportion = 0.5, population } = options;
  if (!(margin > 0 && margin < 1)) throw invalidInput("margin must be in (0, 1)");
  if (!(proportion >= 0 && proportion <= 1)) throw invalidInput("proportion must be in [0, 1]");
  if (population !== undefined && !(Number.isInteger(population) && population >= 1)) {
    throw invalidInput("population must be a positive integer");
  }
  const z = twoSidedZ(confidence);
  const unbounded = (z * z * proportion * (1 - proportion)) / (margin * margin);
  const n = population === undefined ? unbounded : unbounded / (1 + (unbounded - 1) / population);
  // Guard against 2401.0000000001-style float noise before rounding up.
  return Math.max(1, Math.ceil(n - 1e-9));
}
