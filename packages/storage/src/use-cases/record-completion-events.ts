import type { EventType } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../schema.js";
import { type NewEvent, recordEvents, subscribedEventTypes } from "./record-event.js";

/** A task that has just become done, as its `task.completed` event names it. */
export interface CompletedTask {
  id: number;
  batchId: number;
  externalId: string | null;
}

/**
 * After a judgment: when its task is now done, records `task.completed`, and `batch.completed` /
 * `project.completed` when nothing of the batch / project is left open (`recordTasksCompletionEvents`).
 * `wanted`: the types anyone subscribes to.
 */
export async function recordCompletionEvents(
  database: Database,
  options: { projectId: number; taskId: number; wanted: ReadonlySet<EventType>; now: number },
): Promise<EventType[]> {
  const { db } = database;
  const { projectId } = options;
  const task = await db
    .selectFrom("tasks")
    .select(["status", "batch_id", "external_id"])
    .where("project_id", "=", projectId)
    .where("id", "=", options.taskId)
    .executeTakeFirst();
  if (task?.status !== "done") return [];
  const tasks = [{ id: options.taskId, batchId: task.batch_id, externalId: task.external_id }];
  return db
    .transaction()
    .execute((trx) => recordTasksCompletionEvents(trx, { projectId, tasks, wanted: options.wanted, now: options.now }));
}

/**
 * The completion events of tasks that have just become done together (a judgment's task, or a batch
 * of tasks an overlap-policy change settled): `task.completed` for each, `batch.completed` for each
 * of their batches with nothing left open, `project.completed` when nothing of the project is
 * (the partial index `tasks_unfinished` answers both in O(log n)). A few statements for any number
 * of tasks. Each event is told once (dedup keys), even when two processes finish the last tasks
 * together. Only the types in `wanted` (those anyone subscribes to). Call it in the transaction
 * that finished the tasks. Returns the types recorded, in that order.
 */
export async function recordTasksCompletionEvents(
  trx: Kysely<DB>,
  options: { projectId: number; tasks: readonly CompletedTask[]; wanted: ReadonlySet<EventType>; now: number },
): Promise<EventType[]> {
  const { projectId, tasks, wanted, now } = options;
  if (tasks.length === 0 || wanted.size === 0) return [];
  const events: (NewEvent & { dedupKey: string })[] = [];
  if (wanted.has("task.completed"))
    for (const task of tasks)
      events.push({
        type: "task.completed",
        projectId,
        data: { taskId: task.id, batchId: task.batchId, externalId: task.externalId },
        dedupKey: `task.completed:${projectId}:${task.id}`,
        now,
      });
  if (wanted.has("batch.completed")) {
    const batchIds = [...new Set(tasks.map((task) => task.batchId))];
    const unfinished = new Set(
      (
        await trx
          .selectFrom("tasks")
          .select("batch_id")
          .where("project_id", "=", projectId)
          .where("batch_id", "in", batchIds)
          .where("status", "in", ["open", "full"])
          .groupBy("batch_id")
          .execute()
      ).map((row) => Number(row.batch_id)),
    );
    const finished = batchIds.filter((id) => !unfinished.has(id));
    const batches =
      finished.length === 0
        ? []
        : await trx
            .selectFrom("batches")
            .select(["id", "name", "task_count"])
            .where("project_id", "=", projectId)
            .where("id", "in", finished)
            .execute();
    const byId = new Map(batches.map((batch) => [Number(batch.id), batch]));
    for (const batchId of finished)
      events.push({
        type: "batch.completed",
        projectId,
        data: { batchId, name: byId.get(batchId)?.name ?? "", taskCount: byId.get(batchId)?.task_count ?? 0 },
        dedupKey: `batch.completed:${projectId}:${batchId}`,
        now,
      });
  }
  if (wanted.has("project.completed")) {
    const completed = await projectCompletedEvent(trx, projectId, now);
    if (completed) events.push(completed);
  }
  return (await recordEvents(trx, events)).map((event) => event.type);
}

/**
 * `project.completed` when nothing of the project is left open or full (the partial index
 * `tasks_unfinished` answers it), with its dedup key; undefined while something is.
 */
async function projectCompletedEvent(
  trx: Kysely<DB>,
  projectId: number,
  now: number,
): Promise<(NewEvent & { dedupKey: string }) | undefined> {
  const open = await trx
    .selectFrom("tasks")
    .select("id")
    .where("project_id", "=", projectId)
    .where("status", "in", ["open", "full"])
    .limit(1)
    .executeTakeFirst();
  if (open) return undefined;
  const project = await trx.selectFrom("projects").select("name").where("id", "=", projectId).executeTakeFirst();
  const done = await trx
    .selectFrom("tasks")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", projectId)
    .where("status", "=", "done")
    .executeTakeFirstOrThrow();
  return {
    type: "project.completed",
    projectId,
    data: { name: project?.name ?? "", tasksDone: Number(done.n) },
    dedupKey: `project.completed:${projectId}`,
    now,
  };
}

/**
 * Records `project.completed` (once: its dedup key) when work ended without a judgment finishing
 * the last task (a cancelled batch) and nothing of the project is left open: the project is
 * finished. Only when someone subscribes to it. Call it in the transaction that ended the work.
 */
export async function recordProjectCompletion(
  trx: Kysely<DB>,
  options: { projectId: number; now: number },
): Promise<boolean> {
  if (!(await subscribedEventTypes(trx)).has("project.completed")) return false;
  const completed = await projectCompletedEvent(trx, options.projectId, options.now);
  if (!completed) return false;
  return (await recordEvents(trx, [completed])).length > 0;
}
