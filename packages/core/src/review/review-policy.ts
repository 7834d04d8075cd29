import { type LabelValue, labelKey } from "../label-schema.js";
import { minJudgmentsToQueue, type ReviewSource } from "./review-items.js";

/**
 * Which finished tasks a project sends to its reviewers on its own, at the moment each task
 * becomes done (besides audit plans and the manager's "enqueue" buttons). Every part off
 * (`DEFAULT_REVIEW_POLICY`) queues nothing.
 */
export interface ReviewPolicy {
  /** Share of tasks sent to review as they become done, 0 to 1 (0: no sample). */
  sampleShare: number;
  /** A task that becomes done with its confidence below this, 0 to 1, is queued (0: never). */
  confidenceThreshold: number;
  /** A task that becomes done with at least two judgments that do not all agree is queued. */
  disagreement: boolean;
}

/** Off: no task is queued for review automatically. */
export const DEFAULT_REVIEW_POLICY: ReviewPolicy = { sampleShare: 0, confidenceThreshold: 0, disagreement: false };

/** Whether the policy can queue anything (the judgment path asks nothing more of a project with it off). */
export function reviewPolicyIsOn(policy: ReviewPolicy): boolean {
  return policy.sampleShare > 0 || policy.confidenceThreshold > 0 || policy.disagreement;
}

/**
 * The policy as stored (a JSON object): fields missing or out of range take the default (off),
 * so a row written before the policy existed, or by hand, reads as off. The routes validate input.
 */
export function reviewPolicyFrom(raw: unknown): ReviewPolicy {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const share = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
  return {
    sampleShare: share(r.sampleShare),
    confidenceThreshold: share(r.confidenceThreshold),
    disagreement: r.disagreement === true,
  };
}

/**
 * Whether the task falls in the policy's sample, by a uniform draw in [0, 1) made when the task
 * becomes done. Not a hash of the task's id: the code is open and ids are visible to the people who
 * label, so a hashed sample would tell them which tasks nobody will check.
 */
export function inReviewSample(draw: number, share: number): boolean {
  return share > 0 && draw < share;
}

/** A task at the moment it becomes done, as the review policy sees it. */
export interface DoneTask {
  projectId: number;
  taskId: number;
  /** Gold tasks have a known answer: they measure annotators and are never queued. */
  gold: boolean;
  /** The aggregate's confidence (agreement share or posterior of the leading label), 0 to 1. */
  confidence: number;
  /** Every judgment's answer, the one that finished the task included. */
  answers: readonly LabelValue[];
  /** Uniform in [0, 1), drawn for this task when it became done: decides the sample. */
  draw: number;
}

/** A finished task the policy sends to review: why, and whether it fell in the random sample. */
export interface PolicyReview {
  source: ReviewSource;
  /**
   * The task's draw fell below the sample share, whatever its source: the sampled tasks, doubtful
   * or not, are a uniform sample of the finished ones, so their verdicts estimate label accuracy
   * (the `sample` items alone would leave out the doubtful tasks and overstate it).
   */
  inSample: boolean;
}

/**
 * Why a task that just became done goes to review, or null when it does not. The most telling
 * reason names it: `disagreement` (two or more answers, not all the same label), then
 * `low_confidence` (confidence below the threshold), then `sample` (the draw below the share).
 * Pure: the caller inserts the item, once (a task is pending review at most once).
 */
export function reviewForDoneTask(policy: ReviewPolicy, task: DoneTask): PolicyReview | null {
  if (task.gold) return null;
  const inSample = inReviewSample(task.draw, policy.sampleShare);
  const source: ReviewSource | null =
    policy.disagreement && answersDisagree(task.answers)
      ? "disagreement"
      : task.confidence < policy.confidenceThreshold
        ? "low_confidence"
        : inSample
          ? "sample"
          : null;
  return source === null ? null : { source, inSample };
}

/** The source `reviewForDoneTask` queues the task with, or null. */
export function reviewSourceForDoneTask(policy: ReviewPolicy, task: DoneTask): ReviewSource | null {
  return reviewForDoneTask(policy, task)?.source ?? null;
}

/** At least `minJudgmentsToQueue("disagreement")` answers, and two of them different labels. */
function answersDisagree(answers: readonly LabelValue[]): boolean {
  if (answers.length < Math.max(2, minJudgmentsToQueue("disagreement")) || answers[0] === undefined) return false;
  const first = labelKey(answers[0]);
  return answers.some((answer) => labelKey(answer) !== first);
}
