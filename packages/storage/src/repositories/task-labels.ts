import { type LabelValue, normalise, type PriorTaskState } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { parseJson, parseJsonOrNull } from "./json-column.js";

// The `tasks` columns that hold what is believed about a task's label (aggregate, confidence,
// posterior), as reviews, the quality report and the re-fit read and write them.

/** The `tasks.aggregate` column: the label, how it was reached, and (online) the majority's share. */
export interface StoredAggregate {
  value: LabelValue;
  method?: string;
  agreement?: number;
}

export function parseAggregate(text: string | null): StoredAggregate | null {
  return parseJsonOrNull<StoredAggregate>(text);
}

/** The `tasks.posterior` column (log scores) as probabilities, for display. */
export function posteriorProbabilities(stored: string | null): number[] | null {
  const scores = parseJsonOrNull<number[]>(stored);
  return scores ? normalise(scores) : null;
}

/** A task as a reviewer sees it. */
export interface ReviewTask {
  id: number;
  batchId: number;
  externalId: string | null;
  language: string;
  data: Record<string, unknown>;
  gold: LabelValue | null;
  goldExplanation: string | null;
  status: string;
  judgmentCount: number;
  aggregate: { value: LabelValue; method: string; confidence: number | null } | null;
}

export async function getReviewTask(db: Kysely<DB>, projectId: number, taskId: number): Promise<ReviewTask> {
  const row = await db
    .selectFrom("tasks")
    .select([
      "id",
      "batch_id",
      "external_id",
      "language",
      "data",
      "gold",
      "gold_explanation",
      "status",
      "judgment_count",
      "aggregate",
      "confidence",
    ])
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .executeTakeFirstOrThrow();
  const aggregate = parseAggregate(row.aggregate);
  return {
    id: row.id,
    batchId: row.batch_id,
    externalId: row.external_id,
    language: row.language,
    data: parseJson<Record<string, unknown>>(row.data),
    gold: parseJsonOrNull<LabelValue>(row.gold),
    goldExplanation: row.gold_explanation,
    status: row.status,
    judgmentCount: row.judgment_count,
    aggregate: aggregate && {
      value: aggregate.value,
      method: aggregate.method ?? "majority",
      confidence: row.confidence,
    },
  };
}

/** A page of the ids of done tasks (of one batch when given), in id order after `after`. */
export async function doneTaskIds(
  db: Kysely<DB>,
  options: { projectId: number; batchId?: number | undefined; after: number; limit: number },
): Promise<number[]> {
  let query = db
    .selectFrom("tasks")
    .select("id")
    .where("project_id", "=", options.projectId)
    .where("status", "=", "done")
    .where("id", ">", options.after)
    .orderBy("id")
    .limit(options.limit);
  if (options.batchId !== undefined) query = query.where("batch_id", "=", options.batchId);
  return (await query.execute()).map((row) => row.id);
}

/**
 * Done tasks with confidence below `threshold` and at least `minJudgments` judgments, lowest
 * confidence first, leaving out tasks pending review and tasks reviewed since they last changed.
 */
export async function uncertainDoneTaskIds(
  db: Kysely<DB>,
  options: { projectId: number; threshold: number; minJudgments: number; limit: number },
): Promise<number[]> {
  const rows = await db
    .selectFrom("tasks")
    .select("tasks.id")
    .where("tasks.project_id", "=", options.projectId)
    .where("tasks.status", "=", "done")
    .where("tasks.confidence", "<", options.threshold)
    .$if(options.minJudgments > 0, (query) => query.where("tasks.judgment_count", ">=", options.minJudgments))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("review_items")
            .select(sql.lit(1).as("one"))
            .whereRef("review_items.project_id", "=", "tasks.project_id")
            .whereRef("review_items.task_id", "=", "tasks.id")
            .where((eb) =>
              eb.or([
                eb("review_items.status", "=", "pending"),
                eb("review_items.reviewed_at", ">=", eb.ref("tasks.updated_at")),
              ]),
            ),
        ),
      ),
    )
    .orderBy("tasks.confidence")
    .orderBy("tasks.id")
    .limit(options.limit)
    .execute();
  return rows.map((row) => row.id);
}

