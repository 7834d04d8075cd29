import { minJudgmentsToQueue } from "@quorum/core";
import type { Kysely } from "kysely";
import { insertPendingItems } from "../repositories/review-items.js";
import { uncertainDoneTaskIds } from "../repositories/task-labels.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * Queues done tasks whose confidence (agreement share or posterior of the aggregate) is below
 * `threshold`, lowest first, up to `limit`. `disagreement` only considers tasks with at least two
 * judgments. Skips tasks pending review and tasks reviewed since they last changed.
 */
export async function enqueueForReview(
  db: Kysely<DB>,
  options: {
    projectId: number;
    source: "disagreement" | "low_confidence";
    threshold: number;
    limit: number;
    actorId: number;
    now: number;
  },
): Promise<{ enqueued: number; taskIds: number[] }> {
  const { projectId, source, now } = options;
  return db.transaction().execute(async (trx) => {
    const candidates = await uncertainDoneTaskIds(trx, {
      projectId,
      threshold: options.threshold,
      minJudgments: minJudgmentsToQueue(source),
      limit: options.limit,
    });
    if (candidates.length === 0) return { enqueued: 0, taskIds: candidates };
    const taskIds = await insertPendingItems(trx, { projectId, taskIds: candidates, source, planId: null, now });
    await writeAudit(trx, {
      projectId,
      actorId: options.actorId,
      action: "review.enqueue",
      details: { source, threshold: options.threshold, enqueued: taskIds.length },
      now,
    });
    return { enqueued: taskIds.length, taskIds };
  });
}
