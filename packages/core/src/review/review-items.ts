/** Why a task entered the reviewer queue. */
export const REVIEW_SOURCES = ["sample", "disagreement", "low_confidence", "dispute"] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];

/** Where a review item is: waiting for a reviewer, or decided by one of the three verdicts. */
export const REVIEW_STATUSES = ["pending", "accepted", "rejected", "corrected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * A reviewer's verdict on a task's aggregate: `accept` it as right; `reject` it (the task goes
 * back to the labeling queue for more judgments); or `correct` it with the expert's own answer.
 */
export const REVIEW_VERDICTS = ["accept", "reject", "correct"] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

/** The status an item takes for each verdict. */
export const VERDICT_STATUS: Readonly<Record<ReviewVerdict, Exclude<ReviewStatus, "pending">>> = {
  accept: "accepted",
  reject: "rejected",
  correct: "corrected",
};

/** Judgments a done task needs before a queue may take it: a disagreement needs two answers. */
export function minJudgmentsToQueue(source: "disagreement" | "low_confidence"): number {
  return source === "disagreement" ? 2 : 0;
}
