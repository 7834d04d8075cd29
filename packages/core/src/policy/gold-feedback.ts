import { isGoldAccuracyReason } from "./annotator-rules.js";
import type { GoldFeedbackPolicy } from "./quality-policy.js";

/**
 * Why a control task was served to an annotator: in their onboarding (the project's first
 * `onboarding` tasks), in retraining (control tasks only), or hidden among ordinary work (the
 * policy's `share`). Recorded on the lease when it is claimed.
 */
export const CONTROL_KINDS = ["onboarding", "training", "hidden"] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** How a lease served its task, from the stored column: a control kind, else null (the ordinary queue). */
export function controlKindOf(servedAs: string | null | undefined): ControlKind | null {
  return CONTROL_KINDS.find((kind) => kind === servedAs) ?? null;
}

/**
 * Whether a rejected judgment may be appealed as such: a review's rejection always; a gold
 * answer's only where the annotator was told of the miss (`givesGoldFeedback`). Listing or
 * accepting the appeal of a hidden control's miss would tell the annotator the task was a
 * control; they appeal the automatic action it led to instead.
 */
export function appealableByJudgment(
  verdictReason: string | null,
  feedback: GoldFeedbackPolicy,
  servedAs: ControlKind | null,
): boolean {
  return verdictReason !== "gold" || givesGoldFeedback(feedback, servedAs);
}

/**
 * Whether an answer to a gold task is followed by feedback (right or wrong, the gold answer and
 * its explanation). `servedAs` null: the task came from the ordinary queue (gold that is not a
 * control, or a lease from before leases recorded it), which counts as hidden.
 */
export function givesGoldFeedback(feedback: GoldFeedbackPolicy, servedAs: ControlKind | null): boolean {
  return servedAs === "onboarding" || servedAs === "training" ? feedback.onboarding : feedback.hidden;
}

/**
 * How often the automatic quality rules are checked where hidden controls get no feedback: after
 * every 5th judgment an annotator submits in a project (ordinary and control answers alike). A
 * pause, retraining or flag that came right after the answer that caused it would tell the
 * annotator that answer was a control (and, on a two-option task, its gold answer); at a
 * checkpoint it follows any of the last five answers alike, and the annotator still meets it on
 * their next lease. Five keeps an action at most four answers late while a share of controls
 * around 10-20% leaves most windows with no control or one among ordinary answers.
 */
export const QUALITY_CHECKPOINT_INTERVAL = 5;

/**
 * Whether the automatic rules are checked after an annotator's `judgments`-th judgment in a
 * project: after every one where the project tells annotators about hidden controls (the action
 * names nothing they were not told), otherwise only at checkpoints (`QUALITY_CHECKPOINT_INTERVAL`).
 * `judgments` counts all their judgments in the project, this one included.
 */
export function rulesCheckedAfter(judgments: number, feedback: GoldFeedbackPolicy): boolean {
  return feedback.hidden || judgments % QUALITY_CHECKPOINT_INTERVAL === 0;
}

/** An annotator's own gold counts (answers to gold tasks, and the right ones among them). */
export interface OwnGoldCounts {
  goldAnswered: number;
  goldCorrect: number;
}

/**
 * The gold counts an annotator may see of their own work: zero unless the project gives feedback
 * on hidden controls, since a count that moves after an answer would tell that the answer was to
 * a control, and whether it was right.
 */
export function ownGoldCounts(feedback: GoldFeedbackPolicy, counts: OwnGoldCounts): OwnGoldCounts {
  return feedback.hidden ? counts : { goldAnswered: 0, goldCorrect: 0 };
}

/**
 * Why an automatic action was taken, as the annotator reads it. The gold-accuracy rule's reason
 * counts gold answers, which an annotator without feedback on hidden controls may not see (a
 * count tells which answers were controls, `ownGoldCounts`), so they read a neutral wording;
 * the other rules' reasons name no task and no gold and are shown as they are. Staff keep the
 * full reason. Used wherever an annotator reads the reason of an action on them (an appeal, a
 * refused lease).
 */
export function annotatorActionReason(reason: string, goldFeedback: GoldFeedbackPolicy): string {
  if (!isGoldAccuracyReason(reason) || goldFeedback.hidden) return reason;
  return "accuracy on quality checks is below the project's minimum";
}