/** Sends a done task back to the queue needing `moreJudgments` beyond those it has; false if it is not done. */
export async function reopenDoneTask(
  trx: Kysely<DB>,
  options: { projectId: number; taskId: number; moreJudgments: number; now: number },
): Promise<boolean> {
  const required = sql<number>`judgment_count + ${options.moreJudgments}`;
  const reopened = await trx
    .updateTable("tasks")
    .set({ required, status: taskStatusSql({ required }), updated_at: options.now })
    .where("project_id", "=", options.projectId)
    .where("id", "=", options.taskId)
    .where("status", "=", "done")
    .executeTakeFirst();
  return Number(reopened.numUpdatedRows) === 1;
}

/**
 * Replaces what is believed about a task's label. `posterior` (log scores) is written only when
 * given; `updatedAt` too, since a re-fit recalibrates without the task changing for reviewers.
 */
export async function setTaskLabel(
  trx: Kysely<DB>,
  task: { projectId: number; taskId: number },
  label: { aggregate: StoredAggregate; confidence: number; posterior?: number[]; updatedAt?: number },
): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({
      aggregate: JSON.stringify(label.aggregate),
      confidence: label.confidence,
      ...(label.posterior === undefined ? {} : { posterior: JSON.stringify(label.posterior) }),
      ...(label.updatedAt === undefined ? {} : { updated_at: label.updatedAt }),
    })
    .where("project_id", "=", task.projectId)
    .where("id", "=", task.taskId)
    .execute();
}

/** The counters and label of a task that a verdict may change, as an undo needs them back. */
export async function getTaskLabelState(
  db: Kysely<DB>,
  task: { projectId: number; taskId: number },
): Promise<PriorTaskState> {
  const row = await db
    .selectFrom("tasks")
    .select(["required", "judgment_count", "slots_taken", "aggregate", "confidence", "updated_at"])
    .where("project_id", "=", task.projectId)
    .where("id", "=", task.taskId)
    .executeTakeFirstOrThrow();
  return {
    required: row.required,
    judgmentCount: row.judgment_count,
    slotsTaken: row.slots_taken,
    aggregate: parseAggregate(row.aggregate),
    confidence: row.confidence,
    updatedAt: row.updated_at,
  };
}

/**
 * Undoes a rejection: the task needs `required` judgments again (and so is done again), provided
 * its counters are still those the undo checked; false if an annotator took it meanwhile.
 */
export async function restoreRequired(
  trx: Kysely<DB>,
  task: { projectId: number; taskId: number },
  restore: { required: number; judgmentCount: number; slotsTaken: number; updatedAt: number },
): Promise<boolean> {
  const required = sql<number>`${restore.required}`;
  const restored = await trx
    .updateTable("tasks")
    .set({ required, status: taskStatusSql({ required }), updated_at: restore.updatedAt })
    .where("project_id", "=", task.projectId)
    .where("id", "=", task.taskId)
    .where("judgment_count", "=", restore.judgmentCount)
    .where("slots_taken", "=", restore.slotsTaken)
    .executeTakeFirst();
  return Number(restored.numUpdatedRows) === 1;
}

/** Undoes a correction: the label (aggregate, confidence) and change time the task had before it. */
export async function restoreLabel(
  trx: Kysely<DB>,
  task: { projectId: number; taskId: number },
  label: { aggregate: StoredAggregate | null; confidence: number | null; updatedAt: number },
): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({
      aggregate: label.aggregate === null ? null : JSON.stringify(label.aggregate),
      confidence: label.confidence,
      updated_at: label.updatedAt,
    })
    .where("project_id", "=", task.projectId)
    .where("id", "=", task.taskId)
    .execute();
}
