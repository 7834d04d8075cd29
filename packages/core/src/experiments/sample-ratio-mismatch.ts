import { invalidInput } from "../errors.js";
import { chiSquareSurvival } from "./incomplete-gamma.js";

export interface SampleRatioMismatch {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** True when pValue is below the threshold: the assignment is broken and no effect should be trusted. */
  mismatch: boolean;
}

export interface SampleRatioMismatchOptions {
  /** The planned share of units per arm, in the order of `counts` (normalised). Default: equal. */
  plannedShares?: readonly number[];
  /** Flag below this p-value. Default 0.001, strict because the check runs on every experiment. */
  threshold?: number;
}

/**
 * Sample-ratio-mismatch check (Fabijan et al. 2019): Pearson's χ² goodness-of-fit of the units
 * counted per arm against the planned split, with k − 1 degrees of freedom. A mismatch means
 * units were lost or added unevenly (a crash in one arm, a bot filter, a late start), which
 * biases every metric. For a 50/50 plan, 5,000 vs 5,050 units gives p ≈ 0.62 (fine) and 5,000
 * vs 5,400 gives p ≈ 9e-5 (flagged).
 */
export function sampleRatioMismatch(
  counts: readonly number[],
  options: SampleRatioMismatchOptions = {},
): SampleRatioMismatch {
  const { threshold = 0.001 } = options;
  if (counts.length < 2) throw invalidInput("a sample-ratio check needs at least 2 arms");
  if (counts.some((count) => !(Number.isInteger(count) && count >= 0))) {
    throw invalidInput("unit counts must be non-negative integers");
  }
  const shares = options.plannedShares ?? counts.map(() => 1);
  if (shares.length !== counts.length) throw invalidInput("plannedShares needs one share per arm");
  if (shares.some((share) => !(share > 0 && Number.isFinite(share)))) {
    throw invalidInput("planned shares must be positive");
  }
  if (!(threshold > 0 && threshold < 1)) throw invalidInput("threshold must be in (0, 1)");
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) throw invalidInput("no units to check");
  const shareSum = shares.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  counts.forEach((count, i) => {
    const expected = (total * shares[i]!) / shareSum;
    chiSquare += (count - expected) ** 2 / expected;
  });
  const degreesOfFreedom = counts.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < threshold };
}
