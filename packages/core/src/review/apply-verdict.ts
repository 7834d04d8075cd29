import { DomainError, invalidInput } from "../errors.js";
import { type LabelSchema, type LabelValue, validateLabelValue } from "../label-schema.js";
import { initialRequired, type Project } from "../project.js";
import { type ReviewStatus, type ReviewVerdict, VERDICT_STATUS } from "./review-items.js";

/** What a verdict does to the task it judged. */
export type VerdictTaskChange =
  /** `accept`: the aggregate stands. */
  | { kind: "keep" }
  /** `reject`: back to the labeling queue, needing `moreJudgments` beyond those it has. */
  | { kind: "reopen"; moreJudgments: number }
  /** `correct`: the expert's answer becomes the aggregate, with full confidence. */
  | { kind: "set_aggregate"; aggregate: { value: LabelValue; method: "review" }; confidence: 1 };

/** Every change a verdict makes, as data; the caller writes it in one transaction. */
export interface VerdictEffect {
  item: {
    status: Exclude<ReviewStatus, "pending">;
    /** The accepted aggregate (accept) or the expert's answer (correct); null otherwise. */
    reviewedValue: LabelValue | null;
    note: string | null;
  };
  task: VerdictTaskChange;
}

export interface VerdictInput {
  verdict: ReviewVerdict;
  /** The item's status when read: only a pending item takes a verdict. */
  itemStatus: ReviewStatus;
  project: Pick<Project, "schema" | "overlap" | "overlapPolicy">;
  task: { data: Record<string, unknown>; aggregate: LabelValue | null };
  /** The expert's answer; required by `correct`, ignored otherwise. */
  value?: unknown;
  note?: string | undefined;
}

/**
 * The effect of a reviewer's verdict on a task's aggregate. `accept` records the aggregate as
 * the reviewed value; `reject` reopens the task for one more round of the overlap policy from new
 * annotators (it keeps its judgments); `correct` checks the expert's answer against the label
 * schema and makes it the aggregate with confidence 1. Verdicts leave annotators' records alone:
 * a review judges the aggregate, not any one annotator. Throws `review_decided` for an item that
 * is not pending and `invalid_input` for a correction the schema refuses.
 */
export function applyVerdict(input: VerdictInput): VerdictEffect {
  if (input.itemStatus !== "pending") throw alreadyDecided(input.itemStatus);
  const note = input.note ?? null;
  const status = VERDICT_STATUS[input.verdict];
  switch (input.verdict) {
    case "accept":
      return { item: { status, reviewedValue: input.task.aggregate, note }, task: { kind: "keep" } };
    case "reject":
      return {
        item: { status, reviewedValue: null, note },
        task: { kind: "reopen", moreJudgments: initialRequired(input.project) },
      };
    case "correct": {
      const value = correctedValue(input.project.schema, input.value, input.task.data);
      return {
        item: { status, reviewedValue: value, note },
        task: { kind: "set_aggregate", aggregate: { value, method: "review" }, confidence: 1 },
      };
    }
  }
}

function correctedValue(schema: LabelSchema, value: unknown, data: Record<string, unknown>): LabelValue {
  const checked = validateLabelValue(schema, value, data);
  if (!checked.ok) throw invalidInput("The corrected answer does not fit the project's label schema", checked.errors);
  return checked.value;
}

function alreadyDecided(status: ReviewStatus): DomainError {
  return new DomainError("review_decided", `This item was already ${status}`);
}

/**
 * Why a verdict's conditional write found no pending item it may decide: another reviewer
 * claimed it (still pending), or someone decided it first.
 */
export function verdictConflict(currentStatus: ReviewStatus): DomainError {
  return currentStatus === "pending"
    ? new DomainError("review_taken", "Another reviewer is working on this item")
    : alreadyDecided(currentStatus);
}

/** The error when a rejected task is no longer done, so it cannot go back to the queue. */
export function taskNotDone(): DomainError {
  return new DomainError("task_not_done", "This task is not done any more, so it cannot be sent back to the queue");
}
