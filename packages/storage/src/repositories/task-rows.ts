import { isLabelValue, type NewTask, TASK_STATUSES, type Task } from "@quorum/core";
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
import { asStored, rowMapper } from "./row-mapper.js";

export type TaskRow = Selectable<TasksTable>;

/** The one mapper of `tasks` rows, for any selection of its columns. */
export const toTask = rowMapper<TaskRow, Task>()({
  project_id: ["projectId", asStored],
  id: ["id", asStored],
  batch_id: ["batchId", asStored],
  external_id: ["externalId", asStored],
  language: ["language", asStored],
  data: ["data", (text) => parseJsonColumn(text, "tasks.data", isObject)],
  gold: ["gold", (text) => parseNullableJsonColumn(text, "tasks.gold", isLabelValue)],
  gold_explanation: ["goldExplanation", asStored],
  priority: ["priority", asStored],
  deadline_key: ["deadlineKey", asStored],
  required: ["required", asStored],
  slots_taken: ["slotsTaken", asStored],
  judgment_count: ["judgmentCount", asStored],
  status: ["status", oneOf(TASK_STATUSES, "tasks.status")],
  aggregate: ["aggregate", (text) => parseNullableJsonColumn(text, "tasks.aggregate", isTaskAggregate)],
  confidence: ["confidence", asStored],
  posterior: ["posterior", (text) => parseNullableJsonColumn(text, "tasks.posterior", isNumberList)],
  created_at: ["createdAt", asStored],
  updated_at: ["updatedAt", asStored],
});

/** The row of a new task in a batch, its counters at zero. */
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
    created_at: now,
    updated_at: now,
  };
}
