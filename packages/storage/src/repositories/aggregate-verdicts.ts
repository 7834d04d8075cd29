import { type LabelSchema, type LabelValue, type Project, schemaClasses } from "@quorum/core";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { dialectOf, PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import { parseAggregate } from "./task-labels.js";

/**
 * Whether the aggregate of a schema can judge an answer: only where answers are classes (single
 * choice, rating, pairwise). A free text or a box is never equal to the aggregate by chance, so
 * marking those "rejected" would call every answer wrong.
 */
export function aggregateJudgesAnswers(schema: LabelSchema): boolean {
  return schemaClasses(schema) !== undefined;
}

/**
 * Marks the judgments of a settled task by its aggregate, in one UPDATE: accepted when equal to
 * it (compared as stored: the answer's JSON), rejected otherwise, reason "aggregate". Only
 * judgments without a verdict or with an earlier aggregate one change: a review or a gold answer
 * is the stronger word (and a later review overrides an aggregate verdict, see recordReviewCost).
 *
 * No ledger rows: an aggregate "rejected" is a minority answer under overlap, not work that was
 * redone, so its pay stays where it is (base or overlap) rather than moving to rework; the mark
 * is for quality and for counting accepted judgments. Idempotent: a re-run writes the same marks.
 */
export async function markJudgmentsByAggregate(
  trx: Kysely<DB>,
  task: { projectId: number; taskId: number; aggregate: LabelValue; now: number },
): Promise<void> {
  await markByAggregateStatement.run(trx, dialectOf(trx), {
    answer: JSON.stringify(task.aggregate),
    now: task.now,
    projectId: task.projectId,
    taskId: task.taskId,
  });
}

/**
 * The UPDATE of `markJudgmentsByAggregate`, its values given as SQL (slots, or `sql.raw("$n")` for a
 * statement that folds it in as a data-modifying CTE, `saveJudgedTask`).
 */
export function markByAggregateSql(values: Record<"answer" | "now" | "projectId" | "taskId", unknown>) {
  return markTasksByAggregateSql(values, sql`task_id = ${values.taskId}`);
}

/** The marking UPDATE for the judgments of the tasks `tasks` selects (a condition on `task_id`). */
function markTasksByAggregateSql(values: Record<"answer" | "now" | "projectId", unknown>, tasks: RawBuilder<unknown>) {
  return sql`update judgments set verdict = case when value = ${values.answer} then 'accepted' else 'rejected' end,
      verdict_by = null, verdict_reason = 'aggregate', verdict_at = ${values.now}
    where project_id = ${values.projectId} and ${tasks}
      and (verdict is null or verdict_reason = 'aggregate')`;
}

const markByAggregateStatement = new PreparedStatement<never, "answer" | "now" | "projectId" | "taskId">(
  (_db, slot) =>
    markByAggregateSql({
      answer: slot("answer"),
      now: slot("now"),
      projectId: slot("projectId"),
      taskId: slot("taskId"),
    }) as RawBuilder<never>,
);

/**
 * `markJudgmentsByAggregate` for several tasks settled together with the same aggregate answer, in
 * one UPDATE (a policy change settling a batch of tasks).
 */
export async function markTasksByAggregate(
  trx: Kysely<DB>,
  tasks: { projectId: number; taskIds: readonly number[]; aggregate: LabelValue; now: number },
): Promise<void> {
  if (tasks.taskIds.length === 0) return;
  await markTasksByAggregateSql(
    { answer: JSON.stringify(tasks.aggregate), now: tasks.now, projectId: tasks.projectId },
    sql`task_id in (${sql.join(tasks.taskIds)})`,
  ).execute(trx);
}

/**
 * Marks the judgments of a task by its aggregate if it is settled (done) now: for a task whose
 * review verdict was undone, so its judgments get back the marks the review had overridden.
 */
export async function markSettledTaskByAggregate(
  trx: Kysely<DB>,
  project: Project,
  taskId: number,
  now: number,
): Promise<void> {
  if (!aggregateJudgesAnswers(project.schema)) return;
  const task = await trx
    .selectFrom("tasks")
    .select(["status", "aggregate"])
    .where("project_id", "=", project.id)
    .where("id", "=", taskId)
    .executeTakeFirst();
  const aggregate = task?.status === "done" ? parseAggregate(task.aggregate) : null;
  if (aggregate)
    await markJudgmentsByAggregate(trx, { projectId: project.id, taskId, aggregate: aggregate.value, now });
}
