import { wilsonInterval } from "../quality/wilson-interval.js";

/** Review items of one audit by outcome. */
export interface ReviewCounts {
  pending: number;
  accepted: number;
  corrected: number;
  rejected: number;
}

export interface AuditAccuracy extends ReviewCounts {
  /** Items with a verdict. */
  reviewed: number;
  /** Share of reviewed items accepted, with its Wilson interval; estimate is null before any verdict. */
  accuracy: { estimate: number | null; low: number; high: number };
}

/**
 * The accepted accuracy of an audit: accepted ÷ reviewed, where corrected and rejected items count
 * as not accepted and pending ones are left out, with a Wilson score interval at `confidence`.
 * Assumes the reviewed items are a simple random sample of the population (true of a plan's
 * sample once fully reviewed; reviewing in queue order keeps it random). The interval has no
 * finite-population correction, so it is slightly conservative when the sample is a large share.
 */
export function auditAccuracy(counts: ReviewCounts, confidence: number): AuditAccuracy {
  const reviewed = counts.accepted + counts.corrected + counts.rejected;
  const interval = wilsonInterval(counts.accepted, reviewed, confidence);
  return {
    ...counts,
    reviewed,
    accuracy: {
      estimate: reviewed === 0 ? null : interval.estimate,
      low: interval.lower,
      high: interval.upper,
    },
  };
}
