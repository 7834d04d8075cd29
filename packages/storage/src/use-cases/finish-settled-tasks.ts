import type { LabelValue, Project } from "@quorum/core";
import type { Kysely } from "kysely";
import { markTasksByAggregate } from "../repositories/aggregate-verdicts.js";
import type { DB } from "../schema.js";
import { queueDoneTaskForReview } from "./queue-done-task-for-review.js";
import type { CompletedTask } from "./record-completion-events.js";

/** A task settled outside a judgment: its confidence and aggregate answer, as the engine left them. */
export interface SettledTask extends CompletedTask {
  confidence: number;
  aggregate: LabelValue | null;
  /** It has a gold answer: the review policy never queues it (its answers are checked against that). */
  gold: boolean;
}

/**
 * What a judgment settling them would have done to tasks settled outside one (an overlap-policy
 * change, controls a gold policy released): their judgments marked by each aggregate (`marks`:
 * class schemas; one UPDATE per answer), and the review policy asked about each (`review`) with
 * its answers. Their completion events are `recordTasksCompletionEvents`'.
 */
export async function finishSettledTasks(
  trx: Kysely<DB>,
  project: Project,
  done: readonly SettledTask[],
  options: { marks: boolean; review: boolean; draw: () => number; now: number },
): Promise<void> {
  const { marks, review, draw, now } = options;
  if (marks) {
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
  if (!review) return;
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
