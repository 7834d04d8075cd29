import { type DoneTask, type ReviewPolicy, type ReviewSource, reviewForDoneTask } from "@quorum/core";
import type { Kysely } from "kysely";
import { insertPendingItems } from "../repositories/review-items.js";
import type { DB } from "../schema.js";

/**
 * Asks the project's review policy (core's `reviewForDoneTask`) about a task that has just
 * become done and, when it says so, queues the task for review inside the caller's transaction:
 * one insert, skipped by the unique pending index when the task is already pending review.
 * Returns the source it was queued with, or null. Callers skip the call when the policy is off.
 */
export async function queueDoneTaskForReview(
  trx: Kysely<DB>,
  policy: ReviewPolicy,
  task: DoneTask & { now: number },
): Promise<ReviewSource | null> {
  const review = reviewForDoneTask(policy, task);
  if (review === null) return null;
  const queued = await insertPendingItems(trx, {
    projectId: task.projectId,
    taskIds: [task.taskId],
    source: review.source,
    planId: null,
    now: task.now,
    byPolicy: review.inSample ? "sampled" : "queued",
  });
  return queued.length > 0 ? review.source : null;
}
