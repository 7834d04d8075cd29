import { deadlineKey, notFound, type Project } from "@quorum/core";
import type { Database } from "../database.js";
import {
  type BatchSummary,
  batchTaskIdRange,
  readBatchForUpdate,
  rekeyBatchTasks,
  updateBatchRow,
} from "../repositories/batches.js";
import { inTransaction, writeAudit } from "../transaction.js";

/** Tasks changed per statement: bounds one statement's work and memory on a batch of millions. */
export const BATCH_CHUNK = 20_000;

/**
 * Sets a batch's priority and/or deadline, and re-keys its tasks already imported so the queue
 * follows: each task's deadline key becomes the new deadline (the project's when the batch has
 * none) and its priority moves by the change of the batch's. One transaction, chunked by id range.
 */
export async function scheduleBatch(
  database: Database,
  options: {
    project: Pick<Project, "id" | "deadline">;
    batchId: number;
    change: { priority?: number; deadline?: number | null };
    actorId: number;
    now: number;
  },
): Promise<{ tasksRekeyed: number }> {
  const { project, batchId, change, now } = options;
  return inTransaction(database, async (trx) => {
    const batch = await readBatchForUpdate(trx, database.dialect, project.id, batchId);
    if (!batch) throw notFound("Batch");
    await updateBatchRow(trx, project.id, batchId, change);
    const deadline = change.deadline !== undefined ? change.deadline : batch.deadline;
    const priorityShift = change.priority !== undefined ? change.priority - batch.priority : 0;
    const tasksRekeyed = await inChunks(trx, project.id, batchId, (range) =>
      rekeyBatchTasks(trx, range, { deadlineKey: deadlineKey(deadline ?? project.deadline), priorityShift, now }),
    );
    await writeAudit(trx, {
      projectId: project.id,
      actorId: options.actorId,
      action: "batch.schedule",
      details: { batchId, before: scheduleOf(batch), after: { priority: batch.priority + priorityShift, deadline } },
      now,
    });
    return { tasksRekeyed };
  });
}

function scheduleOf(batch: BatchSummary) {
  return { priority: batch.priority, deadline: batch.deadline };
}

/** Runs `change` over a batch's tasks in id ranges of `BATCH_CHUNK`; the sum of what each returns. */
export async function inChunks(
  trx: Parameters<typeof batchTaskIdRange>[0],
  projectId: number,
  batchId: number,
  change: (range: { projectId: number; batchId: number; first: number; last: number }) => Promise<number>,
): Promise<number> {
  const span = await batchTaskIdRange(trx, projectId, batchId);
  if (!span) return 0;
  let total = 0;
  for (let first = span.first; first <= span.last; first += BATCH_CHUNK)
    total += await change({ projectId, batchId, first, last: Math.min(first + BATCH_CHUNK - 1, span.last) });
  return total;
}
