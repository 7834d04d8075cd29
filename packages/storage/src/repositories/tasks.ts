import type { Task, TaskAggregate, TaskStatus } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { dialectOf, PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { toJudgment } from "./judgments.js";
import { toTask } from "./task-rows.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** A page of a project's tasks for the console, keyset-paged on id. */
export async function listTasks(
  db: Kysely<DB>,
  projectId: number,
  options: { status?: "open" | "full" | "done" | undefined; after: number; limit: number },
) {
  let query = db
    .selectFrom("tasks")
    .select([
      "id",
      "batch_id",
      "external_id",
      "language",
      "data",
      "gold",
      "gold_explanation",
      "priority",
      "required",
      "judgment_count",
      "status",
      "aggregate",
      "confidence",
      "created_at",
    ])
    .where("project_id", "=", projectId)
    .where("id", ">", options.after)
    .orderBy("id")
    .limit(options.limit);
  if (options.status) query = query.where("status", "=", options.status);
  const rows = await query.execute();
  return rows.map((row) => {
    const task = toTask(row);
    return {
      id: task.id,
      batchId: task.batchId,
      externalId: task.externalId,
      language: task.language,
      data: task.data,
      gold: task.gold,
      goldExplanation: task.goldExplanation,
      priority: task.priority,
      required: task.required,
      judgments: task.judgmentCount,
      status: task.status,
      aggregate: task.aggregate?.value ?? null,
      confidence: task.confidence,
      createdAt: iso(task.createdAt),
    };
  });
}

/** One task with all its judgments and who gave them. */
export async function getTaskDetail(db: Kysely<DB>, projectId: number, taskId: number) {
  const [task] = await listTasks(db, projectId, { after: taskId - 1, limit: 1 });
  if (!task || task.id !== taskId) return undefined;
  const judgments = await judgmentsOfTask(db, projectId, taskId);
  return {
    ...task,
    judgmentList: judgments.map((j) => ({ ...j, createdAt: iso(j.createdAt) })),
  };
}

/** Every judgment of one task, oldest first, with the name of who gave it (for staff views). */
export async function judgmentsOfTask(db: Kysely<DB>, projectId: number, taskId: number) {
  const rows = await db
    .selectFrom("judgments")
    .innerJoin("users", "users.id", "judgments.annotator_id")
    .select([
      "judgments.id",
      "judgments.annotator_id",
      "users.name",
      "judgments.value",
      "judgments.guideline_version",
      "judgments.active_ms",
      "judgments.gold_correct",
      "judgments.created_at",
    ])
    .where("judgments.project_id", "=", projectId)
    .where("judgments.task_id", "=", taskId)
    .orderBy("judgments.id")
    .execute();
  return rows.map(({ name, ...row }) => {
    const j = toJudgment(row);
    return {
      id: j.id,
      annotatorId: j.annotatorId,
      annotatorName: name,
      value: j.value,
      guidelineVersion: j.guidelineVersion,
      activeMs: j.activeMs,
      goldCorrect: j.goldCorrect,
      createdAt: j.createdAt,
    };
  });
}

// Built once: the same in every lease given back.
const ONE_LESS_SLOT = sql<number>`slots_taken - 1`;
const STATUS_WITH_ONE_LESS = taskStatusSql({ slotsDelta: -1 });

/** Gives a slot back to a task (a lease ended without a judgment); its status follows (`taskStatusSql`). */
export async function freeSlot(trx: Kysely<DB>, projectId: number, taskId: number, now: number): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({ slots_taken: ONE_LESS_SLOT, status: STATUS_WITH_ONE_LESS, updated_at: now })
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .execute();
}

/** What a task asks and knows: its data and, for gold tasks, the answer. Immutable, so read without a lock. */
export async function readTaskContent(trx: Kysely<DB>, projectId: number, taskId: number) {
  const row = await trx
    .selectFrom("tasks")
    .select(["data", "gold", "gold_explanation"])
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .executeTakeFirstOrThrow();
  return toTask(row);
}

/**
 * Writes a task's counters and belief after a judgment. `statusBefore` is the status the judgment
 * read: when the status stays, the statement leaves the column out of its SET list, because
 * SQLite rewrites the entries of every index that names a column being set (`tasks_status`,
 * `tasks_queue`, `tasks_unfinished`), changed or not: over half the update's cost. It is guarded
 * by the status it keeps, and when that guard misses (the row changed since) the full update runs.
 */
export async function saveTaskCounters(
  trx: Kysely<DB>,
  projectId: number,
  taskId: number,
  task: Pick<Task, "status" | "required" | "judgmentCount"> & {
    aggregate: TaskAggregate;
    confidence: number;
    /** JSON text, as the quality records compute it. */
    posterior: string | null;
  },
  now: number,
  statusBefore?: TaskStatus,
): Promise<void> {
  const dialect = dialectOf(trx);
  const values = {
    judgmentCount: task.judgmentCount,
    required: task.required,
    status: task.status,
    aggregate: JSON.stringify(task.aggregate),
    confidence: task.confidence,
    posterior: task.posterior,
    now,
    projectId,
    taskId,
  };
  if (statusBefore === task.status) {
    const { numAffectedRows } = await saveTaskCountersKeepingStatusStatement.run(trx, dialect, values);
    if (numAffectedRows !== undefined && numAffectedRows > 0n) return;
  }
  await saveTaskCountersStatement.run(trx, dialect, values);
}

type TaskCountersSlot =
  | "judgmentCount"
  | "required"
  | "status"
  | "aggregate"
  | "confidence"
  | "posterior"
  | "now"
  | "projectId"
  | "taskId";

const saveTaskCountersStatement = new PreparedStatement<never, TaskCountersSlot>((db, slot) =>
  db
    .updateTable("tasks")
    .set({
      judgment_count: slot("judgmentCount"),
      required: slot("required"),
      status: slot("status"),
      aggregate: slot("aggregate"),
      confidence: slot("confidence"),
      posterior: slot("posterior"),
      updated_at: slot("now"),
    })
    .where("project_id", "=", slot("projectId"))
    .where("id", "=", slot("taskId")),
);

const saveTaskCountersKeepingStatusStatement = new PreparedStatement<never, TaskCountersSlot>((db, slot) =>
  db
    .updateTable("tasks")
    .set({
      judgment_count: slot("judgmentCount"),
      required: slot("required"),
      aggregate: slot("aggregate"),
      confidence: slot("confidence"),
      posterior: slot("posterior"),
      updated_at: slot("now"),
    })
    .where("project_id", "=", slot("projectId"))
    .where("id", "=", slot("taskId"))
    .where("status", "=", slot("status")),
);
