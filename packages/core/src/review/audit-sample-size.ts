import { sampleSizeForProportion } from "../quality/sample-size.js";

export interface AuditSizeOptions {
  /** Half-width wanted for the accuracy estimate: 0.02 for "±2 points". */
  margin: number;
  /** Confidence level, e.g. 0.95. */
  confidence: number;
  /** Accuracy expected, if known; the worst case 0.5 otherwise (largest sample). */
  expectedAccuracy?: number | undefined;
}

/**
 * How many tasks an audit must review to estimate accuracy within ±margin at the confidence:
 * `unbounded` for an infinite population (e.g. 2,401 for ±2 points at 95%), and `forPopulation(N)`
 * with the finite-population correction (Cochran), never more than N and 0 for an empty
 * population. See `sampleSizeForProportion` for the formula and its assumptions.
 */
export function auditSampleSize(options: AuditSizeOptions) {
  const base = {
    margin: options.margin,
    confidence: options.confidence,
    proportion: options.expectedAccuracy ?? 0.5,
  };
  return {
    unbounded: sampleSizeForProportion(base),
    forPopulation: (population: number) => (population <= 0 ? 0 : sampleSizeForProportion({ ...base, population })),
  };
}
