import { compareQueueOrder, type Task } from "@quorum/core";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { lockForUpdate } from "../transaction.js";
import { toTask } from "./task-rows.js";

/**
 * How a queue read treats rows other transactions hold: `skip-locked` passes over them
 * (PostgreSQL's `FOR UPDATE SKIP LOCKED`, locking the row it returns), `none` reads without locking.
 */
export type QueueLock = "skip-locked" | "none";

export type QueuedTask = Pick<Task, "id" | "priority" | "deadlineKey" | "data">;

/** Tasks this annotator has never held a lease on (rule 1: never twice on one task). */
function neverHeldBy(annotatorId: number) {
  return ({ not, exists, selectFrom }: ExpressionBuilder<DB, "tasks">) =>
    not(
      exists(
        selectFrom("assignments")
          .select(sql.lit(1).as("one"))
          .whereRef("assignments.project_id", "=", "tasks.project_id")
          .whereRef("assignments.task_id", "=", "tasks.id")
          .where("assignments.annotator_id", "=", annotatorId),
      ),
    );
}

/**
 * The best open task in one language queue that this annotator has never held: the first row of
 * the partial index `tasks_queue` (priority, then deadline, then age) that has no assignment of
 * theirs.
 */
export function nextTaskQuery(
  db: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
  language: string,
  annotatorId: number,
  lock: QueueLock = "skip-locked",
) {
  const query = db
    .selectFrom("tasks")
    .select(["tasks.id", "tasks.priority", "tasks.deadline_key", "tasks.data"])
    .where("tasks.project_id", "=", projectId)
    .where("tasks.language", "=", language)
    .where("tasks.status", "=", "open")
    .where(neverHeldBy(annotatorId))
    .orderBy("tasks.priority", "desc")
    .orderBy("tasks.deadline_key")
    .orderBy("tasks.id")
    .limit(1);
  return lock === "none" ? query : lockForUpdate(query, dialect, { skipLocked: true, of: "tasks" });
}

/** The head of each language queue, and of those the first in queue order (`compareQueueOrder`). */
export async function bestQueuedTask(
  trx: Kysely<DB>,
  dialect: Dialect,
  options: { projectId: number; languages: readonly string[]; annotatorId: number; lock: QueueLock },
): Promise<QueuedTask | undefined> {
  let best: QueuedTask | undefined;
  for (const language of options.languages) {
    const row = await nextTaskQuery(
      trx,
      dialect,
      options.projectId,
      language,
      options.annotatorId,
      options.lock,
    ).executeTakeFirst();
    if (!row) continue;
    const candidate = toTask(row);
    if (!best || compareQueueOrder(candidate, best) < 0) best = candidate;
  }
  return best;
}

/**
 * Whether open tasks for this annotator exist that a locked read skipped: rows other transactions
 * hold right now. Only PostgreSQL skips locked rows; on SQLite nothing was skipped.
 */
export async function queueHasLockedTasks(
  trx: Kysely<DB>,
  dialect: Dialect,
  options: { projectId: number; languages: readonly string[]; annotatorId: number },
): Promise<boolean> {
  if (dialect !== "postgres") return false;
  return (await bestQueuedTask(trx, dialect, { ...options, lock: "none" })) !== undefined;
}

/**
 * Takes a slot of a queued task if it is still open: a slot free and not a control task. Said this
 * way rather than `status = 'open'` so PostgreSQL reaches the row by its primary key, not by
 * scanning the queue's partial index. Returns false when another transaction took the last slot.
 */
export async function takeSlot(trx: Kysely<DB>, projectId: number, taskId: number, now: number): Promise<boolean> {
  const claimed = await trx
    .updateTable("tasks")
    .set({ slots_taken: sql`slots_taken + 1`, status: taskStatusSql({ slotsDelta: 1 }), updated_at: now })
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .where(sql<boolean>`slots_taken < required`)
    .where("status", "<>", "gold")
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** A control task in one language that this annotator has not held yet (any number of annotators may answer one). */
export async function nextGoldTask(trx: Kysely<DB>, projectId: number, language: string, annotatorId: number) {
  const row = await trx
    .selectFrom("tasks")
    .select(["tasks.id", "tasks.data"])
    .where("tasks.project_id", "=", projectId)
    .where("tasks.language", "=", language)
    .where("tasks.status", "=", "gold")
    .where(neverHeldBy(annotatorId))
    .orderBy("tasks.id")
    .limit(1)
    .executeTakeFirst();
  return row && toTask(row);
}

/** Counts a lease of a control task (its status stays `gold`). */
export async function takeGoldSlot(trx: Kysely<DB>, projectId: number, taskId: number, now: number): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({ slots_taken: sql`slots_taken + 1`, updated_at: now })
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .execute();
}
