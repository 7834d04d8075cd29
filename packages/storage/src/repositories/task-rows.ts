import { isHarmCategory, isLabelValue, type NewTask, TASK_STATUSES, type Task } from "@quorum/core";
import type { Insertable, Selectable } from "kysely";
import type { TasksTable } from "../schema.js";
import {
  isNumberList,
  isObject,
  isTaskAggregate,
  oneOf,
  parseJsonColumn,
  parseNullableJsonColumn,
} from "./json-column.js";

/** A task row; `queue_arm` belongs to experiments (`use-cases/experiment-placement.ts`), not to `Task`. */
export type TaskRow = Omit<Selectable<TasksTable>, "queue_arm">;

/** The field of `Task` that each column of `tasks` fills. */
interface TaskFieldOf {
  project_id: "projectId";
  id: "id";
  batch_id: "batchId";
  external_id: "externalId";
  language: "language";
  data: "data";
  gold: "gold";
  gold_explanation: "goldExplanation";
  priority: "priority";
  deadline_key: "deadlineKey";
  required: "required";
  slots_taken: "slotsTaken";
  judgment_count: "judgmentCount";
  status: "status";
  harm: "harm";
  aggregate: "aggregate";
  confidence: "confidence";
  posterior: "posterior";
  created_at: "createdAt";
  updated_at: "updatedAt";
}

/** The fields of a task that a selection of columns fills. */
export type TaskOf<C extends keyof TaskRow> = Pick<Task, TaskFieldOf[C]>;

const readStatus = oneOf(TASK_STATUSES, "tasks.status");

/**
 * The one mapper of `tasks` rows, for any selection of its columns: each column present fills its
 * field. Written out column by column (not a loop over a table of columns) because this runs
 * several times per lease and per judgment, and named property writes are several times faster.
 */
export function toTask<C extends keyof TaskRow>(row: Pick<TaskRow, C>): TaskOf<C> {
  const r: Partial<TaskRow> = row;
  const t: Partial<Task> = {};
  if (r.project_id !== undefined) t.projectId = r.project_id;
  if (r.id !== undefined) t.id = r.id;
  if (r.batch_id !== undefined) t.batchId = r.batch_id;
  if (r.external_id !== undefined) t.externalId = r.external_id;
  if (r.language !== undefined) t.language = r.language;
  if (r.data !== undefined) t.data = parseJsonColumn(r.data, "tasks.data", isObject);
  if (r.gold !== undefined) t.gold = parseNullableJsonColumn(r.gold, "tasks.gold", isLabelValue);
  if (r.gold_explanation !== undefined) t.goldExplanation = r.gold_explanation;
  if (r.priority !== undefined) t.priority = r.priority;
  if (r.deadline_key !== undefined) t.deadlineKey = r.deadline_key;
  if (r.required !== undefined) t.required = r.required;
  if (r.slots_taken !== undefined) t.slotsTaken = r.slots_taken;
  if (r.judgment_count !== undefined) t.judgmentCount = r.judgment_count;
  if (r.status !== undefined) t.status = readStatus(r.status);
  if (r.harm !== undefined) t.harm = isHarmCategory(r.harm) ? r.harm : null;
  if (r.aggregate !== undefined) t.aggregate = parseNullableJsonColumn(r.aggregate, "tasks.aggregate", isTaskAggregate);
  if (r.confidence !== undefined) t.confidence = r.confidence;
  if (r.posterior !== undefined) t.posterior = parseNullableJsonColumn(r.posterior, "tasks.posterior", isNumberList);
  if (r.created_at !== undefined) t.createdAt = r.created_at;
  if (r.updated_at !== undefined) t.updatedAt = r.updated_at;
  return t as TaskOf<C>;
}

/** The columns `newTaskRow` fills, in one fixed order (for COPY). */
export const NEW_TASK_COLUMNS = [
  "project_id",
  "batch_id",
  "external_id",
  "language",
  "data",
  "gold",
  "gold_explanation",
  "priority",
  "deadline_key",
  "required",
  "slots_taken",
  "judgment_count",
  "status",
  "harm",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof Insertable<TasksTable>)[];

/** The columns of `NEW_TASK_COLUMNS` whose value every task of one import shares (all integers). */
export const NEW_TASK_SHARED_COLUMNS = [
  "project_id",
  "batch_id",
  "slots_taken",
  "judgment_count",
  "created_at",
  "updated_at",
] as const satisfies readonly (typeof NEW_TASK_COLUMNS)[number][];

export type NewTaskShared = Record<(typeof NEW_TASK_SHARED_COLUMNS)[number], number>;

/** The rest of `NEW_TASK_COLUMNS`, each task's own, in that order. */
export const NEW_TASK_OWN_COLUMNS: readonly (typeof NEW_TASK_COLUMNS)[number][] = NEW_TASK_COLUMNS.filter(
  (column) => !(NEW_TASK_SHARED_COLUMNS as readonly string[]).includes(column),
);

/** The values of `NEW_TASK_SHARED_COLUMNS` for the tasks of one import. */
export function newTaskShared(projectId: number, batchId: number, now: number): NewTaskShared {
  return {
    project_id: projectId,
    batch_id: batchId,
    slots_taken: 0,
    judgment_count: 0,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The row of a new task in a batch, its counters at zero; its shared columns as `newTaskShared`
 * gives them (written out: this runs per task of an import, and a spread costs more).
 */
export function newTaskRow(projectId: number, batchId: number, task: NewTask, now: number): Insertable<TasksTable> {
  return {
    project_id: projectId,
    batch_id: batchId,
    external_id: task.externalId,
    language: task.language,
    data: JSON.stringify(task.data),
    gold: task.gold === null ? null : JSON.stringify(task.gold),
    gold_explanation: task.goldExplanation,
    priority: task.priority,
    deadline_key: task.deadlineKey,
    required: task.required,
    slots_taken: 0,
    judgment_count: 0,
    status: task.status,
    harm: task.harm ?? null,
    created_at: now,
    updated_at: now,
  };
}
