import type { Assignment } from "../assignment/lease.js";
import type { Task } from "../assignment/task.js";
import { DomainError, invalidInput, notFound } from "../errors.js";
import { type LabelSchema, type LabelValue, labelKey, validateLabelValue } from "../label-schema.js";
import { givesGoldFeedback } from "../policy/gold-feedback.js";
import type { GoldFeedbackPolicy } from "../policy/quality-policy.js";
import { type GoldFeedback, type Judgment, MAX_ACTIVE_MS } from "./judgment.js";

/** An answer as the annotator sends it, unchecked. */
export interface Submission {
  annotatorId: number;
  value: unknown;
  activeMs: number;
  clientKey: string;
  now: number;
}

/** The part of a stored judgment that a replay is checked against. */
export type StoredAnswer = Pick<Judgment, "assignmentId" | "value">;

/** What is stored now about the lease being answered. */
export interface SubmissionState<Previous extends StoredAnswer = StoredAnswer> {
  lease: Pick<Assignment, "id" | "annotatorId" | "status" | "expiresAt" | "servedAs">;
  /** The judgment this annotator already stored with the same clientKey, in any lease. */
  previous: Previous | undefined;
  task: Pick<Task, "data" | "gold" | "goldExplanation">;
  schema: LabelSchema;
  /** The project's gold feedback policy: whether a gold answer is told after answering. */
  goldFeedback: GoldFeedbackPolicy;
}

/**
 * - `replay`: the same clientKey already stored this answer; return the stored judgment.
 * - `expire`: the lease ran out before the answer arrived; give the slot back, then report `lease_expired`.
 * - `store`: store the answer in canonical form, with the gold verdict and the believed active time.
 * `gold` (feedback) only when the gold feedback policy gives it for how the task was served;
 * without it nothing in the decision tells the task was a control.
 */
export type SubmissionDecision<Previous extends StoredAnswer = StoredAnswer> =
  | { kind: "replay"; judgment: Previous; gold?: GoldFeedback }
  | { kind: "expire"; expiredAt: number }
  | { kind: "store"; value: LabelValue; goldCorrect: boolean | null; activeMs: number; gold?: GoldFeedback };

/**
 * The lease state machine of a submission, in this order: a lease of someone else is not found;
 * a clientKey already used replays its judgment (when it was for this lease) or is refused
 * (`client_key_reused`); a lease already answered is refused (`already_submitted`), one ended
 * otherwise too (`lease_expired` if it expired, `assignment_closed` if skipped or released); a
 * lease past its expiry is expired now; an answer that does not fit the schema is `invalid_input`.
 * Active time is capped at `MAX_ACTIVE_MS` and never negative.
 */
export function decideSubmission<Previous extends StoredAnswer>(
  state: SubmissionState<Previous>,
  submission: Submission,
): SubmissionDecision<Previous> {
  const { lease, previous, task } = state;
  if (lease.annotatorId !== submission.annotatorId) throw notFound("Assignment");
  if (previous) {
    if (previous.assignmentId !== lease.id)
      throw new DomainError("client_key_reused", "This clientKey was already used for another assignment", [
        { path: "clientKey", message: "must be unique per answer" },
      ]);
    return withGold({ kind: "replay", judgment: previous }, state, previous.value);
  }
  if (lease.status === "submitted")
    throw new DomainError(
      "already_submitted",
      "An answer was already submitted for this assignment with another clientKey",
    );
  if (lease.status === "expired") throw leaseExpired(lease.expiresAt);
  if (lease.status !== "active")
    throw new DomainError("assignment_closed", `This assignment was ${lease.status}; take a new task`);
  if (lease.expiresAt <= submission.now) return { kind: "expire", expiredAt: lease.expiresAt };

  const checked = validateLabelValue(state.schema, submission.value, task.data);
  if (!checked.ok) throw invalidInput("The answer does not fit the project's label schema", checked.errors);
  const activeMs = Math.max(0, Math.min(Math.round(submission.activeMs), MAX_ACTIVE_MS));
  const goldCorrect = task.gold === null ? null : labelKey(task.gold) === labelKey(checked.value);
  return withGold({ kind: "store", value: checked.value, goldCorrect, activeMs }, state, checked.value);
}

/** The answer to a late submission: the slot went back to the queue. */
export function leaseExpired(expiredAt: number): DomainError {
  return new DomainError(
    "lease_expired",
    "This task's lease expired before the answer arrived; it went back to the queue",
    [{ path: "assignment", message: `expired at ${new Date(expiredAt).toISOString()}` }],
  );
}

function withGold<D extends SubmissionDecision<StoredAnswer>>(
  decision: D,
  state: Pick<SubmissionState, "task" | "lease" | "goldFeedback">,
  value: LabelValue,
): D {
  const { task } = state;
  if (task.gold === null || !givesGoldFeedback(state.goldFeedback, state.lease.servedAs)) return decision;
  const gold: GoldFeedback = {
    correct: labelKey(task.gold) === labelKey(value),
    answer: task.gold,
    explanation: task.goldExplanation,
  };
  return { ...decision, gold };
}
