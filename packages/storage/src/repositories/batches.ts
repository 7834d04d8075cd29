import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export async function batchExists(db: Kysely<DB>, projectId: number, batchId: number): Promise<boolean> {
  const row = await db
    .selectFrom("batches")
    .select("id")
    .where("project_id", "=", projectId)
    .where("id", "=", batchId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertBatch(
  trx: Kysely<DB>,
  batch: {
    projectId: number;
    name: string;
    priority: number;
    deadline: number | null;
    createdBy: number;
    createdAt: number;
  },
): Promise<number> {
  const row = await trx
    .insertInto("batches")
    .values({
      project_id: batch.projectId,
      name: batch.name,
      priority: batch.priority,
      deadline: batch.deadline,
      task_count: 0,
      created_by: batch.createdBy,
      created_at: batch.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setBatchTaskCount(trx: Kysely<DB>, batchId: number, taskCount: number): Promise<void> {
  await trx.updateTable("batches").set({ task_count: taskCount }).where("id", "=", batchId).execute();
}

/** The id of the project's newest batch (0 when it has none): a new import since shows as a larger id. */
export async function latestBatchId(db: Kysely<DB>, projectId: number): Promise<number> {
  const row = await db
    .selectFrom("batches")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
