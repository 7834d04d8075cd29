import type { TaskStatus } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { lockForUpdate } from "../transaction.js";

/** A task's gold answer as stored (JSON text), its explanation, data and status; locked on PostgreSQL. */
export async function readTaskGoldForUpdate(trx: Kysely<DB>, dialect: Dialect, projectId: number, taskId: number) {
  const row = await lockForUpdate(
    trx
      .selectFrom("tasks")
      .select(["data", "gold", "gold_explanation", "status"])
      .where("project_id", "=", projectId)
      .where("id", "=", taskId),
    dialect,
  ).executeTakeFirst();
  return row && { ...row, status: row.status as TaskStatus };
}

/**
 * Writes a task's gold answer (JSON text, null to remove it) and explanation; `status` moves the
 * task into the control queue (`gold`) or back to the status its counters imply (`released`).
 */
export async function writeTaskGold(
  trx: Kysely<DB>,
  task: { projectId: number; taskId: number },
  change: { gold: string | null; explanation: string | null; status: "gold" | "released" | "kept"; now: number },
): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({
      gold: change.gold,
      gold_explanation: change.explanation,
      updated_at: change.now,
      ...(change.status === "gold" ? { status: "gold" } : {}),
      ...(change.status === "released" ? { status: taskStatusSql({ releaseGold: true }) } : {}),
    })
    .where("project_id", "=", task.projectId)
    .where("id", "=", task.taskId)
    .execute();
}

/**
 * Why a task's gold answer cannot be removed, or null: a training module practises on it, or an
 * exam attempt still running asks it (answers are scored against it). Attempts running in a
 * project are few; their item lists are read through the `exam_attempts_running` index.
 */
export async function goldAnswerInUse(
  trx: Kysely<DB>,
  projectId: number,
  taskId: number,
): Promise<"training" | "exam" | null> {
  const practised = await trx
    .selectFrom("training_items")
    .select("module_id")
    .where("project_id", "=", projectId)
    .where("task_id", "=", taskId)
    .executeTakeFirst();
  if (practised) return "training";
  const running = await trx
    .selectFrom("exam_attempts")
    .select("items")
    .where("project_id", "=", projectId)
    .where("status", "=", "in_progress")
    .execute();
  const asked = running.some((attempt) => (JSON.parse(attempt.items) as number[]).includes(taskId));
  return asked ? "exam" : null;
}
