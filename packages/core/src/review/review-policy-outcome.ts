import { type AuditAccuracy, auditAccuracy, type ReviewCounts } from "./audit-accuracy.js";
import type { ReviewSource } from "./review-items.js";

/** The sources the review policy queues with (`reviewSourceForDoneTask`). */
export const POLICY_SOURCES = ["sample", "low_confidence", "disagreement"] as const satisfies readonly ReviewSource[];
export type PolicySource = (typeof POLICY_SOURCES)[number];

/** What a project's review policy has done: its items by source, and the label accuracy its sample estimates. */
export interface ReviewPolicyOutcome {
  /** Items the policy queued, by source and verdict (`decided` = accepted + corrected + rejected). */
  bySource: Record<PolicySource, ReviewCounts & { queued: number; decided: number }>;
  /**
   * Share of the decided items of the policy's random sample accepted, with its Wilson interval at
   * 95%. Only items whose task fell in the sample count, whatever source names them (a sampled task
   * that is also doubtful is queued as `disagreement` or `low_confidence`): the other doubtful
   * items are chosen for being doubtful, and leaving the sampled doubtful ones out would overstate
   * accuracy. Estimate null before any sampled verdict.
   */
  sampleAccuracy: AuditAccuracy;
}

const NONE: ReviewCounts = { pending: 0, accepted: 0, corrected: 0, rejected: 0 };

/**
 * The policy's outcome from its items' counts by source, status and whether their task fell in
 * the random sample (rows of other sources or statuses are ignored). Assumes the sample is uniform
 * over tasks as they become done (`inReviewSample`) and that reviewers decide sampled items
 * regardless of their label.
 */
export function reviewPolicyOutcome(
  rows: readonly { source: string; status: string; inSample: boolean; items: number }[],
  confidence = 0.95,
): ReviewPolicyOutcome {
  const counts = new Map<string, ReviewCounts>(POLICY_SOURCES.map((source) => [source, { ...NONE }]));
  const sampled: ReviewCounts = { ...NONE };
  for (const row of rows) {
    const entry = counts.get(row.source);
    if (!entry || !(row.status in entry)) continue;
    entry[row.status as keyof ReviewCounts] += row.items;
    if (row.inSample) sampled[row.status as keyof ReviewCounts] += row.items;
  }
  const entry = (source: PolicySource) => {
    const c = counts.get(source)!;
    const decided = c.accepted + c.corrected + c.rejected;
    return { ...c, queued: decided + c.pending, decided };
  };
  return {
    bySource: { sample: entry("sample"), low_confidence: entry("low_confidence"), disagreement: entry("disagreement") },
    sampleAccuracy: auditAccuracy(sampled, confidence),
  };
}
