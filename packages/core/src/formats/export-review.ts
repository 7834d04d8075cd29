import type { ReviewSource, ReviewStatus } from "../review/review-items.js";

/**
 * The review a task's export carries: its latest decided review item (by decision time, then
 * id), or else its pending one. A pending item names no reviewer or time (a claim is not a
 * verdict). A rejected task went back for more judgments, so its label (if any) came after.
 */
export interface ExportReview {
  status: ReviewStatus;
  /** Why the task was queued for review. */
  source: ReviewSource;
  /** The reviewer who decided it, as exports name people (a user id); null while pending. */
  reviewerId: string | null;
  /** Epoch milliseconds of the verdict; null while pending. */
  reviewedAt: number | null;
}

/**
 * Where a task's label came from: `review` when a reviewer's correction set it, `consensus`
 * when it was inferred from the judgments (majority, online or batch Dawid-Skene).
 */
export type LabelSource = "review" | "consensus";

/** The label source of an aggregate reached by `method` (as stored with the aggregate). */
export function labelSourceOf(method: string): LabelSource {
  return method === "review" ? "review" : "consensus";
}
