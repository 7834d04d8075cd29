import { confidenceTarget, DomainError, notFound, type Project } from "@quorum/core";
import type { Database } from "../database.js";
import { cancelBatchTasks, readBatchForUpdate, updateBatchRow } from "../repositories/batches.js";
import { changeTasksInBulk } from "../repositories/task-counters.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { recordProjectCompletion } from "./record-completion-events.js";
import { inChunks } from "./schedule-batch.js";

/**
 * Cancels a batch: its open and fully leased tasks take the status `cancelled` and leave the queue
 * for good. A lease held on one stays valid until it ends: an answer submitted is stored and paid
 * like any other, a release or expiry gives the slot back without reopening the task. Judgments
 * already given are kept; done and gold tasks are untouched. One transaction, chunked by id range.
 * When nothing of the project is left open afterwards, the project is finished: `project.completed`
 * is told (once, as when a judgment finishes the last task).
 */
export async function cancelBatch(
  database: Database,
  options: { project: Pick<Project, "id" | "overlapPolicy">; batchId: number; actorId: number; now: number },
): Promise<{ tasksCancelled: number }> {
  const { project, batchId, now } = options;
  return inTransaction(database, async (trx) => {
    const batch = await readBatchForUpdate(trx, database.dialect, project.id, batchId);
    if (!batch) throw notFound("Batch");
    if (batch.cancelledAt !== null) throw new DomainError("conflict", "This batch is already cancelled");
    await updateBatchRow(trx, project.id, batchId, { cancelledAt: now, cancelledBy: options.actorId });
    const tasksCancelled = await changeTasksInBulk(trx, project.id, confidenceTarget(project.overlapPolicy), () =>
      inChunks(trx, project.id, batchId, (range) => cancelBatchTasks(trx, range, now)),
    );
    // The batch's tasks may have been the project's last unfinished ones: it is finished now.
    if (tasksCancelled > 0) await recordProjectCompletion(trx, { projectId: project.id, now });
    await writeAudit(trx, {
      projectId: project.id,
      actorId: options.actorId,
      action: "batch.cancel",
      details: { batchId, tasksCancelled },
      now,
    });
    return { tasksCancelled };
  });
}
