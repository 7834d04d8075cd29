import type { EventType } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../schema.js";
import { recordEvent } from "./record-event.js";

/**
 * After a judgment: when its task is now done, records `task.completed`, and `batch.completed` /
 * `project.completed` when nothing of the batch / project is left open (the partial index
 * `tasks_unfinished` and the status index answer in O(log n)). Each is told once (dedup keys),
 * even when two processes finish the last tasks together. `wanted`: the types anyone subscribes to.
 */
export async function recordCompletionEvents(
  database: Database,
  options: { projectId: number; taskId: number; wanted: ReadonlySet<EventType>; now: number },
): Promise<EventType[]> {
  const { db } = database;
  const { projectId, wanted, now } = options;
  const task = await db
    .selectFrom("tasks")
    .select(["status", "batch_id", "external_id"])
    .where("project_id", "=", projectId)
    .where("id", "=", options.taskId)
    .executeTakeFirst();
  if (task?.status !== "done") return [];
  const recorded: EventType[] = [];
  const unfinished = (trx: Kysely<DB>, batchId?: number) => {
    let query = trx
      .selectFrom("tasks")
      .select("id")
      .where("project_id", "=", projectId)
      .where("status", "in", ["open", "full"]);
    if (batchId !== undefined) query = query.where("batch_id", "=", batchId);
    return query.limit(1).executeTakeFirst();
  };
  await db.transaction().execute(async (trx) => {
    if (wanted.has("task.completed")) {
      const id = await recordEvent(trx, {
        type: "task.completed",
        projectId,
        data: { taskId: options.taskId, batchId: task.batch_id, externalId: task.external_id },
        dedupKey: `task.completed:${projectId}:${options.taskId}`,
        now,
      });
      if (id !== undefined) recorded.push("task.completed");
    }
    if (wanted.has("batch.completed") && !(await unfinished(trx, task.batch_id))) {
      const batch = await trx
        .selectFrom("batches")
        .select(["name", "task_count"])
        .where("project_id", "=", projectId)
        .where("id", "=", task.batch_id)
        .executeTakeFirst();
      const id = await recordEvent(trx, {
        type: "batch.completed",
        projectId,
        data: { batchId: task.batch_id, name: batch?.name ?? "", taskCount: batch?.task_count ?? 0 },
        dedupKey: `batch.completed:${projectId}:${task.batch_id}`,
        now,
      });
      if (id !== undefined) recorded.push("batch.completed");
    }
    if (wanted.has("project.completed") && !(await unfinished(trx))) {
      const project = await trx.selectFrom("projects").select("name").where("id", "=", projectId).executeTakeFirst();
      const done = await trx
        .selectFrom("tasks")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("project_id", "=", projectId)
        .where("status", "=", "done")
        .executeTakeFirstOrThrow();
      const id = await recordEvent(trx, {
        type: "project.completed",
        projectId,
        data: { name: project?.name ?? "", tasksDone: Number(done.n) },
        dedupKey: `project.completed:${projectId}`,
        now,
      });
      if (id !== undefined) recorded.push("project.completed");
    }
  });
  return recorded;
}
