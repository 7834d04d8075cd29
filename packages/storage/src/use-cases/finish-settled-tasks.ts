import { COMPLETION_EVENT_TYPES, type LabelValue, type Project, reviewPolicyIsOn } from "@quorum/core";
import type { Kysely } from "kysely";
import { aggregateJudgesAnswers, markTasksByAggregate } from "../repositories/aggregate-verdicts.js";
import type { DB } from "../schema.js";
import { queueDoneTaskForReview } from "./queue-done-task-for-review.js";
import { type CompletedTask, recordTasksCompletionEvents } from "./record-completion-events.js";
import { subscribedEventTypes } from "./record-event.js";

/** A task settled outside a judgment: its confidence and aggregate answer, as the engine left them. */
export interface SettledTask extends CompletedTask {
  confidence: number;
  aggregate: LabelValue | null;
  /** It has a gold answer: the review policy never queues it (its answers are checked against that). */
  gold: boolean;
}

/**
 * What a judgment settling them would have done to tasks settled outside one (an overlap-policy
 * change, controls a gold policy released): their judgments marked by each aggregate (class
 * schemas; one UPDATE per answer), the review policy asked about each with its answers, and their
 * completion events (with their batch's and the project's when now finished) recorded for
 * whoever subscribes.
 */
export async function finishSettledTasks(
  trx: Kysely<DB>,
  project: Project,
  done: readonly SettledTask[],
  options: { draw: () => number; now: number },
): Promise<void> {
  if (done.length === 0) return;
  const { now } = options;
  if (aggregateJudgesAnswers(project.schema)) {
    const byAnswer = new Map<string, { aggregate: LabelValue; taskIds: number[] }>();
    for (const task of done) {
      if (task.aggregate === null) continue;
      const key = JSON.stringify(task.aggregate);
      const group = byAnswer.get(key) ?? { aggregate: task.aggregate, taskIds: [] };
      group.taskIds.push(task.id);
      byAnswer.set(key, group);
    }
    for (const group of byAnswer.values()) await markTasksByAggregate(trx, { projectId: project.id, ...group, now });
  }
  if (reviewPolicyIsOn(project.reviewPolicy)) await askReviewPolicy(trx, project, done, options);
  const subscribed = await subscribedEventTypes(trx);
  const wanted = new Set(COMPLETION_EVENT_TYPES.filter((type) => subscribed.has(type)));
  await recordTasksCompletionEvents(trx, { projectId: project.id, tasks: done, wanted, now });
}

async function askReviewPolicy(
  trx: Kysely<DB>,
  project: Project,
  done: readonly SettledTask[],
  { draw, now }: { draw: () => number; now: number },
): Promise<void> {
  const answers = new Map<number, LabelValue[]>();
  const judgments = await trx
    .selectFrom("judgments")
    .select(["task_id", "value"])
    .where("project_id", "=", project.id)
    .where(
      "task_id",
      "in",
      done.map((task) => task.id),
    )
    .execute();
  for (const judgment of judgments)
    answers.set(judgment.task_id, [...(answers.get(judgment.task_id) ?? []), JSON.parse(judgment.value) as LabelValue]);
  for (const task of done)
    await queueDoneTaskForReview(trx, project.reviewPolicy, {
      projectId: project.id,
      taskId: task.id,
      gold: task.gold,
      confidence: task.confidence,
      answers: answers.get(task.id) ?? [],
      draw: draw(),
      now,
    });
}
