import type { AnnotatorStatus } from "../project.js";

/** The quality action logged when passing an exam ends an annotator's retraining. */
export const EXAM_PASSED_ACTION = "exam_passed";

/**
 * The status an annotator returns to when a manager reverses an action: back to retraining for
 * an exam that ended it (the manager doubts the pass), back to ok for a pause, retrain or flag.
 */
export function statusAfterReversing(action: string): AnnotatorStatus {
  return action === EXAM_PASSED_ACTION ? "retrain" : "ok";
}
