import { type LabelValue, labelKey } from "../label-schema.js";
import type { ReviewVerdict } from "./review-items.js";

/** A judgment's standing: accepted or rejected by a review, a gold answer or the aggregate. */
export type JudgmentVerdict = "accepted" | "rejected";

/**
 * Which of a task's judgments a review verdict accepts or rejects (judgments left out stay as
 * they were). Judgments already rejected are left alone: rejection is final until an undo.
 * - accept: the judgments that gave the accepted aggregate are accepted; the others are not
 *   marked (a minority answer under overlap is not wrong work by itself).
 * - reject: the task is redone from scratch (`applyVerdict` reopens it for a full set of new
 *   judgments), so every standing judgment is rejected: its pay becomes rework, and the redone
 *   judgments take the ordinals 1, 2, ... again.
 * - correct: the judgments equal to the reviewer's answer are accepted, every other standing
 *   one is rejected (the reviewer redid it).
 */
export function judgmentVerdicts(options: {
  verdict: ReviewVerdict;
  aggregate: LabelValue | null;
  /** The reviewer's answer for `correct`. */
  corrected: LabelValue | null;
  judgments: readonly { id: number; value: LabelValue; verdict: JudgmentVerdict | null }[];
}): Map<number, JudgmentVerdict> {
  const marks = new Map<number, JudgmentVerdict>();
  const standing = options.judgments.filter((j) => j.verdict !== "rejected");
  const keyOf = (value: LabelValue | null) => (value === null ? null : labelKey(value));
  switch (options.verdict) {
    case "accept": {
      const accepted = keyOf(options.aggregate);
      for (const j of standing) if (labelKey(j.value) === accepted) marks.set(j.id, "accepted");
      break;
    }
    case "reject":
      for (const j of standing) marks.set(j.id, "rejected");
      break;
    case "correct": {
      const right = keyOf(options.corrected);
      for (const j of standing) marks.set(j.id, labelKey(j.value) === right ? "accepted" : "rejected");
      break;
    }
  }
  return marks;
}
